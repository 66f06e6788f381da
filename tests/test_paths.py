"""Where commands find the project: a checkout first, else the copy a wheel carries."""

from pathlib import Path

import pytest

from treaty_kg import paths


def test_a_checkout_is_found_from_a_subfolder(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.ROOT_ENV)
    monkeypatch.chdir(root / "graph")
    assert paths.project_root() == root
    assert paths.build_dir() == root / "build"


def test_outside_a_checkout_the_wheels_copy_is_used_and_build_goes_to_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "site-packages" / "treaty_kg" / "data"
    (bundled / "ontology").mkdir(parents=True)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.delenv(paths.ROOT_ENV)
    monkeypatch.chdir(work)
    monkeypatch.setattr(paths, "BUNDLED", bundled)
    monkeypatch.setattr(paths, "_is_checkout", lambda path: False)
    assert paths.project_root() == bundled
    assert paths.shapes_dir() == bundled / "shapes"
    assert paths.build_dir() == work / "build"
