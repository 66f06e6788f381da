"""Fixtures of the reasoning tests: owlrl's closures (the oracle), each computed or read once."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Graph

from treaty_kg import paths
from treaty_kg.ontology.modules import load_ontology
from treaty_kg.rdf.load import load_graph

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def bench_module(name: str) -> ModuleType:
    """A script of bench/ (not a package), imported by path."""
    if name in sys.modules:
        return sys.modules[name]
    sys.path.insert(0, str(ROOT / "bench"))  # owlrl_reference imports synthetic
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="session")
def reference() -> ModuleType:
    return bench_module("owlrl_reference")


@pytest.fixture(scope="session")
def synthetic() -> ModuleType:
    return bench_module("synthetic")


@pytest.fixture(scope="session")
def project_ontology() -> Graph:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(paths.ROOT_ENV, str(ROOT))
        return load_ontology()


@pytest.fixture(scope="session")
def project_asserted() -> Graph:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(paths.ROOT_ENV, str(ROOT))
        return load_graph(paths.turtle_files(paths.graph_dir()))


@pytest.fixture(scope="session")
def mini_ontology() -> Graph:
    """The build tests' small ontology: one axiom of each kind the project's ontology uses."""
    return load_graph([ROOT / "tests" / "pipeline_build" / "fixtures" / "ontology.ttl"])


@pytest.fixture(scope="session")
def mini_asserted() -> Graph:
    return load_graph([ROOT / "tests" / "pipeline_build" / "fixtures" / "data.ttl"])
