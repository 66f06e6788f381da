"""The served graph: an in-memory pyoxigraph store loaded from `build/dataset.nq`, and the two
ways untrusted queries are answered under a time limit.

pyoxigraph has no query timeout and a single operation (a sort or a count over a cross product)
can run for hours before yielding its first row; a thread cannot be stopped, a process can.
- "thread" isolation (the default): the query runs in this process, in a daemon thread the
  request waits on with the deadline (pyoxigraph releases the GIL, so other requests go on). A
  query past its limit is answered 503 and abandoned; `on_runaway` then lets the host retire the
  process (under gunicorn the worker exits once its responses are sent and a fresh one starts),
  which is what stops the abandoned thread. No copy of the data, no pipe: the fast path.
- "process" isolation: worker processes each hold a copy of the store and answer one query at a
  time; a query over its time limit gets its worker killed and replaced, and a per-worker
  address-space limit stops a query that would exhaust memory. Slower (a pipe round trip and
  pickling per query), for deployments that need the memory cap per query.

Why the default graph is materialised: pyoxigraph's union default graph repeats a triple once per
graph holding it and ignores `FROM`; copying every named graph's triples into the store's real
default graph at load gives the RDF merge (a set) and leaves `FROM`/`FROM NAMED` to pyoxigraph.
"""

from __future__ import annotations

import json
import logging
import math
import multiprocessing
import os
import queue
import resource
import signal
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from treaty_kg.endpoint.evaluation import QueryOutcome, QueryRequest, dataset_options, evaluate
from treaty_kg.endpoint.query_guard import MIN_STACK_BYTES
from treaty_kg.errors import InputError
from treaty_kg.rdf.manifest import MANIFEST_NAME, ManifestError, check_counts, check_digest, digest, manifest_path, read_manifest
from treaty_kg.rdf.namespaces import GRAPH_CANDIDATE
from treaty_kg.rdf.select import select

log = logging.getLogger(__name__)

# Unreviewed candidates (a build made with --candidates) stay in their own named graph only: a
# query of the default graph never sees them unless it names that graph.
MERGE_DEFAULT_GRAPH = f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{GRAPH_CANDIDATE}>) }}"
ISOLATIONS = ("thread", "process")
COUNT_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


class DatasetError(InputError):
    """The dataset file is missing or malformed; the last good store keeps serving."""


class QueryTimeout(Exception):
    """A query ran past its time limit; its worker was killed."""


class QueryBusy(Exception):
    """Every worker stayed busy for the whole time limit."""


def parse_dataset(path: Path, data: bytes) -> ox.Store:
    """A store holding the file's named graphs plus their merge as its default graph."""
    store = ox.Store()
    try:
        store.load(data, format=ox.RdfFormat.N_QUADS)
    except (SyntaxError, ValueError) as exc:
        raise DatasetError(f"{path}: {exc}") from None
    store.update(MERGE_DEFAULT_GRAPH)
    return store


