"""Build and reasoning time: the project's graph and synthetic graphs, owlrl being the baseline.

For each graph, the steps of `treaty-kg build` are timed side by side in one run: load,
reason (owlrl's OWL 2 RL closure — the baseline — and the cleaning of its output, timed apart), and
write (dataset assembly and N-Quads). The project's graph is also built end to end with
`build()` (which validates too). With `--profile`, cProfile shows where owlrl's time goes.

    python bench/bench_build.py                       # project graph, synthetic 10k and 100k
    python bench/bench_build.py --sizes 10000 --profile 10000
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from owlrl import DeductiveClosure, OWLRL_Semantics
from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate  # noqa: E402  (bench/ is not a package)

from treaty_kg import paths
from treaty_kg.build import assemble, build, write_nquads
from treaty_kg.ontology.modules import load_ontology
from treaty_kg.rdf.load import load_graph
from treaty_kg.rdf.namespaces import GRAPH_INFERRED
from treaty_kg.reasoning.owlrl_closure import closure, reasoning_input


def timed(fn: Callable, *args):
    start = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - start


def owlrl_only(ontology: Graph, asserted: Graph) -> int:
    """The baseline: owlrl's closure into a named graph, nothing else (raw triple count)."""
    dataset = reasoning_input(ontology, asserted)
    raw = dataset.graph(GRAPH_INFERRED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        DeductiveClosure(OWLRL_Semantics).expand(dataset, destination=raw)
    return len(raw)


def measure(name: str, ontology: Graph, asserted: Graph, load_seconds: float) -> dict:
    result, reason_seconds = timed(closure, ontology, asserted)
    with tempfile.TemporaryDirectory() as tmp:
        _, write_seconds = timed(lambda: write_nquads(assemble(ontology, asserted, result.inferred), Path(tmp) / "d.nq"))
    return {
        "graph": name,
        "asserted": len(asserted),
        "raw": len(result.inferred) + sum(result.dropped.values()),
        "inferred": len(result.inferred),
        "load": load_seconds,
        "owlrl": result.seconds["owlrl"],
        "cleaning": result.seconds["cleaning"],
        "reason": reason_seconds,
        "write": write_seconds,
    }


def profile(ontology: Graph, asserted: Graph, top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    owlrl_only(ontology, asserted)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000], help="synthetic graph sizes")
    parser.add_argument("--no-project", action="store_true", help="skip the project's own graph")
    parser.add_argument("--profile", type=int, metavar="SIZE", help="cProfile owlrl on a synthetic graph of SIZE")
    parser.add_argument("--top", type=int, default=20, help="functions to show in the profile")
    args = parser.parse_args(argv)

    ontology = load_ontology()
    rows = []
    if not args.no_project:
        with tempfile.TemporaryDirectory() as tmp:
            result, seconds = timed(build, Path(tmp) / "build", True)
        status = "ok" if result.ok else "stopped by validation"
        steps = ", ".join(f"{k} {v:.2f} s" for k, v in result.stats.get("seconds", {}).items())
        print(f"treaty-kg build (project graph): {seconds:.2f} s, {status}; {steps}", flush=True)
        asserted, load_seconds = timed(load_graph, paths.turtle_files(paths.graph_dir()))
        rows.append(measure("project", ontology, asserted, load_seconds))
        print(rows[-1], flush=True)
    for size in args.sizes:
        asserted, load_seconds = timed(generate, size)
        rows.append(measure(f"synthetic {size // 1000}k", ontology, asserted, load_seconds))
        print(rows[-1], flush=True)

    print(f"\nontology: {len(ontology)} triples\n")
    print(
        "| graph | asserted | owlrl raw | inferred kept | load/generate s | owlrl s (baseline) | cleaning s | reason s (all) | write s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['graph']} | {r['asserted']} | {r['raw']} | {r['inferred']} | {r['load']:.2f} | {r['owlrl']:.2f} "
            f"| {r['cleaning']:.2f} | {r['reason']:.2f} | {r['write']:.2f} |"
        )
    if args.profile:
        print(f"\ncProfile of owlrl on synthetic {args.profile} (top {args.top} by own time):\n")
        print(profile(ontology, generate(args.profile), args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
