"""Builds inside a SPARQL store, published atomically: graph names, the pointer, what is dropped.

A build never writes the graphs users query. It writes under its own names,
`urn:x-treaty-kg:build:<id>:<public graph name>` (plus one graph holding their merge, the served
default graph), records itself in a control graph, and publishes by switching one triple, the
dataset's `published` pointer, in a single SPARQL update. A server reads that pointer and sends
every query with the dataset of the published build; until the switch it keeps serving the build
before. A build killed half-way leaves graphs no pointer names: the next build drops them, with
every build older than the one before the current (kept a little: servers notice a new pointer
within their reload interval, and must not meanwhile query graphs already dropped).

Blank nodes cannot be named in a query to a remote store (a page follows a mention to its
selector, a blank node), so a build stores them skolemised, as IRIs under `GENID`, and the remote
backend turns them back into blank nodes in every answer.

Several deployments can share one store: each publishes under its own dataset name
(TREATY_KG_STORE_DATASET, default "default").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pyoxigraph as ox

NS = "urn:x-treaty-kg:"
CONTROL = NS + "control"
GENID = NS + "genid:"
PUBLISHED = NS + "published"
PREVIOUS = NS + "previous"
OF = NS + "of"
STATE = NS + "state"
GRAPH = NS + "graph"
NAME = NS + "name"
TRIPLES = NS + "triples"
DEFAULT = NS + "default"
BUILT = NS + "built"
STATS = NS + "stats"
_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def dataset_node(name: str) -> str:
    if not _ID.match(name):
        raise ValueError(f"dataset name {name!r}: use letters, digits, '.', '_' or '-' (at most 64)")
    return f"{NS}dataset:{name}"


def new_build_id() -> str:
    """Sortable and unique enough for one store: UTC time to the microsecond."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


@dataclass(frozen=True)
class Build:
    """One build's graphs in the store, as the control graph records them."""

    id: str
    graphs: dict[str, int] = field(default_factory=dict)  # public name -> triples
    default_triples: int = 0
    built: str | None = None
    stats: dict[str, Any] | None = None

    @property
    def node(self) -> str:
        return f"{NS}build:{self.id}"

    @property
    def prefix(self) -> str:
        return f"{NS}build:{self.id}:"

    def stored(self, public: str) -> str:
        """Where a graph users know as `public` is stored for this build."""
        return self.prefix + public

    @property
    def default_graph(self) -> str:
        """The merge of the build's graphs: the default graph queries are sent with."""
        return f"{NS}build:{self.id}#default"

    def public(self, stored: str) -> str | None:
        return stored[len(self.prefix) :] if stored.startswith(self.prefix) else None


def skolem(term: Any) -> Any:
    """A blank node as the IRI it is stored as; other terms unchanged."""
    return ox.NamedNode(GENID + term.value) if isinstance(term, ox.BlankNode) else term


def skolemised(quads: Iterable[ox.Quad | ox.Triple]) -> Iterable[ox.Triple]:
    for q in quads:
        yield ox.Triple(skolem(q.subject), q.predicate, skolem(q.object))


def literal(value: str) -> str:
    return str(ox.Literal(value))


def record_build(build: Build, dataset: str) -> str:
    """The update that registers a build before its graphs are written (so a killed one is found)."""
    graphs = " ".join(
        f"<{build.node}> <{GRAPH}> <{build.stored(g)}> . <{build.stored(g)}> <{NAME}> <{g}> ." for g in build.graphs
    )
    return (
        f"INSERT DATA {{ GRAPH <{CONTROL}> {{ <{build.node}> <{OF}> <{dataset_node(dataset)}> ; "
        f'<{STATE}> "loading" ; <{DEFAULT}> <{build.default_graph}> . {graphs} }} }}'
    )


