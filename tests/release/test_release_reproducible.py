"""The committed `releases/0.2.0/` is what `treaty-kg release 0.2.0` writes today, byte for byte:
users download the committed folder, so it must be the release the tool makes from this checkout
(if this fails after an ontology or shapes change, run `treaty-kg release 0.2.0` and commit, or
release a new version)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_committed_release_equals_a_fresh_build(committed: Path, fresh: Path) -> None:
    mine, theirs = _files(fresh), _files(committed)
    assert sorted(mine) == sorted(theirs)
    differing = [name for name in mine if mine[name] != theirs[name]]
    assert differing == []


def test_manifest_lists_every_file_with_its_digest(fresh: Path) -> None:
    manifest = json.loads((fresh / "release.json").read_text(encoding="utf-8"))
    files = _files(fresh)
    del files["release.json"]
    assert manifest["files"] == {
        name: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()} for name, data in files.items()
    }
    assert manifest["version"] == "0.2.0" and manifest["priorVersion"] == "0.1.0"


def test_release_folder_holds_what_importers_look_for(fresh: Path, root: Path) -> None:
    names = set(_files(fresh))
    assert {f"ontology.{ext}" for ext in ("ttl", "rdf", "nt", "jsonld", "html")} <= names
    assert {"shapes.ttl", "CHANGELOG.md", "module/catalog-v001.xml"} <= names
    modules = {n for n in names if n.startswith("module/") and n.endswith(".ttl")}
    assert modules == {f"module/{p.name}" for p in (root / "ontology").glob("*.ttl")}
