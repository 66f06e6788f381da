"""Whole `treaty-kg build` wall time and peak memory: the project's graph and synthetic graphs.

Each build runs as `treaty-kg build --quiet` in a child process on a throw-away project folder
(the project's ontology/ and shapes/, the graph/ being the project's or one synthetic file), so
its peak resident memory is measured alone (`getrusage(RUSAGE_CHILDREN)`, one child at a time).
The steps' own times come from the build's stats.json. The project's build is timed `--repeat`
times (median; the first run also warms the disk cache).

    python bench/bench_build.py --sizes 100000 1000000
    python bench/bench_build.py --no-project --sizes 1000000 --reasoner rules
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate  # noqa: E402  (bench/ is not a package)

ROOT = Path(__file__).resolve().parents[1]


def project_folder(base: Path, size: int | None) -> Path:
    """A project root with ontology/ and shapes/ of this checkout and, as graph/, the project's
    facts (size None) or a synthetic graph of `size` triples (N-Triples, which is Turtle)."""
    root = base / ("project" if size is None else f"synthetic-{size}")
    root.mkdir()
    (root / "pyproject.toml").write_text("", encoding="utf-8")
    for folder in ("ontology", "shapes"):
        shutil.copytree(ROOT / folder, root / folder)
    if size is None:
        shutil.copytree(ROOT / "graph", root / "graph")
    else:
        (root / "graph").mkdir()
        generate(size).serialize(root / "graph" / "synthetic.ttl", format="nt", encoding="utf-8")
    return root


def build_once(root: Path, reasoner: str) -> dict:
    """One `treaty-kg build` in a child process: wall seconds, peak RSS (MiB), the steps' seconds."""
    out = root / "build"
    command = [sys.executable, "-m", "treaty_kg", "build", "--quiet", "--out", str(out), "--reasoner", reasoner]
    env = {"TREATY_KG_ROOT": str(root), "PATH": "/usr/bin:/bin"}
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = usage.ru_maxrss  # KiB on Linux: max over all children so far
    cpu = usage.ru_utime + usage.ru_stime - cpu_before  # this build's CPU seconds: what a shared machine does not inflate
    if done.returncode != 0:
        return {"ok": False, "wall": wall, "error": (done.stdout + done.stderr)[-2000:]}
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    return {
        "ok": True,
        "wall": wall,
        "cpu": cpu,
        "peak_mib": peak / 1024 if peak > before else None,
        "steps": stats["seconds"],
        "triples": stats["triples"],
        "reason": stats.get("reason_seconds", {}),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000], help="synthetic graph sizes")
    parser.add_argument("--no-project", action="store_true", help="skip the project's own graph")
    parser.add_argument("--repeat", type=int, default=3, help="builds of the project's graph (median)")
    parser.add_argument("--reasoner", default="rules", choices=["rules", "owlrl"])
    args = parser.parse_args(argv)
    rows = []
    print(f"load average at the start: {os.getloadavg()[0]:.2f} (2 CPUs: above ~0.5, other work shares them)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        graphs: list[tuple[str, int | None]] = ([] if args.no_project else [("project", None)]) + [
            (f"synthetic {size // 1000}k", size) for size in args.sizes
        ]
        for name, size in graphs:
            root = project_folder(Path(tmp), size)
            runs = [build_once(root, args.reasoner) for _ in range(args.repeat if size is None else 1)]
            ok = [r for r in runs if r["ok"]]
            if not ok:
                print(f"{name}: build failed: {runs[-1]['error']}", flush=True)
                continue
            row = ok[len(ok) // 2] | {"graph": name, "walls": [round(r["wall"], 2) for r in ok]}
            row["wall"] = statistics.median(r["wall"] for r in ok)
            rows.append(row)
            print(json.dumps(row), flush=True)
            shutil.rmtree(root, ignore_errors=True)
    print(
        f"\n| graph | asserted | inferred | build s (wall{', median' if args.repeat > 1 else ''}) | CPU s | load s | validate s | reason s | write s | peak RSS MiB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        s = r["steps"]
        load = s.get("load ontology", 0) + s.get("load graph", 0) + s.get("load shapes", 0)
        peak = f"{r['peak_mib']:.0f}" if r.get("peak_mib") else "-"
        print(
            f"| {r['graph']} | {r['triples']['asserted']} | {r['triples']['inferred']} | {r['wall']:.2f} "
            f"({', '.join(map(str, r['walls']))}) | {r['cpu']:.2f} | {load:.2f} | {s.get('validate', 0):.2f} | {s.get('reason', 0):.2f} "
            f"| {s.get('write', 0):.2f} | {peak} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
