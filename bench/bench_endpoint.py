"""Throughput and latency of the SPARQL endpoint beside two baselines, in one run, over loopback.

Servers, each answering the same three queries on the synthetic graph (bench/synthetic.py,
served as the asserted graph only: no closure, so every server holds exactly the same triples):
  treaty-kg   `treaty-kg serve` (granian, Flask + pyoxigraph, queries answered in-process by a
              thread under the deadline: TREATY_KG_ISOLATION=thread); wrk repeats one query, so
              after the first request this row measures the worker's edge cache (the answer
              given again on granian's loop, without Flask: endpoint/edge_cache.py)
  treaty-kg no cache   the same with TREATY_KG_CACHE_ENTRIES=0: every request evaluated
  treaty-kg gunicorn   the same app, no cache, under gunicorn gthread (the server before granian)
  treaty-kg process    no cache, TREATY_KG_ISOLATION=process: every query sent to a killable
              worker process over a pipe (the design before in-process evaluation)
  flask+pyoxigraph   the floor of our stack: a bare Flask view calling pyoxigraph and its JSON
              writer, no limits or checks, under the same gunicorn setup (gthread)
  oxigraph    `oxigraph serve-read-only --union-default-graph` (PyPI package `oxigraph`, Rust)
  rdflib      a minimal Flask + rdflib endpoint under gunicorn (sync workers)
The load tool is wrk (Debian package `wrk`), one run of --duration seconds per server and query
with --connections connections, repeated in --rounds rounds (median). Goals (issue 11): treaty-kg
>= 0.4x oxigraph's req/s on the lookup, >= 1x on the joins, p99 <= 10 ms at 4 connections.
--threads and --workers choose the processes and threads.

    apt-get install -y wrk && .venv/bin/pip install oxigraph
    .venv/bin/python bench/bench_endpoint.py                     # 100k triples, 3 rounds of 3 s runs
    .venv/bin/python bench/bench_endpoint.py --triples 20000 --duration 2 --rounds 1
    .venv/bin/python bench/bench_endpoint.py --only "label lookup" --servers "treaty-kg no cache,oxigraph" --workers 4
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ASSERTED = "https://w3id.org/treaty-kg/graph/asserted"
PREFIXES = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX tkg: <https://w3id.org/treaty-kg/ontology/> "
    "PREFIX id: <https://w3id.org/treaty-kg/id/> "
)
QUERIES = {
    "label lookup": PREFIXES + 'SELECT ?s WHERE { ?s skos:prefLabel "Organisation 7"@en }',
    "3-hop join": PREFIXES + "SELECT ?person ?post ?org ?name WHERE { ?holding tkg:holder ?person ; tkg:post ?post . "
    "?post tkg:postIn ?org . ?org a tkg:State ; skos:prefLabel ?name FILTER(lang(?name) = 'en') } "
    "ORDER BY ?person LIMIT 50",
    "OPTIONAL+FILTER": PREFIXES + "SELECT ?event ?label ?place WHERE { ?event tkg:startDate ?start ; skos:prefLabel ?label . "
    "OPTIONAL { ?event tkg:place ?place } FILTER(lang(?label) = 'en' && ?start >= '2025-10-15'^^<http://www.w3.org/2001/XMLSchema#date>) } "
    "ORDER BY ?event LIMIT 50",
}
ACCEPT = "application/sparql-results+json"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def dataset(n_triples: int, out: Path) -> Path:
    """The synthetic graph as N-Quads in the asserted graph, generated once per size."""
    path = out / f"synthetic-{n_triples}.nq"
    if not path.is_file():
        sys.path.insert(0, str(HERE))
        from synthetic import generate

        nt = generate(n_triples).serialize(format="nt", encoding="utf-8").decode("utf-8")
        lines = (line[:-1].rstrip() + f" <{ASSERTED}> .\n" for line in nt.splitlines(keepends=False) if line.strip())
        path.write_text("".join(lines), encoding="utf-8")
    return path


def rdflib_server(nq: Path, port: int, workers: int) -> None:
    """The baseline: Flask + rdflib, default graph = union of the named graphs, under gunicorn."""
    from flask import Flask, Response, request
    from gunicorn.app.base import BaseApplication
    from rdflib import Dataset

    data = Dataset(default_union=True)
    data.parse(str(nq), format="nquads")
    app = Flask("rdflib-baseline")

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        result = data.query(request.values["query"])
        return Response(result.serialize(format="json"), content_type=ACCEPT)

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"127.0.0.1:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "sync")  # rdflib's graphs are not safe to query from threads
            self.cfg.set("timeout", 120)
            self.cfg.set("preload_app", True)
            self.cfg.set("loglevel", "warning")

        def load(self) -> Flask:
            return app

    Server().run()


def pyoxigraph_server(nq: Path, port: int, workers: int, threads: int) -> None:
    """The floor of any Flask + pyoxigraph endpoint: no checks, no limits, under gunicorn gthread."""
    import pyoxigraph as ox
    from flask import Flask, Response, request
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"127.0.0.1:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", threads)
            self.cfg.set("loglevel", "warning")

        def load(self) -> Flask:
            store = ox.Store()
            store.load(path=str(nq), format=ox.RdfFormat.N_QUADS)
            app = Flask("pyoxigraph-baseline")

            @app.route("/sparql", methods=["GET", "POST"])
            def sparql() -> Response:
                result = store.query(request.values["query"], use_default_graph_as_union=True)
                return Response(result.serialize(format=ox.QueryResultsFormat.JSON), content_type=ACCEPT)

            return app

    Server().run()


@contextmanager
def running(command: list[str], env: dict[str, str] | None = None) -> Iterator[None]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_ready(url: str, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(urllib.request.Request(f"{url}?{query}", headers={"Accept": ACCEPT}), timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not start within {seconds:g} s")


def rows(url: str, query: str) -> int:
    request = urllib.request.Request(f"{url}?{urllib.parse.urlencode({'query': query})}", headers={"Accept": ACCEPT})
    with urllib.request.urlopen(request, timeout=120) as response:
        return len(json.load(response)["results"]["bindings"])


def wrk(url: str, query: str, duration: int, connections: int) -> dict[str, float]:
    target = f"{url}?{urllib.parse.urlencode({'query': query})}"
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency", "-H", f"Accept: {ACCEPT}", target],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"Socket errors: .*timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": ms("50%"),
        "p99": ms("99%"),
        "errors": (int(errors.group(1)) if errors else 0) + (int(timeouts.group(1)) if timeouts else 0),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=3, help="seconds of load per server, query and round")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3, help="runs per server and query; the median is reported")
    parser.add_argument("--workers", type=int, default=2, help="server processes for every server but oxigraph")
    parser.add_argument(
        "--threads", type=int, default=8, help="request threads per treaty-kg process (gunicorn rows: gthread threads)"
    )
    parser.add_argument("--only", help="run only this query (one of: " + ", ".join(QUERIES) + ")")
    parser.add_argument("--servers", help="comma-separated subset of the servers (oxigraph and rdflib are the baselines)")
    parser.add_argument("--serve-rdflib", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--serve-pyoxigraph", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_rdflib:
        rdflib_server(args.serve_rdflib, args.port, args.workers)
        return 0
    if args.serve_pyoxigraph:
        pyoxigraph_server(args.serve_pyoxigraph, args.port, args.workers, args.threads)
        return 0
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    oxigraph = Path(sys.executable).with_name("oxigraph")
    if not oxigraph.is_file():
        raise SystemExit("oxigraph is missing: .venv/bin/pip install oxigraph")
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    nq = dataset(args.triples, out)
    print(f"dataset: {nq} ({sum(1 for _ in nq.open(encoding='utf-8'))} triples, asserted graph only, no closure)")
    names = [
        "treaty-kg",
        "treaty-kg no cache",
        "treaty-kg gunicorn",
        "treaty-kg process",
        "flask+pyoxigraph",
        "oxigraph",
        "rdflib",
    ]
    if args.servers:
        names = [n for n in names if n in {s.strip() for s in args.servers.split(",")}]
    queries = {args.only: QUERIES[args.only]} if args.only else QUERIES
    ports = {name: free_port() for name in names}
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        subprocess.run([str(oxigraph), "load", "--location", tmp, "--file", str(nq)], check=True, capture_output=True)
        python = sys.executable
        serve = [python, "-m", "treaty_kg", "serve", "--workers", str(args.workers)]
        serve += ["--threads", str(args.threads), "--dataset", str(nq), "--port"]
        gunicorn = [python, "-m", "gunicorn", "--workers", str(args.workers), "--worker-class", "gthread", "--threads", "4"]
        environments = {  # treaty-kg's rows: one command, these settings
            "treaty-kg": {"TREATY_KG_CACHE_ENTRIES": "512", "TREATY_KG_ISOLATION": "thread"},
            "treaty-kg no cache": {"TREATY_KG_CACHE_ENTRIES": "0", "TREATY_KG_ISOLATION": "thread"},
            "treaty-kg process": {"TREATY_KG_CACHE_ENTRIES": "0", "TREATY_KG_ISOLATION": "process"},
            "treaty-kg gunicorn": {"TREATY_KG_CACHE_ENTRIES": "0", "TREATY_KG_DATASET": str(nq)},
        }
        commands = {
            **{name: [*serve, str(ports.get(name))] for name in environments},
            # the same app under the server it had before granian (no cache): what the choice of server is worth
            "treaty-kg gunicorn": [
                *gunicorn,
                "--bind",
                f"127.0.0.1:{ports.get('treaty-kg gunicorn')}",
                "treaty_kg.wsgi:create_app()",
            ],
            "oxigraph": [
                str(oxigraph),
                "serve-read-only",
                "--location",
                tmp,
                "--bind",
                f"127.0.0.1:{ports.get('oxigraph')}",
                "--union-default-graph",
            ],
            "flask+pyoxigraph": [python, __file__, "--serve-pyoxigraph", str(nq), "--port", str(ports.get("flask+pyoxigraph"))]
            + ["--workers", str(args.workers), "--threads", str(args.threads)],
            "rdflib": [
                python,
                __file__,
                "--serve-rdflib",
                str(nq),
                "--port",
                str(ports.get("rdflib")),
                "--workers",
                str(args.workers),
            ],
        }
        urls = {}
        for name in names:
            stack.enter_context(running(commands[name], {**os.environ, **environments.get(name, {})}))
            urls[name] = f"http://127.0.0.1:{ports[name]}/" + ("query" if name == "oxigraph" else "sparql")
        for url in urls.values():
            wait_ready(url)
        runs: dict[tuple[str, str], list[dict[str, float]]] = {}
        counts: dict[str, int] = {}
        for label, query in queries.items():
            answers = {name: rows(url, query) for name, url in urls.items()}
            if len(set(answers.values())) != 1:
                raise SystemExit(f"{label}: servers disagree on the number of rows: {answers}")
            counts[label] = next(iter(answers.values()))
        # Rounds, each server once per query and round, in an order rotated every round: the
        # machine's background load then falls on every server alike; the median is reported.
        for round_ in range(args.rounds):
            order = list(urls)[round_ % len(urls) :] + list(urls)[: round_ % len(urls)]
            for label, query in queries.items():
                for name in order:
                    runs.setdefault((label, name), []).append(wrk(urls[name], query, args.duration, args.connections))
        results = {
            key: {
                **{m: statistics.median(r[m] for r in values) for m in ("rps", "p50", "p99")},
                "errors": sum(r["errors"] for r in values),
            }
            for key, values in runs.items()
        }
        for (label, _), result in results.items():
            result["rows"] = counts[label]
    print(
        f"\nwrk -t2 -c{args.connections} -d{args.duration}s, median of {args.rounds} rounds, loopback, {os.cpu_count()} CPUs; "
        f"treaty-kg: granian, {args.workers} processes x {args.threads} request threads; gunicorn rows: {args.workers} gthread x 4\n"
    )
    print("| query | rows | server | req/s | p50 ms | p99 ms | errors | vs oxigraph | vs rdflib |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label in queries:
        base_ox, base_rdflib = results.get((label, "oxigraph"), {}).get("rps"), results.get((label, "rdflib"), {}).get("rps")
        for name in urls:
            r = results[label, name]
            versus = [f"{r['rps'] / base:.2f}x" if base else "-" for base in (base_ox, base_rdflib)]
            print(
                f"| {label} | {r['rows']:.0f} | {name} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']:.0f} "
                f"| {versus[0]} | {versus[1]} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
