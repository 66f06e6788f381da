"""Each safety rule of the endpoint, with a test that fails without it."""

from __future__ import annotations

import json
import socket
import threading
import time
from typing import Any

import pytest

from .conftest import in_own_process

pytestmark = pytest.mark.all_backends  # the same tests on every backend (tests/conftest.py)

# A cross product whose rows must each be computed (Virtuoso counts a bare cross product at once)
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?q ?r ?t . ?u ?v ?w "
    'FILTER(CONCAT(STR(?c), STR(?f), STR(?i), STR(?l), STR(?o), STR(?t), STR(?w)) != "") }'
)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { ?x ?y ?z OPTIONAL { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } } }",
        "SELECT * WHERE { { SELECT ?s WHERE { SERVICE ?endpoint { ?s ?p ?o } } } }",
        "ASK { FILTER EXISTS { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } } }",
        "PREFIX x: <http://example.org/>\n# a comment\nCONSTRUCT WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_wherever_it_sits(client, query) -> None:
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 403
    assert b"SERVICE" in response.data


def test_the_word_service_in_data_is_not_refused(client) -> None:
    query = 'SELECT ?s ?service WHERE { ?s ?p ?service FILTER(CONTAINS(STR(?service), "service")) } # SERVICE <x>'
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200, response.data
    assert len(json.loads(response.data)["results"]["bindings"]) == 1


