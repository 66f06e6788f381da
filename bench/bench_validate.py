"""Validation time: the engine options against plain pyshacl, side by side in one run.

Each option validates the same data against the project's shapes with the project's ontology:
- plain pyshacl: `pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology)`, the obvious call
  (the baseline of issue 13);
- validate --engine pyshacl: the previous `treaty-kg validate` (ontology mixed into a private copy,
  each SHACL-SPARQL query parsed once instead of once per focus node);
- validate --engine turbo: `treaty-kg validate` today, pyshacl-turbo (SHACL in Rust) on the same copy;
- pyshacl on oxrdflib: pyshacl on a graph whose store is pyoxigraph (oxrdflib), so its SPARQL runs
  in oxigraph;
- SPARQL on pyoxigraph (lower bound): only the shapes' SHACL-SPARQL constraints, each run once as
  a whole-graph SELECT on a pyoxigraph store (the costly part of the shapes, not a SHACL engine:
  what compiling the shapes to SPARQL would cost at best for them).
Datasets: the project's graph (graph/*.ttl) and synthetic graphs (bench/synthetic.py) of 10k and
100k triples. Each cell is the median of --repeats runs (one run for graphs of 50k triples or
more); a run longer than --budget seconds is stopped and shown as "> budget". The result counts
are printed too: the engines must find the same problems, and `same` says whether each option's
results (focus, path, value, severity, shape, component) equal the previous `validate`'s (plain
pyshacl's differ: its `ont_graph` hides the ontology's individuals from `sh:class`, shapes/README.md).

    python bench/bench_validate.py            # about 30 minutes on 2 cores (plain pyshacl is slow)
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

import pyoxigraph
import pyshacl
import pyshacl_turbo
from rdflib import Graph
from rdflib.namespace import SH

from treaty_kg import paths
from treaty_kg.rdf.load import load_graph
from treaty_kg.validation.shacl import load_project_ontology, load_shapes, validate

LARGE = 50_000
ONE_RUN = 60  # seconds: a run longer than this is not repeated


class OverBudget(Exception):
    pass


def _synthetic() -> Callable[[int], Graph]:
    spec = importlib.util.spec_from_file_location("bench_synthetic", Path(__file__).with_name("synthetic.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.generate


Key = frozenset


def _report_key(report: Graph) -> Key:
    """What a result says, blank nodes aside (their labels differ between engines)."""

    def term(node):
        return None if node is None or type(node).__name__ == "BNode" else str(node)

    return frozenset(
        tuple(
            term(report.value(r, p))
            for p in (SH.focusNode, SH.resultPath, SH.value, SH.resultSeverity, SH.sourceShape, SH.sourceConstraintComponent)
        )
        + (sum(1 for _ in report.objects(None, SH.result)),)
        for r in report.objects(None, SH.result)
    )


def _plain(data: Graph, shapes: Graph, ontology: Graph) -> tuple[int, Key]:
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    return len(set(report.objects(None, SH.result))), _report_key(report)


def _engine(name: str) -> Callable[[Graph, Graph, Graph], tuple[int, Key]]:
    def run(data: Graph, shapes: Graph, ontology: Graph) -> tuple[int, Key]:
        outcome = validate(data, shapes, ontology, engine=name)
        return len(outcome.results), _report_key(outcome.report_graph)

    return run


def _oxrdflib(data: Graph, shapes: Graph, ontology: Graph) -> tuple[int, Key]:
    work = Graph(store="Oxigraph")
    work += data
    work += ontology
    _, report, _ = pyshacl.validate(work, shacl_graph=shapes, inference="none", inplace=True)
    return len(set(report.objects(None, SH.result))), _report_key(report)


def _sparql_only(data: Graph, shapes: Graph, ontology: Graph) -> tuple[int, Key]:
    """The SHACL-SPARQL constraints of node shapes with sh:targetClass, as whole-graph SELECTs."""
    store = pyoxigraph.Store()
    text = (data + ontology).serialize(format="nt")
    store.load(text.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    found = 0
    for shape, constraint in shapes.subject_objects(SH.sparql):
        select = shapes.value(constraint, SH.select)
        prefixes = "".join(
            f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
            for declared in shapes.objects(constraint, SH.prefixes)
            for d in shapes.objects(declared, SH.declare)
        )
        for target in shapes.objects(shape, SH.targetClass):
            query = str(select).replace("$this", "?this")
            head, _, body = query.partition("WHERE {")
            typed = f"{head}WHERE {{ ?this a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{target}> . {body}"
            found += sum(1 for _ in store.query(prefixes + typed))
    return found, frozenset()


OPTIONS: dict[str, Callable[[Graph, Graph, Graph], tuple[int, Key]]] = {
    "plain pyshacl": _plain,
    "validate --engine pyshacl": _engine("pyshacl"),
    "validate --engine turbo": _engine("turbo"),
    "pyshacl on oxrdflib": _oxrdflib,
    "SPARQL on pyoxigraph (lower bound)": _sparql_only,
}


def _timed(run: Callable[[], tuple[int, Key]], budget: int) -> tuple[float | None, tuple[int, Key] | None]:
    """Seconds and result count of one run, or (None, None) when it passed the budget."""

    def stop(signum, frame):
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


def measure(run: Callable[[], tuple[int, Key]], repeats: int, budget: int) -> tuple[float | None, int, int | None, Key | None]:
    """Median seconds, runs made, result count and result key of up to `repeats` runs (None past
    the budget)."""
    times: list[float] = []
    outcome = None
    for _ in range(repeats):
        seconds, outcome = _timed(run, budget)
        if seconds is None or outcome is None:
            return None, 0, None, None
        times.append(seconds)
        if seconds > ONE_RUN:  # a median of several only where a run takes under a minute
            break
    return statistics.median(times), len(times), outcome[0], outcome[1]  # type: ignore[index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000], help="synthetic graph sizes (triples)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per cell below 50k triples (median)")
    parser.add_argument("--budget", type=int, default=240, help="seconds after which a run is stopped")
    parser.add_argument(
        "--budget-large",
        type=int,
        default=900,
        help=f"the same for graphs of {LARGE} triples or more (plain pyshacl's time there is the goal's baseline)",
    )

    parser.add_argument("--options", nargs="*", default=list(OPTIONS), help="options to run (default: all)")
    args = parser.parse_args(argv)

    shapes, ontology = load_shapes(), load_project_ontology()
    generate = _synthetic()
    datasets: list[tuple[str, Graph]] = [("project graph/*.ttl", load_graph(paths.turtle_files(paths.graph_dir())))]
    datasets += [(f"synthetic {n // 1000}k", generate(n)) for n in args.sizes]

    print(
        f"python {platform.python_version()}, pyshacl {pyshacl.__version__}, pyshacl-turbo {pyshacl_turbo.__version__}, "
        f"pyoxigraph {pyoxigraph.__version__}, {len(shapes)} shape triples, {len(ontology)} ontology triples"
    )
    print("| data | triples | option | seconds | results | same as previous validate | × plain pyshacl |")
    print("|---|---:|---|---:|---:|---|---:|")
    stopped: set[str] = set()
    for name, data in datasets:
        large = len(data) >= LARGE
        repeats, budget = (1, args.budget_large) if large else (args.repeats, args.budget)
        baseline: tuple[float | None, Key | None] = (None, None)
        plain_stopped = False
        for option in args.options:
            if option in stopped and option != "plain pyshacl":  # the baseline always runs: it is the reference
                print(f"| {name} | {len(data)} | {option} | not run (stopped on a smaller graph) | — | — | — |", flush=True)
                continue
            run = OPTIONS[option]
            seconds, runs, count, key = measure(lambda run=run, data=data: run(data, shapes, ontology), repeats, budget)
            if seconds is None:
                stopped.add(option)
            if option == "plain pyshacl":
                baseline = (seconds, baseline[1])
                plain_stopped = seconds is None
            if option == "validate --engine pyshacl":
                baseline = (baseline[0], key)
            shown = f"{seconds:.2f} (n={runs})" if seconds is not None else f"> {budget} (stopped)"
            same = (
                "—"
                if key is None or baseline[1] is None or option == "SPARQL on pyoxigraph (lower bound)"
                else ("yes" if key == baseline[1] else "NO")
            )
            if seconds and baseline[0]:
                speedup = f"{baseline[0] / seconds:.1f}"
            elif seconds and plain_stopped:
                speedup = f"> {budget / seconds:.1f}"
            else:
                speedup = "—"
            print(
                f"| {name} | {len(data)} | {option} | {shown} | {count if count is not None else '—'} | {same} | {speedup} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
