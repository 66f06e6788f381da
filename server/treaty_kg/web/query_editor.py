"""What the query page's editor is given: the examples, the project's prefixes and its vocabulary.

The editor is YASGUI's YASQE and YASR (vendored in `static/vendor/yasgui`, see `refresh.sh` there),
driven by `static/query-editor.js`. Everything it needs comes inline with the page, so it makes no
request but to `/sparql`: YASQE's own class and property completion asks the Linked Open
Vocabularies service over the network, so the page gives it the ontology's terms instead, and the
project's prefixes instead of prefix.cc's. Without JavaScript the page is a plain form that sends
the query to `/sparql`; an example is chosen with `/?example=<name>`, which fills the form.
"""

from __future__ import annotations

from dataclasses import dataclass

from treaty_kg.rdf.namespaces import BASE, PREFIXES
from treaty_kg.rdf.reader import GraphReader
from treaty_kg.web.linked_data import SPACES
from treaty_kg.web.query_examples import Example

# The declarations that make a term a class or a property to complete in the editor.
_OWL, _RDF, _RDFS = PREFIXES["owl"], PREFIXES["rdf"], PREFIXES["rdfs"]
CLASS_TYPES = (_OWL + "Class", _RDFS + "Class")
PROPERTY_TYPES = (_OWL + "ObjectProperty", _OWL + "DatatypeProperty", _OWL + "AnnotationProperty", _RDF + "Property")


@dataclass(frozen=True)
class EditorSetup:
    query: str  # the text the editor (or the plain form) starts with
    selected: str  # the chosen example's name, "" when none
    config: dict  # for the page's `<script type="application/json">`, read by query-editor.js


def prefix_block() -> str:
    """`PREFIX p: <ns>` for every prefix of the project, the lines a new query starts from."""
    width = max(len(p) for p in PREFIXES)
    return "\n".join(f"PREFIX {p + ':':<{width + 1}} <{ns}>" for p, ns in PREFIXES.items())


def starter_query() -> str:
    """The query an empty editor shows: the prefixes, then the names of ten resources."""
    return prefix_block() + "\n\nSELECT ?resource ?name WHERE {\n  ?resource skos:prefLabel ?name .\n}\nLIMIT 10\n"


def vocabulary(store: GraphReader) -> tuple[list[str], list[str]]:
    """(classes, properties) the loaded ontology declares, as IRIs, for the editor's completion."""

    def declared(types: tuple[str, ...]) -> list[str]:
        values = " ".join(f"<{t}>" for t in types)
        query = f"SELECT DISTINCT ?t WHERE {{ VALUES ?k {{ {values} }} ?t a ?k FILTER isIRI(?t) }}"
        return sorted(row["t"].value for row in store.select(query))

    return declared(CLASS_TYPES), declared(PROPERTY_TYPES)


def editor_setup(store: GraphReader, examples: list[Example], query: str | None, example: str | None) -> EditorSetup:
    """The editor's start: `?query=` wins, then `?example=`, then the prefixes and a starter query."""
    chosen = next((e for e in examples if e.name == example), None)
    text = query or (chosen.query if chosen else starter_query())
    classes, properties = vocabulary(store)
    config = {
        "endpoint": "/sparql",
        "base": BASE,
        "spaces": list(SPACES),  # IRIs under BASE + these segments are answered on this host
        "prefixes": PREFIXES,
        "examples": [e.__dict__ for e in examples],
        "classes": classes,
        "properties": properties,
    }
    return EditorSetup(text, chosen.name if chosen else "", config)
