"""treaty-kg on the embedded store, Oxigraph server and Virtuoso, side by side, in one run (issue 14).

For each backend, on the synthetic graph (bench/synthetic.py's patterns, streamed to N-Triples as
the asserted graph; rdflib would hold the whole graph in memory) and the project's ontology:
  load      embedded: parse the N-Triples into an in-memory pyoxigraph store;
            a store: upload ontology and asserted graph under a new build's names (Graph Store
            Protocol, 20,000 triples a request; rdf/remote/publisher.py)
  build     the OWL 2 RL closure with the rule engine (reasoning/engine.py), cleaned:
            embedded on pyoxigraph in this process (what `treaty-kg build` does); a store: inside
            the store as SPARQL updates (what `treaty-kg build --store` does, store_build.reason_inside)
  publish   embedded: write dataset.nq and load it as a server process does at start (GraphStore);
            a store: merge the served default graph, count every graph, switch the pointer
  queries   label lookup / 3-hop join / aggregate through `treaty-kg serve` (granian, 2 workers x
            4 threads, answer cache and edge cache off), with wrk: first one request at a time
            (-c1: p50, p99), then `--connections` at once (p50, p99, req/s); answers counted by
            HTTP status. For a store the same query is also sent to the store directly with the
            same dataset (FROM the build's default graph). At c1 (2 x --duration seconds) a Python
            client alternates the two request by request on kept-alive connections: `+ p50`, the
            median of the pairs' differences, is what treaty-kg adds to the store's own latency
            (goal: <= 2 ms); at c4 wrk, one after the other. Under load on 2 cores the p50 is mostly
            queueing (connections / req/s), so the comparison is made one request at a time.
            A third side at c1, the bare relay (relay.py: the same granian + bridge stack, 2 x 4,
            forwarding the store-alone request and its bytes unread), splits `+ p50` into the
            serving stack's share and treaty-kg's own work per query.
            Each server's log is kept (serve-BACKEND.log) with the reasons of its non-2xx answers.
SHACL validation is not timed (it runs before the store is touched, the same on every backend).

The stores are started here, each on free loopback ports with its own data folder, and stopped at
the end: Oxigraph server (the `oxigraph` binary of the PyPI package, in the bench extra) and
Virtuoso 7 (Debian package virtuoso-opensource-7-bin) with `--virtuoso-buffers` 8 KB pages
(NumberOfBuffers) and no query time limit. The load average is printed with the table: the
machine's 2 cores may be shared.

    apt-get install -y wrk virtuoso-opensource-7-bin && .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/bench_stores.py --triples 1000000
    .venv/bin/python bench/bench_stores.py --triples 10000000 --backends virtuoso --virtuoso-buffers 1000000
    .venv/bin/python bench/bench_stores.py --triples 10000000 --backends virtuoso --work DIR --reuse  # queries again
    .venv/bin/python bench/bench_stores.py --triples 20000 --duration 2     # smoke run
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402
from bench_endpoint import ACCEPT, PREFIXES, QUERIES, free_port, wait_ready  # noqa: E402
from relay import STORE as RELAY_STORE  # noqa: E402

from treaty_kg.endpoint.backends.remote import RemoteBackend  # noqa: E402
from treaty_kg.endpoint.store import GraphStore  # noqa: E402
from treaty_kg.ontology.modules import load_ontology  # noqa: E402
from treaty_kg.rdf.remote.client import StoreAddress, StoreClient  # noqa: E402
from treaty_kg.rdf.remote.publication import Build  # noqa: E402
from treaty_kg.rdf.remote.publisher import Publisher  # noqa: E402
from treaty_kg.rdf.terms import quads  # noqa: E402
from treaty_kg.reasoning.sparql_closure import reason_in_store  # noqa: E402
from treaty_kg.store_build import ASSERTED, GRAPHS, INFERRED, ONTOLOGY, reason_inside, triples_of  # noqa: E402

ROOT = HERE.parent
BENCH_QUERIES = {
    "label lookup": QUERIES["label lookup"],
    "3-hop join": QUERIES["3-hop join"],
    "aggregate": PREFIXES + "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n) LIMIT 20",
}


# --- the synthetic graph, streamed ---------------------------------------------------------------


class NTriplesSink:
    """Stands for synthetic._Builder's rdflib graph: each triple written out as N-Triples as it is
    added, so 10M triples need the memory of the sources' texts only. Same seed, same triples as
    synthetic.generate (checked with --check-generator at a small size)."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.count = 0

    def add(self, triple: tuple[Any, Any, Any]) -> None:
        s, p, o = triple
        self.out.write(f"{s.n3()} {p.n3()} {o.n3()} .\n")
        self.count += 1

    def __len__(self) -> int:
        return self.count


