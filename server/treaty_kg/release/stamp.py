"""A release's version metadata, written into the graphs it publishes.

The source files carry the metadata of the version under development; a release replaces it
with its own, so `treaty-kg release 0.3.0` needs no hand edit beyond the changelog entry.
"""

from __future__ import annotations

from datetime import date

from rdflib import DCTERMS, OWL, RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node

VERSION_PREDICATES = (OWL.versionIRI, OWL.versionInfo, OWL.priorVersion, DCTERMS.modified)


def ontology_node(graph: Graph) -> Node:
    """The one owl:Ontology a file describes (the project writes one header per file)."""
    nodes = sorted(graph.subjects(RDF.type, OWL.Ontology), key=str)
    if len(nodes) != 1:
        raise ValueError(f"expected one owl:Ontology header, found {len(nodes)}: {nodes}")
    return nodes[0]


def stamp(graph: Graph, node: Node, *, version_iri: str, version: str, modified: date, prior_iri: str | None) -> None:
    """Replace the header's version IRI, version, prior version and modification date."""
    for predicate in VERSION_PREDICATES:
        graph.remove((node, predicate, None))
    graph.add((node, OWL.versionIRI, URIRef(version_iri)))
    graph.add((node, OWL.versionInfo, Literal(version)))
    graph.add((node, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.date)))
    if prior_iri is not None:
        graph.add((node, OWL.priorVersion, URIRef(prior_iri)))


def retarget_imports(graph: Graph, node: Node, targets: dict[str, str]) -> None:
    """Import each module by the IRI `targets` gives (the release's version IRIs), so that
    loading a pinned release without a catalog still reads that release's modules."""
    for imported in sorted(graph.objects(node, OWL.imports), key=str):
        graph.remove((node, OWL.imports, imported))
        graph.add((node, OWL.imports, URIRef(targets.get(str(imported), str(imported)))))


def without_headers(graph: Graph, headers: set[Node]) -> Graph:
    """The graph without the module headers and without any owl:imports: what a merge keeps
    (as ROBOT's `merge --collapse-import-closure`)."""
    merged = Graph()
    for prefix, namespace in graph.namespaces():
        merged.bind(prefix, namespace, override=True)
    for triple in graph:
        if triple[0] in headers or triple[1] == OWL.imports:
            continue
        merged.add(triple)
    return merged
