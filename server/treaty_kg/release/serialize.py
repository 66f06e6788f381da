"""Byte-stable writers: the same graph gives the same bytes, whatever the process's hash seed.

rdflib's Turtle writer sorts subjects and properties, but its N-Triples, RDF/XML and JSON-LD
writers follow the graph's set order, which changes with PYTHONHASHSEED, and blank-node labels
are random. So blank nodes are first labelled canonically (`rdflib.compare.to_canonical_graph`,
a hash of each node's surroundings), N-Triples lines are sorted, and pyoxigraph writes RDF/XML
and JSON-LD in that sorted order (rdflib's pretty RDF/XML writer also drops triples on list
nodes; pyoxigraph's keeps every triple).
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from ..namespaces import PREFIXES, bind_prefixes

EXTENSIONS = ("ttl", "rdf", "nt", "jsonld")


def canonical(graph: Graph) -> Graph:
    labelled = Graph()
    for prefix, namespace in graph.namespaces():
        labelled.bind(prefix, namespace, override=True)
    bind_prefixes(labelled)
    labelled += to_canonical_graph(graph)
    return labelled


def ntriples(graph: Graph) -> bytes:
    lines = canonical(graph).serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
    return b"".join(sorted(line for line in lines if line.strip()))


def turtle(graph: Graph) -> bytes:
    return canonical(graph).serialize(format="turtle", encoding="utf-8")


def _oxigraph(graph: Graph, fmt: ox.RdfFormat) -> bytes:
    triples = ox.parse(ntriples(graph), format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=fmt, prefixes=PREFIXES)


def all_formats(graph: Graph) -> dict[str, bytes]:
    """The graph as Turtle, RDF/XML, N-Triples and JSON-LD, keyed by file extension."""
    return {
        "ttl": turtle(graph),
        "rdf": _oxigraph(graph, ox.RdfFormat.RDF_XML),
        "nt": ntriples(graph),
        "jsonld": _oxigraph(graph, ox.RdfFormat.JSON_LD),
    }


RDFLIB_FORMATS = {"ttl": "turtle", "rdf": "xml", "nt": "nt", "jsonld": "json-ld"}