def test_service_runs_when_allowed(make_app) -> None:
    """With SERVICE allowed the query is evaluated: a closed loopback port gives an evaluation error, not 403."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed once the block ends
    client = make_app(allow_service=True).test_client()
    response = client.get(
        "/sparql", query_string={"query": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"}
    )
    assert response.status_code != 403, response.data


@pytest.mark.parametrize(
    "kwargs",
    [
        {"method": "GET", "query_string": {"update": "CLEAR ALL"}},
        {"method": "POST", "data": {"update": "INSERT DATA { <http://a> <http://b> <http://c> }"}},
        {"method": "POST", "data": b"DROP ALL", "content_type": "application/sparql-update"},
        {"method": "POST", "data": b"LOAD <http://127.0.0.1:9/x.ttl>", "content_type": "application/sparql-query"},
        {"method": "GET", "query_string": {"query": "INSERT DATA { <http://a> <http://b> <http://c> }"}},
    ],
)
def test_updates_are_refused_as_read_only(client, kwargs) -> None:
    response = client.open("/sparql", **kwargs)
    assert response.status_code == 403
    assert b"read-only" in response.data
    count = client.get("/sparql", query_string={"query": "ASK { <http://a> <http://b> <http://c> }"})
    assert json.loads(count.data)["boolean"] is False


def test_query_length_is_capped(make_app) -> None:
    client = make_app(max_query_length=100).test_client()
    short = "ASK { ?s ?p ?o }"
    assert client.get("/sparql", query_string={"query": short}).status_code == 200
    long = short + " " * 100
    response = client.post("/sparql", data=long.encode(), content_type="application/sparql-query")
    assert response.status_code == 413 and b"at most 100" in response.data


@pytest.mark.parametrize(
    ("fmt", "note"),
    [("json", b'"truncated"'), ("xml", b"<!-- results truncated"), ("csv", None), ("tsv", None)],
)
def test_rows_are_capped_and_the_cap_is_said(make_app, fmt, note) -> None:
    client = make_app(max_rows=3).test_client()
    response = client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }", "format": fmt})
    assert response.status_code == 200
    assert response.headers["X-Treaty-KG-Truncated"] == "limit=3"
    if note:
        assert note in response.data
    if fmt == "json":
        assert len(json.loads(response.data)["results"]["bindings"]) == 3
    if fmt == "tsv":
        assert len(response.data.decode().strip().splitlines()) == 1 + 3


def test_triples_are_capped_and_the_cap_is_said(make_app) -> None:
    client = make_app(max_rows=3).test_client()
    response = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
    assert response.headers["X-Treaty-KG-Truncated"] == "limit=3"
    lines = response.data.decode().splitlines()
    assert lines[0].startswith("# results truncated") and len(lines) == 1 + 3


def test_results_under_the_cap_are_not_marked(client) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"})
    assert "X-Treaty-KG-Truncated" not in response.headers
    assert b"truncated" not in response.data


def runaway_scenario(app: Any) -> dict[str, Any]:
    """A runaway on one thread, an ASK on another while it runs, one more ASK after: what each got."""
    app.extensions["treaty_kg"].warm()
    client = app.test_client()
    runaway: dict = {}

    def send_runaway() -> None:
        started = time.monotonic()
        response = app.test_client().get("/sparql", query_string={"query": RUNAWAY})
        runaway.update(status=response.status_code, body=response.get_data(as_text=True), seconds=time.monotonic() - started)

    thread = threading.Thread(target=send_runaway)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    other = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    seen = {"other": other.status_code, "other_seconds": time.monotonic() - started, "runaway_running": thread.is_alive()}
    thread.join(5)
    after = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    return {**seen, "runaway": runaway, "after": after.status_code}


THREAD_RUNAWAY = """
import json, sys
from tests.server.test_server_safety import runaway_scenario
from treaty_kg.wsgi import create_app
app = create_app({"dataset": sys.argv[1], "reload_interval": 0, "query_timeout": 1.0, "query_workers": 2, "isolation": "thread"})
print(json.dumps(runaway_scenario(app)))
"""


@pytest.mark.parametrize("isolation", ["thread", "process"])
def test_runaway_query_is_stopped_while_others_are_answered(make_app, backend, small_dataset, isolation) -> None:
    if backend == "embedded" and isolation == "thread":
        # the abandoned thread computes until its process ends: a process of its own (in_own_process)
        seen = in_own_process(THREAD_RUNAWAY, str(small_dataset))
    else:
        seen = runaway_scenario(make_app(query_timeout=1.0, query_workers=2, isolation=isolation))
    assert seen["other"] == 200 and seen["other_seconds"] < 0.5
    assert seen["runaway_running"]  # the runaway was still running while the other query was answered
    assert seen["runaway"]["status"] == 503
    assert "time limit of 1 s" in seen["runaway"]["body"]
    assert seen["runaway"]["seconds"] < 1.0 + 1.0
    assert seen["after"] == 200  # a new worker replaced the killed one


def test_cors_is_configurable(make_app) -> None:
    anyone = make_app().test_client()
    response = anyone.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    listed = make_app(cors_origins="https://a.example, https://b.example").test_client()
    allowed = listed.options("/sparql", headers={"Origin": "https://b.example", "Access-Control-Request-Method": "POST"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://b.example"
    assert "POST" in allowed.headers["Access-Control-Allow-Methods"]
    other = listed.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    closed = make_app(cors_origins="").test_client()
    none = closed.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert "Access-Control-Allow-Origin" not in none.headers


def test_a_query_waiting_for_a_busy_worker_gets_the_place_of_a_killed_one(make_app) -> None:
    app = make_app(query_timeout=1.0, query_workers=1, isolation="process")
    app.extensions["treaty_kg"].warm()
    thread = threading.Thread(target=lambda: app.test_client().get("/sparql", query_string={"query": RUNAWAY}))
    thread.start()
    time.sleep(0.2)
    waiting = app.test_client().get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    thread.join(5)
    assert waiting.status_code == 200, waiting.data


def test_a_query_past_the_memory_limit_stops_only_its_worker(make_app, backend) -> None:
    if backend != "embedded":
        pytest.skip("process isolation and its memory cap are the embedded store's; a remote store bounds its own memory")
    client = make_app(worker_memory_mb=400, query_timeout=20, isolation="process").test_client()
    hungry = "SELECT * { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } GRAPH ?g3 { ?g ?h ?i } GRAPH ?g4 { ?j ?k ?l } GRAPH ?g5 { ?m ?n ?o } GRAPH ?g6 { ?p ?q ?r } } ORDER BY ?a ?d ?g ?j ?m ?p"
    started = time.monotonic()
    response = client.get("/sparql", query_string={"query": hungry})
    assert response.status_code == 500 and b"memory limit is 400 MB" in response.data
    assert time.monotonic() - started < 20
    assert client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}).status_code == 200


CAP_PAST_WHAT_IS_HELD = """
import json
from treaty_kg.endpoint.store import cap_memory
graph = bytearray(300 << 20)  # what a loaded graph holds before the cap is set
cap_memory(100)
small = bytearray(50 << 20)  # a query within the cap
try:
    bytearray(200 << 20)  # a query past it
    past = "allocated"
except MemoryError:
    past = "refused"
print(json.dumps({"past": past}))
"""


def test_the_memory_cap_bounds_what_a_worker_adds_past_its_graph() -> None:
    """TREATY_KG_WORKER_MEMORY_MB is what a worker may allocate once its graph is loaded: a graph
    of any size serves (with the 1M-triple graph loaded a worker's address space was 1.6 GB of
    the 2 GB default, and the workers failed at start), and a query past the cap is still refused."""
    assert in_own_process(CAP_PAST_WHAT_IS_HELD) == {"past": "refused"}
