"""The protocol as a client sees it: methods, media types, encodings, datasets, formats, negotiation."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

pytestmark = pytest.mark.all_backends  # the same tests on every backend (tests/conftest.py)

ALICE = "https://w3id.org/treaty-kg/id/alice"
ASSERTED = "https://w3id.org/treaty-kg/graph/asserted"
INFERRED = "https://w3id.org/treaty-kg/graph/inferred"
TYPES = f"SELECT ?t WHERE {{ <{ALICE}> a ?t }} ORDER BY ?t"


def bindings(response) -> list[dict]:
    assert response.status_code == 200, response.data
    return json.loads(response.data)["results"]["bindings"]


def test_get_urlencoded_post_and_direct_post_answer_alike(client) -> None:
    by_get = client.get("/sparql", query_string={"query": TYPES})
    by_form = client.post("/sparql", data={"query": TYPES})
    by_direct = client.post("/sparql", data=TYPES.encode(), content_type="application/sparql-query")
    assert bindings(by_get) == bindings(by_form) == bindings(by_direct)


def test_default_graph_is_the_merge_of_all_graphs_without_duplicates(client) -> None:
    # alice a Person is in both asserted and inferred: the merge holds it once; Agent comes from inferred
    rows = bindings(client.get("/sparql", query_string={"query": TYPES}))
    assert [r["t"]["value"] for r in rows] == [
        "https://w3id.org/treaty-kg/ontology/Agent",
        "https://w3id.org/treaty-kg/ontology/Person",
    ]
    labels = bindings(
        client.get("/sparql", query_string={"query": "SELECT ?l { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?l }"})
    )
    assert [r["l"]["value"] for r in labels] == ["Person"]  # the ontology graph is part of the default graph


def test_protocol_dataset_wins_over_from(client) -> None:
    query = f"SELECT ?t FROM <{INFERRED}> WHERE {{ <{ALICE}> a ?t }}"
    from_only = bindings(client.get("/sparql", query_string={"query": query}))
    assert {r["t"]["value"] for r in from_only} == {
        "https://w3id.org/treaty-kg/ontology/Agent",
        "https://w3id.org/treaty-kg/ontology/Person",
    }
    protocol = bindings(client.get("/sparql", query_string={"query": query, "default-graph-uri": ASSERTED}))
    assert [r["t"]["value"] for r in protocol] == ["https://w3id.org/treaty-kg/ontology/Person"]


def test_from_named_and_graph_see_the_three_graphs(client) -> None:
    rows = bindings(client.get("/sparql", query_string={"query": "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"}))
    assert [r["g"]["value"].rsplit("/", 1)[1] for r in rows] == ["asserted", "inferred", "ontology"]


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/tab-separated-values;q=0.8, text/*;q=0.5", "text/tab-separated-values"),
        ("text/*", "application/sparql-results+xml"),  # as text/xml
        ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml"),
        (None, "application/sparql-results+json"),
    ],
)
def test_select_formats_by_accept(client, accept, media_type) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", query_string={"query": TYPES}, headers=headers)
    assert response.status_code == 200, response.data
    assert response.mimetype == media_type
    assert "Accept" in response.headers["Vary"]


def test_csv_body_lists_the_rows(client) -> None:
    response = client.get("/sparql", query_string={"query": TYPES, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.data.decode())))
    assert rows == [["t"], ["https://w3id.org/treaty-kg/ontology/Agent"], ["https://w3id.org/treaty-kg/ontology/Person"]]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_construct_and_describe_formats(client, accept, fmt) -> None:
    for query in (f"CONSTRUCT {{ <{ALICE}> ?p ?o }} WHERE {{ <{ALICE}> ?p ?o }}", f"DESCRIBE <{ALICE}>"):
        response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
        assert response.status_code == 200, response.data
        assert response.mimetype == accept
        triples = {(q.subject.value, q.predicate.value) for q in ox.parse(response.data, format=fmt)}
        assert (ALICE, "http://www.w3.org/2004/02/skos/core#prefLabel") in triples


def test_format_parameter_overrides_accept(client) -> None:
    response = client.get(
        "/sparql", query_string={"query": TYPES, "format": "tsv"}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.mimetype == "text/tab-separated-values"
    graph = client.get("/sparql", query_string={"query": f"DESCRIBE <{ALICE}>", "format": "json"})
    assert graph.mimetype == "application/ld+json"


def test_nothing_acceptable_is_406(client) -> None:
    assert client.get("/sparql", query_string={"query": TYPES}, headers={"Accept": "image/png"}).status_code == 406
    ask_as_csv = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    assert ask_as_csv.status_code == 406 and b"json, xml" in ask_as_csv.data
    turtle_select = client.get("/sparql", query_string={"query": TYPES}, headers={"Accept": "text/turtle"})
    assert turtle_select.status_code == 406
    assert client.get("/sparql", query_string={"query": TYPES, "format": "png"}).status_code == 400


def test_malformed_query_is_400_with_position(client) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert b"error at 1:25" in response.data and b"Traceback" not in response.data


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"method": "PUT", "query_string": {"query": "ASK {}"}}, 405),
        ({"method": "DELETE"}, 405),
        ({"method": "POST", "data": b"ASK {}", "content_type": "text/plain"}, 415),
        ({"method": "POST", "data": b"query=ASK%20%7B%7D"}, 415),
        ({"method": "POST", "data": "ASK {}".encode("utf-16"), "content_type": "application/sparql-query; charset=UTF-16"}, 415),
        ({"method": "POST", "data": b"ASK { \xff }", "content_type": "application/sparql-query"}, 400),
        ({"method": "POST", "data": b"query=ASK%20%7B%20%FF%20%7D", "content_type": "application/x-www-form-urlencoded"}, 400),
        ({"method": "GET", "query_string": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
        ({"method": "GET", "query_string": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400),
    ],
)
def test_wrong_requests_get_the_status_the_protocol_names(client, kwargs, status) -> None:
    response = client.open("/sparql", **kwargs)
    assert response.status_code == status, response.data
    assert response.mimetype == "text/plain" and b"Traceback" not in response.data


def test_bare_get_gives_the_service_description(client) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    triples = list(ox.parse(response.data, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(t.predicate.value == sd + "supportedLanguage" and t.object.value == sd + "SPARQL11Query" for t in triples)
    names = {t.object.value for t in triples if t.predicate.value == sd + "name"}
    assert names == {ASSERTED, INFERRED, "https://w3id.org/treaty-kg/graph/ontology"}


def test_browser_on_bare_sparql_goes_to_the_query_page(client) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/")


def test_void_counts_graphs_classes_and_examples(client) -> None:
    response = client.get("/.well-known/void", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    store = ox.Store()
    store.load(response.data, format=ox.RdfFormat.N_TRIPLES)
    void = "http://rdfs.org/ns/void#"
    facts = {
        row["p"].value.removeprefix(void): row["o"].value
        for row in store.query(
            f"SELECT ?p ?o {{ ?d a <{void}Dataset> ; ?p ?o FILTER(?p IN (<{void}triples>, <{void}classes>, <{void}entities>, <{void}exampleResource>)) FILTER isIRI(?d) FILTER(!CONTAINS(STR(?d), 'graph-')) }}"
        )
    }
    assert facts["triples"] == "9"  # 10 quads, one triple in two graphs
    assert facts["classes"] == "2"
    assert facts["exampleResource"] == ALICE
    subsets = {row["n"].value for row in store.query(f"SELECT ?n {{ ?d <{void}subset> ?s . ?s <{void}triples> ?n }}")}
    assert subsets == {"2", "6"}


def test_post_without_a_query_is_400(client) -> None:
    response = client.post("/sparql", data={"default-graph-uri": ASSERTED})
    assert response.status_code == 400 and b"no query" in response.data