def synthetic_ntriples(n_triples: int, path: Path, seed: int = 0) -> Path:
    """synthetic.generate's steps, with the graph replaced by a writer (generated once per size)."""
    if path.is_file():
        return path
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as out:
        b = synthetic._Builder(random.Random(seed), graph=NTriplesSink(out))  # type: ignore[arg-type]
        synthetic._roles(b)
        publisher = synthetic._publisher(b)
        ent = synthetic._entities(b, synthetic._pools(n_triples))
        synthetic._facts(b, ent, n_triples - 10 * (n_triples // (synthetic.SENTENCES_PER_SOURCE * 12) + 1))
        synthetic._sources(b, publisher)
    partial.rename(path)
    return path


def check_generator(n_triples: int, work: Path) -> None:
    """The streamed graph is synthetic.generate's (as sets of triples, blank node labels kept)."""
    path = synthetic_ntriples(n_triples, work / f"check-{n_triples}.nt")
    streamed = [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)]
    generated = synthetic.generate(n_triples).serialize(format="nt", encoding="utf-8")
    expected = {q.triple for q in ox.parse(generated, format=ox.RdfFormat.N_TRIPLES)}
    assert len(streamed) == len(set(streamed)), "the streamed graph repeats triples"
    assert set(streamed) == expected, "the streamed graph differs from synthetic.generate"
    print(f"generator check: {len(streamed)} triples, the same as synthetic.generate", file=sys.stderr)


def asserted_triples(nt: Path) -> Iterator[ox.Triple]:
    for quad in ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES):
        yield quad.triple


# --- the stores ----------------------------------------------------------------------------------


def wait_for(url: str, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            client = StoreClient(StoreAddress(url))
            response = client.query("ASK {}", accept="application/sparql-results+json", timeout=5)
            response.close()
            client.close()
            if response.status_code == 200:
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.5)
    raise SystemExit(f"{what} did not start within {seconds:g} s")


