"""treaty-kg on the embedded store, Oxigraph server and Virtuoso, side by side, in one run (issue 14).

For each backend, on the synthetic graph (bench/synthetic.py, as the asserted graph):
  load      embedded: parse dataset.nq into pyoxigraph and materialise the merged default graph
            (what a server process does at start); a store: upload the graphs under a build's
            names (Graph Store Protocol), merge the served default graph, count, switch the pointer
            (treaty_kg.rdf.remote.publisher.publish_quads, what `build --store` does after reasoning)
  queries   label lookup / 3-hop join / aggregate through `treaty-kg serve` (granian, 2 workers x
            4 threads, answer cache off), wrk -t2 -c4: p50, p99, req/s; and for a store the same
            query sent to the store directly, with the same dataset (the build's default graph),
            so `+p50` is what treaty-kg adds to the store's own latency (goal: <= 2 ms).
Reasoning inside the store is not timed here: the SPARQL rule engine (issue 13) is not on main
yet, and `build --store` reasons with owlrl before uploading until it is (see store_build.py).

The stores are started by .ci/stores.sh (Oxigraph server from PyPI, Virtuoso 7 from Debian) and
stopped at the end.

    apt-get install -y wrk virtuoso-opensource-7-bin
    .venv/bin/python bench/bench_stores.py --triples 1000000
    .venv/bin/python bench/bench_stores.py --triples 20000 --duration 2     # smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_endpoint import PREFIXES, QUERIES, dataset, free_port, running, wait_ready, wrk  # noqa: E402

from treaty_kg.endpoint.store import GraphStore  # noqa: E402
from treaty_kg.rdf.remote.client import StoreAddress, StoreClient  # noqa: E402
from treaty_kg.rdf.remote.publisher import publish_quads  # noqa: E402

ROOT = HERE.parent
BENCH_QUERIES = {
    "label lookup": QUERIES["label lookup"],
    "3-hop join": QUERIES["3-hop join"],
    "aggregate": PREFIXES + "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n) LIMIT 20",
}
STORES = {
    "oxigraph": {"TREATY_KG_STORE": "http://127.0.0.1:7879/query"},
    "virtuoso": {
        "TREATY_KG_STORE": "http://127.0.0.1:8891/sparql",
        "TREATY_KG_STORE_UPDATE": "http://127.0.0.1:8891/sparql-auth",
        "TREATY_KG_STORE_GSP": "http://127.0.0.1:8891/sparql-graph-crud-auth",
        "TREATY_KG_STORE_USER": "dba",
        "TREATY_KG_STORE_PASSWORD": "dba",
    },
}


def address(env: dict[str, str]) -> StoreAddress:
    return StoreAddress.from_env(env["TREATY_KG_STORE"], env)


def load(backend: str, nq: Path) -> tuple[float, dict[str, str]]:
    """Seconds to make the graph servable, and the settings `treaty-kg serve` needs for it."""
    started = time.perf_counter()
    if backend == "embedded":
        GraphStore(nq).close()
        return time.perf_counter() - started, {"TREATY_KG_DATASET": str(nq)}
    env = STORES[backend]
    client = StoreClient(address(env))
    name = f"bench-{nq.stem}"
    build = publish_quads(client, name, ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))
    client.close()
    return time.perf_counter() - started, {**env, "TREATY_KG_STORE_DATASET": name, "_DEFAULT": build.default_graph}


def serve_url(settings: dict[str, str]) -> tuple[list[str], dict[str, str], int]:
    port = free_port()
    env = {k: v for k, v in settings.items() if not k.startswith("_")}
    env = {**os.environ, **env, "TREATY_KG_CACHE_ENTRIES": "0", "TREATY_KG_RELOAD_INTERVAL": "30"}
    command = [sys.executable, "-m", "treaty_kg", "serve", "--port", str(port), "--workers", "2", "--threads", "4"]
    return command, env, port


def direct(query: str, default_graph: str) -> str:
    """The query as treaty-kg sends it to the store: with its build's merged default graph as the
    dataset (written as FROM here, since wrk's URL carries the query parameter only)."""
    return query.replace(" WHERE {", f" FROM <{default_graph}> WHERE {{", 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--backends", default="embedded,oxigraph,virtuoso")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-stores-"))
    stores_dir = work / "stores"
    nq = dataset(args.triples, work)
    print(f"{args.triples} synthetic triples in {nq}", file=sys.stderr)
    subprocess.run([str(ROOT / ".ci" / "stores.sh"), "start", str(stores_dir)], check=True)
    results: dict[str, dict] = {}
    try:
        for backend in args.backends.split(","):
            seconds, settings = load(backend, nq)
            print(f"{backend}: loaded in {seconds:.1f} s", file=sys.stderr)
            results[backend] = {"load_s": round(seconds, 2), "queries": {}}
            command, env, port = serve_url(settings)
            url = f"http://127.0.0.1:{port}/sparql"
            with running(command, env):
                wait_ready(url)
                for name, query in BENCH_QUERIES.items():
                    through = wrk(url, query, args.duration, args.connections)
                    row = {"treaty-kg": through}
                    if backend != "embedded":
                        own = wrk(
                            direct(STORES[backend]["TREATY_KG_STORE"], settings["_DEFAULT"]),
                            query,
                            args.duration,
                            args.connections,
                        )
                        row["store"] = own
                    results[backend]["queries"][name] = row
                    print(f"{backend} {name}: {json.dumps(row)}", file=sys.stderr)
    finally:
        subprocess.run([str(ROOT / ".ci" / "stores.sh"), "stop", str(stores_dir)], check=False)
    print(
        f"\n{args.triples:,} triples, wrk -t2 -c{args.connections} -d{args.duration}s, treaty-kg serve (granian) 2 workers x 4 threads, cache off\n"
    )
    print("| backend | load (s) | query | treaty-kg p50 / p99 (ms) | req/s | store alone p50 / p99 (ms) | req/s | + p50 (ms) |")
    print("|---|---|---|---|---|---|---|---|")
    for backend, result in results.items():
        for name, row in result["queries"].items():
            t = row["treaty-kg"]
            s = row.get("store")
            store = f"{s['p50']:.2f} / {s['p99']:.2f} | {s['rps']:.0f}" if s else "– | –"
            plus = f"{t['p50'] - s['p50']:+.2f}" if s else "–"
            print(
                f"| {backend} | {result['load_s']} | {name} | {t['p50']:.2f} / {t['p99']:.2f} | {t['rps']:.0f} | {store} | {plus} |"
            )
    (work / "results.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
