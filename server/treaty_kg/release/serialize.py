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

from treaty_kg.rdf.formats import of_kind, serialize
from treaty_kg.rdf.namespaces import PREFIXES, bind_prefixes


def canonical(graph: Graph) -> Graph:
    labelled = Graph()
    for prefix, namespace in graph.namespaces():
        labelled.bind(prefix, namespace, override=True)
    bind_prefixes(labelled)
    labelled += to_canonical_graph(graph)
    return labelled


def _sorted_ntriples(labelled: Graph) -> bytes:
    lines = labelled.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
    return b"".join(sorted(line for line in lines if line.strip()))


def turtle(graph: Graph) -> bytes:
    return canonical(graph).serialize(format="turtle", encoding="utf-8")


def all_formats(graph: Graph) -> dict[str, bytes]:
    """The graph in every RDF format the server offers (`rdf.formats`: Turtle, N-Triples,
    JSON-LD, RDF/XML), keyed by the format's file extension; blank nodes labelled once (canonical
    labelling is the slow part)."""
    labelled = canonical(graph)
    lines = _sorted_ntriples(labelled)
    written: dict[str, bytes] = {}
    for fmt in of_kind("graph"):
        if fmt.oxigraph == ox.RdfFormat.TURTLE:
            written[fmt.extension] = labelled.serialize(format="turtle", encoding="utf-8")
        elif fmt.oxigraph == ox.RdfFormat.N_TRIPLES:
            written[fmt.extension] = lines
        else:
            written[fmt.extension] = serialize(ox.parse(lines, format=ox.RdfFormat.N_TRIPLES), fmt, PREFIXES)
    return written
