"""Evaluate one untrusted SPARQL query against a store and serialise its results.

This runs where the query is answered under its time limit (see `store.py`), so everything here
is bounded by it, including the safety parse. It refuses SERVICE unless allowed, caps the
number of rows or triples, and says so in the body where the format has room for it.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import IO, Any, cast

import pyoxigraph as ox

from treaty_kg.endpoint.query_guard import depth_refusal, service_refusal
from treaty_kg.rdf.formats import BY_NAME, TABULAR, Format, format_names, serialize, serialize_results
from treaty_kg.rdf.namespaces import PREFIXES

TRUNCATED_HEADER = "X-Treaty-KG-Truncated"
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"


@dataclass(frozen=True)
class QueryRequest:
    """What a worker needs to answer a query: plain data, so it crosses the process boundary."""

    query: str
    formats: tuple[str, ...]  # acceptable format names, best first
    default_graph: tuple[str, ...] | None = None  # the protocol's default-graph-uri
    named_graphs: tuple[str, ...] | None = None  # the protocol's named-graph-uri
    max_rows: int = 10_000
    allow_service: bool = False
    base_iri: str | None = None
    max_depth: int = 64  # brackets nested in the query text (query_guard.depth_refusal)


@dataclass(frozen=True)
class QueryOutcome:
    status: int
    body: bytes
    media_type: str = "text/plain"
    kind: str = "error"  # "solutions", "boolean", "graph" or "error"
    count: int = 0  # rows or triples sent
    truncated: bool = False
    limit: int = 0  # the cap that cut the answer, when truncated (ours, or a remote store's own)

    @classmethod
    def error(cls, status: int, message: str) -> QueryOutcome:
        return cls(status, message.encode("utf-8"))


def dataset_options(default_graph: Iterable[str] | None, named_graphs: Iterable[str] | None) -> dict[str, Any]:
    """pyoxigraph options for the protocol's dataset; a part the request leaves out is empty.

    Without either, no options: the store's default graph (the merge of all graphs) and the
    query's own FROM / FROM NAMED apply.
    """
    if default_graph is None and named_graphs is None:
        return {}
    return {
        "default_graph": [ox.NamedNode(iri) for iri in default_graph or ()],
        "named_graphs": [ox.NamedNode(iri) for iri in named_graphs or ()],
    }


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def pick(request: QueryRequest, kind: str, boolean: bool = False) -> Format | None:
    for name in request.formats:
        fmt = BY_NAME[name]
        if fmt.kind == kind and not (boolean and name in TABULAR):
            return fmt
    return None


def not_acceptable(what: str) -> QueryOutcome:
    names = format_names("graph") if what == "graph" else format_names("results", boolean=what == "boolean")
    return QueryOutcome.error(406, f"no acceptable format for {what} results; available: {names}")


class _Enough(Exception):
    """Raised into pyoxigraph's writer when a row past the cap begins: evaluation stops there."""


class PastDeadline(Exception):
    """Rows were still being written when the deadline passed (a remote store's answer, read as
    it streams in)."""


class _FirstRows:
    """A binary file for pyoxigraph's TSV writer that keeps the header and the first `cap` rows.

    TSV writes one row per line (newlines in values are escaped), and pyoxigraph calls `write`
    every ~8 KB while it evaluates, so rows are counted by newlines and the writer is stopped
    when the next row begins: no Python object per row or per cell, and no work past the cap.
    """

    def __init__(self, cap: int, deadline: float) -> None:
        self._wanted = cap + 1  # lines still wanted, the header's included
        self._parts: list[bytes] = []
        self._deadline = deadline
        self.truncated = False

    def write(self, data: bytes) -> int:
        data = bytes(data)
        if self.truncated:  # pyoxigraph flushing what it holds after being stopped
            return len(data)
        if time.monotonic() > self._deadline:
            raise PastDeadline
        if self._wanted == 0:
            if data:
                self.truncated = True
                raise _Enough
            return 0
        lines = data.count(b"\n")
        if lines < self._wanted:
            self._parts.append(data)
            self._wanted -= lines
            return len(data)
        end = -1
        for _ in range(self._wanted):
            end = data.index(b"\n", end + 1)
        self._parts.append(data[: end + 1])
        self._wanted = 0
        if end + 1 < len(data):
            self.truncated = True
            raise _Enough
        return len(data)

    def flush(self) -> None:
        """Nothing buffered here."""

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


def first_rows(result: ox.QuerySolutions, cap: int, deadline: float = math.inf) -> tuple[bytes, bool]:
    """The header and at most `cap` rows as TSV, written by pyoxigraph (stopped at the row past the
    cap), and whether rows were dropped. PastDeadline when the writing is still going on at
    `deadline` (checked every ~8 KB written): for a remote store's answer, which pyoxigraph parses
    here as it streams in; the embedded store's evaluation has its own limit (store.py)."""
    sink = _FirstRows(cap, deadline)
    try:
        result.serialize(cast(IO[bytes], sink), format=ox.QueryResultsFormat.TSV)  # a duck-typed binary file
    except _Enough:
        pass
    return sink.getvalue(), sink.truncated


