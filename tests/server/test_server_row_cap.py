"""The row cap as pyoxigraph writes: rows counted in its TSV output, across its ~8 KB writes."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from treaty_kg.endpoint.evaluation import QueryRequest, evaluate

QUERY = "SELECT ?s ?label WHERE { ?s <http://example.org/label> ?label } ORDER BY ?s"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """2,000 rows (~150 KB of TSV, many writes); every label holds a newline and a tab."""
    store = ox.Store()
    label = ox.NamedNode("http://example.org/label")
    for i in range(2000):
        store.add(
            ox.Quad(ox.NamedNode(f"http://example.org/s{i:05d}"), label, ox.Literal(f"line one {i}\nline\ttwo", language="en"))
        )
    return store


@pytest.mark.parametrize("cap", [0, 1, 99, 1000, 1999, 2000, 5000])
def test_the_first_rows_up_to_the_cap_are_sent_and_truncation_is_said(store: ox.Store, cap: int) -> None:
    outcome = evaluate(store, QueryRequest(query=QUERY, formats=("json",), max_rows=cap))
    rows = json.loads(outcome.body)["results"]["bindings"]
    assert outcome.count == len(rows) == min(cap, 2000)
    assert outcome.truncated is (cap < 2000)
    assert [r["s"]["value"] for r in rows] == [f"http://example.org/s{i:05d}" for i in range(len(rows))]
    assert all(r["label"]["value"].endswith("\nline\ttwo") for r in rows)


def test_tsv_is_pyoxigraphs_own_output_cut_at_a_row(store: ox.Store) -> None:
    outcome = evaluate(store, QueryRequest(query=QUERY, formats=("tsv",), max_rows=150))
    whole = store.query(QUERY).serialize(format=ox.QueryResultsFormat.TSV)
    assert outcome.body == b"".join(whole.splitlines(keepends=True)[: 1 + 150])
