"""rdflib terms to pyoxigraph terms and back, keeping blank node labels.

The build loads and validates with rdflib and reasons on pyoxigraph; a blank node (a text
selector of a mention) must stay one node across the asserted and the inferred graph, so
conversions keep its label instead of minting a new one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def to_ox(term: Node) -> OxTerm:
    """One rdflib term as a pyoxigraph term (blank node labels kept)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(_bnode_label(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def _bnode_label(node: BNode) -> str:
    """rdflib accepts labels N-Triples does not (e.g. with dots at the end); keep them readable and valid."""
    label = str(node)
    if label and all(c.isalnum() or c in "-_" for c in label):
        return label
    return "b" + "".join(c if c.isalnum() or c in "-_" else f"x{ord(c):x}" for c in label)


def from_ox(term: OxTerm) -> Node:
    """One pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value in (XSD_STRING, RDF_LANGSTRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not an RDF term: {term!r}")


def quads(graph: Iterable[tuple[Node, Node, Node]], name: ox.NamedNode) -> Iterator[ox.Quad]:
    """The triples of an rdflib graph as quads of the named graph `name` (literal subjects skipped)."""
    for s, p, o in graph:
        if isinstance(s, Literal) or not isinstance(p, URIRef):
            continue  # RDF 1.1 has no literal subjects and no blank-node predicates
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)  # type: ignore[arg-type]


def to_graph(triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
    """pyoxigraph triples (or quads, graph name dropped) as an rdflib graph."""
    graph = Graph()
    for t in triples:
        graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))  # type: ignore[arg-type]
    return graph


def ntriples(triple: tuple[Node, Node, Node]) -> str:
    """A triple as one N-Triples line (without the final ' .'), as pyoxigraph writes terms."""
    return " ".join(str(to_ox(t)) for t in triple)
