"""The engine speaks plain SPARQL 1.1 through two methods, so the same rules can run inside another
store (the next step: reasoning inside Virtuoso or Oxigraph server)."""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import Graph
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from treaty_kg.rdf.terms import quads
from treaty_kg.reasoning.engine import OxigraphStore, Reasoner, clean
from treaty_kg.reasoning.sparql_closure import skolemise


class Recording:
    """A store with nothing but `update` and `query`, keeping every request sent."""

    def __init__(self, store: ox.Store):
        self._inner = OxigraphStore(store)
        self.updates: list[str] = []
        self.queries: list[str] = []

    def update(self, sparql: str) -> None:
        self.updates.append(sparql)
        self._inner.update(sparql)

    def query(self, sparql: str) -> list[tuple[str | None, ...]]:
        self.queries.append(sparql)
        return self._inner.query(sparql)


def shapes(requests: list[str]) -> list[str]:
    """One request per set of keywords and functions it uses (rule instances and rounds differ in
    IRIs and variables only): rdflib's parser takes a fifth of a second a request."""
    seen: dict[frozenset[str], str] = {}
    for text in requests:
        body = re.sub(r"<[^>]*>|\"[^\"]*\"", "x", text.split("\nINSERT", 1)[-1])
        key = frozenset(re.findall(r"\b[A-Z][A-Za-z]+\b|\b[a-zA-Z]+\(|[{}.]", body)) | {str(body.count("GRAPH"))}
        seen.setdefault(key, text)
    return list(seen.values())


def test_every_request_is_standard_sparql_11(mini_ontology: Graph, mini_asserted: Graph) -> None:
    store = ox.Store()
    store.extend(quads(skolemise(mini_ontology), ox.NamedNode("urn:test:schema")))
    store.extend(quads(mini_asserted, ox.NamedNode("urn:test:asserted")))
    recording = Recording(store)
    run = Reasoner(recording).closure(["urn:test:schema", "urn:test:asserted"], "urn:test:inferred")
    clean(recording, "urn:test:inferred")
    assert run.rounds >= 3 and not run.inconsistencies
    assert len(recording.updates) > 100 and len(recording.queries) > 10
    # rdflib's parser, another implementation of the grammar (slow: one request of each shape)
    for update in shapes(recording.updates):
        parseUpdate(update)
    for query in shapes(recording.queries):
        parseQuery(query)
    # the closure is written into the graph it was asked for, and nowhere else but work graphs now gone
    graphs = {str(g.value) for g in store.named_graphs()}
    assert graphs == {"urn:test:schema", "urn:test:asserted", "urn:test:inferred"}


def test_forgetting_known_triples_in_bounded_pieces_gives_the_same_closure(mini_ontology: Graph, mini_asserted: Graph) -> None:
    """Virtuoso cannot delete millions of rows in one update, so a store may bound the engine's
    "forget known" DELETE (standard SPARQL: a sub-select with LIMIT, repeated): same closure."""

    def closure(bound: int | None) -> tuple[set[ox.Quad], Recording]:
        store = ox.Store()
        store.extend(quads(skolemise(mini_ontology), ox.NamedNode("urn:test:schema")))
        store.extend(quads(mini_asserted, ox.NamedNode("urn:test:asserted")))
        recording = Recording(store)
        Reasoner(recording, max_update_rows=bound).closure(["urn:test:schema", "urn:test:asserted"], "urn:test:inferred")
        return set(store.quads_for_pattern(None, None, None, ox.NamedNode("urn:test:inferred"))), recording

    whole, _ = closure(None)
    pieces, recording = closure(2)
    assert pieces == whole and len(whole) > 10
    bounded = [u for u in recording.updates if "LIMIT 2 }" in u]
    assert len(bounded) > len(set(bounded)) > 0  # bounded pieces were sent, some repeated (more than 2 rows known)
    parseUpdate(bounded[0])
