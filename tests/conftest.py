"""Shared pytest fixtures: where the project's files are, and the graphs loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask
from rdflib import Graph

from treaty_kg import paths
from treaty_kg.build import BuildResult, build
from treaty_kg.wsgi import create_app

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def shared_articles() -> Path:
    """The original article files, copied under tests/ so a fresh clone runs every test."""
    return ROOT / "tests" / "fixtures" / "articles"


@pytest.fixture(autouse=True)
def _project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees this checkout as the project, wherever pytest was started."""
    monkeypatch.setenv(paths.ROOT_ENV, str(ROOT))


@pytest.fixture(scope="session")
def project_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """`treaty-kg build` of this checkout, made once per session and shared: the real-graph
    build tests, the competency questions (rdflib and /sparql) and the project's pages read it.
    Validation and the OWL 2 RL closure take most of the suite's time, so never twice."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(paths.ROOT_ENV, str(ROOT))
        return build(tmp_path_factory.mktemp("project") / "build", quiet=True)


@pytest.fixture(scope="session")
def project_app(project_build: BuildResult) -> Flask:
    """The whole site (endpoint and pages) over the reasoned build of the project, as served."""
    if not project_build.ok:
        pytest.fail(f"the project does not build:\n{project_build.report}")
    app = create_app({"dataset": project_build.out / paths.DATASET_NAME, "query_workers": 1, "reload_interval": 0})
    yield app
    app.extensions["treaty_kg"].close()


@pytest.fixture(scope="session")
def json_ld_graph():
    """JSON-LD read by pyoxigraph, a parser independent of the rdflib serializer that writes it,
    as an rdflib Graph to compare (isomorphic). rdflib 7.6's own JSON-LD parser would also warn
    about its internal ConjunctiveGraph (RDFLib/rdflib#3064)."""

    def parse(text: str) -> Graph:
        triples = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.JSON_LD)
        return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")

    return parse
