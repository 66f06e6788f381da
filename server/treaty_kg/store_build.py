"""`treaty-kg build --store URL`: the same build, written into a SPARQL 1.1 store and published there.

Steps: load and validate as any build (build.load_and_validate; a violation stops it before the
store is touched), upload the ontology and asserted graphs under the build's own graph names,
reason inside the store, merge the served default graph, check the counts, switch the dataset's
pointer, drop stale builds (rdf/remote/publication.py). Until the switch, servers keep serving the
build before; a build that fails or is killed leaves only graphs no pointer names, dropped by the
next build.

Reasoning runs inside the store: the OWL 2 RL rules as SPARQL updates (reasoning.engine, through
rdf/remote/sparql_store.py), over the build's ontology and asserted graphs, into its inferred graph,
with the embedded build's skolemising, setting aside and cleaning (sparql_closure.reason_over), so
the build machine never holds the closure. The rules' work graphs (the ontology skolemised, the
delta graphs) are graphs of the build, under its prefix: a reader never sees them, a killed
build's are dropped with it. `--reasoner owlrl` computes the closure here with owlrl (the
oracle) and uploads it. stats.json's `reasoned_in` says which ran.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from treaty_kg.build import REASONERS, curie, load_and_validate, statistics, versions
from treaty_kg.errors import InputError
from treaty_kg.progress import Steps
from treaty_kg.rdf.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY
from treaty_kg.rdf.remote.client import StoreAddress, StoreClient, StoreError, StoreUnavailable
from treaty_kg.rdf.remote.publication import GENID
from treaty_kg.rdf.remote.publisher import Publisher, PublishError
from treaty_kg.rdf.remote.sparql_store import RemoteSparqlStore
from treaty_kg.rdf.terms import quads
from treaty_kg.reasoning.engine import Progress, count
from treaty_kg.reasoning.owlrl_closure import InconsistentError, closure
from treaty_kg.reasoning.sparql_closure import StoreClosure, reason_over, skolemise

GRAPHS = (str(GRAPH_ONTOLOGY), str(GRAPH_ASSERTED), str(GRAPH_INFERRED))
ONTOLOGY, ASSERTED, INFERRED = GRAPHS
# rule updates per HTTP request (engine.Reasoner's batch): the project's closure is ~1,000 updates,
# each ~4 ms of round trip on Virtuoso alone; more per request makes one failure name less precisely
BATCH = 25


@dataclass
class StoreBuildResult:
    ok: bool
    build_id: str | None = None
    stats: dict = field(default_factory=dict)
    report: str = ""


def triples_of(graph: Iterable[tuple[Node, Node, Node]]) -> Iterable[ox.Triple]:
    """rdflib triples as pyoxigraph terms, blank node labels as the embedded build writes them."""
    for quad in quads(graph, ox.NamedNode(ONTOLOGY)):
        yield quad.triple


def reason_inside(publisher: Publisher, ontology: Graph, progress: Progress | None = None) -> StoreClosure:
    """The OWL 2 RL closure of the build's ontology and asserted graphs, computed inside the store
    into the build's inferred graph (cleaned as the embedded build cleans it).

    The rules read the ontology from a work graph where its blank nodes (restrictions, lists) are
    IRIs under engine.SKOLEM, as the embedded build has them, so that the cleaning drops what is
    said of them; the served ontology graph keeps them as blank nodes (publication.GENID).
    Raises InconsistentError naming the contradictions; the work graphs are dropped either way."""
    sparql = RemoteSparqlStore(publisher.client)
    try:
        schema = publisher.work_graph("schema")
        publisher.upload(schema, triples_of(skolemise(ontology)))
        aside, delta, new = (publisher.work_graph(name) for name in ("set-aside", "delta-a", "delta-b"))
        stored = publisher.build.stored
        return reason_over(sparql, schema, stored(ASSERTED), stored(INFERRED), aside, (delta, new), progress, BATCH)
    finally:
        publisher.drop_work()


def statistics_in_store(publisher: Publisher, ontology: Graph) -> dict:
    """What build.statistics says of a build in build/, asked of the build's graphs in the store."""
    sparql = RemoteSparqlStore(publisher.client)
    stored = publisher.build.stored
    rows = sparql.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { "
        f"{{ GRAPH <{stored(ASSERTED)}> {{ ?s a ?c }} }} UNION {{ GRAPH <{stored(INFERRED)}> {{ ?s a ?c }} }} "
        f'FILTER(isIRI(?c) && !STRSTARTS(STR(?c), "{GENID}")) }} GROUP BY ?c'
    )
    per_class = {curie(c[1:-1]): int(n.split('"')[1]) for c, n in rows if c is not None and n is not None}
    return {
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "triples": {
            name: count(sparql, stored(graph)) for name, graph in zip(("ontology", "asserted", "inferred"), GRAPHS, strict=True)
        },
        "graphs": dict(zip(("ontology", "asserted", "inferred"), GRAPHS, strict=True)),
        "entities_per_class": dict(sorted(per_class.items(), key=lambda kv: (-kv[1], kv[0]))),
        "versions": versions(ontology),
    }


