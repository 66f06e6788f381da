"""Reasoning time: the OWL 2 RL rules as SPARQL updates (the default) against owlrl (the oracle).

For each graph — the project's, synthetic ones — the rules' closure is timed (`--repeat` runs,
median, when a run takes under a minute) and owlrl's once; the two cleaned inferred graphs are
compared (identical, or the triples only one side has). owlrl takes minutes at 100k triples: with
`--owlrl-reference SIZE=FILE` its closure and time are read from a file written by
bench/owlrl_reference.py (the input's digest is checked) instead of computed again. `--rules-only`
sizes time the rules alone. CPU seconds are printed beside wall seconds because the machine is
shared (2 cores, other jobs): wall time depends on them, CPU time much less.

    python bench/bench_reasoning.py --sizes 10000 100000 --owlrl-reference 100000=bench/out/owlrl-synthetic-100k.nt \\
        --rules-only 1000000
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pyoxigraph as ox  # noqa: E402
from owlrl_reference import read_reference  # noqa: E402  (bench/ is not a package)
from synthetic import generate  # noqa: E402

from treaty_kg import paths  # noqa: E402
from treaty_kg.ontology.modules import load_ontology  # noqa: E402
from treaty_kg.rdf.load import load_graph  # noqa: E402
from treaty_kg.rdf.terms import quads  # noqa: E402
from treaty_kg.reasoning import owlrl_closure, sparql_closure  # noqa: E402
from treaty_kg.reasoning.compare import difference, input_digest, lines  # noqa: E402


def timed(fn, *args):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn(*args)
    return value, time.perf_counter() - wall, time.process_time() - cpu


def rules_runs(ontology, asserted, repeat: int) -> tuple[set[str], list[float], list[float]]:
    """The rules as the build runs them: the asserted graph already in a pyoxigraph store (the
    conversion from rdflib is the build's loading, not reasoning), the cleaned closure written into
    a graph of that store. Returns the inferred triples (N-Triples lines) and the times."""
    walls, cpus, inferred = [], [], set()
    for _ in range(repeat):
        store = ox.Store()
        store.extend(quads(asserted, ox.NamedNode(sparql_closure.ASSERTED_GRAPH)))
        _, wall, cpu = timed(
            sparql_closure.reason_in_store, store, ontology, sparql_closure.ASSERTED_GRAPH, sparql_closure.INFERRED_GRAPH
        )
        walls.append(wall)
        cpus.append(cpu)
        graph = ox.NamedNode(sparql_closure.INFERRED_GRAPH)
        inferred = {f"{q.subject} {q.predicate} {q.object}" for q in store.quads_for_pattern(None, None, None, graph)}
        if wall > 60:
            break
    return inferred, walls, cpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000], help="synthetic sizes, rules and owlrl")
    parser.add_argument("--rules-only", type=int, nargs="*", default=[], help="synthetic sizes, the rules alone")
    parser.add_argument("--no-project", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--owlrl-reference", action="append", default=[], metavar="SIZE=FILE")
    parser.add_argument(
        "--owlrl-cpu",
        action="append",
        default=[],
        metavar="SIZE=SECONDS",
        help="owlrl's CPU seconds for a reference file written without them",
    )
    args = parser.parse_args(argv)
    references = {int(k): Path(v) for k, v in (item.split("=", 1) for item in args.owlrl_reference)}
    reference_cpu = {int(k): float(v) for k, v in (item.split("=", 1) for item in args.owlrl_cpu)}
    ontology = load_ontology()
    graphs = ([] if args.no_project else [("project", None, True)]) + [(f"synthetic {s // 1000}k", s, True) for s in args.sizes]
    graphs += [(f"synthetic {s // 1000}k", s, False) for s in args.rules_only]
    rows = []
    for name, size, with_owlrl in graphs:
        asserted = load_graph(paths.turtle_files(paths.graph_dir())) if size is None else generate(size)
        inferred, walls, cpus = rules_runs(ontology, asserted, args.repeat)
        row = {
            "graph": name,
            "asserted": len(asserted),
            "rules_inferred": len(inferred),
            "rules_s": statistics.median(walls),
            "rules_walls": [round(w, 2) for w in walls],
            "rules_cpu_s": statistics.median(cpus),
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
        if with_owlrl:
            reference = references.get(size) if size is not None else None
            if reference is not None:
                header, expected = read_reference(reference)
                if header["input-digest"] != input_digest(ontology, asserted):
                    raise SystemExit(f"{reference}: stale reference (input digest differs)")
                cpu_s = header.get("owlrl-cpu-seconds", reference_cpu.get(size))
                row |= {"owlrl_s": header["owlrl-seconds"], "owlrl_cpu_s": cpu_s, "owlrl_source": str(reference)}
            else:
                owlrl, wall, cpu = timed(owlrl_closure.closure, ontology, asserted)
                expected = lines(owlrl.inferred)
                row |= {"owlrl_s": owlrl.seconds["owlrl"], "owlrl_cpu_s": cpu, "owlrl_source": "this run"}
            d = difference(expected, inferred)
            row |= {
                "owlrl_inferred": len(expected),
                "identical": d.equal,
                "only_owlrl": d.only_left[:5],
                "only_rules": d.only_right[:5],
                "speedup": row["owlrl_s"] / row["rules_s"],
                "cpu_speedup": row["owlrl_cpu_s"] / row["rules_cpu_s"] if row["owlrl_cpu_s"] else None,
            }
        rows.append(row)
        print(json.dumps(row), flush=True)
    print(
        "\n| graph | asserted | inferred (rules) | inferred (owlrl) | identical | rules s (wall; runs) "
        "| owlrl s (wall) | speed-up (wall) | rules CPU s | owlrl CPU s | speed-up (CPU) |"
    )
    print("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        owl = f"{r['owlrl_s']:.1f}" if "owlrl_s" in r else "-"
        speedup = f"{r['speedup']:.0f}x" if "speedup" in r else "-"
        owl_cpu = f"{r['owlrl_cpu_s']:.1f}" if r.get("owlrl_cpu_s") else "-"
        cpu_speedup = f"{r['cpu_speedup']:.0f}x" if r.get("cpu_speedup") else "-"
        print(
            f"| {r['graph']} | {r['asserted']} | {r['rules_inferred']} | {r.get('owlrl_inferred', '-')} "
            f"| {'yes' if r.get('identical') else ('-' if 'identical' not in r else 'NO')} "
            f"| {r['rules_s']:.2f} ({', '.join(map(str, r['rules_walls']))}) | {owl} | {speedup} "
            f"| {r['rules_cpu_s']:.2f} | {owl_cpu} | {cpu_speedup} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