@contextmanager
def oxigraph_server(work: Path) -> Iterator[dict[str, str]]:
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    folder = work / "oxigraph"
    command = [binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=(work / "oxigraph.log").open("w"))
    try:
        url = f"http://127.0.0.1:{port}/query"
        wait_for(url, "Oxigraph server")
        yield {"TREATY_KG_STORE": url}
    finally:
        process.terminate()
        process.wait(60)


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = ., {d}
CheckpointInterval = 0
MaxVectorSize = {max_vector}
AdjustVectorSize = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 8
MaxClientConnections = 8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 0
"""


# Virtuoso's vector limits, for the build's rule updates over millions of triples. A SPARUL
# DELETE runs "for vectored" over the rows it collected, in arrays of up to 2,000,000: at 10M
# triples the engine's "forget known" update of round 2 failed with "FRVEC: array in for vectored
# over max vector length 2000000 > 1000000" (MaxVectorSize, default 1,000,000; Virtuoso clamps it
# at 4,194,288). Raised to 3,000,000 with the vectors of ordinary operators kept at their fixed
# size (AdjustVectorSize = 0): with 16,000,000 (clamped to 4M) and vectors adjusted, Virtuoso
# 07.20.3229 crashed in the schema rounds ("GPF: Dkpool.c:1968 large free not on 4k boundary").
VIRTUOSO_LIMITS = {"max_vector": 3_000_000}


@contextmanager
def virtuoso(work: Path, buffers: int) -> Iterator[dict[str, str]]:
    folder = work / "virtuoso"
    folder.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, sql=sql, http=http, buffers=buffers, dirty=buffers * 3 // 4, **VIRTUOSO_LIMITS))
    log = (work / "virtuoso-stdout.log").open("w")
    process = subprocess.Popen(["virtuoso-t", "-c", str(ini), "+foreground"], stdout=log, stderr=log)
    try:
        url = f"http://127.0.0.1:{http}/sparql"
        wait_for(url, "Virtuoso")
        yield {
            "TREATY_KG_STORE": url,
            "TREATY_KG_STORE_UPDATE": f"http://127.0.0.1:{http}/sparql-auth",
            "TREATY_KG_STORE_GSP": f"http://127.0.0.1:{http}/sparql-graph-crud-auth",
            "TREATY_KG_STORE_USER": "dba",
            "TREATY_KG_STORE_PASSWORD": "dba",
        }
    finally:
        subprocess.run(["isql-vt", str(sql), "dba", "dba", "exec=shutdown;"], capture_output=True, check=False)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()


# --- building ------------------------------------------------------------------------------------


def build_embedded(nt: Path, work: Path) -> tuple[dict[str, float], dict[str, str], dict[str, Any]]:
    ontology = load_ontology()
    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(ASSERTED))
    store.extend(quads(ontology, ox.NamedNode(ONTOLOGY)))
    loaded = time.perf_counter()
    done = reason_in_store(store, ontology, ASSERTED, INFERRED)
    reasoned = time.perf_counter()
    dataset = work / "dataset.nq"
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{INFERRED}> {{ ?s ?p ?o }} }}")
    inferred = int(next(iter(rows))["n"].value)  # type: ignore[index, arg-type]
    store.dump(str(dataset), format=ox.RdfFormat.N_QUADS)
    del store
    served = time.perf_counter()
    GraphStore(dataset).close()  # what a server process does at start
    finished = time.perf_counter()
    seconds = {
        "load": loaded - started,
        "build": reasoned - loaded,
        "publish": finished - served,
        "dump": served - reasoned,
    }
    info = {"rounds": done.run.rounds, "updates": done.run.updates, "inferred": inferred}
    return seconds, {"TREATY_KG_DATASET": str(dataset)}, info


def build_in_store(env: dict[str, str], nt: Path, name: str) -> tuple[dict[str, float], dict[str, str], dict[str, Any]]:
    ontology = load_ontology()
    client = StoreClient(StoreAddress.from_env(env["TREATY_KG_STORE"], env))
    started = time.perf_counter()
    publisher = Publisher(client, name, GRAPHS, progress=lambda message: print(f"  {message}", file=sys.stderr))
    sent = {
        ONTOLOGY: publisher.upload(ONTOLOGY, triples_of(ontology)),
        ASSERTED: publisher.upload(ASSERTED, asserted_triples(nt)),
    }
    loaded = time.perf_counter()
    print(f"  {time.strftime('%H:%M:%S')} loaded in {loaded - started:.1f} s; reasoning inside the store", file=sys.stderr)
    done = reason_inside(publisher, ontology, progress=_progress())
    reasoned = time.perf_counter()
    print(f"  reasoned in {reasoned - loaded:.1f} s: {done.run.added}", file=sys.stderr)
    build = publisher.finish(sent, datetime.now(UTC).isoformat(timespec="seconds"), {"bench": True})
    finished = time.perf_counter()
    client.close()
    seconds = {"load": loaded - started, "build": reasoned - loaded, "publish": finished - reasoned}
    info = {"rounds": done.run.rounds, "updates": done.run.updates, "inferred": build.graphs[INFERRED]}
    return seconds, {**env, "TREATY_KG_STORE_DATASET": name, "_DEFAULT": build.default_graph}, info


def published_in_store(
    env: dict[str, str], name: str, earlier: dict[str, Any] | None
) -> tuple[dict[str, float], dict[str, str], dict[str, Any]]:
    """The build published as `name` by an earlier run (--reuse), with that run's times."""
    backend = RemoteBackend(StoreAddress.from_env(env["TREATY_KG_STORE"], env), dataset=name, check_interval=0)
    try:
        build = Build(backend.digest)  # StoreUnavailable when nothing is published under `name`
        inferred = backend.info()["triples"].get(INFERRED, 0)
    finally:
        backend.close()
    print(f"  reusing build {build.id} of {name}", file=sys.stderr)
    seconds = earlier["seconds"] if earlier else {"load": math.nan, "build": math.nan, "publish": math.nan}
    info = earlier["info"] if earlier else {"inferred": inferred}
    return seconds, {**env, "TREATY_KG_STORE_DATASET": name, "_DEFAULT": build.default_graph}, info


def _progress() -> Any:
    last = [0.0]

    def say(what: str, done: int, total: int) -> None:
        if time.monotonic() - last[0] > 30 or done == total:
            last[0] = time.monotonic()
            print(f"  {time.strftime('%H:%M:%S')} {what}: {done}/{total} updates", file=sys.stderr)

    return say


# --- serving -------------------------------------------------------------------------------------

