"""Fixtures for the shapes tests: the project's shapes and ontology, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from treaty_kg.validation.shacl import load_project_ontology, load_shapes

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def shapes(root: Path) -> Graph:
    return load_shapes(root / "shapes")


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return load_project_ontology()


@pytest.fixture(scope="session")
def shape_fixtures() -> Path:
    return HERE / "fixtures"
