"""The build's default reasoner: the OWL 2 RL rules of `engine` on an embedded pyoxigraph store.

Gives what `reason.closure` (owlrl) gives — the cleaned inferred graph and the counts of what the
cleaning dropped — so the build, the tests and the benchmark can swap one for the other; owlrl
is the oracle (tests/reasoning check the two closures are equal).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from treaty_kg.rdf.namespaces import BASE
from treaty_kg.rdf.terms import from_ox, quads, to_graph
from treaty_kg.reasoning.engine import (
    DELTA,
    NEW,
    PROLOGUE,
    SKOLEM,
    OxigraphStore,
    Progress,
    Reasoner,
    Run,
    SparqlStore,
    clean,
)
from treaty_kg.reasoning.owlrl_closure import Closure, InconsistentError

SCHEMA_GRAPH = "urn:treaty-kg:reasoning:schema"
ASIDE_GRAPH = "urn:treaty-kg:reasoning:set-aside"
ASSERTED_GRAPH = "urn:treaty-kg:reasoning:asserted"
INFERRED_GRAPH = "urn:treaty-kg:reasoning:inferred"


def set_aside_external_identity(asserted: str, aside: str = ASIDE_GRAPH) -> str:
    """`owl:sameAs` between a project IRI and another dataset's IRI is not reasoned with (reason.py
    says why): moved out of the asserted graph into `aside` for the time of reasoning."""
    return (
        f"{PROLOGUE}DELETE {{ GRAPH <{asserted}> {{ ?s owl:sameAs ?o }} }} INSERT {{ GRAPH <{aside}> {{ ?s owl:sameAs ?o }} }} "
        f"WHERE {{ GRAPH <{asserted}> {{ ?s owl:sameAs ?o }} "
        f'FILTER(STRSTARTS(STR(?s), "{BASE}") != STRSTARTS(STR(?o), "{BASE}")) }}'
    )


def skolemise(graph: Iterable[tuple[Node, Node, Node]]) -> Iterable[tuple[Node, Node, Node]]:
    """The triples with each blank node as an IRI under engine.SKOLEM (same label, so reversible)."""

    def iri(term: Node) -> Node:
        return URIRef(SKOLEM + str(term)) if isinstance(term, BNode) else term

    for s, p, o in graph:
        yield iri(s), iri(p), iri(o)


@dataclass
class StoreClosure:
    """What reasoning in a store did: the engine's run, what cleaning dropped, seconds per step."""

    run: Run
    dropped: Counter = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)


def reason_in_store(
    store: ox.Store,
    ontology: Graph,
    asserted: str,
    inferred: str,
    progress: Progress | None = None,
) -> StoreClosure:
    """Reason over `ontology` (loaded here, skolemised) and the store's graph `asserted`; write the
    cleaned inferred triples into the store's graph `inferred`. Work graphs are removed after.

    Raises InconsistentError (with every contradiction found) and leaves `inferred` untouched then."""
    start = time.perf_counter()
    schema = ox.NamedNode(SCHEMA_GRAPH)
    store.update(f"DROP SILENT GRAPH <{SCHEMA_GRAPH}>")
    store.extend(quads(skolemise(ontology), schema))
    try:
        done = reason_over(OxigraphStore(store), SCHEMA_GRAPH, asserted, inferred, progress=progress)
    finally:
        store.update(f"DROP SILENT GRAPH <{SCHEMA_GRAPH}>")
    done.seconds["total"] = round(time.perf_counter() - start, 4)
    return done


def reason_over(
    sparql: SparqlStore,
    schema: str,
    asserted: str,
    inferred: str,
    aside: str = ASIDE_GRAPH,
    work: tuple[str, str] = (DELTA, NEW),
    progress: Progress | None = None,
    batch: int = 1,
) -> StoreClosure:
    """The closure of the graphs `schema` (the ontology, skolemised) and `asserted` of any SPARQL
    store, cleaned, into its graph `inferred`: the embedded build's (reason_in_store) and, over
    HTTP, `build --store`'s (store_build.py), so both reason the same way. `aside` and `work` are
    graphs of the store's used meanwhile and emptied after; `asserted` is left as it was; `batch`:
    rule updates per request (engine.Reasoner).

    Raises InconsistentError (with every contradiction found), `inferred` dropped then."""
    start = time.perf_counter()
    sparql.update(set_aside_external_identity(asserted, aside))
    try:
        run = Reasoner(sparql, progress, work=work, batch=batch).closure([schema, asserted], inferred)
        if run.inconsistencies:
            sparql.update(f"DROP SILENT GRAPH <{inferred}>")
            raise InconsistentError([str(i) for i in run.inconsistencies])
        cleaning = time.perf_counter()
        dropped = clean(sparql, inferred, [aside])
        seconds = {"cleaning": time.perf_counter() - cleaning}
    finally:
        sparql.update(f"ADD SILENT <{aside}> TO <{asserted}>")
        sparql.update(f"DROP SILENT GRAPH <{aside}>")
    seconds = {k: round(v, 4) for k, v in (run.seconds | seconds | {"total": time.perf_counter() - start}).items()}
    return StoreClosure(run, dropped, seconds)


def closure(ontology: Graph, asserted: Graph, progress: Progress | None = None) -> Closure:
    """Like `reason.closure` (owlrl), with the SPARQL rules on a throw-away pyoxigraph store."""
    start = time.perf_counter()
    store = ox.Store()
    store.extend(quads(asserted, ox.NamedNode(ASSERTED_GRAPH)))
    loaded = time.perf_counter() - start
    result = reason_in_store(store, ontology, ASSERTED_GRAPH, INFERRED_GRAPH, progress)
    inferred = to_graph(store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH)))
    seconds = {"load": round(loaded, 4), "rules": result.seconds["total"]} | result.seconds
    return Closure(inferred, result.dropped, seconds)


def unsatisfiable(ontology: Graph) -> tuple[list[Node], list[str]]:
    """Reason over the ontology alone: (the terms made members of owl:Nothing, the other
    contradictions found). `check-ontology`'s reasoner check."""
    store = ox.Store()
    schema = ox.NamedNode(SCHEMA_GRAPH)
    store.extend(quads(skolemise(ontology), schema))
    run = Reasoner(OxigraphStore(store)).closure([SCHEMA_GRAPH], INFERRED_GRAPH)
    rows = store.query(
        f"SELECT DISTINCT ?x FROM <{SCHEMA_GRAPH}> FROM <{INFERRED_GRAPH}> "
        "WHERE { ?x a <http://www.w3.org/2002/07/owl#Nothing> FILTER(!isLiteral(?x)) }"
    )
    members = [_unskolemise(from_ox(row["x"])) for row in rows]  # type: ignore[union-attr]
    others = [str(i) for i in run.inconsistencies if i.rule != "cls-nothing2"]
    return members, others


def _unskolemise(term: Node) -> Node:
    text = str(term)
    return BNode(text[len(SKOLEM) :]) if isinstance(term, URIRef) and text.startswith(SKOLEM) else term
