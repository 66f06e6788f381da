"""`treaty-kg build --store URL`: the same build, written into a SPARQL 1.1 store and published there.

Steps: load and validate as any build (build.load_and_validate; a violation stops it before the
store is touched), upload the ontology and asserted graphs under the build's own graph names,
reason, upload what was inferred, merge the served default graph, check the counts, switch the
dataset's pointer, drop stale builds (endpoint/backends/publication.py). Until the switch, servers
keep serving the build before; a build that fails or is killed leaves only graphs no pointer
names, dropped by the next build.

Reasoning: the OWL 2 RL rules as SPARQL updates inside the store (treaty_kg.reasoning.engine) are
used when that engine is installed; until then the closure is computed here with the embedded
build's reasoner (owlrl, reason.closure) and the inferred graph uploaded. stats.json's
`reasoned_in` says which ran.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph

from treaty_kg.build import load_and_validate, statistics
from treaty_kg.errors import InputError
from treaty_kg.progress import Steps
from treaty_kg.rdf.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY
from treaty_kg.rdf.remote.client import StoreAddress, StoreClient, StoreError, StoreUnavailable
from treaty_kg.rdf.remote.publisher import Publisher, PublishError
from treaty_kg.rdf.terms import quads
from treaty_kg.reasoning.owlrl_closure import InconsistentError, closure

GRAPHS = (str(GRAPH_ONTOLOGY), str(GRAPH_ASSERTED), str(GRAPH_INFERRED))


@dataclass
class StoreBuildResult:
    ok: bool
    build_id: str | None = None
    stats: dict = field(default_factory=dict)
    report: str = ""


def triples_of(graph: Graph) -> Iterable[ox.Triple]:
    """An rdflib graph's triples as pyoxigraph terms (through N-Triples, the one exact bridge)."""
    data = graph.serialize(format="nt", encoding="utf-8")
    for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        yield quad.triple


def build_in_store(address: StoreAddress, dataset: str = "default", quiet: bool = False) -> StoreBuildResult:
    """Build the project into the store at `address` and publish it as `dataset`."""
    steps = Steps("build", quiet)
    started = time.perf_counter()
    checked = load_and_validate(steps)
    if checked.outcome.fails("violation"):
        return StoreBuildResult(False, report=checked.reports["report.txt"])
    client = StoreClient(address)
    say = (lambda message: None) if quiet else (lambda message: print(f"build: {message}", file=sys.stderr, flush=True))
    try:
        publisher = Publisher(client, dataset, GRAPHS, progress=say)
        say(f"writing build {publisher.build.id} into {address.query} (dataset {dataset!r})")
        sent: dict[str, int] = {}
        with steps.step("upload ontology") as d:
            sent[GRAPHS[0]] = publisher.upload(GRAPHS[0], triples_of(checked.ontology))
            d.note = f"{sent[GRAPHS[0]]} triples"
        with steps.step("upload asserted") as d:
            sent[GRAPHS[1]] = publisher.upload(GRAPHS[1], triples_of(checked.asserted))
            d.note = f"{sent[GRAPHS[1]]} triples"
        with steps.step("reason") as d:
            try:
                result = closure(checked.ontology, checked.asserted)
            except InconsistentError as exc:
                return StoreBuildResult(False, report="\n".join(["The reasoner found contradictions:", *exc.messages]))
            d.note = f"{len(result.inferred)} inferred triples (owlrl, here)"
        with steps.step("upload inferred") as d:
            sent[GRAPHS[2]] = publisher.upload(GRAPHS[2], triples_of(result.inferred))
            d.note = f"{sent[GRAPHS[2]]} triples"
        counted = ox.Store()  # what statistics() reads: the build's graphs, as the file build has them
        for name, graph in zip(GRAPHS, (checked.ontology, checked.asserted, result.inferred), strict=True):
            counted.extend(quads(graph, ox.NamedNode(name)))
        stats = statistics(counted, checked.ontology)
        stats["dropped_from_inferred"] = dict(sorted(result.dropped.items()))
        stats["reasoned_in"] = "treaty-kg (owlrl), inferred graph uploaded"
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
