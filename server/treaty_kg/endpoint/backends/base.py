"""What the endpoint, the pages, VoID and explain read the graph through.

Two kinds implement it: the embedded pyoxigraph store loaded from `build/dataset.nq`
(`treaty_kg.store.GraphStore`, the default: nothing to install) and any SPARQL 1.1 store reached
over HTTP (`remote.RemoteBackend`). Readers never see which: they ask for quads of a pattern,
rows of a SELECT over the served default graph (the merge of the build's graphs), or an untrusted
query's serialised answer. Terms are pyoxigraph's term classes (`NamedNode`, `Literal`,
`BlankNode`, `Quad`): the package's one RDF term model; only the embedded backend uses
pyoxigraph's *store*.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Protocol, Sequence

import pyoxigraph as ox

from treaty_kg.evaluation import QueryOutcome, QueryRequest

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class StoreUnavailable(Exception):
    """The store is down, too slow, or has no published build: answered 503, and /health says so."""


class GraphReader(Protocol):
    """The read side the pages, search, VoID and explain use: trusted queries, no untrusted text."""

    def quads(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: ox.NamedNode | None = None,
        limit: int | None = None,
    ) -> Iterable[ox.Quad]:
        """Quads of the build's named graphs matching the pattern (None: any), at most `limit`;
        never the merged default graph, so a quad's graph says where the triple comes from."""
        ...

    def select(self, sparql: str) -> Sequence[ox.QuerySolution]:
        """Rows of a SELECT written by treaty-kg itself, over the served default graph (the set
        union of the build's graphs)."""
        ...

    def graph_names(self) -> frozenset[ox.NamedNode]:
        """The build's named graphs, by the names users know (graph/ontology, graph/asserted…)."""
        ...

    def graph_ntriples(self, graph: str) -> bytes:
        """One named graph of the build as N-Triples (explain rebuilds its rdflib graphs from it)."""
        ...


class Backend(GraphReader, Protocol):
    """What the endpoint serves from: the reader plus untrusted queries, health and reloads."""

    kind: str  # "embedded" or "remote", for /health and logs
    on_runaway: Callable[[], None]

    def run(self, request: QueryRequest, timeout: float) -> QueryOutcome:
        """An untrusted query's answer, refused, capped and serialised as the request asks;
        QueryTimeout / QueryBusy / StoreUnavailable when it cannot be answered in time."""
        ...

    def info(self) -> dict[str, Any]:
        """What /health and VoID report: triples per graph, load time, the build's stats."""
        ...

    def problem(self) -> str | None:
        """Why the backend cannot answer now (store down, no build), or None when it can."""
        ...

    def reload(self) -> bool:
        """Serve the newest build now: True if it changed (see each kind for what 'newest' is)."""
        ...

    def reload_if_changed(self) -> None:
        """A cheap check, called before each request, rate-limited by the backend itself."""
        ...

    def warm(self) -> None: ...

    def close(self) -> None: ...
