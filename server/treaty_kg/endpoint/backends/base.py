"""What the endpoint reads the graph through: a backend (rdf/reader.GraphReader and more).

Two kinds implement it: the embedded pyoxigraph store loaded from `build/dataset.nq`
(`endpoint.store.GraphStore`, the default: nothing to install) and any SPARQL 1.1 store reached
over HTTP (`remote.RemoteBackend`). Readers never see which: they ask for quads of a pattern,
rows of a SELECT over the served default graph (the merge of the build's graphs), or an untrusted
query's serialised answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from treaty_kg.endpoint.evaluation import QueryOutcome, QueryRequest
from treaty_kg.rdf.reader import GraphReader


class Backend(GraphReader, Protocol):
    """What the endpoint serves from: the reader plus untrusted queries, health and reloads."""

    kind: str  # "embedded" or "remote", for /health and logs
    on_runaway: Callable[[], None]

    @property
    def digest(self) -> str:
        """What identifies the build served now: caches of its answers (pages, VoID) key on it."""
        ...

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

    def reload_everywhere(self) -> bool:
        """Reload here now and have the other server processes follow (/admin/reload)."""
        ...

    def reload_if_changed(self) -> None:
        """A cheap check, called before each request, rate-limited by the backend itself."""
        ...

    def fresh_until(self) -> float:
        """Until when (`time.monotonic()`) reload_if_changed would not look for a new build: until
        then a response given for the build served now may be given again (edge_cache)."""
        ...

    def warm(self) -> None: ...

    def close(self) -> None: ...
