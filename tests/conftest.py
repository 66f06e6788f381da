"""Shared pytest fixtures: where the project's files are, and the graphs loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from treaty_kg import paths

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def shared_articles() -> Path:
    """The original article files, beside the checkout (as in CI); tests needing them skip without."""
    path = ROOT.parent / "shared" / "articles"
    if not path.is_dir():
        pytest.skip("../shared/articles is not beside this checkout")
    return path


@pytest.fixture(autouse=True)
def _project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees this checkout as the project, wherever pytest was started."""
    monkeypatch.setenv(paths.ROOT_ENV, str(ROOT))


@pytest.fixture(scope="session")
def json_ld_graph():
    """JSON-LD read by pyoxigraph, a parser independent of the rdflib serializer that writes it,
    as an rdflib Graph to compare (isomorphic). rdflib 7.6's own JSON-LD parser would also warn
    about its internal ConjunctiveGraph (RDFLib/rdflib#3064)."""

    def parse(text: str) -> Graph:
        triples = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.JSON_LD)
        return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")

    return parse