def build_in_store(
    address: StoreAddress, dataset: str = "default", quiet: bool = False, reasoner: str = REASONERS[0]
) -> StoreBuildResult:
    """Build the project into the store at `address` and publish it as `dataset`.

    reasoner: "rules" (the OWL 2 RL rules inside the store) or "owlrl" (owlrl here, closure uploaded)."""
    if reasoner not in REASONERS:
        raise ValueError(f"unknown reasoner {reasoner!r} (known: {', '.join(REASONERS)})")
    steps = Steps("build", quiet)
    started = time.perf_counter()
    checked = load_and_validate(steps)
    if checked.outcome.fails("violation"):
        return StoreBuildResult(False, report=checked.reports["report.txt"])
    client = StoreClient(address)
    say: Callable[[str], None] = (
        (lambda message: None) if quiet else (lambda message: print(f"build: {message}", file=sys.stderr, flush=True))
    )
    try:
        publisher = Publisher(client, dataset, GRAPHS, progress=say)
        say(f"writing build {publisher.build.id} into {address.query} (dataset {dataset!r})")
        sent: dict[str, int] = {}
        with steps.step("upload ontology") as d:
            sent[ONTOLOGY] = publisher.upload(ONTOLOGY, triples_of(checked.ontology))
            d.note = f"{sent[ONTOLOGY]} triples"
        with steps.step("upload asserted") as d:
            sent[ASSERTED] = publisher.upload(ASSERTED, triples_of(checked.asserted))
            d.note = f"{sent[ASSERTED]} triples"
        try:
            if reasoner == "owlrl":
                stats = _reason_here(publisher, checked.ontology, checked.asserted, steps, sent)
            else:
                with steps.step("reason") as d:
                    done = reason_inside(publisher, checked.ontology, d.advance)
                    d.note = f"{done.run.rounds} rounds, {done.run.updates} updates, inside the store"
                stats = statistics_in_store(publisher, checked.ontology)
                stats["reasoned_in"] = "the store (OWL 2 RL rules as SPARQL updates)"
                stats["dropped_from_inferred"] = dict(sorted(done.dropped.items()))
                stats["reason_seconds"] = done.seconds
                stats["reasoning"] = {
                    "rules": done.run.rules,
                    "rounds": done.run.rounds,
                    "updates": done.run.updates,
                    "added_per_round": done.run.added,
                }
        except InconsistentError as exc:
            publisher.abandon()
            return StoreBuildResult(False, report="\n".join(["The reasoner found contradictions:", *exc.messages]))
        stats["reasoner"] = reasoner
        stats["store"] = {"url": address.query, "dataset": dataset, "build": publisher.build.id}
        with steps.step("publish") as d:
            stats["seconds"] = steps.seconds | {"total": round(time.perf_counter() - started, 4)}
            build = publisher.finish(sent, stats["built"], stats)
            d.note = f"build {build.id}, {build.default_triples} triples served"
    except (StoreUnavailable, StoreError, PublishError) as exc:
        raise InputError(f"the build was not published ({exc}); the store still serves its previous build") from None
    finally:
        client.close()
    return StoreBuildResult(True, build.id, stats, checked.reports["report.txt"])


def _reason_here(publisher: Publisher, ontology: Graph, asserted: Graph, steps: Steps, sent: dict[str, int]) -> dict:
    """`--reasoner owlrl`: the closure computed here with owlrl and uploaded (the build machine
    then needs the memory for the asserted graph and its closure)."""
    with steps.step("reason") as d:
        result = closure(ontology, asserted)
        d.note = f"{len(result.inferred)} inferred triples (owlrl, here)"
    with steps.step("upload inferred") as d:
        sent[INFERRED] = publisher.upload(INFERRED, triples_of(result.inferred))
        d.note = f"{sent[INFERRED]} triples"
    counted = ox.Store()  # what statistics() reads: the build's graphs, as the file build has them
    for name, graph in zip(GRAPHS, (ontology, asserted, result.inferred), strict=True):
        counted.extend(quads(graph, ox.NamedNode(name)))
    stats = statistics(counted, ontology)
    stats["dropped_from_inferred"] = dict(sorted(result.dropped.items()))
    stats["reasoned_in"] = "treaty-kg (owlrl), inferred graph uploaded"
    stats["reason_seconds"] = result.seconds
    return stats