def record_counts(build: Build) -> str:
    """The update that stores the build's triple counts, time and stats (read by /health, VoID)."""
    facts = [f"<{build.stored(g)}> <{TRIPLES}> {n} ." for g, n in build.graphs.items()]
    facts.append(f"<{build.default_graph}> <{TRIPLES}> {build.default_triples} .")
    facts.append(f"<{build.node}> <{BUILT}> {literal(build.built or '')} .")
    facts.append(f"<{build.node}> <{STATS}> {literal(json.dumps(build.stats or {}))} .")
    return f"INSERT DATA {{ GRAPH <{CONTROL}> {{ {' '.join(facts)} }} }}"


def switch_pointer(build: Build, dataset: str) -> str:
    """The one update that publishes: the dataset's pointer moves to the build, the build it
    replaces becomes `previous` (kept for servers still reading it), the one before is released."""
    d = dataset_node(dataset)
    return (
        f"DELETE {{ GRAPH <{CONTROL}> {{ <{d}> <{PREVIOUS}> ?old . <{d}> <{PUBLISHED}> ?current . <{build.node}> <{STATE}> ?state }} }} "
        f"INSERT {{ GRAPH <{CONTROL}> {{ <{d}> <{PUBLISHED}> <{build.node}> . <{d}> <{PREVIOUS}> ?current . "
        f'<{build.node}> <{STATE}> "published" }} }} '
        f"WHERE {{ OPTIONAL {{ GRAPH <{CONTROL}> {{ <{d}> <{PREVIOUS}> ?old }} }} "
        f"OPTIONAL {{ GRAPH <{CONTROL}> {{ <{d}> <{PUBLISHED}> ?current }} }} "
        f"OPTIONAL {{ GRAPH <{CONTROL}> {{ <{build.node}> <{STATE}> ?state }} }} }}"
    )


def pointer_query(dataset: str) -> str:
    """The published build of the dataset (one row; the latest if a store shows two mid-switch)."""
    return (
        f"SELECT ?b WHERE {{ GRAPH <{CONTROL}> {{ <{dataset_node(dataset)}> <{PUBLISHED}> ?b }} }} ORDER BY DESC(STR(?b)) LIMIT 1"
    )


def build_query(build_node: str) -> str:
    """Everything the control graph says about one build: its graphs, counts, time and stats."""
    return (
        f"SELECT ?stored ?public ?n ?built ?stats ?default ?dn WHERE {{ GRAPH <{CONTROL}> {{ "
        f"<{build_node}> <{DEFAULT}> ?default . OPTIONAL {{ ?default <{TRIPLES}> ?dn }} "
        f"OPTIONAL {{ <{build_node}> <{BUILT}> ?built }} OPTIONAL {{ <{build_node}> <{STATS}> ?stats }} "
        f"OPTIONAL {{ <{build_node}> <{GRAPH}> ?stored . ?stored <{NAME}> ?public OPTIONAL {{ ?stored <{TRIPLES}> ?n }} }} }} }}"
    )


def stale_builds_query(dataset: str) -> str:
    """Builds of the dataset that are neither published nor the one before: killed or superseded."""
    d = dataset_node(dataset)
    return (
        f"SELECT ?b ?stored WHERE {{ GRAPH <{CONTROL}> {{ ?b <{OF}> <{d}> . "
        f"FILTER NOT EXISTS {{ <{d}> <{PUBLISHED}> ?b }} FILTER NOT EXISTS {{ <{d}> <{PREVIOUS}> ?b }} "
        f"OPTIONAL {{ ?b <{GRAPH}> ?stored }} }} }}"
    )


def forget_build(build_node: str, stored: Iterable[str], default_graph: str) -> str:
    """The update that drops a stale build's graphs and its records (every control triple whose
    subject is the build or one of its graphs: they all start with the build's IRI)."""
    drops = " ; ".join(f"DROP SILENT GRAPH <{g}>" for g in (*stored, default_graph))
    return (
        f"{drops} ; DELETE {{ GRAPH <{CONTROL}> {{ ?x ?p ?o }} }} "
        f"WHERE {{ GRAPH <{CONTROL}> {{ ?x ?p ?o FILTER(STRSTARTS(STR(?x), {literal(build_node)})) }} }}"
    )
