"""Fixtures of the build tests: a small ontology and facts with one axiom of each kind the
project uses (fixtures/), their closure, and an explainer over them."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from treaty_kg.rdf.load import load_graph
from treaty_kg.reasoning.explain import Explainer
from treaty_kg.reasoning.owlrl_closure import Closure, closure

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def build_fixtures() -> Path:
    return HERE / "fixtures"


@pytest.fixture(scope="session")
def mini_ontology(build_fixtures: Path) -> Graph:
    return load_graph([build_fixtures / "ontology.ttl"])


@pytest.fixture(scope="session")
def mini_asserted(build_fixtures: Path) -> Graph:
    return load_graph([build_fixtures / "data.ttl"])


@pytest.fixture(scope="session")
def mini_closure(mini_ontology: Graph, mini_asserted: Graph) -> Closure:
    return closure(mini_ontology, mini_asserted)


@pytest.fixture(scope="session")
def mini_explainer(mini_ontology: Graph, mini_asserted: Graph, mini_closure: Closure) -> Explainer:
    return Explainer(mini_ontology, mini_asserted, mini_closure.inferred)