def cap_memory(memory_mb: int) -> None:
    """Let this process's address space grow by at most `memory_mb` past what it holds now, the
    loaded graph included (0: unlimited): a query allocating past it aborts this process only,
    instead of exhausting the machine before its time limit. Past, not in all: a cap on the
    whole address space was a cap on the graph's size too; with the 1M-triple graph loaded a
    worker's address space was 1.6 GB of the 2 GB default, and it then failed its first
    allocations at start."""
    if memory_mb > 0:
        limit = _address_space() + (memory_mb << 20)
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)  # a limit set from outside (ulimit -v) cannot be raised here
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _address_space() -> int:
    """This process's address space in bytes now (Linux: /proc/self/statm; elsewhere 0, and the
    cap is then on the whole address space)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * resource.getpagesize()


_STACK_LOCK = threading.Lock()


def start_thread(target: Callable[[], None], name: str, stack: int) -> threading.Thread:
    """A daemon thread with `stack` bytes of stack: pyoxigraph recurses once per level of a
    query's nesting, and the default stack (8 MiB, or less under some servers) overflows on
    queries the length cap lets through (query_guard). `threading.stack_size` is process-wide,
    so it is set and restored under a lock."""
    thread = threading.Thread(target=target, name=name, daemon=True)
    with _STACK_LOCK:
        previous = threading.stack_size(stack)
        try:
            thread.start()
        finally:
            threading.stack_size(previous)
    return thread


def _worker_main(conn: Connection, data: bytes, memory_mb: int, stack: int) -> None:
    """A worker's life: load the dataset, then answer requests until the pipe closes.

    With `memory_mb`, a query that allocates past it aborts the worker (the parent says so and
    replaces it) instead of exhausting the machine before its time limit. Queries are answered on
    a thread with a stack of `stack` bytes, not on the main thread's fixed one.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which closes the pipe
    store = parse_dataset(Path("dataset"), data)
    cap_memory(memory_mb)

    def answer() -> None:
        conn.send("ready")
        while True:
            try:
                request = conn.recv()
            except (EOFError, OSError):
                return
            conn.send(evaluate(store, request))

    start_thread(answer, "treaty-kg query worker", stack).join()


class _Worker:
    def __init__(self, context: Any, data: bytes, memory_mb: int, stack: int) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, data, memory_mb, stack), daemon=True)
        self.process.start()
        child.close()
        if not self.conn.poll(60) or self.conn.recv() != "ready":
            self.kill()
            raise RuntimeError("query worker failed to start")

    def ask(self, request: QueryRequest, timeout: float) -> QueryOutcome | None:
        """The worker's answer, or None when it took longer than `timeout` seconds."""
        self.conn.send(request)
        if self.conn.poll(timeout):
            return self.conn.recv()
        return None

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class Evaluator(Protocol):
    """What answers a snapshot's untrusted queries within a time limit."""

    def run(self, request: QueryRequest, timeout: float) -> QueryOutcome: ...

    def warm(self) -> None: ...

    def close(self) -> None: ...


class _Job:
    """One query handed to an evaluation thread; `done` is released when `outcome` is set."""

    __slots__ = ("request", "outcome", "done")

    def __init__(self, request: QueryRequest) -> None:
        self.request = request
        self.outcome: QueryOutcome | None = None
        self.done = threading.Lock()
        self.done.acquire()


class ThreadEvaluator:
    """Queries answered in this process by daemon threads; the request waits with its deadline.

    Threads are kept between queries (starting one costs ~140 µs, four times a label lookup) and
    started when none is idle, so a thread stuck on an abandoned runaway never delays others.
    Daemon threads, not a pool's: an abandoned runaway must not keep the process from exiting.
    """

    def __init__(self, store: ox.Store, on_runaway: Callable[[], None], stack: int) -> None:
        self._store = store
        self._on_runaway = on_runaway
        self._stack = stack
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0
        self._closed = False

    def run(self, request: QueryRequest, timeout: float) -> QueryOutcome:
        job = _Job(request)
        with self._lock:
            spawn = self._idle == 0
            if not spawn:
                self._idle -= 1
        if spawn:
            start_thread(self._serve, "treaty-kg query", self._stack)
        self._jobs.put(job)
        if not job.done.acquire(timeout=timeout):
            self._on_runaway()
            raise QueryTimeout(f"query exceeded the time limit of {timeout:g} s and was stopped")
        if job.outcome is None:  # evaluate() turns every failure into an outcome; this was a crash
            return QueryOutcome.error(500, "query evaluation failed; the error was logged")
        return job.outcome

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job.outcome = evaluate(self._store, job.request)
            except Exception:
                log.exception("query evaluation crashed")
            finally:
                with self._lock:
                    leave = self._closed  # a replaced build's thread ends once its query is answered
                    if not leave:
                        self._idle += 1
                job.done.release()
            if leave:
                return

    def warm(self) -> None:
        """Nothing to start: the store is already loaded in this process."""

    def close(self) -> None:
        """Let the idle threads end; one still answering ends after its query (or with the process)."""
        with self._lock:
            self._closed = True
            count, self._idle = self._idle, 0
        for _ in range(count):
            self._jobs.put(None)


