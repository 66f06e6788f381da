"""Documentation of the ontology's classes and properties, read from the served store.

For each term under `tkg:`: its labels, definition, alignments to standard
vocabularies, domain and range, super- and sub-terms, and how often the graph
uses it (instances of a class; triples of a property, inferred ones included).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from treaty_kg.rdf.namespaces import BASE, PREFIXES
from treaty_kg.rdf.reader import GraphReader
from treaty_kg.web.resource_view import RDF_TYPE, TKG, Value, Viewer

OWL = PREFIXES["owl"]
RDFS = PREFIXES["rdfs"]
SKOS = PREFIXES["skos"]

CLASS_TYPES = (OWL + "Class", RDFS + "Class")
PROPERTY_TYPES = (OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty", PREFIXES["rdf"] + "Property")
SUPER = (RDFS + "subClassOf", RDFS + "subPropertyOf")
ALIGNMENT = (
    *SUPER,
    OWL + "equivalentClass",
    OWL + "equivalentProperty",
    OWL + "inverseOf",
    SKOS + "closeMatch",
    SKOS + "exactMatch",
    SKOS + "broadMatch",
    SKOS + "narrowMatch",
    SKOS + "relatedMatch",
    OWL + "sameAs",
)


@dataclass
class TermDoc:
    iri: str
    anchor: str  # its local name, the id of its section on /ontology
    kind: str  # "class" or "property"
    label: str
    names: list[tuple[str, str, str]]
    definitions: list[Value]
    supers: list[Value]  # local super-terms
    subs: list[Value]
    alignments: list[tuple[Value, Value]]  # (relation, external term)
    domains: list[Value]
    ranges: list[Value]
    uses: int  # instances of a class, triples of a property


def _objects(store: GraphReader, node: ox.NamedNode, predicates) -> list:
    return [q.object for p in predicates for q in store.quads(node, ox.NamedNode(p), None, None)]


def _count(store: GraphReader, query: str) -> dict[str, int]:
    return {row[0].value: int(row[1].value) for row in store.select(query)}


# How a term's use is counted, per kind; `{terms}` restricts ?t (the /ontology page and a term's own page count alike).
USES = {
    "class": "SELECT ?t (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a ?t {terms} }} GROUP BY ?t",
    "property": "SELECT ?t (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?x ?t ?y WHERE {{ ?x ?t ?y {terms} }} }} GROUP BY ?t",
}


def usage_counts(store: GraphReader) -> dict[str, int]:
    """Instances per class and triples per property, for every `tkg:` term, in two queries."""
    every = f'FILTER STRSTARTS(STR(?t), "{TKG}")'
    props, classes = (_count(store, USES[kind].format(terms=every)) for kind in ("property", "class"))
    return {**props, **classes}


def term_kind(store: GraphReader, node: ox.NamedNode) -> str | None:
    types = {t.value for t in _objects(store, node, [RDF_TYPE.value])}
    if types & set(CLASS_TYPES):
        return "class"
    if types & set(PROPERTY_TYPES):
        return "property"
    return None


def term_doc(viewer: Viewer, iri: str, kind: str, uses: int) -> TermDoc:
    store = viewer.store
    node = ox.NamedNode(iri)
    value = viewer.value
    supers = _objects(store, node, SUPER)
    subs = [q.subject for p in SUPER for q in store.quads(None, ox.NamedNode(p), node, None)]
    aligned = {
        (p, o)  # a set: the served store repeats each triple in the default graph
        for p in ALIGNMENT
        for o in _objects(store, node, [p])
        if isinstance(o, ox.NamedNode) and not o.value.startswith(BASE)
    }
    alignments = [(value(ox.NamedNode(p)), value(o)) for p, o in aligned]

    def values(terms) -> list[Value]:
        unique = {t: value(t) for t in terms if isinstance(t, (ox.NamedNode, ox.Literal))}
        return sorted(unique.values(), key=lambda v: v.text.lower())

    return TermDoc(
        iri=iri,
        anchor=iri[len(TKG) :],
        kind=kind,
        label=viewer.labeller.label(node),
        names=viewer.labeller.names(node),
        definitions=values(_objects(store, node, [SKOS + "definition", RDFS + "comment"])),
        supers=values(t for t in supers if isinstance(t, ox.NamedNode) and t.value.startswith(BASE)),
        subs=values(t for t in subs if isinstance(t, ox.NamedNode)),
        alignments=sorted(alignments, key=lambda a: (a[0].curie, a[1].curie)),
        domains=values(_objects(store, node, [RDFS + "domain"])),
        ranges=values(_objects(store, node, [RDFS + "range"])),
        uses=uses,
    )


def ontology_terms(viewer: Viewer) -> list[TermDoc]:
    """Every class, then every property, of the `tkg:` namespace, sorted by local name."""
    store = viewer.store
    counts = usage_counts(store)
    found: dict[str, str] = {}
    for kinds, kind in ((CLASS_TYPES, "class"), (PROPERTY_TYPES, "property")):
        for t in kinds:
            for q in store.quads(None, RDF_TYPE, ox.NamedNode(t), None):
                if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(TKG):
                    found.setdefault(q.subject.value, kind)
    docs = [term_doc(viewer, iri, kind, counts.get(iri, 0)) for iri, kind in found.items()]
    return sorted(docs, key=lambda d: (d.kind != "class", d.anchor.lower()))


def single_term(viewer: Viewer, iri: str) -> TermDoc | None:
    """The documentation block of one term's own page, or None when the IRI is not a class or property."""
    node = ox.NamedNode(iri)
    kind = term_kind(viewer.store, node)
    if kind is None:
        return None
    uses = _count(viewer.store, USES[kind].format(terms=f"VALUES ?t {{ <{iri}> }}")).get(iri, 0)
    return term_doc(viewer, iri, kind, uses)
