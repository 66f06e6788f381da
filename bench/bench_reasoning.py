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
from owlrl_reference import read_reference  # noqa: E402  (bench/ is not a package)
from synthetic import generate  # noqa: E402

from treaty_kg import paths  # noqa: E402
from treaty_kg.ontology.modules import load_ontology  # noqa: E402
from treaty_kg.rdf.load import load_graph  # noqa: E402
from treaty_kg.reasoning import owlrl_closure, sparql_closure  # noqa: E402
from treaty_kg.reasoning.compare import difference, input_digest, lines  # noqa: E402


def timed(fn, *args):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn(*args)
    return value, time.perf_counter() - wall, time.process_time() - cpu


def rules_runs(ontology, asserted, repeat: int) -> tuple[object, list[float], list[float]]:
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        result, wall, cpu = timed(sparql_closure.closure, ontology, asserted)
        walls.append(wall)
        cpus.append(cpu)
        if wall > 60:
            break
    return result, walls, cpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000], help="synthetic sizes, rules and owlrl")
    parser.add_argument("--rules-only", type=int, nargs="*", default=[], help="synthetic sizes, the rules alone")
    parser.add_argument("--no-project", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--owlrl-reference", action="append", default=[], metavar="SIZE=FILE")
    args = parser.parse_args(argv)
    references = {int(k): Path(v) for k, v in (item.split("=", 1) for item in args.owlrl_reference)}
    ontology = load_ontology()
    graphs = ([] if args.no_project else [("project", None, True)]) + [(f"synthetic {s // 1000}k", s, True) for s in args.sizes]
    graphs += [(f"synthetic {s // 1000}k", s, False) for s in args.rules_only]
    rows = []
    for name, size, with_owlrl in graphs:
        asserted = load_graph(paths.turtle_files(paths.graph_dir())) if size is None else generate(size)
        result, walls, cpus = rules_runs(ontology, asserted, args.repeat)
        row = {
            "graph": name,
            "asserted": len(asserted),
            "rules_inferred": len(result.inferred),  # type: ignore[attr-defined]
            "rules_s": statistics.median(walls),
            "rules_walls": [round(w, 2) for w in walls],
            "rules_cpu_s": statistics.median(cpus),
            "rounds": result.seconds.get("rounds"),  # type: ignore[attr-defined]
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
        if with_owlrl:
            reference = references.get(size) if size is not None else None
            if reference is not None:
                header, expected = read_reference(reference)
                if header["input-digest"] != input_digest(ontology, asserted):
                    raise SystemExit(f"{reference}: stale reference (input digest differs)")
                row |= {"owlrl_s": header["owlrl-seconds"], "owlrl_cpu_s": None, "owlrl_source": str(reference)}
            else:
                owlrl, wall, cpu = timed(owlrl_closure.closure, ontology, asserted)
                expected = lines(owlrl.inferred)
                row |= {"owlrl_s": owlrl.seconds["owlrl"], "owlrl_cpu_s": cpu, "owlrl_source": "this run"}
            d = difference(expected, lines(result.inferred))  # type: ignore[attr-defined]
            row |= {
                "owlrl_inferred": len(expected),
                "identical": d.equal,
                "only_owlrl": d.only_left[:5],
                "only_rules": d.only_right[:5],
                "speedup": row["owlrl_s"] / row["rules_s"],
            }
        rows.append(row)
        print(json.dumps(row), flush=True)
    print(
        "\n| graph | asserted | inferred (rules) | inferred (owlrl) | identical | rules s (wall, median) | rules CPU s "
        "| owlrl s | speed-up |"
    )
    print("|---|---:|---:|---:|---|---:|---:|---:|---:|")
    for r in rows:
        owl = f"{r['owlrl_s']:.1f}" if "owlrl_s" in r else "-"
        speedup = f"{r['speedup']:.0f}x" if "speedup" in r else "-"
        print(
            f"| {r['graph']} | {r['asserted']} | {r['rules_inferred']} | {r.get('owlrl_inferred', '-')} "
            f"| {'yes' if r.get('identical') else ('-' if 'identical' not in r else 'NO')} "
            f"| {r['rules_s']:.2f} ({', '.join(map(str, r['rules_walls']))}) | {r['rules_cpu_s']:.2f} | {owl} "
            f"| {speedup} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
