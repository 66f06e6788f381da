"""Find resources by name: what the 404 page offers when an IRI is unknown.

Matching ignores case and diacritics, so "luong cuong" finds "Lương Cường"
(Vietnamese names are often typed without their marks, as the articles do).
"""

from __future__ import annotations

import unicodedata

import pyoxigraph as ox

from treaty_kg.rdf.labels import NAME_PROPERTIES
from treaty_kg.rdf.reader import GraphReader
from treaty_kg.web.linked_data import path_for_iri


def fold(text: str) -> str:
    """Lower case without diacritics (đ → d as well, which Unicode does not decompose)."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search(store: GraphReader, text: str, limit: int = 50) -> list[tuple[str, str, str]]:
    """(local path, matching name, IRI) of our resources whose name contains the text."""
    needle = fold(text.strip())
    if not needle:
        return []
    hits: dict[str, tuple[str, str, str]] = {}
    for prop in NAME_PROPERTIES:
        for q in store.quads(None, prop, None, None):
            if not isinstance(q.subject, ox.NamedNode) or q.subject.value in hits:
                continue
            path = path_for_iri(q.subject.value)
            if path and isinstance(q.object, ox.Literal) and needle in fold(q.object.value):
                hits[q.subject.value] = (path, q.object.value, q.subject.value)
    found = sorted(hits.values(), key=lambda h: (len(h[1]), h[1]))
    return found[:limit]
