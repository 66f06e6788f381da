"""Fixtures for the shapes tests: the project's shapes and ontology, loaded once per session."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph

from treaty_kg.rdf.load import load_graph
from treaty_kg.validation.shacl import Outcome, load_project_ontology, load_shapes, validate

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


@pytest.fixture(scope="session")
def fixture_data() -> Callable[[Path], Graph]:
    """A fixture file's graph, parsed once (`validate` leaves its data as it was)."""
    return functools.cache(lambda data_file: load_graph([data_file]))


@pytest.fixture(scope="session")
def fixture_outcome(shapes: Graph, ontology: Graph, fixture_data: Callable[[Path], Graph]) -> Callable[[Path], Outcome]:
    """`validate` of a fixture file with the project's shapes and ontology and the default engine,
    once per file: test_shapes_fixtures checks it against the manifest, test_shapes_engines against
    the reference engine (on the same parsed graph, so blank nodes compare by label)."""
    return functools.cache(lambda data_file: validate(fixture_data(data_file), shapes, ontology))
