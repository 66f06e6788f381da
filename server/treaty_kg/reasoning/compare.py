"""Compare two reasoners' inferred graphs, and fingerprint a reasoning input.

owlrl is the oracle of the default reasoner (docs/reasoning.md): the equality tests and the
benchmark compare the two closures as sets of N-Triples lines. owlrl is slow (minutes at
100k triples), so its cleaned closure can be stored in a file with a digest of the input it
was computed from; `input_digest` does not depend on blank node labels, which change with
every parse of the ontology's restrictions and lists.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Graph
from rdflib.term import Node

from treaty_kg.rdf.terms import ntriples


@dataclass(frozen=True)
class Difference:
    """Triples only one side inferred (N-Triples lines)."""

    only_left: list[str]
    only_right: list[str]

    @property
    def equal(self) -> bool:
        return not self.only_left and not self.only_right


def lines(triples: Iterable[tuple[Node, Node, Node]]) -> set[str]:
    return {ntriples(t) for t in triples}


def difference(
    left: Iterable[tuple[Node, Node, Node]] | set[str], right: Iterable[tuple[Node, Node, Node]] | set[str]
) -> Difference:
    a = left if isinstance(left, set) and all(isinstance(x, str) for x in left) else lines(left)  # type: ignore[arg-type]
    b = right if isinstance(right, set) and all(isinstance(x, str) for x in right) else lines(right)  # type: ignore[arg-type]
    return Difference(sorted(a - b), sorted(b - a))


def _bnode_names(graph: Graph) -> dict[BNode, str]:
    """Each blank node named by a hash of what it says (its outgoing triples, nested nodes
    named the same way), so two parses of one file give the same names."""
    names: dict[BNode, str] = {}

    def name(node: BNode, seen: frozenset) -> str:
        if node in names:
            return names[node]
        if node in seen:
            return "_:cycle"
        parts = sorted(
            f"{p.n3()} {name(o, seen | {node}) if isinstance(o, BNode) else o.n3()}" for p, o in graph.predicate_objects(node)
        )
        value = "_:h" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
        names[node] = value
        return value

    for node in {t for triple in graph for t in triple if isinstance(t, BNode)}:
        name(node, frozenset())
    return names


def graph_digest(graph: Graph) -> str:
    """sha256 of the graph's triples, blank nodes named by content."""
    names = _bnode_names(graph)
    rows = sorted(" ".join(names[t] if isinstance(t, BNode) else t.n3() for t in triple) for triple in graph)
    return hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()


def input_digest(ontology: Graph, asserted: Graph) -> str:
    """One digest for the reasoning input (ontology and facts)."""
    return hashlib.sha256(f"{graph_digest(ontology)} {graph_digest(asserted)}".encode()).hexdigest()
