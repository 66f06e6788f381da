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
PLURAL_LABEL = ox.NamedNode(PREFIXES["tkg"] + "pluralLabel")
HAS_SOURCE, HAS_SELECTOR, EXACT = (ox.NamedNode(PREFIXES["oa"] + n) for n in ("hasSource", "hasSelector", "exact"))
QUOTE_WORDS = 7  # of a mention's quote, in its name
SOURCE_CHARACTERS = 45  # of its source's name

# In order of preference: the first property holding any name gives the label.
LABEL_PROPERTIES = tuple(
    ox.NamedNode(i) for i in (SKOS + "prefLabel", RDFS + "label", SCHEMA + "name", SCHEMA + "headline", SKOS + "altLabel")
)
NAME_PROPERTIES = frozenset(LABEL_PROPERTIES) | {
    SHORT_NAME,
    PLURAL_LABEL,
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
            return self._quoted(node) or local_name(node.value)
        return "(blank node)"

    def _quoted(self, node: ox.NamedNode) -> str | None:
        """A mention's name: the first words of its quote and its source, which say what a link to it
        is ("“Le président Luong Cuong a présidé…” — Article on the signing…"), not its offsets."""
        source = next((q.object for q in self.store.quads(node, HAS_SOURCE, None, None)), None)
        selectors = [q.object for q in self.store.quads(node, HAS_SELECTOR, None, None)]
        quotes = (
            q.object
            for s in selectors
            if isinstance(s, (ox.NamedNode, ox.BlankNode))
            for q in self.store.quads(s, EXACT, None, None)
        )
        exact = next((q.value for q in quotes if isinstance(q, ox.Literal)), None)
        if source is None or exact is None:
            return None
        words = exact.split()
        quote = " ".join(words[:QUOTE_WORDS]) + ("…" if len(words) > QUOTE_WORDS else "")
        article = self.label(source)
        if len(article) > SOURCE_CHARACTERS:
            article = article[:SOURCE_CHARACTERS].rsplit(" ", 1)[0] + "…"
        return f"“{quote}” — {article}"

    def plural(self, node) -> str:
        """The plural of a counted kind ("countries"), in the language its label is in; else its label."""
        label = self.label(node)
        if isinstance(node, ox.NamedNode):
            names = [q.object for q in self.store.quads(node, LABEL_PROPERTIES[0], None, None)]
            chosen = self.pick(names)
            plurals = [q.object for q in self.store.quads(node, PLURAL_LABEL, None, None)]
            same = [
                p
                for p in plurals
                if isinstance(p, ox.Literal) and chosen is not None and (p.language or "") == (chosen.language or "")
            ]
            if same:
                return same[0].value
        return label

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