# wrk counts non-2xx answers but not by status: each thread counts them here, summed at the end
WRK_STATUSES = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do total[code] = (total[code] or 0) + n end
  end
  for code, n in pairs(total) do io.write(string.format("status %d %d\\n", code, n)) end
end
"""


def wrk(url: str, query: str, duration: int, connections: int, work: Path) -> dict[str, Any]:
    """p50, p99 (ms), req/s, and the answers counted by HTTP status (wrk and WRK_STATUSES)."""
    script = work / "statuses.lua"
    if not script.is_file():
        script.write_text(WRK_STATUSES)
    target = f"{url}?{urllib.parse.urlencode({'query': query})}"
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency", "-s", str(script)]
    output = subprocess.run([*command, "-H", f"Accept: {ACCEPT}", target], capture_output=True, text=True, check=True).stdout

    def ms(label: str) -> float:
        found = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        assert found, output
        value, unit = found.groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    statuses = {int(code): int(n) for code, n in re.findall(r"^status (\d+) (\d+)$", output, re.M)}
    timeouts = re.search(r"Socket errors: .*timeout (\d+)", output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    sent = re.search(r"(\d+) requests in", output)
    assert rps and sent, output
    return {
        "rps": float(rps.group(1)),
        "requests": int(sent.group(1)),
        "p50": ms("50%"),
        "p99": ms("99%"),
        "statuses": statuses,
        "errors": sum(n for code, n in statuses.items() if code >= 300) + (int(timeouts.group(1)) if timeouts else 0),
    }


@contextmanager
def running(command: list[str], env: dict[str, str], log: Path) -> Iterator[int]:
    """The server (its pid), its log (the reasons of its non-2xx answers) kept in `log`."""
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=out, env=env)
        try:
            yield process.pid
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()


def serve_command(settings: dict[str, str]) -> tuple[list[str], dict[str, str], int]:
    port = free_port()
    env = {k: v for k, v in settings.items() if not k.startswith("_")}
    env = {**os.environ, **env, "TREATY_KG_CACHE_ENTRIES": "0", "TREATY_KG_RELOAD_INTERVAL": "30"}
    command = [sys.executable, "-m", "treaty_kg", "serve", "--port", str(port), "--workers", "2", "--threads", "4"]
    return command, env, port


def relay_command(store_url: str) -> tuple[list[str], dict[str, str], str]:
    """The bare relay (relay.py) in front of the store: treaty-kg's serving stack, forwarding only."""
    port = free_port()
    env = {**os.environ, RELAY_STORE: store_url}
    command = [sys.executable, str(HERE / "relay.py"), str(port)]
    return command, env, f"http://127.0.0.1:{port}{urllib.parse.urlsplit(store_url).path}"


@contextmanager
def _maybe_running(relay: tuple[list[str], dict[str, str], str] | None, log: Path) -> Iterator[str | None]:
    """The relay's URL once it answers, or None without one (the embedded store)."""
    if relay is None:
        yield None
        return
    command, env, url = relay
    with running(command, env, log):
        wait_ready(url)
        yield url


