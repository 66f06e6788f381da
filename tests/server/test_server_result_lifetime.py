"""pyoxigraph's query results can only be freed on the thread that made them: an answer must
leave nothing of them behind for another thread's garbage collection (it would leak them)."""

from __future__ import annotations

import gc
import sys
import threading

import pyoxigraph as ox
import pytest

from treaty_kg.endpoint.evaluation import QueryRequest, evaluate


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "service")) }',  # goes through the SERVICE check
        "SELECT ?s WHERE { ?s ?p ?o }",
        "CONSTRUCT WHERE { ?s ?p ?o } # service",
    ],
)
def test_no_query_result_outlives_its_evaluation_thread(query: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.Literal("a service")))
    unraisable: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda info: unraisable.append(str(info.exc_value)))
    answers = []
    thread = threading.Thread(target=lambda: answers.append(evaluate(store, QueryRequest(query, ("json", "turtle")))))
    thread.start()
    thread.join()
    gc.collect()  # on this thread: anything of the results still held in a cycle is freed here
    assert answers[0].status == 200
    assert unraisable == []
