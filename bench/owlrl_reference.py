"""owlrl's cleaned closure of a synthetic graph, stored for the equality tests and the benchmark.

owlrl (the oracle, docs/reasoning.md) takes ~40 s at 10k triples and ~10 min at 100k on the
shared 2-core machine: too slow to run in the test suite. This script runs it once and writes
its cleaned inferred graph as sorted N-Triples, headed by the digest of the input (ontology +
synthetic graph, blank node labels ignored) so a test can tell when the reference is stale.

    python bench/owlrl_reference.py --triples 10000 --out tests/reasoning/fixtures/owlrl-synthetic-10k.nt
    python bench/owlrl_reference.py --project --out tests/reasoning/fixtures/owlrl-project.nt
    python bench/owlrl_reference.py --triples 100000 --out bench/out/owlrl-synthetic-100k.nt

Regenerate the 10k fixture after changing the ontology or bench/synthetic.py (its test fails,
naming this command). The project's reference is a cache: when graph/ or ontology/ changed, the
test computes owlrl's closure itself (minutes), so regenerating it only makes the suite fast again.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate  # noqa: E402  (bench/ is not a package)

from treaty_kg import paths  # noqa: E402
from treaty_kg.ontology.modules import load_ontology  # noqa: E402
from treaty_kg.rdf.load import load_graph  # noqa: E402
from treaty_kg.reasoning.compare import input_digest, lines  # noqa: E402
from treaty_kg.reasoning.owlrl_closure import closure  # noqa: E402

HEADER = "# "


def read_reference(path: Path) -> tuple[dict, set[str]]:
    """(header fields, the closure's N-Triples lines without the final ' .')."""
    header: dict = {}
    triples: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(HEADER):
            key, _, value = line[len(HEADER) :].partition(": ")
            header[key] = json.loads(value)
        elif line.strip():
            triples.add(line.removesuffix(" ."))
    return header, triples


def write_reference(path: Path, header: dict, triples: set[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    head = [f"{HEADER}{k}: {json.dumps(v)}" for k, v in header.items()]
    path.write_text("\n".join(head + [t + " ." for t in sorted(triples)]) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--triples", type=int, help="size of the synthetic graph")
    which.add_argument("--project", action="store_true", help="the project's graph/ instead")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    ontology = load_ontology()
    if args.project:
        asserted = load_graph(paths.turtle_files(paths.graph_dir()))
        what, command = "ontology/ + graph/", "--project"
    else:
        asserted = generate(args.triples, args.seed)
        what = f"ontology/ + bench/synthetic.py generate({args.triples}, seed={args.seed})"
        command = f"--triples {args.triples} --seed {args.seed}"
    digest = input_digest(ontology, asserted)
    cpu = time.process_time()
    result = closure(ontology, asserted)
    cpu = time.process_time() - cpu
    header = {
        "input": what,
        "input-digest": digest,
        "asserted": len(asserted),
        "inferred": len(result.inferred),
        "owlrl-seconds": result.seconds["owlrl"],
        "owlrl-cpu-seconds": round(cpu, 1),  # the whole closure() incl. cleaning; wall time depends on other jobs
        "dropped": dict(sorted(result.dropped.items())),
        "made-by": f"python bench/owlrl_reference.py {command}",
    }
    write_reference(args.out, header, lines(result.inferred))
    print(json.dumps(header), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
