"""Validation time: plain pyshacl against `treaty_kg.validation.shacl.validate`, side by side in one run.

Both validate the same data against the project's shapes with the project's ontology:
- plain: `pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology)`, the obvious call;
- validate: what `treaty-kg validate` and the build do (ontology mixed into a private copy,
  each SHACL-SPARQL query parsed once instead of once per focus node).
Datasets: the project's graph (graph/*.ttl) and synthetic graphs (bench/synthetic.py) of 10k and
100k triples. Each cell is the median of --repeats runs (one run for graphs of 50k triples or
more); a run longer than --budget seconds is stopped and shown as "> budget". The result counts
are printed too: the two must find the same problems.

    python bench/bench_validate.py            # about 10 minutes on 2 cores
    python bench/bench_validate.py --sizes 10000 --repeats 1
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import signal
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyshacl
from rdflib import Graph
from rdflib.namespace import SH

from treaty_kg import paths
from treaty_kg.rdf.load import load_graph
from treaty_kg.validation.shacl import load_project_ontology, load_shapes, validate

LARGE = 50_000


class OverBudget(Exception):
    pass


def _synthetic() -> Callable[[int], Graph]:
    spec = importlib.util.spec_from_file_location("bench_synthetic", Path(__file__).with_name("synthetic.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.generate


def _plain(data: Graph, shapes: Graph, ontology: Graph) -> int:
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    return len(set(report.objects(None, SH.result)))


def _ours(data: Graph, shapes: Graph, ontology: Graph) -> int:
    return len(validate(data, shapes, ontology).results)


def _timed(run: Callable[[], int], budget: int) -> tuple[float | None, int | None]:
    """Seconds and result count of one run, or (None, None) when it passed the budget."""

    def stop(signum, frame):  # noqa: ARG001
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(budget)
    start = time.perf_counter()
    try:
        count = run()
    except OverBudget:
        return None, None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return time.perf_counter() - start, count


def measure(run: Callable[[], int], repeats: int, budget: int) -> str:
    times: list[float] = []
    count = None
    for _ in range(repeats):
        seconds, count = _timed(run, budget)
        if seconds is None:
            return f"> {budget} s (stopped) |  —"
        times.append(seconds)
    return f"{statistics.median(times):8.2f} s (n={len(times)}) | {count}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000], help="synthetic graph sizes (triples)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per cell below 50k triples (median)")
    parser.add_argument("--budget", type=int, default=300, help="seconds after which a run is stopped")
    args = parser.parse_args(argv)

    shapes, ontology = load_shapes(), load_project_ontology()
    generate = _synthetic()
    datasets: list[tuple[str, Graph]] = [("project graph/*.ttl", load_graph(paths.turtle_files(paths.graph_dir())))]
    datasets += [(f"synthetic {n // 1000}k", generate(n)) for n in args.sizes]

    print(
        f"python {platform.python_version()}, pyshacl {pyshacl.__version__}, {len(shapes)} shape triples, {len(ontology)} ontology triples"
    )
    print("| data | triples | plain pyshacl | results | treaty_kg validate | results |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, data in datasets:
        repeats = 1 if len(data) >= LARGE else args.repeats
        ours = measure(lambda data=data: _ours(data, shapes, ontology), repeats, args.budget)
        plain = measure(lambda data=data: _plain(data, shapes, ontology), repeats, args.budget)
        print(f"| {name} | {len(data)} | {plain} | {ours} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
