"""Compact JSON-LD: keys and IRIs written with the project's prefixes instead of full IRIs.

pyoxigraph writes expanded JSON-LD only (every key a full IRI), which people cannot read; rdflib's
JSON-LD serializer compacts with a given context, so the triples go through it. The context is
the project's prefixes (`namespaces.PREFIXES`), nothing more: every key is then `prefix:local` or a
full IRI, and no term can silently change what a key means. It is inlined in each document, so a
client needs no second request (or network) to read one, and published at `/context.jsonld` (linked
from the VoID) for anyone who wants to compact their own data the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Graph

from treaty_kg.rdf.namespaces import PREFIXES

CONTEXT: dict[str, str] = dict(PREFIXES)
CONTEXT_PATH = "/context.jsonld"


def context_document() -> dict[str, dict[str, str]]:
    """The document served at `/context.jsonld`."""
    return {"@context": CONTEXT}


def compact(triples: Iterable[ox.Triple]) -> bytes:
    """The triples as compact JSON-LD (UTF-8), with the project's context inlined.

    Handed over as N-Triples, the one format both libraries read and write exactly alike.
    """
    graph = Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph.serialize(format="json-ld", context=CONTEXT, auto_compact=True, encoding="utf-8")
