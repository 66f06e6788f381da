"""Fixtures for the graph checks: the graph files and the ontology, each loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from treaty_kg.ontology.modules import load_ontology
from treaty_kg.paths import turtle_files
from treaty_kg.rdf.load import load_graph


@pytest.fixture(scope="session")
def graph_files(root: Path) -> list[Path]:
    return turtle_files(root / "graph")


@pytest.fixture(scope="session")
def kg(graph_files: list[Path]) -> Graph:
    """The union of graph/*.ttl, as `treaty-kg cite` and the build read it."""
    return load_graph(graph_files)


@pytest.fixture(scope="session")
def ontology() -> Graph:
    """The ontology as the build reads it: the top file and the modules it imports."""
    return load_ontology()
