"""What RDF clients and browsers get besides pages: compact JSON-LD, its context, errors in their language, VoID."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from treaty_kg.rdf import jsonld
from treaty_kg.rdf.namespaces import PREFIXES

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
RESOURCES = [
    "/id/luong-cuong",
    "/fact/participation-luong-cuong-chair-signing-ceremony",
    "/mention/002_24b1f94ed58a9280/742-789",
    "/source/002_24b1f94ed58a9280",
    "/ontology/chair",
]


def keys(node, found: set[str]) -> set[str]:
    """Every key of a JSON document, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            keys(value, found)
    elif isinstance(node, list):
        for item in node:
            keys(item, found)
    return found


@pytest.mark.parametrize("path", RESOURCES)
def test_json_ld_is_compact_and_states_exactly_the_turtle_triples(client, json_ld_graph, path):
    document = client.get(path + ".jsonld")
    assert document.mimetype == "application/ld+json"
    body = json.loads(document.text)
    assert body.pop("@context") == client.get("/context.jsonld").json["@context"]
    properties = {k for k in keys(body, set()) if not k.startswith("@")}
    assert properties and all(":" in k and "://" not in k for k in properties), properties  # prefix:local, never a full IRI
    from_json_ld = json_ld_graph(document.text)
    from_turtle = Graph().parse(data=client.get(path + ".ttl").text, format="turtle")
    assert len(from_turtle) > 3
    assert isomorphic(from_json_ld, from_turtle)


def test_context_is_published_and_linked_from_the_void(client):
    response = client.get("/context.jsonld")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    assert response.json == {"@context": PREFIXES}
    void = Graph().parse(data=client.get("/.well-known/void", headers={"Accept": "text/turtle"}).text, format="turtle")
    see_also = {str(o) for o in void.objects(None, None) if str(o).endswith("/context.jsonld")}
    assert len(see_also) == 1  # under the server's public URL


def test_construct_as_json_ld_is_compact_too(client, json_ld_graph):
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <https://w3id.org/treaty-kg/id/luong-cuong>) }"
    as_json_ld = client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/ld+json"})
    as_turtle = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/turtle"})
    assert as_json_ld.status_code == 200
    assert '"skos:prefLabel"' in as_json_ld.text and "http://www.w3.org/2004/02/skos/core#prefLabel" not in as_json_ld.text
    assert isomorphic(json_ld_graph(as_json_ld.text), Graph().parse(data=as_turtle.text, format="turtle"))


@pytest.mark.parametrize(
    ("accept", "path"),
    [
        ("text/turtle", "/id/nobody"),
        ("application/ld+json", "/id/nobody"),
        ("application/n-triples", "/not/in/the/namespace"),
        (None, "/id/nobody.ttl"),
        (None, "/id/nobody?format=jsonld"),
    ],
)
def test_rdf_client_asking_for_a_missing_resource_gets_a_404_that_is_not_html(client, accept, path):
    response = client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 404
    assert response.mimetype == "text/plain"
    assert "<html" not in response.text and "no resource has the address" in response.text


def test_a_browser_asking_for_a_missing_resource_still_gets_the_search_page(client):
    response = client.get("/id/nobody", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert 'action="/search"' in response.text


@pytest.mark.parametrize("accept", [BROWSER_ACCEPT, "text/html"])
def test_void_asked_for_html_is_a_page_a_browser_shows(client, html_problems, accept):
    response = client.get("/.well-known/void", headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert html_problems(response.text) == []
    assert "void:Dataset" in response.text  # the description itself, in Turtle
    assert 'href="?format=ttl"' in response.text


@pytest.mark.parametrize(
    ("accept", "media_type"), [("*/*", "text/turtle"), (None, "text/turtle"), ("application/n-triples", "application/n-triples")]
)
def test_void_for_rdf_clients_is_unchanged(client, accept, media_type):
    response = client.get("/.well-known/void", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200 and response.mimetype == media_type


def test_compaction_states_what_rdflib_compaction_states(json_ld_graph):
    """The hand-written compaction against rdflib's general one, on every kind of term."""
    turtle = """
    @prefix tkg: <https://w3id.org/treaty-kg/ontology/> . @prefix id: <https://w3id.org/treaty-kg/id/> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    id:x a tkg:Person, <http://example.org/Other> ; skos:prefLabel "Lương Cường"@vi, "plain" ;
        tkg:value 110, "2025-10-25"^^xsd:date ; tkg:chair id:y, <http://example.org/z>, _:b ;
        <https://w3id.org/treaty-kg/id///odd> id: ; <http://example.org/p> "x" .
    _:b tkg:start 3 .
    """
    triples = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    ours = jsonld.compact(triples).decode()
    reference = Graph().parse(data=turtle, format="turtle").serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True)
    assert isomorphic(json_ld_graph(ours), json_ld_graph(reference))
    node = next(n for n in json.loads(ours)["@graph"] if n["@id"] == "id:x")
    assert node["@type"] == ["tkg:Person", "http://example.org/Other"]
    assert node["tkg:chair"][0] == {"@id": "id:y"}
    assert "https://w3id.org/treaty-kg/id///odd" in node  # "id://odd" would read as an absolute IRI
    # A blank node as a type (rdflib writes it as an invalid @type): kept as rdf:type.
    typed = list(ox.parse(b"<https://w3id.org/treaty-kg/id/x> a _:c .", format=ox.RdfFormat.TURTLE))
    assert len(json_ld_graph(jsonld.compact(typed).decode())) == 1
