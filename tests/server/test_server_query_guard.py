"""The SERVICE refusal and the nesting cap, decided on what pyoxigraph itself reads.

Each test sends a query that got through (or crashed a worker) before the guard, to a local
listener that must see no connection, or in a child process that must not die.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from treaty_kg.endpoint.query_guard import nesting_depth, service_refusal

# Bypasses of a second parser: a comment ended by CR (rdflib ends comments at LF only), and a
# position where pyoxigraph's parser reads `<` as less-than while a context-free SPARQL lexer
# reads the IRI `<1)SERVICE#>`.
BYPASSES = [
    "SELECT * WHERE {{ # x\r SERVICE <{url}> {{ ?a ?b ?c }} \n }}",
    "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ # x\r service silent <{url}> {{ ?a ?b ?c }} \n }} }}",
    "ASK {{ FILTER EXISTS {{ # x\r SeRvIcE <{url}> {{ ?a ?b ?c }} \n }} }}",
    "SELECT * WHERE {{ BIND(0 AS ?o) FILTER(?o<1)SERVICE#>\n<{url}>{{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ BIND(0 AS ?o) ?s ?p 1SERVICE <{url}> {{ ?a ?b ?c }} }}",
]


def _send(client, how: str, query: str):
    if how == "get":
        return client.get("/sparql", query_string={"query": query})
    if how == "form":
        return client.post("/sparql", data={"query": query})
    return client.post("/sparql", data=query.encode(), content_type="application/sparql-query")


def test_the_raw_engine_does_call_the_listener(listener) -> None:
    """The bypass is real: without the guard pyoxigraph connects (so the tests below can fail)."""
    store = ox.Store()
    with pytest.raises(OSError):
        list(store.query(BYPASSES[0].format(url=listener.url)))
    time.sleep(0.1)
    assert listener.connections == 1


@pytest.mark.parametrize("how", ["get", "form", "direct"])
@pytest.mark.parametrize("template", BYPASSES)
def test_service_hidden_from_a_second_parser_is_refused(make_app, listener, how, template) -> None:
    client = make_app().test_client()
    response = _send(client, how, template.format(url=listener.url))
    assert response.status_code == 403, response.data
    assert b"SERVICE" in response.data
    time.sleep(0.05)
    assert listener.connections == 0


def test_service_is_refused_in_process_isolation(make_app, listener) -> None:
    client = make_app(isolation="process", query_workers=1).test_client()
    response = _send(client, "get", BYPASSES[0].format(url=listener.url))
    assert response.status_code == 403
    time.sleep(0.05)
    assert listener.connections == 0


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service WHERE { ?s ?p ?service } GROUP BY ?service",
        "PREFIX service: <http://example.org/service/> SELECT * WHERE { ?s service:p <http://example.org/SERVICE> }",
        'SELECT * WHERE { ?s ?p ?o FILTER(?o != "SERVICE <http://x> {}"@en) } # SERVICE <http://y> { }',
        "SELECT * WHERE { ?s ?p ?o FILTER(?o<1) } # SERVICE\r",
    ],
)
def test_the_word_service_outside_the_keyword_runs(client, query) -> None:
    assert service_refusal(query) is None
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200, response.data


@pytest.mark.parametrize(
    "query", ["SELECT * WHERE { \\u0053ERVICE <http://x/> { } }", "SELECT * WHERE { ſERVICE <http://x/> { } }"]
)
def test_the_engine_reads_no_escapes_or_unicode_case_in_keywords(query) -> None:
    """Why an ASCII search for "service" sees every SERVICE the engine could run."""
    with pytest.raises(SyntaxError):
        ox.Store().query(query)


def test_the_admin_reload_cannot_be_reached_through_service(make_app) -> None:
    """SERVICE allowed or not, a request from loopback without the token cannot reload."""
    client = make_app(allow_service=True).test_client()
    assert client.post("/admin/reload", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 403


def test_an_empty_query_is_a_client_error(client) -> None:
    for query in ("", "   \n"):
        response = client.get("/sparql", query_string={"query": query})
        assert response.status_code == 400 and b"empty query" in response.data


@pytest.mark.parametrize(
    "query",
    [
        "ASK" + "{" * 2200 + "}" * 2200,
        "ASK {" + "FILTER EXISTS {" * 836 + "}" * 836 + "}",
        "ASK { FILTER(" + "(" * 4672 + "1" + ")" * 4672 + ") }",
        "ASK { ?s ?p " + "(" * 500 + ")" * 500 + " }",
    ],
)
def test_too_deep_a_query_is_refused_before_the_engine_parses_it(make_app, query) -> None:
    client = make_app(max_query_length=20_000).test_client()
    response = client.post("/sparql", data=query.encode(), content_type="application/sparql-query")
    assert response.status_code == 400
    assert b"nests brackets" in response.data and b"at most 64 levels of { }, ( ) and [ ]" in response.data


def test_depth_counts_brackets_everywhere_and_never_below_zero() -> None:
    assert nesting_depth("}}} { ( [ ] ) }") == 3
    assert nesting_depth('SELECT * { FILTER(?x = "((((") }') == 6


# Constructs pyoxigraph parses and evaluates recursively, each padded to the query-length cap,
# at the greatest depth the cap allows: none may crash the process that answers them.
DEEPEST = {
    "braces": lambda n: "ASK " + "{" * n + "}" * n,
    "filter exists": lambda n: "ASK {" + "FILTER EXISTS {" * (n - 1) + "}" * n,
    "parentheses": lambda n: "ASK { FILTER(" + "(" * (n - 2) + "1" + ")" * (n - 1) + " }",
    "collections": lambda n: "ASK { ?s ?p " + "(" * (n - 1) + ")" * (n - 1) + " }",
    "concat": lambda n: "ASK { FILTER(" + "CONCAT(" * (n - 2) + "'a'" + ")" * (n - 1) + " }",
    "subqueries": lambda n: "ASK {" + "{SELECT * WHERE " * (n - 2) + "{}" + "}" * (n - 2) + "}",
}
UNBRACKETED = {
    "negations": lambda length: "ASK { FILTER(" + "!" * (length - 21) + "true) }",
    "or chain": lambda length: "ASK { FILTER(" + "||".join(["?a"] * ((length - 20) // 4)) + ") }",
    "sum chain": lambda length: "ASK { FILTER(" + "+".join(["1"] * ((length - 20) // 2)) + ") }",
    "union chain": lambda length: "ASK { " + " UNION ".join(["{}"] * ((length - 10) // 9)) + " }",
    "optional chain": lambda length: "ASK { ?s ?p ?o " + "OPTIONAL{}" * ((length - 20) // 10) + " }",
    "path alternatives": lambda length: "ASK { ?s " + "|".join(["<http://p>"] * ((length - 20) // 11)) + " ?o }",
    "path sequence": lambda length: "ASK { ?s " + "/".join(["<http://p>"] * ((length - 20) // 11)) + " ?o }",
}

CHILD = """
import json, sys
from treaty_kg.wsgi import create_app
app = create_app({"dataset": sys.argv[1], "reload_interval": 0, "isolation": sys.argv[2], "query_workers": 1, "query_timeout": 0.5})
client = app.test_client()
statuses = {}
for name, query in json.loads(sys.stdin.read()).items():
    assert len(query) <= 20_000, (name, len(query))
    response = client.post("/sparql", data=query.encode(), content_type="application/sparql-query")
    statuses[name] = response.status_code
    print(name, response.status_code, response.data[:80], file=sys.stderr, flush=True)
