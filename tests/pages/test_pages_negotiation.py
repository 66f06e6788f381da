"""One Accept header, one choice: /sparql (CONSTRUCT and its service description), VoID, a
resource's page and the ontology's page pick the same RDF format for the same header.

Before the one negotiation (rdf/negotiation.py), `text/turtle;charset=utf-8` got Turtle from
/sparql and VoID but HTML from /id/…, and `application/json` got JSON-LD from /sparql only.
"""

from __future__ import annotations

import pytest

CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"
# Resources that answer RDF by negotiation: (method, path, query string)
RESOURCES = {
    "sparql construct": ("/sparql", {"query": CONSTRUCT}),
    "service description": ("/sparql", {}),
    "void": ("/.well-known/void", {}),
    "resource page": ("/id/luong-cuong", {}),
    "ontology page": ("/ontology", {}),
}
# Accept header → the media type every resource answers with.
CHOICES = {
    "text/turtle": "text/turtle",
    "text/turtle;charset=utf-8": "text/turtle",
    'text/turtle; charset="UTF-8"; q=0.9, application/ld+json;q=0.5': "text/turtle",
    "application/ld+json": "application/ld+json",
    'application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"': "application/ld+json",
    "application/n-triples": "application/n-triples",
    "application/rdf+xml": "application/rdf+xml",
    "application/json": "application/ld+json",
    "text/plain": "application/n-triples",
    "application/x-turtle": "text/turtle",
    "text/turtle;q=0.2, application/n-triples;q=0.8": "application/n-triples",
    "text/turtle;q=0, text/*, text/html;q=0": "application/n-triples",  # N-Triples is also text/plain
    "application/n-triples;q=0.5, application/ld+json;q=0.9": "application/ld+json",
    "*/*;q=0.1, application/rdf+xml": "application/rdf+xml",
}


@pytest.mark.parametrize("accept", CHOICES)
@pytest.mark.parametrize("resource", RESOURCES)
def test_the_same_accept_header_gets_the_same_format_everywhere(client, resource, accept):
    path, query = RESOURCES[resource]
    response = client.get(path, query_string=query, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.mimetype == CHOICES[accept]
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_browser_gets_html_or_the_query_page_and_never_rdf(client, resource):
    path, query = RESOURCES[resource]
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get(path, query_string=query, headers={"Accept": browser})
    if resource == "sparql construct":  # a query's answer has no HTML form: RDF/XML (q=0.9)
        assert response.mimetype == "application/rdf+xml"
    elif resource in ("service description",):
        assert response.status_code == 303
    else:  # VoID included: a page showing it
        assert response.mimetype == "text/html"
