"""GraphStore, the interface the pages use: in-process queries, bounded queries, datasets."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest

from treaty_kg.endpoint.store import GraphStore, QueryTimeout

from .conftest import in_own_process

ALICE = "https://w3id.org/treaty-kg/id/alice"
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?q ?r ?t . ?u ?v ?w }"
ASSERTED = "https://w3id.org/treaty-kg/graph/asserted"


@pytest.fixture(scope="module", params=["thread", "process"])
def graph(small_dataset, request) -> GraphStore:
    store = GraphStore(small_dataset, isolation=request.param, workers=1)
    yield store
    store.close()


def types(results) -> list[str]:
    return sorted(row["t"].value for row in results)


@pytest.mark.parametrize("timeout", [None, 5.0])
def test_query_in_process_and_bounded_agree(graph: GraphStore, timeout) -> None:
    query = f"SELECT ?t WHERE {{ <{ALICE}> a ?t }}"
    assert types(graph.query(query, timeout=timeout)) == [
        "https://w3id.org/treaty-kg/ontology/Agent",
        "https://w3id.org/treaty-kg/ontology/Person",
    ]
    assert types(graph.query(query, default_graph=[ASSERTED], timeout=timeout)) == ["https://w3id.org/treaty-kg/ontology/Person"]
    assert types(graph.query(query, union_default=False, timeout=timeout)) == []
    assert bool(graph.query("ASK { ?s ?p ?o }", timeout=timeout)) is True
    triples = list(graph.query(f"DESCRIBE <{ALICE}>", timeout=timeout))
    assert all(isinstance(t, ox.Triple) for t in triples) and len(triples) == 4


def test_bounded_query_times_out_in_process_isolation(small_dataset) -> None:
    store = GraphStore(small_dataset, isolation="process", workers=1)
    try:
        with pytest.raises(QueryTimeout):
            store.query(RUNAWAY, timeout=0.5)
        assert bool(store.query("ASK { ?s ?p ?o }", timeout=5)) is True  # a new worker answers
    finally:
        store.close()


@pytest.mark.parametrize(("entries", "evaluations"), [(8, 1), (0, 2)])
def test_repeated_queries_are_answered_from_the_cache(make_app, monkeypatch, entries, evaluations) -> None:
    from treaty_kg.endpoint.store import ThreadEvaluator

    calls = []
    original = ThreadEvaluator.run
    monkeypatch.setattr(
        ThreadEvaluator, "run", lambda self, request, timeout: calls.append(request) or original(self, request, timeout)
    )
    client = make_app(cache_entries=entries).test_client()
    answers = [client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"}).data for _ in range(2)]
    assert answers[0] == answers[1] and b"alice" in answers[0]
    assert len(calls) == evaluations


def test_an_unknown_isolation_is_a_clear_error(make_app) -> None:
    from treaty_kg.errors import InputError

    with pytest.raises(InputError, match="thread, process"):
        make_app(isolation="fibre")


THREAD_RUNAWAY = """
import json, sys, time
from treaty_kg.endpoint.store import GraphStore, QueryTimeout
store = GraphStore(sys.argv[1], isolation="thread")
retired = []
store.on_runaway = lambda: retired.append(True)
started = time.monotonic()
try:
    store.query(sys.argv[2], timeout=0.3)
    outcome = "answered"
except QueryTimeout as exc:
    outcome = str(exc)
seconds = time.monotonic() - started
beside = bool(store.query("ASK { ?s ?p ?o }", timeout=5))
print(json.dumps({"outcome": outcome, "seconds": seconds, "retired": retired, "beside": beside}))
"""


def test_a_runaway_in_thread_isolation_times_out_and_calls_on_runaway(small_dataset) -> None:
    """The hook serve.py uses to retire a worker whose thread is stuck on a runaway. In a process
    of its own, which ends the abandoned thread (tests/server/conftest.py: in_own_process)."""
    seen = in_own_process(THREAD_RUNAWAY, str(small_dataset), RUNAWAY)
    assert seen["outcome"] == "query exceeded the time limit of 0.3 s and was stopped"
    assert seen["seconds"] < 0.3 + 1.0
    assert seen["retired"] == [True]
    assert seen["beside"] is True  # answered beside the abandoned thread


def test_a_replaced_build_leaves_no_query_threads_behind(tmp_path, small_dataset) -> None:
    import shutil
    import threading

    def query_threads() -> int:
        return sum(t.name == "treaty-kg query" and t.is_alive() for t in threading.enumerate())

    path = tmp_path / "dataset.nq"
    shutil.copy(small_dataset, path)
    graph = GraphStore(path, isolation="thread")
    before = query_threads()
    slow = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o }"
    for n in range(3):  # a query under way while the build is replaced: its thread must end after it
        busy = threading.Thread(target=lambda: graph.query(slow, timeout=30))
        busy.start()
        time.sleep(0.01)
        path.write_bytes(small_dataset.read_bytes() + f"<urn:x:{n}> <urn:p> <urn:o> <urn:g> .\n".encode())
        assert graph.reload() is True
        busy.join(30)
    graph.close()
    # other tests' stores may still be ending their own threads meanwhile: none may be added
    for _ in range(50):
        if query_threads() <= before:
            break
        time.sleep(0.02)
    assert query_threads() <= before


def test_an_unchanged_build_is_not_parsed_again(tmp_path, small_dataset, monkeypatch) -> None:
    import os
    import shutil

    from treaty_kg.endpoint import store as store_module

    path = tmp_path / "dataset.nq"
    shutil.copy(small_dataset, path)
    graph = GraphStore(path, isolation="thread", check_interval=0)
    serving = graph.store
    parsed: list[object] = []
    original = store_module.parse_dataset
    monkeypatch.setattr(store_module, "parse_dataset", lambda *args: parsed.append(args) or original(*args))
    os.utime(path, ns=(1, 1))  # a new stamp, the same bytes (a rebuild that changed nothing)
    assert graph.reload() is False
    assert parsed == [] and graph.store is serving
    path.write_bytes(small_dataset.read_bytes() + b"<urn:x:new> <urn:p> <urn:o> <urn:g> .\n")
    assert graph.reload() is True
    assert len(parsed) == 1 and graph.store is not serving
    graph.close()
