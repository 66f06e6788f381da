"""Writing a build into a SPARQL store and publishing it atomically (publication.py says how).

`Publisher` is what `treaty-kg build --store URL` and the tests' store fixture use: register the
build, upload graphs (Graph Store Protocol when the store has it, else INSERT DATA in chunks),
merge them into the served default graph, check the counts, switch the pointer, drop stale builds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pyoxigraph as ox

from treaty_kg.rdf.remote.client import JSON_RESULTS, StoreClient, StoreError
from treaty_kg.rdf.remote.publication import (
    CONTROL,
    GRAPH,
    NS,
    Build,
    forget_build,
    new_build_id,
    record_build,
    record_counts,
    skolemised,
    stale_builds_query,
    switch_pointer,
)

log = logging.getLogger(__name__)
CHUNK = 20_000  # triples per upload request: big enough to be fast, small enough for any store's limits


class PublishError(Exception):
    """The build could not be written or checked; nothing was published."""


class Publisher:
    """One build of one dataset in one store."""

    def __init__(
        self, client: StoreClient, dataset: str, graphs: Iterable[str], progress: Callable[[str], None] | None = None
    ) -> None:
        self.client = client
        self.dataset = dataset
        self.build = Build(new_build_id(), {g: 0 for g in graphs})
        self._say = progress or (lambda message: None)
        self._work: list[str] = []
        self.client.update(record_build(self.build, dataset))

    def work_graph(self, name: str) -> str:
        """A graph the build uses while it is made (reasoning's delta graphs, the skolemised
        ontology), named under the build's prefix and recorded as one of the build's graphs before
        anything is written to it: readers never see it (it has no public name), a build killed
        meanwhile has it dropped by the next build, and `drop_work` drops it when done."""
        stored = f"{self.build.prefix}work:{name}"
        self.client.update(f"INSERT DATA {{ GRAPH <{CONTROL}> {{ <{self.build.node}> <{GRAPH}> <{stored}> }} }}")
        self._work.append(stored)
        return stored

    def drop_work(self) -> None:
        """Drop the work graphs and their records."""
        for stored in self._work:
            self.client.update(
                f"DROP SILENT GRAPH <{stored}> ; "
                f"DELETE DATA {{ GRAPH <{CONTROL}> {{ <{self.build.node}> <{GRAPH}> <{stored}> }} }}"
            )
        self._work = []

    def upload(self, graph: str, triples: Iterable[ox.Triple | ox.Quad]) -> int:
        """Add triples (blank nodes skolemised) to one of the build's graphs (a public name) or work
        graphs (as `work_graph` named it); how many were sent."""
        if graph in self._work:
            stored = graph
        elif graph in self.build.graphs:
            stored = self.build.stored(graph)
        else:
            raise ValueError(f"{graph} is not a graph of this build")
        sent = 0
        chunk: list[ox.Triple] = []
        for triple in skolemised(triples):
            chunk.append(triple)
            if len(chunk) >= CHUNK:
                self._send(stored, chunk)
                sent += len(chunk)
                chunk = []
        if chunk:
            self._send(stored, chunk)
            sent += len(chunk)
        return sent

    def _send(self, stored: str, triples: list[ox.Triple]) -> None:
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        if not self.client.upload(stored, body):
            self.client.update(f"INSERT DATA {{ GRAPH <{stored}> {{ {body.decode('utf-8')} }} }}")

    def abandon(self) -> None:
        """Drop everything the build wrote, and its records: a build that failed is not kept for
        the next one to find (a build killed before this runs still is)."""
        stored = [self.build.stored(g) for g in self.build.graphs] + self._work
        self.client.update(forget_build(self.build.node, stored, self.build.default_graph))
        self._work = []

    def count(self, stored: str) -> int:
        response = self.client.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{stored}> {{ ?s ?p ?o }} }}",
            accept=JSON_RESULTS,
            dataset=([NS + "no-such-graph"], [stored]),
            timeout=3600,
        )
        if response.status_code >= 300:
            raise PublishError(f"counting {stored}: HTTP {response.status_code}: {response.text[:300]}")
        result = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        for row in result:  # type: ignore[union-attr]
            term = row[0]
            return int(term.value) if term is not None else 0
        return 0

    def merge_default(self) -> None:
        """The served default graph: the set union of the build's graphs (a store's own union of
        several default graphs repeats a triple once per graph holding it; Virtuoso's does)."""
        graphs = " ".join(f"<{self.build.stored(g)}>" for g in self.build.graphs)
        self.client.update(
            f"INSERT {{ GRAPH <{self.build.default_graph}> {{ ?s ?p ?o }} }} "
            f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} VALUES ?g {{ {graphs} }} }}"
        )

    def finish(self, expected: dict[str, int], built: str, stats: dict[str, Any]) -> Build:
        """Merge, check every graph holds what was sent, record the counts, publish, collect.

        `expected` gives a lower bound of triples per graph (what was uploaded; the store may have
        merged duplicates, never lost any): a graph holding fewer fails the build unpublished."""
        self._say("merging the default graph")
        self.merge_default()
        counts = {g: self.count(self.build.stored(g)) for g in self.build.graphs}
        short = {g: (counts[g], n) for g, n in expected.items() if counts.get(g, 0) < n}
        if short:
            raise PublishError(
                "the store holds fewer triples than were sent: " + ", ".join(f"{g}: {c} < {n}" for g, (c, n) in short.items())
            )
        self.build = replace(
            self.build, graphs=counts, default_triples=self.count(self.build.default_graph), built=built, stats=stats
        )
        self.client.update(record_counts(self.build))
        self._say("publishing")
        self.client.update(switch_pointer(self.build, self.dataset))
        self.collect_garbage()
        return self.build

    def collect_garbage(self) -> list[str]:
        """Drop the graphs of builds neither published nor the one before (killed or superseded)."""
        response = self.client.query(
            stale_builds_query(self.dataset), accept=JSON_RESULTS, dataset=([NS + "control"], [NS + "control"]), timeout=600
        )
        if response.status_code >= 300:
            raise StoreError(response.status_code, response.text[:300])
        stale: dict[str, list[str]] = {}
        for row in ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON):  # type: ignore[union-attr]
            node, stored = row[0], row[1]
            if node is None:
                continue
            stale.setdefault(node.value, [])
            if stored is not None:
                stale[node.value].append(stored.value)
        for node, graphs in stale.items():
            if node == self.build.node:
                continue
            self._say(f"dropping stale build {node}")
            self.client.update(forget_build(node, graphs, node + "#default"))
        return [n for n in stale if n != self.build.node]


def publish_quads(client: StoreClient, dataset: str, quads: Iterable[ox.Quad], stats: dict[str, Any] | None = None) -> Build:
    """Publish a dataset's named graphs as one build (a built dataset.nq, the tests' fixtures);
    triples in the default graph are not part of a build and are left out."""
    graphs: dict[str, list[ox.Triple]] = {}
    for quad in quads:
        if isinstance(quad.graph_name, ox.NamedNode):
            graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    publisher = Publisher(client, dataset, graphs)
    sent = {graph: publisher.upload(graph, triples) for graph, triples in graphs.items()}
    return publisher.finish(sent, datetime.now(UTC).isoformat(timespec="seconds"), stats or {})
