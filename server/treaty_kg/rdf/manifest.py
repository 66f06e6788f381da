"""What a build wrote, recorded beside it, so a server loads only a dataset that is whole.

`build/dataset.nq` can be emptied, truncated or overwritten after the build (a full disk, a
stray `>`, a copy that stopped half-way); every such file still parses as N-Quads, and was
served without a word (0 or 2,000 triples, `/health` ok). The build therefore writes
`manifest.json` next to `stats.json`: the dataset's SHA-256, its size and its triples per named
graph. A server loads a dataset only if its bytes have that digest and its graphs those counts.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from treaty_kg.errors import InputError

MANIFEST_NAME = "manifest.json"
STATS_NAME = "stats.json"


class ManifestError(InputError):
    """A dataset does not match the manifest its build wrote, or a build has no manifest."""


def manifest_path(dataset: Path) -> Path:
    return dataset.with_name(MANIFEST_NAME)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def graph_counts(data: bytes) -> dict[str, int]:
    """Quads per named graph ("default" for the default graph) of an N-Quads document."""
    counts: Counter[str] = Counter()
    for quad in ox.parse(data, format=ox.RdfFormat.N_QUADS):
        graph = quad.graph_name
        counts["default" if isinstance(graph, ox.DefaultGraph) else graph.value] += 1
    return dict(sorted(counts.items()))


def write_manifest(dataset: Path) -> dict[str, Any]:
    """Record the dataset's digest, size and counts beside it (the build calls this last)."""
    data = dataset.read_bytes()
    manifest = {"dataset": dataset.name, "sha256": digest(data), "bytes": len(data), "triples": graph_counts(data)}
    tmp = manifest_path(dataset).with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, manifest_path(dataset))
    return manifest


def read_manifest(dataset: Path) -> dict[str, Any] | None:
    """The manifest beside a dataset; None where there is none and none is expected (a dataset
    that is not in a build folder: no stats.json beside it)."""
    path = manifest_path(dataset)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if dataset.with_name(STATS_NAME).exists():
            raise ManifestError(f"{dataset}: the build folder has no {MANIFEST_NAME}: an unfinished or damaged build") from None
        return None
    except (OSError, ValueError) as exc:
        raise ManifestError(f"{path}: unreadable manifest: {exc}") from None
    if (
        not isinstance(manifest, dict)
        or not isinstance(manifest.get("sha256"), str)
        or not isinstance(manifest.get("triples"), dict)
    ):
        raise ManifestError(f"{path}: not a treaty-kg manifest (sha256 and triples expected)")
    return manifest


def check_digest(dataset: Path, data: bytes, manifest: dict[str, Any] | None) -> None:
    """Refuse bytes that are not those the build recorded (before parsing them)."""
    if manifest is None:
        return
    actual = digest(data)
    if actual != manifest["sha256"]:
        raise ManifestError(
            f"{dataset}: {len(data)} bytes with SHA-256 {actual[:12]}…, but its build wrote "
            f"{manifest.get('bytes', '?')} bytes with SHA-256 {manifest['sha256'][:12]}…: the file was truncated, "
            "emptied or overwritten after the build"
        )


def check_counts(dataset: Path, counts: dict[str, int], manifest: dict[str, Any] | None) -> None:
    """Refuse a loaded dataset whose named graphs do not hold the triples the build recorded
    ("default", the merge a server makes of them, is not compared)."""
    if manifest is None:
        return
    expected = {graph: int(n) for graph, n in manifest["triples"].items() if graph != "default"}
    loaded = {graph: n for graph, n in counts.items() if graph != "default" and (graph in expected or n)}
    if loaded != expected:
        raise ManifestError(f"{dataset}: triples per graph {loaded} differ from those its build recorded {expected}")