def direct(query: str, default_graph: str) -> str:
    """The query as treaty-kg sends it to the store, with the build's merged default graph as the
    dataset (as FROM: wrk's URL carries the query parameter only)."""
    return query.replace(" WHERE {", f" FROM <{default_graph}> WHERE {{", 1)


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def cpu_seconds(root: int) -> float:
    """CPU time (user + system) of a process and its living descendants, from /proc: what the
    server spent, whatever else the shared cores were doing meanwhile."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    tree, grown = {root}, True
    while grown:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        grown = bool(more)
        tree |= more
    return sum(times.get(pid, 0.0) for pid in tree)


def paired(
    url: str, query: str, store: tuple[str, str] | None, seconds: float, server: int, relay: str | None = None
) -> dict[str, Any]:
    """One request at a time, alternating treaty-kg, the bare relay (`relay.py`, when given) and
    the store alone request by request, each on its own kept-alive connection, for `seconds`:
    `plus` is the median of the differences treaty-kg minus store, `relay_plus` relay minus store.
    Why not two wrk runs one after the other: a store's own time drifts from one second to the
    next (Oxigraph server's 3-hop join: 7 or 12 ms for the same query), and wrk ending a run
    abandons a request the store goes on computing while the next run starts (a 300 ms aggregate
    at 1M). The client's own time is in every side, so not in `plus`."""
    ours = _Timed(url, query)
    theirs = _Timed(*store) if store is not None else None
    bare = _Timed(relay, store[1]) if relay is not None and store is not None else None
    timed_all = [t for t in (ours, bare, theirs) if t is not None]
    for timed in timed_all:
        for _ in range(3):  # warm up (first answers, pools), not counted
            timed.once()
        timed.times.clear()
        timed.statuses.clear()
    cpu = cpu_seconds(server)
    ends = time.monotonic() + seconds
    while time.monotonic() < ends or len(ours.times) < 5:
        for timed in timed_all:
            timed.once()
    result: dict[str, Any] = {"treaty-kg": ours.summary(), "load": load_average()}
    result["treaty-kg"]["cpu_ms"] = (cpu_seconds(server) - cpu) * 1000 / len(ours.times)
    if theirs is not None:
        result["store"] = theirs.summary()
        result["plus"] = statistics.median(a - b for a, b in zip(ours.times, theirs.times, strict=True))
    if bare is not None and theirs is not None:
        result["relay"] = bare.summary()
        result["relay_plus"] = statistics.median(a - b for a, b in zip(bare.times, theirs.times, strict=True))
    return result


class _Timed:
    """GETs of one query on one kept-alive connection, each timed (ms) and counted by status."""

    def __init__(self, url: str, query: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self._connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
        self._target = f"{parts.path}?{urllib.parse.urlencode({'query': query})}"
        self.times: list[float] = []
        self.statuses: dict[int, int] = {}

    def once(self) -> None:
        started = time.perf_counter()
        self._connection.request("GET", self._target, headers={"Accept": ACCEPT})
        response = self._connection.getresponse()
        response.read()
        self.times.append((time.perf_counter() - started) * 1000)
        self.statuses[response.status] = self.statuses.get(response.status, 0) + 1

    def summary(self) -> dict[str, Any]:
        times = self.times
        return {
            "requests": len(times),
            "p50": statistics.median(times),
            "p99": statistics.quantiles(times, n=100)[98] if len(times) > 1 else times[0],
            "statuses": self.statuses,
            "errors": sum(n for code, n in self.statuses.items() if code >= 300),
        }


def measure(backend: str, settings: dict[str, str], args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Per query: latency one request at a time (c1, `paired` with the store alone: what treaty-kg
    adds to the store's own time, the <= 2 ms goal), then throughput with `--connections` at once
    (on 2 cores shared by the server's workers, wrk and the store, p50 there is mostly queueing:
    connections / req/s)."""
    command, env, port = serve_command(settings)
    url = f"http://127.0.0.1:{port}/sparql"
    rows: dict[str, Any] = {}
    relay = relay_command(settings["TREATY_KG_STORE"]) if backend != "embedded" else None
    with (
        running(command, env, work / f"serve-{backend}.log") as server,
        _maybe_running(relay, work / f"relay-{backend}.log") as relay_url,
    ):
        wait_ready(url)
        for name, query in BENCH_QUERIES.items():
            own = direct(query, settings["_DEFAULT"]) if backend != "embedded" else None
            store = (settings["TREATY_KG_STORE"], own) if own is not None else None
            row: dict[str, Any] = {"c1": paired(url, query, store, 2 * args.duration, server, relay_url)}
            wrk(url, query, 1, args.connections, work)  # warm up
            cpu = cpu_seconds(server)
            result = wrk(url, query, args.duration, args.connections, work)
            result["cpu_ms"] = (cpu_seconds(server) - cpu) * 1000 / max(1, result["requests"])
            row["load"] = {"treaty-kg": result, "load": load_average()}
            if store is not None:
                wrk(*store, 1, args.connections, work)
                row["load"]["store"] = wrk(*store, args.duration, args.connections, work)
            rows[name] = row
            print(f"{backend} {name}: {json.dumps(row)}", file=sys.stderr)
    return rows


def _statuses(result: dict[str, Any]) -> str:
    odd = {code: n for code, n in result["statuses"].items() if code >= 300}
    return " (" + ", ".join(f"{n} × {code}" for code, n in sorted(odd.items())) + ")" if odd else ""


def table(results: dict[str, dict[str, Any]], args: argparse.Namespace) -> str:
    lines = [
        f"{args.triples:,} synthetic triples + the ontology; one request at a time (c1: {2 * args.duration} s, "
        f"alternating with the store alone request by request) then wrk with {args.connections} (c{args.connections}, -d{args.duration}s); treaty-kg serve (granian) 2 workers x 4 threads, cache off",
        "",
        "| backend | load (s) | build: reasoning (s) | publish (s) | inferred | query | load avg (c1) "
        "| c1 treaty-kg p50 / p99 (ms) | c1 store alone p50 / p99 (ms) | + p50 (ms) | bare relay + p50 (ms) | server CPU / request (ms) "
        f"| load avg (c{args.connections}) | c{args.connections} treaty-kg p50 / p99 (ms) | req/s | store alone req/s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for backend, result in results.items():
        s, info = result["seconds"], result["info"]
        head = f"| {backend} | {s['load']:.1f} | {s['build']:.1f} | {s['publish']:.1f} | {info['inferred']:,} "
        if not result.get("queries"):
            lines.append(head + f"| not measured | {result['load']} | | | | | | | | | |")
        for name, row in result.get("queries", {}).items():
            one, many = row["c1"], row["load"]
            t1, s1, tn, sn = one["treaty-kg"], one.get("store"), many["treaty-kg"], many.get("store")
            alone = f"{s1['p50']:.2f} / {s1['p99']:.2f}{_statuses(s1)}" if s1 else "–"
            plus = f"{one['plus']:+.2f}" if s1 else "–"
            relay = f"{one['relay_plus']:+.2f}" if "relay_plus" in one else "–"
            store_rps = f"{sn['rps']:.0f}{_statuses(sn)}" if sn else "–"
            lines.append(
                head
                + f"| {name} | {one['load']} | {t1['p50']:.2f} / {t1['p99']:.2f}{_statuses(t1)} | {alone} | {plus} | {relay} | {t1['cpu_ms']:.2f} "
                f"| {many['load']} | {tn['p50']:.2f} / {tn['p99']:.2f} | {tn['rps']:.0f}{_statuses(tn)} "
                f"| {store_rps} |"
            )
            head = "| | | | | "
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--backends", default="embedded,oxigraph,virtuoso")
    parser.add_argument("--virtuoso-buffers", type=int, default=340_000, help="Virtuoso's NumberOfBuffers (8 KB each)")
    parser.add_argument("--no-queries", action="store_true", help="load and build only")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="a store: serve the build an earlier run with the same --work and --triples published in it, "
        "without loading or building again (the load and build times shown are that run's, from results.json)",
    )
    parser.add_argument("--work", type=Path, default=None, help="folder for the data (default: a new temporary one)")
    parser.add_argument("--check-generator", type=int, default=0, metavar="N", help="first check the streamed graph at N triples")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-stores-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.check_generator:
        check_generator(args.check_generator, work)
    started = time.perf_counter()
    nt = synthetic_ntriples(args.triples, work / f"synthetic-{args.triples}.nt")
    print(f"{args.triples} synthetic triples in {nt} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    results: dict[str, dict[str, Any]] = {}
    earlier = json.loads((work / "results.json").read_text()) if args.reuse and (work / "results.json").is_file() else {}
    for backend in args.backends.split(","):
        print(f"{backend}: load average {load_average()}", file=sys.stderr)
        folder = work / backend
        folder.mkdir(exist_ok=True)
        with _store(backend, folder, args) as env:
            if backend == "embedded":
                seconds, settings, info = build_embedded(nt, folder)
            elif args.reuse:
                seconds, settings, info = published_in_store(env, f"bench-{args.triples}", earlier.get(backend))
            else:
                seconds, settings, info = build_in_store(env, nt, f"bench-{args.triples}")
            print(f"{backend}: {json.dumps(seconds)} {json.dumps(info)}", file=sys.stderr)
            results[backend] = {"seconds": seconds, "info": info, "load": load_average()}
            if not args.no_queries:
                results[backend]["queries"] = measure(backend, settings, args, folder)
        (work / "results.json").write_text(json.dumps(results, indent=2))
    print("\n" + table(results, args))
    print(f"\nresults: {work / 'results.json'}")
    return 0


@contextmanager
def _store(backend: str, folder: Path, args: argparse.Namespace) -> Iterator[dict[str, str]]:
    if backend == "embedded":
        yield {}
    elif backend == "oxigraph":
        with oxigraph_server(folder) as env:
            yield env
    elif backend == "virtuoso":
        with virtuoso(folder, args.virtuoso_buffers) as env:
            yield env
    else:
        raise SystemExit(f"unknown backend {backend!r}")


if __name__ == "__main__":
    sys.exit(main())