assert client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"}).status_code == 200
print(json.dumps(statuses))
"""


@pytest.mark.parametrize("isolation", ["thread", "process"])
def test_no_query_within_the_caps_crashes_the_server(small_dataset: Path, isolation: str) -> None:
    queries = {name: make(64) for name, make in DEEPEST.items()}
    queries |= {name: make(20_000) for name, make in UNBRACKETED.items()}
    if isolation == "process":  # the worker's own thread: one construct of each kind is enough
        queries = {name: queries[name] for name in ("braces", "filter exists", "negations", "union chain")}
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(small_dataset), isolation],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    statuses = json.loads(child.stdout)
    assert set(statuses.values()) <= {200, 400, 503}, statuses
    assert all(status != 500 for status in statuses.values())


def test_an_unknown_function_is_a_client_error(client) -> None:
    query = "SELECT * WHERE { BIND(<http://www.w3.org/2001/XMLSchema#nope>('1') AS ?x) }"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400 and b"not supported" in response.data


def test_invalid_utf8_in_a_get_query_is_refused_not_replaced(client) -> None:
    response = client.get("/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%22%FF%22%20%7D")
    assert response.status_code == 400 and b"UTF-8" in response.data


def test_every_answer_forbids_sniffing_and_html_has_a_policy(make_app) -> None:
    from treaty_kg.wsgi import create_app

    client = make_app().test_client()
    error = client.get("/sparql", query_string={"query": "<script>alert(1)</script>"})
    assert error.status_code == 400 and error.headers["X-Content-Type-Options"] == "nosniff"
    assert error.mimetype == "text/plain"
    site = create_app({"dataset": make_app().extensions["treaty_kg"].path, "reload_interval": 0}).test_client()
    page = site.get("/", headers={"Accept": "text/html"})
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]


def test_the_host_header_is_not_written_into_the_descriptions(make_app) -> None:
    client = make_app(public_url="https://treaties.example.org/").test_client()
    forged = {"Host": "evil.example", "Accept": "text/turtle"}
    description = client.get("/sparql", headers=forged)
    assert b"evil.example" not in description.data and b"https://treaties.example.org/sparql" in description.data
    void = client.get("/.well-known/void", headers=forged)
    assert void.status_code == 200 and b"evil.example" not in void.data


def test_void_with_an_unknown_format_is_a_client_error(client) -> None:
    assert client.get("/.well-known/void?format=foo").status_code == 400


def test_void_is_computed_once_per_build_whatever_the_host_and_format(make_app, monkeypatch) -> None:
    from treaty_kg.endpoint import void

    calls = []
    real = void.void_description
    monkeypatch.setattr(void, "void_description", lambda *a: calls.append(1) or real(*a))
    client = make_app().test_client()
    for host in ("a.example", "b.example", "c.example"):
        for fmt in ("ttl", "nt", "jsonld", "ttl"):
            assert client.get(f"/.well-known/void?format={fmt}", headers={"Host": host}).status_code == 200
    assert len(calls) == 1
