"""A damaged build is never served: the server loads only what the build's manifest records, and a
process started after the damage comes up on the last good build it kept."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from treaty_kg.endpoint.store import DatasetError, GraphStore
from treaty_kg.rdf.manifest import MANIFEST_NAME, write_manifest

ASK_ALICE = "ASK { ?s ?p ?o }"


@pytest.fixture()
def built(tmp_path: Path, small_dataset: Path) -> Path:
    """small.nq as a build folder writes it: dataset, stats.json, manifest.json."""
    folder = tmp_path / "build"
    folder.mkdir()
    dataset = folder / "dataset.nq"
    shutil.copy(small_dataset, dataset)
    (folder / "stats.json").write_text(json.dumps({"built": "2026-11-30T00:00:00+00:00"}), encoding="utf-8")
    write_manifest(dataset)
    return dataset


def test_the_manifest_records_digest_size_and_triples_per_graph(built: Path) -> None:
    manifest = json.loads((built.parent / MANIFEST_NAME).read_text())
    assert len(manifest["sha256"]) == 64 and manifest["bytes"] == built.stat().st_size
    assert manifest["triples"]["https://w3id.org/treaty-kg/graph/asserted"] == 6


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"", id="emptied"),
        pytest.param(lambda data: b"\n".join(data.splitlines()[:2]) + b"\n", id="truncated to 2 lines"),
        pytest.param(lambda data: data + data.splitlines()[0].replace(b"alice", b"mallory") + b"\n", id="a line added"),
        pytest.param(lambda data: b"garbage <", id="garbage"),
    ],
)
def test_a_damaged_build_is_refused_at_start_with_the_reason(built: Path, damage) -> None:
    built.write_bytes(damage(built.read_bytes()))
    with pytest.raises(DatasetError, match="after the build|differ from those its build recorded"):
        GraphStore(built, check_interval=0)


def test_a_build_folder_without_its_manifest_is_refused(built: Path) -> None:
    (built.parent / MANIFEST_NAME).unlink()
    with pytest.raises(DatasetError, match="no manifest.json"):
        GraphStore(built, check_interval=0)


def test_a_dataset_outside_a_build_folder_needs_no_manifest(tmp_path: Path, small_dataset: Path) -> None:
    own = tmp_path / "mine.nq"
    shutil.copy(small_dataset, own)
    graph = GraphStore(own, check_interval=0)
    assert graph.info()["triples"]["default"] == 9
    graph.close()


def test_a_reload_of_a_damaged_build_keeps_serving_the_good_one(built: Path) -> None:
    graph = GraphStore(built, check_interval=0)
    good = graph.info()["sha256"]
    built.write_bytes(b"")
    with pytest.raises(DatasetError, match="after the build"):
        graph.reload()
    assert graph.info()["sha256"] == good and graph.info()["triples"]["default"] == 9
    graph.close()


def test_a_process_started_after_the_damage_serves_the_last_good_build(built: Path) -> None:
    """What a worker replaced after a crash or a kill does: it must not fail to boot."""
    first = GraphStore(built, check_interval=0)
    good = first.info()["sha256"]
    first.close()
    built.write_bytes(b"garbage <")
    replaced = GraphStore(built, check_interval=0)
    info = replaced.info()
    assert info["sha256"] == good and info["triples"]["default"] == 9
    assert info["serving"].endswith(".last-good/dataset.nq")
    assert "after the build" in (info["last_reload_error"] or "")
    replaced.close()


def test_serve_exits_with_one_line_on_a_damaged_build(built: Path) -> None:
    built.write_bytes(built.read_bytes()[:100])
    result = subprocess.run(
        [sys.executable, "-m", "treaty_kg", "serve", "--dataset", str(built), "--port", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "truncated, emptied or overwritten" in result.stderr.strip().splitlines()[-1]