def _solutions(result: ox.QuerySolutions, fmt: Format, cap: int) -> QueryOutcome:
    """Serialise at most `cap` rows: as TSV first (`first_rows`) and, for another format, read back
    so pyoxigraph's own writers produce it."""
    tsv, truncated = first_rows(result, cap)
    return solutions_outcome(tsv, fmt, cap, truncated)


def solutions_outcome(tsv: bytes, fmt: Format, cap: int, truncated: bool) -> QueryOutcome:
    """The answer for rows already written as TSV (header and at most `cap` rows): in `fmt`, by
    pyoxigraph's own writers, with the truncation said when rows were dropped. The remote backend
    writes a store's rows as TSV and comes through here too, so both answer byte for byte alike."""
    body = tsv if fmt.name == "tsv" else serialize_results(ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV), fmt)
    if truncated:
        body = _mark_truncated(body, fmt, cap)
    return QueryOutcome(200, body, fmt.media_type, "solutions", tsv.count(b"\n") - 1, truncated, cap if truncated else 0)


def graph_outcome(result: Iterable[ox.Triple], fmt: Format, cap: int) -> QueryOutcome:
    """At most `cap` triples in `fmt`, the truncation said (both backends)."""
    triples = list(islice(result, cap + 1))
    truncated = len(triples) > cap
    prefixes = PREFIXES if fmt.name in ("turtle", "rdfxml") else None
    body = serialize(triples[:cap], fmt, prefixes=prefixes)
    if truncated:
        body = _mark_truncated(body, fmt, cap)
    return QueryOutcome(200, body, fmt.media_type, "graph", min(len(triples), cap), truncated)


def _mark_truncated(body: bytes, fmt: Format, cap: int) -> bytes:
    """Say in the body that rows were dropped, where the format has room for a note."""
    note = f"results truncated to the first {cap}; the endpoint's row limit"
    if fmt.name == "json":
        document = json.loads(body)
        document["truncated"] = {"limit": cap, "message": note}
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt.name in ("xml", "rdfxml"):
        head, sep, rest = body.partition(b"?>")
        comment = f"<!-- {note} -->".encode()
        return head + sep + comment + rest if sep else comment + body
    if fmt.name in ("turtle", "ntriples"):
        return f"# {note}\n".encode() + body
    return body  # CSV, TSV and JSON-LD have no room for a note: the header says it


def evaluate(store: ox.Store, request: QueryRequest) -> QueryOutcome:
    """Run one query and serialise its results; every failure becomes an outcome, never an exception.

    Must run on a thread whose stack is `query_guard.stack_bytes` (see `store.start_thread`).
    """
    return refusal(request) or _answer(store, request)


def refusal(request: QueryRequest) -> QueryOutcome | None:
    """Why the query is not run at all (empty, nested too deeply, SERVICE), on any backend: a
    remote store gets only queries that pass, so this runs before anything is sent."""
    if not request.query.strip():
        return QueryOutcome.error(400, "empty query: send a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE)")
    refused = depth_refusal(request.query, request.max_depth)
    if refused:
        return QueryOutcome.error(400, refused)
    if not request.allow_service:
        refused = service_refusal(request.query)
        if refused:
            return QueryOutcome.error(403, refused)
    return None


def syntax_failure(request: QueryRequest, exc: SyntaxError) -> QueryOutcome:
    """A query the engine cannot parse: 403 if it is an update (read-only), else 400 with why."""
    if _is_update(request.query):
        return QueryOutcome.error(403, READ_ONLY)
    return QueryOutcome.error(400, f"malformed query: {exc}")


def _answer(store: ox.Store, request: QueryRequest) -> QueryOutcome:
    """Evaluate and serialise, in a frame of its own: pyoxigraph's results must not outlive the
    thread that made them (they cannot be freed on another one and would leak)."""
    try:
        result = store.query(
            request.query,
            base_iri=request.base_iri,
            **dataset_options(request.default_graph, request.named_graphs),
        )
        if isinstance(result, ox.QueryBoolean):
            fmt = pick(request, "results", boolean=True)
            if fmt is None:
                return not_acceptable("boolean")
            return QueryOutcome(200, serialize_results(result, fmt), fmt.media_type, "boolean", 1)
        if isinstance(result, ox.QuerySolutions):
            fmt = pick(request, "results")
            return not_acceptable("solutions") if fmt is None else _solutions(result, fmt, request.max_rows)
        fmt = pick(request, "graph")
        return not_acceptable("graph") if fmt is None else graph_outcome(result, fmt, request.max_rows)
    except SyntaxError as exc:
        return syntax_failure(request, exc)
    except (RuntimeError, ValueError, TypeError) as exc:
        # what pyoxigraph refuses to evaluate in a query that parsed (an unknown function IRI,
        # a type it cannot compare…) is the query's doing: a client error, with the reason
        return QueryOutcome.error(400, f"the query cannot be evaluated: {exc}")
    except OSError as exc:
        return QueryOutcome.error(500, f"query evaluation failed: {exc}")