class QueryPool:
    """At most `size` worker processes, started on first use, each answering one query at a time."""

    def __init__(self, data: bytes, size: int, memory_mb: int, stack: int) -> None:
        self._data = data
        self._stack = stack
        self._size = max(1, size)
        self._memory_mb = memory_mb
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._lock = threading.Lock()
        self._count = 0
        self._closed = False
        self._context = multiprocessing.get_context("forkserver")

    def run(self, request: QueryRequest, timeout: float) -> QueryOutcome:
        worker = self._acquire(timeout)
        try:
            outcome = worker.ask(request, timeout)
        except (EOFError, OSError):
            limit = f" (its memory limit is {self._memory_mb} MB past the graph)" if self._memory_mb else ""
            outcome = QueryOutcome.error(500, f"the query stopped its worker{limit}; it was not answered")
            self._discard(worker)
            return outcome
        if outcome is None:
            self._discard(worker)
            raise QueryTimeout(f"query exceeded the time limit of {timeout:g} s and was stopped")
        self._release(worker)
        return outcome

    def _acquire(self, timeout: float) -> _Worker:
        """An idle worker, or a new one while fewer than `size` live (one killed frees a place)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self._idle.get_nowait()
            except queue.Empty:
                pass
            worker = self._spawn()
            if worker is not None:
                return worker
            left = deadline - time.monotonic()
            if left <= 0:
                raise QueryBusy(f"all {self._size} query workers stayed busy for {timeout:g} s")
            try:
                return self._idle.get(timeout=min(left, 0.05))
            except queue.Empty:
                continue

    def _spawn(self) -> _Worker | None:
        """A new worker while fewer than `size` live, else None; its place is taken before it
        starts (starting takes a while), and given back if it fails to."""
        with self._lock:
            if self._count >= self._size:
                return None
            self._count += 1
        try:
            return _Worker(self._context, self._data, self._memory_mb, self._stack)
        except Exception:
            with self._lock:
                self._count -= 1
            raise

    def warm(self) -> None:
        """Start every worker now, so the first queries do not wait for one to load the data."""
        while (worker := self._spawn()) is not None:
            self._idle.put(worker)

    def _release(self, worker: _Worker) -> None:
        if self._closed:
            self._discard(worker)
        else:
            self._idle.put(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._count -= 1

    def close(self) -> None:
        """Stop idle workers now; busy ones stop when their query ends."""
        self._closed = True
        while True:
            try:
                self._discard(self._idle.get_nowait())
            except queue.Empty:
                return


class ResultCache:
    """Answers already given for this build, by request: the data is read-only between reloads,
    so a repeated query (a page's, a popular example's) needs no worker. Least recently used go."""

    MAX_BODY = 1 << 20  # bytes; bigger answers are not kept

    def __init__(self, entries: int) -> None:
        self._entries = entries
        self._items: OrderedDict[QueryRequest, QueryOutcome] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, request: QueryRequest) -> QueryOutcome | None:
        with self._lock:
            outcome = self._items.get(request)
            if outcome is not None:
                self._items.move_to_end(request)
            return outcome

    def put(self, request: QueryRequest, outcome: QueryOutcome) -> None:
        if self._entries <= 0 or outcome.status != 200 or len(outcome.body) > self.MAX_BODY:
            return
        with self._lock:
            self._items[request] = outcome
            while len(self._items) > self._entries:
                self._items.popitem(last=False)


@dataclass(frozen=True)
class _Snapshot:
    """One loaded build: the store, what answers its queries and what /health says about it."""

    store: ox.Store
    evaluator: Evaluator
    cache: ResultCache
    digest: str
    stamp: tuple[int, int]
    loaded_at: str
    source: Path  # the dataset file, or the last good copy when the file was damaged
    triples: dict[str, int] = field(default_factory=dict)


RELOAD_MARKER = ".reload-request"  # touched to make every server process on a dataset reload
MARKER_INTERVAL = 0.2  # seconds between two looks at the marker: "at once" for people, no stat per request
LAST_GOOD = ".last-good"  # folder beside the dataset: the last build this server verified and loaded


def _triples_per_graph(store: ox.Store) -> dict[str, int]:
    """Triples in each named graph, and under "default" those of their merge."""
    counts = {row["g"].value: int(row["n"].value) for row in select(store, COUNT_PER_GRAPH)}
    (row,) = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    counts["default"] = int(row["n"].value)
    return counts


class GraphStore:
    """The embedded backend (endpoint/backends/base.Backend): the graph the server answers from,
    loaded from an N-Quads file and swapped atomically when a new build is reloaded."""

    kind = "embedded"

    def __init__(
        self,
        path: Path,
        *,
        isolation: str = "thread",
        workers: int = 2,
        check_interval: float = 2.0,
        cache_entries: int = 0,
        memory_mb: int = 0,
        stack: int = MIN_STACK_BYTES,
    ) -> None:
        if isolation not in ISOLATIONS:
            raise ValueError(f"isolation must be one of {', '.join(ISOLATIONS)}, not {isolation!r}")
        self.path = Path(path)
        self.isolation = isolation
        self.workers = workers
        # Called (in "thread" isolation) when a query is abandoned past its limit; the host sets it
        # to retire the process, which is what stops the abandoned thread (see serve.py).
        self.on_runaway: Callable[[], None] = self._log_runaway
        self.memory_mb = memory_mb
        self.stack = stack
        self.cache_entries = cache_entries
        self.check_interval = check_interval
        self.last_error: str | None = None
        self._lock = threading.Lock()
        self._next_check = 0.0
        self._snapshot = self._first_load()
        self._marker = self._marker_stamp()
        self._next_marker_check = 0.0

    @property
    def store(self) -> ox.Store:
        return self._snapshot.store

    @property
    def digest(self) -> str:
        """The SHA-256 of the build being served: what caches of its answers are keyed on."""
        return self._snapshot.digest

    def _stamp(self) -> tuple[int, int]:
        stat = self.path.stat()
        return stat.st_mtime_ns, stat.st_size

    def _read(self) -> tuple[bytes, tuple[int, int]]:
        """The dataset file's bytes and its stamp."""
        try:
            stamp = self._stamp()
            return self.path.read_bytes(), stamp
        except FileNotFoundError:
            raise DatasetError(f"{self.path}: no such dataset (run `treaty-kg build` first)") from None
        except OSError as exc:
            raise DatasetError(f"{self.path}: cannot read: {exc}") from None

    @property
    def last_good(self) -> Path:
        """Where this server keeps a copy of the last build it verified and loaded: a process
        started later (a worker replaced after a crash, a kill or a runaway) comes up on it when
        the dataset file has been damaged since, instead of failing to boot."""
        return self.path.parent / LAST_GOOD / self.path.name

    def _first_load(self) -> _Snapshot:
        """The dataset, verified against its build's manifest; else the last good copy."""
        try:
            data, stamp = self._read()
            return self._load(self.path, data, stamp)
        except DatasetError as exc:
            if not self.last_good.is_file():
                raise
            log.error("%s; serving the last good build kept at %s", exc, self.last_good)
            self.last_error = str(exc)
            data = self.last_good.read_bytes()
            return self._load(self.last_good, data, self._stamp_or_zero())

    def _stamp_or_zero(self) -> tuple[int, int]:
        try:
            return self._stamp()
        except OSError:
            return (0, 0)

    def _load(self, source: Path, data: bytes, stamp: tuple[int, int]) -> _Snapshot:
        """Verify and parse a dataset's bytes: their digest against the build's manifest before
        parsing, the triples per graph after, then keep a copy as the last good build."""
        try:
            recorded = read_manifest(source)
            check_digest(source, data, recorded)
        except ManifestError as exc:
            raise DatasetError(str(exc)) from None
        store = parse_dataset(source, data)
        triples = _triples_per_graph(store)
        try:
            check_counts(source, triples, recorded)
        except ManifestError as exc:
            raise DatasetError(str(exc)) from None
        if source != self.last_good and recorded is not None:
            self._keep_last_good(source, data)
        if self.isolation == "process":
            evaluator: Evaluator = QueryPool(data, self.workers, self.memory_mb, self.stack)
        else:
            evaluator = ThreadEvaluator(store, lambda: self.on_runaway(), self.stack)
        return _Snapshot(
            store=store,
            evaluator=evaluator,
            cache=ResultCache(self.cache_entries),
            digest=digest(data),
            stamp=stamp,
            loaded_at=datetime.now(UTC).isoformat(timespec="seconds"),
            source=source,
            triples=triples,
        )

    def _keep_last_good(self, source: Path, data: bytes) -> None:
        """Copy a verified build (dataset + manifest) aside, atomically; several processes may
        do it at once with the same bytes. A failure to copy costs only the fallback."""
        folder = self.last_good.parent
        try:
            if self.last_good.is_file() and manifest_path(self.last_good).is_file():
                kept = read_manifest(self.last_good)
                if kept is not None and kept["sha256"] == digest(data):
                    return
            folder.mkdir(exist_ok=True)
            for name, content in ((source.name, data), (MANIFEST_NAME, manifest_path(source).read_bytes())):
                tmp = folder / f".{name}.{os.getpid()}.{threading.get_ident()}.tmp"
                tmp.write_bytes(content)
                os.replace(tmp, folder / name)
        except (OSError, ManifestError) as exc:
            log.warning("could not keep a copy of the build at %s: %s", folder, exc)

    def reload(self) -> bool:
        """Load the dataset again: True if a new build now serves, False if it was unchanged.

        A missing or malformed file raises DatasetError and the last good build keeps serving.
        """
        with self._lock:
            try:
                data, stamp = self._read()
                snapshot = None if digest(data) == self._snapshot.digest else self._load(self.path, data, stamp)
            except DatasetError as exc:
                self.last_error = str(exc)
                raise
            self.last_error = None
            if snapshot is None:  # the same build: nothing parsed, nothing to swap
                self._snapshot = replace(self._snapshot, stamp=stamp)
                return False
            old, self._snapshot = self._snapshot, snapshot
        old.evaluator.close()
        log.info("reloaded %s (%s triples)", self.path, sum(snapshot.triples.values()))
        return True

    @property
    def reload_marker(self) -> Path:
        """A file every server process on this dataset watches: `reload_everywhere` touches it,
        so a reload asked of one process (one request reaches one worker) reaches them all."""
        return self.path.parent / RELOAD_MARKER

    def _marker_stamp(self) -> int:
        try:
            return self.reload_marker.stat().st_mtime_ns
        except OSError:
            return 0

    def reload_everywhere(self) -> bool:
        """Reload here now, and make every other process on this dataset reload at its next request."""
        try:
            self.reload_marker.write_text(f"{time.time_ns()}\n", encoding="utf-8")
        except OSError as exc:
            log.warning("cannot ask the other server processes to reload (%s): they reload within %g s", exc, self.check_interval)
        self._marker = self._marker_stamp()
        return self.reload()

    def reload_if_changed(self) -> None:
        """Reload when another process asked for it (the marker, looked at every 0.2 s at most),
        or when the file's time or size changed (at most once per `check_interval` seconds)."""
        now = time.monotonic()
        due = self.check_interval > 0 and now >= self._next_check
        if now >= self._next_marker_check:
            self._next_marker_check = now + MARKER_INTERVAL
            marker = self._marker_stamp()
            if marker != self._marker:
                self._marker = marker
                due = True
        if not due:
            return
        self._next_check = now + self.check_interval
        try:
            if self._stamp() == self._snapshot.stamp:
                return
            self.reload()
        except (OSError, DatasetError) as exc:
            log.error("reload failed, still serving the build loaded at %s: %s", self._snapshot.loaded_at, exc)

    def fresh_until(self) -> float:
        """The earlier of the next look at the reload marker and at the dataset file."""
        return min(self._next_marker_check, self._next_check if self.check_interval > 0 else math.inf)

    @staticmethod
    def _log_runaway() -> None:
        log.warning("a query past its time limit keeps running in this process until it ends (no host to retire it)")

    def run(self, request: QueryRequest, timeout: float) -> QueryOutcome:
        """Answer an untrusted query, abandoned after `timeout` seconds (see the module's note),
        or from the cache of this build's answers."""
        snapshot = self._snapshot
        outcome = snapshot.cache.get(request)
        if outcome is None:
            outcome = snapshot.evaluator.run(request, timeout)
            snapshot.cache.put(request, outcome)
        return outcome

    def query(
        self,
        sparql: str,
        *,
        default_graph: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
        union_default: bool = True,
        timeout: float | None = None,
    ) -> Any:
        """Pyoxigraph results for a query.

        Without `timeout` the query runs directly (fast; for the server's own queries). With one it
        runs as an untrusted query (bounded) and its serialised results are parsed back.
        The default graph is the merge of all graphs unless `default_graph` names graphs or
        `union_default` is False (then it is empty).
        """
        if default_graph is None and not union_default:
            default_graph = ()
        if timeout is None:
            return self.store.query(sparql, **dataset_options(default_graph, named_graphs))
        request = QueryRequest(
            query=sparql,
            formats=("tsv", "json", "ntriples"),
            default_graph=None if default_graph is None else tuple(default_graph),
            named_graphs=None if named_graphs is None else tuple(named_graphs),
            max_rows=10**9,
            allow_service=False,
        )
        outcome = self.run(request, timeout)
        if outcome.status != 200:
            raise ValueError(outcome.body.decode("utf-8"))
        if outcome.kind == "graph":
            return [quad.triple for quad in ox.parse(outcome.body, format=ox.RdfFormat.N_TRIPLES)]
        return ox.parse_query_results(outcome.body, format=ox.QueryResultsFormat.from_media_type(outcome.media_type))

    # -- the reader side (backends.base.GraphReader) ------------------------------------------
    def quads(
        self,
        subject: Any = None,
        predicate: ox.NamedNode | None = None,
        obj: Any = None,
        graph: ox.NamedNode | None = None,
        limit: int | None = None,
    ) -> Iterator[ox.Quad]:
        """Quads of the named graphs only: the default graph is their merge, a copy (see the module)."""
        found = 0
        for quad in self.store.quads_for_pattern(subject, predicate, obj, graph):
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                if limit is not None and found >= limit:
                    return
                found += 1
                yield quad

    def select(self, sparql: str) -> list[ox.QuerySolution]:
        """Rows of a trusted SELECT over the default graph (the merge)."""
        return list(select(self.store, sparql))

    def graph_names(self) -> frozenset[ox.NamedNode]:
        return frozenset(g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_ntriples(self, graph: str) -> bytes:
        return self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)) or b""

    def problem(self) -> str | None:
        """Never: once loaded, the embedded store answers until the process ends."""
        return None

    def info(self) -> dict[str, Any]:
        """What /health and VoID report: triples per graph, load time, the build's stats.json."""
        snapshot = self._snapshot
        stats_path = self.path.with_name("stats.json")
        try:
            build = json.loads(stats_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            build = None
        return {
            "backend": self.kind,
            "dataset": str(self.path),
            "serving": str(snapshot.source),  # the last good copy when the dataset file is damaged
            "sha256": snapshot.digest,
            "loaded_at": snapshot.loaded_at,
            "triples": dict(snapshot.triples),
            "built": build.get("built") if isinstance(build, dict) else None,
            "build": build,
            "last_reload_error": self.last_error,
        }

    def warm(self) -> None:
        self._snapshot.evaluator.warm()

    def close(self) -> None:
        self._snapshot.evaluator.close()
