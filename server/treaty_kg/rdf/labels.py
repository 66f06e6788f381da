"""Names of resources in the reader's language, with fallbacks.

Entities carry `skos:prefLabel` in vi/en/fr and the article's spelling as
`skos:altLabel`; ontology terms carry `rdfs:label`; sources a `schema:headline`.
A reader picks fr, en or vi; a name in another language is the fallback, then
an untagged one, then the IRI's last segment, so every link has readable text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from treaty_kg.rdf.namespaces import PREFIXES
from treaty_kg.rdf.reader import GraphReader

LANGUAGES = ("en", "fr", "vi")
DEFAULT_LANGUAGE = "en"

SKOS = PREFIXES["skos"]
RDFS = PREFIXES["rdfs"]
SCHEMA = PREFIXES["schema"]
SHORT_NAME = ox.NamedNode(PREFIXES["tkg"] + "shortName")

# In order of preference: the first property holding any name gives the label.
LABEL_PROPERTIES = tuple(
    ox.NamedNode(i) for i in (SKOS + "prefLabel", RDFS + "label", SCHEMA + "name", SCHEMA + "headline", SKOS + "altLabel")
)
NAME_PROPERTIES = frozenset(LABEL_PROPERTIES) | {
    SHORT_NAME,
    ox.NamedNode(SKOS + "hiddenLabel"),
    ox.NamedNode(SCHEMA + "alternateName"),
}


def language_order(chosen: str | None) -> tuple[str, ...]:
    """The chosen language first, then the others in the project's default order."""
    first = chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE
    return (first, *(lang for lang in LANGUAGES if lang != first))


def local_name(iri: str) -> str:
    """The last segment of an IRI after `#` or `/`, the fallback name of an unlabelled resource."""
    tail = iri.rstrip("/#")
    cut = max(tail.rfind("#"), tail.rfind("/"))
    return tail[cut + 1 :] or iri


@dataclass
class Labeller:
    """Labels nodes of one store in one language order; caches per request (one per page)."""

    store: GraphReader
    languages: tuple[str, ...]
    _cache: dict = field(default_factory=dict)

    def label(self, node) -> str:
        if isinstance(node, ox.Literal):
            return node.value
        if node not in self._cache:
            self._cache[node] = self._find(node)
        return self._cache[node]

    def _find(self, node) -> str:
        if isinstance(node, ox.NamedNode):
            for prop in LABEL_PROPERTIES:
                literals = [q.object for q in self.store.quads(node, prop, None, None)]
                best = self.pick(literals)
                if best is not None:
                    return best.value
            return local_name(node.value)
        return "(blank node)"

    def pick(self, literals: list) -> ox.Literal | None:
        """The literal in the first language of the order, else untagged, else any (stable order)."""
        literals = sorted((lit for lit in literals if isinstance(lit, ox.Literal)), key=lambda lit: lit.value)
        by_lang: dict[str, ox.Literal] = {}
        for lit in literals:
            by_lang.setdefault((lit.language or "").split("-")[0].lower(), lit)
        for lang in (*self.languages, ""):
            if lang in by_lang:
                return by_lang[lang]
        return literals[0] if literals else None

    def names(self, node) -> list[tuple[str, str, str]]:
        """All names of a node: (text, language, property local name), without repeats.

        A name stated by several properties is listed under the most specific one (skos:prefLabel
        rather than the rdfs:label the reasoner derives from it).
        """
        found: dict[tuple[str, str], ox.NamedNode] = {}
        for q in self.store.quads(node, None, None, None):
            if q.predicate in NAME_PROPERTIES and isinstance(q.object, ox.Literal):
                key = (q.object.value, q.object.language or "")
                if key not in found or _RANK.get(q.predicate, 9) < _RANK.get(found[key], 9):
                    found[key] = q.predicate
        named = ((t, lang, local_name(p.value)) for (t, lang), p in found.items())
        return sorted(named, key=lambda n: (n[2], n[1], n[0]))


# The order in which a name's property is preferred when several state it.
_RANK = {ox.NamedNode(SKOS + "prefLabel"): 0, ox.NamedNode(SKOS + "altLabel"): 1, SHORT_NAME: 2, ox.NamedNode(SCHEMA + "name"): 3}
