"""Fixtures for the graph checks: the graph files and the ontology, each loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from treaty_kg.load import load_graph

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def graph_files() -> list[Path]:
    return sorted((ROOT / "graph").glob("*.ttl"))


@pytest.fixture(scope="session")
def kg(graph_files: list[Path]) -> Graph:
    """The union of graph/*.ttl, as `treaty-kg cite` and the build read it."""
    return load_graph(graph_files)


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return load_graph(sorted((ROOT / "ontology").glob("*.ttl")))
