"""Fixtures for the release tests: the files `treaty-kg release 0.2.0` writes, made once per
session from this checkout, beside the committed `releases/0.2.0/`.

`fresh` runs the command's own writer (`release_files` + `write_files`) without its checks,
which reason over the ontology three times; the checks are tested on their own (test_release_checks.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from treaty_kg.release.build import release_files, write_files

VERSION = "0.2.0"


@pytest.fixture(scope="session")
def committed(root: Path) -> Path:
    return root / "releases" / VERSION


@pytest.fixture(scope="session")
def _built(tmp_path_factory: pytest.TempPathFactory, root: Path) -> tuple[Path, Graph]:
    mp = pytest.MonkeyPatch()
    mp.setenv("TREATY_KG_ROOT", str(root))  # session fixtures run outside the per-test root fixture
    try:
        _, files, merged = release_files(VERSION)
    finally:
        mp.undo()
    out = tmp_path_factory.mktemp("release") / VERSION
    write_files(out, files)
    return out, merged


@pytest.fixture(scope="session")
def fresh(_built: tuple[Path, Graph]) -> Path:
    """The release folder as `treaty-kg release 0.2.0` writes it now."""
    return _built[0]


@pytest.fixture(scope="session")
def merged_graph(_built: tuple[Path, Graph]) -> Graph:
    """The merged ontology the release was written from (what its checks compare against)."""
    return _built[1]
