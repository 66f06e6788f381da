"""Time to serve resource pages, on the project's graph and on the synthetic 100k-triple graph.

Each page is fetched through the real app (`create_app`, Flask test client: routing, store
lookups, templating; no network). The baseline, in the same run and on the same IRIs, is the
endpoint's own `DESCRIBE` of the resource through `/sparql`. Goal: p99 under 50 ms on both graphs.

    .venv/bin/python bench/bench_pages.py                 # project graph + synthetic 100k
    .venv/bin/python bench/bench_pages.py --triples 20000 --requests 100
    .venv/bin/python bench/bench_pages.py --project /tmp/build/dataset.nq   # a build elsewhere

The project's graph is `build/dataset.nq` when it exists, else the ontology and graph files
loaded as they are (no inferred graph: said in the output).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from treaty_kg import paths
from treaty_kg.build import write_unreasoned
from treaty_kg.rdf.namespaces import GRAPH_ASSERTED, GRAPH_ONTOLOGY
from treaty_kg.web.linked_data import path_for_iri
from treaty_kg.wsgi import create_app

TKG = "https://w3id.org/treaty-kg/ontology/"


def _load_files(store: ox.Store, files: list[Path], graph: str) -> None:
    for path in files:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))


def project_dataset(workdir: Path, built: Path | None = None) -> tuple[Path, str]:
    """The project's dataset: the build's, or the source files as ontology and asserted graphs."""
    built = built or paths.dataset_file()
    if built.is_file():
        return built, f"{built} (the build, with its inferred graph)"
    return write_unreasoned(
        workdir / "project.nq"
    ), "ontology/ + graph/ loaded as they are (no build found, so no inferred graph)"


def synthetic_dataset(workdir: Path, n_triples: int) -> Path:
    """The synthetic graph (bench/synthetic.py) as the asserted graph, beside the ontology."""
    from synthetic import generate

    store = ox.Store()
    _load_files(store, paths.turtle_files(paths.ontology_dir()), str(GRAPH_ONTOLOGY))
    data = generate(n_triples).serialize(format="nt", encoding="utf-8")
    store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(GRAPH_ASSERTED)))
    out = workdir / f"synthetic-{n_triples}.nq"
    store.dump(str(out), format=ox.RdfFormat.N_QUADS)
    return out


def instances(store: ox.Store, cls: str, limit: int) -> list[str]:
    rows = store.query(f"SELECT DISTINCT ?x WHERE {{ ?x a <{TKG}{cls}> }} ORDER BY ?x LIMIT {limit}")
    return [row[0].value for row in rows if path_for_iri(row[0].value)]


def timings(client, urls: list[str], n: int) -> list[float]:
    """Milliseconds per request, cycling through the URLs, after one warm-up pass."""
    for url in urls:
        assert client.get(url).status_code == 200, url
    found = []
    for i in range(n):
        started = time.perf_counter()
        response = client.get(urls[i % len(urls)])
        found.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return found


def p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def bench(name: str, dataset: Path, n: int) -> list[tuple[str, str, float, float]]:
    app = create_app({"dataset": dataset, "query_workers": 1, "reload_interval": 0})
    client = app.test_client()
    store = app.extensions["treaty_kg"].store
    rows = []
    try:
        for cls in ("Person", "Participation", "Event", "NewsArticle"):
            iris = instances(store, cls, 50)
            if not iris:
                continue
            pages = [path_for_iri(i) for i in iris]
            describe = [f"/sparql?query={quote(f'DESCRIBE <{i}>')}&format=ttl" for i in iris]
            for kind, urls in (
                (f"{cls} page (HTML)", pages),
                (f"{cls} as Turtle", [u + ".ttl" for u in pages]),
                (f"baseline: /sparql DESCRIBE of the {cls}", describe),
            ):
                values = timings(client, urls, n)
                rows.append((name, f"{kind}, {len(iris)} IRIs", p(values, 50), p(values, 99)))
    finally:
        app.extensions["treaty_kg"].close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000, help="size of the synthetic graph (default 100000)")
    parser.add_argument("--requests", type=int, default=300, help="requests per measurement (default 300)")
    parser.add_argument("--project", type=Path, help="the project's dataset.nq (default: build/dataset.nq)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        project, how = project_dataset(work, args.project)
        print(f"project graph: {how}")
        started = time.perf_counter()
        synthetic = synthetic_dataset(work, args.triples)
        print(f"synthetic graph: {args.triples} triples, generated in {time.perf_counter() - started:.1f} s")
        rows = bench("project", project, args.requests) + bench(f"synthetic {args.triples}", synthetic, args.requests)
    width = max(len(r[1]) for r in rows)
    print(
        "\nload average (1, 5, 15 min): "
        + ", ".join(f"{x:.1f}" for x in os.getloadavg())
        + f" on {os.cpu_count()} CPUs (wall-clock figures grow with it)"
    )
    print(f"\n{'graph':<18} {'what':<{width}} {'p50 ms':>8} {'p99 ms':>8}")
    for graph, what, p50, p99 in rows:
        print(f"{graph:<18} {what:<{width}} {p50:8.2f} {p99:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
