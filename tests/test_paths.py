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


@pytest.fixture
def other_repository(tmp_path: Path) -> Path:
    """Another team's repository: its own ontology/, pyproject.toml and data, no shapes/."""
    repo = tmp_path / "other-team"
    (repo / "ontology").mkdir(parents=True)
    (repo / "ontology" / "theirs.ttl").write_text("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<urn:x> a owl:Ontology .\n")
    (repo / "pyproject.toml").write_text('[project]\nname = "other-team-kg"\nversion = "1.0"\n')
    (repo / "data").mkdir()
    (repo / "data" / "facts.ttl").write_text(
        '@prefix schema: <https://schema.org/> .\n<https://example.org/x> schema:name "x" .\n'
    )
    return repo


def test_another_repository_with_ontology_and_pyproject_is_not_taken_for_a_checkout(
    other_repository: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(paths.ROOT_ENV)
    monkeypatch.chdir(other_repository / "data")
    assert not paths._is_checkout(other_repository)
    assert paths._is_checkout(root)
    assert paths.project_root() != other_repository
    # this package's own checkout (editable install) or the wheel's copy, never theirs
    assert paths.shapes_dir() in (root / "shapes", paths.BUNDLED / "shapes")


def test_validate_runs_in_another_repository_without_treaty_kg_root(
    other_repository: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The pre-commit hook's command, as it runs there: it used to exit 2 looking for their shapes/."""
    from treaty_kg.cli import main

    monkeypatch.delenv(paths.ROOT_ENV)
    monkeypatch.chdir(other_repository)
    code = main(["validate", "data/"])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    assert "shapes" not in captured.err


def test_the_wheels_data_is_found_through_importlib_resources() -> None:
    from importlib.resources import files

    assert paths.BUNDLED == Path(str(files("treaty_kg") / "data"))
