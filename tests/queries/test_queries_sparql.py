"""The competency questions as users ask them: each query of `queries/` sent to /sparql on the
reasoned build (the session's shared one) gives the same rows as the rdflib run that
test_queries_cq.py checks against the gold answers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

pytestmark = pytest.mark.all_backends  # the same tests on every backend (tests/conftest.py)

QUERIES = Path(__file__).resolve().parents[2] / "queries"
Run = Callable[[str], list[dict[str, str]]]


def query_names() -> list[str]:
    return sorted(path.stem for path in QUERIES.glob("*.rq"))


def rows_over_sparql(app: Flask, name: str) -> list[dict[str, str]]:
    query = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    response = app.test_client().post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    assert "X-Treaty-KG-Truncated" not in response.headers
    return [{var: cell["value"] for var, cell in row.items()} for row in response.json["results"]["bindings"]]


def test_every_competency_question_is_there() -> None:
    assert len(query_names()) == 10


@pytest.mark.parametrize("name", query_names())
def test_a_competency_question_over_sparql_gives_the_checked_rows(name: str, project_app: Flask, run_query: Run) -> None:
    over_sparql = rows_over_sparql(project_app, name)
    assert over_sparql, f"{name}: no rows from /sparql"
    as_checked = run_query(name)
    assert Counter(frozenset(r.items()) for r in over_sparql) == Counter(frozenset(r.items()) for r in as_checked)
