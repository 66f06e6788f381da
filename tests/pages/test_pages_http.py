"""HTTP behaviour of the linked-data pages: content negotiation, suffixes, 404s, traversal, JSON-LD."""

from __future__ import annotations

import html
import json
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, SKOS

pytestmark = pytest.mark.all_backends  # the same pages on every backend (tests/conftest.py)

LUONG = "https://w3id.org/treaty-kg/id/luong-cuong"
FACT = "https://w3id.org/treaty-kg/fact/participation-luong-cuong-chair-signing-ceremony"
TKG = "https://w3id.org/treaty-kg/ontology/"
PARSERS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
SUFFIX_TYPES = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
}
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.fixture()
def parse(json_ld_graph):
    def parse(response, media_type: str) -> Graph:
        if media_type == "application/ld+json":
            return json_ld_graph(response.text)
        return Graph().parse(data=response.data, format=PARSERS[media_type])

    return parse


@pytest.mark.parametrize("media_type", PARSERS)
def test_accept_header_gives_that_rdf_at_the_same_url(client, parse, media_type):
    response = client.get("/id/luong-cuong", headers={"Accept": media_type})
    assert response.status_code == 200  # no 303 round-trip
    assert response.mimetype == media_type
    assert "Accept" in response.headers["Vary"]
    graph = parse(response, media_type)
    assert (URIRef(LUONG), SKOS.prefLabel, Literal("Lương Cường", lang="vi")) in graph
    # incoming: the fact that names him as chair is part of his description
    assert (URIRef(FACT), URIRef(TKG + "chair"), URIRef(LUONG)) in graph


@pytest.mark.parametrize("accept", [BROWSER_ACCEPT, "*/*", None])
def test_browsers_and_unspecific_clients_get_html(client, accept):
    response = client.get("/id/luong-cuong", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "<h1>Lương Cường</h1>" in response.text


@pytest.mark.parametrize("suffix", SUFFIX_TYPES)
def test_suffix_and_format_parameter_give_the_same_graph_as_accept(client, parse, suffix):
    media_type = SUFFIX_TYPES[suffix]
    by_suffix = client.get(f"/id/luong-cuong.{suffix}")
    by_param = client.get(f"/id/luong-cuong?format={suffix}")
    by_accept = client.get("/id/luong-cuong", headers={"Accept": media_type})
    for response in (by_suffix, by_param):
        assert response.status_code == 200
        assert response.mimetype == media_type
    reference = parse(by_accept, media_type)
    assert isomorphic(parse(by_suffix, media_type), reference)
    assert isomorphic(parse(by_param, media_type), reference)


def test_unknown_format_parameter_is_a_clear_400(client):
    response = client.get("/id/luong-cuong?format=yaml")
    assert response.status_code == 400
    assert "ttl" in response.text and "yaml" in response.text


def test_alternates_in_link_header_and_in_the_page(client):
    response = client.get("/id/luong-cuong")
    link = response.headers["Link"]
    page_links = re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)"', response.text)
    for suffix, media_type in SUFFIX_TYPES.items():
        assert f'</id/luong-cuong.{suffix}>; rel="alternate"; type="{media_type}"' in link
        assert (media_type, f"/id/luong-cuong.{suffix}") in page_links
    for _, href in page_links:  # every advertised alternate answers in its format
        assert client.get(href).status_code == 200


def test_embedded_json_ld_is_the_turtle_description(client, json_ld_graph):
    page = client.get("/id/luong-cuong").text
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(scripts) == 1
    json.loads(scripts[0])  # valid JSON
    embedded = json_ld_graph(scripts[0])
    turtle = Graph().parse(data=client.get("/id/luong-cuong.ttl").data, format="turtle")
    assert len(turtle) > 5
    assert isomorphic(embedded, turtle)


def test_description_includes_the_blank_node_selectors(client):
    graph = Graph().parse(data=client.get("/mention/002_24b1f94ed58a9280/742-789.ttl").data, format="turtle")
    oa = "http://www.w3.org/ns/oa#"
    exact = list(graph.objects(None, URIRef(oa + "exact")))
    assert [str(e) for e in exact] == ["Le président Luong Cuong a présidé la cérémonie"]
    assert {int(v) for v in graph.objects(None, URIRef(oa + "start"))} == {742}


def test_unknown_iri_is_a_404_page_with_a_search(client):
    response = client.get("/id/nobody-at-all")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert 'action="/search"' in response.text


def test_search_ignores_case_and_diacritics(client):
    response = client.get("/search", query_string={"q": "luong CUONG"})
    assert response.status_code == 200
    assert 'href="/id/luong-cuong"' in response.text
    assert 'href="/id/hanoi"' not in response.text
    assert 'href="/id/hanoi"' in client.get("/search?q=ha noi").text


@pytest.mark.parametrize(
    "path",
    [
        "/id/../pyproject.toml",
        "/id/%2e%2e/%2e%2e/pyproject.toml",
        "/id/%2E%2E/server/treaty_kg/app.py",
        "/source/..%2f..%2fpyproject.toml",
        "/id//etc/passwd",
        "//etc/passwd",
        "/etc/passwd",
        "/id/./luong-cuong",
        "/ontology/..",
        "/pages-static/../pages.py",
        "/pages-static/%2e%2e/pages.py",
    ],
)
def test_paths_leaving_the_namespace_get_404_never_a_file(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "[build-system]" not in response.text
    assert "def create_app" not in response.text
    assert "root:" not in response.text


def test_inferred_statements_are_marked_and_can_be_hidden(client):
    shown = client.get("/id/luong-cuong").text
    assert "participated in" in shown
    assert 'class="badge" title="only in the inferred graph">inferred' in shown
    hidden = client.get("/id/luong-cuong?inferred=hide").text
    assert "participated in" not in hidden
    assert "Lương Cường" in hidden
    graph = Graph().parse(data=client.get("/id/luong-cuong.ttl?inferred=hide").data, format="turtle")
    assert not list(graph.triples((URIRef(LUONG), URIRef(TKG + "participatedIn"), None)))
    assert list(graph.triples((URIRef(LUONG), SKOS.prefLabel, None)))


@pytest.mark.parametrize(
    ("headers", "query", "label"),
    [
        ({"Accept-Language": "fr-FR,fr;q=0.9"}, "", "Hanoï"),
        ({"Accept-Language": "vi"}, "", "Hà Nội"),
        ({"Accept-Language": "de"}, "", "Hanoi"),  # fallback: English
        ({"Accept-Language": "fr"}, "?lang=vi", "Hà Nội"),  # the switch wins
    ],
)
def test_label_in_the_readers_language(client, headers, query, label):
    response = client.get("/id/hanoi" + query, headers=headers)
    assert f"<h1>{label}</h1>" in response.text


def test_language_switch_is_remembered(mini_app):
    client = mini_app.test_client()
    client.get("/id/hanoi?lang=fr")
    assert "<h1>Hanoï</h1>" in client.get("/id/hanoi", headers={"Accept-Language": "en"}).text


def test_fact_page_has_a_readable_line_and_its_sentence(client):
    page = client.get("/fact/participation-luong-cuong-chair-signing-ceremony").text
    assert '<p class="fact-line">Lương Cường — chair — signing ceremony, 25 Oct 2025</p>' in page
    assert 'href="/source/002_24b1f94ed58a9280#m-742-1205"' in page
    assert '<blockquote lang="fr">Le président Luong Cuong a présidé la cérémonie avec la participation' in page


def test_person_page_lists_the_facts_about_them_with_quotes(client):
    page = client.get("/id/luong-cuong").text
    assert 'href="/fact/participation-luong-cuong-chair-signing-ceremony"' in page
    assert 'href="/source/002_24b1f94ed58a9280#m-742-789"' in page  # his own mention
    assert 'title="https://schema.org/Person"' in page  # external type, marked external
    assert 'class="external"' in page


def test_source_page_highlights_every_mention_and_links_facts(client):
    page = client.get("/source/002_24b1f94ed58a9280").text
    outer = page.index('<mark id="m-742-1205"')
    inner = page.index('<mark id="m-742-789"')
    assert outer < inner < page.index("</mark>", outer)
    assert 'href="/fact/participation-luong-cuong-chair-signing-ceremony"' in page
    assert '<mark id="m-12231-12299"' in page
    assert "2025-10-25" in page  # date published
    meta = page[page.index('<dl class="meta">') : page.index("</dl>", page.index('<dl class="meta">'))]
    assert "datePublished" in meta and "Đức Tuấn" in meta and "https://baovinhlong.com.vn/" in meta
    assert "https://baovinhlong.com.vn/" in page  # original URL
    assert "(shortened)" in page  # the full text is shown once, highlighted, not in the table


def test_ontology_page_has_contents_and_documents_each_term(client):
    page = client.get("/ontology").text
    assert '<a href="#Person">Person</a>' in page
    section = page[page.index('id="chair"') :]
    section = section[: section.index("</section>")]
    assert "The agent that chairs the event of a participation." in section
    assert 'href="/ontology/participant"' in section  # its super-property
    person = page[page.index('id="Person"') :]
    assert person[: person.index("</section>")].count("schema:Person") == 1  # alignment, listed once
    person = page[page.index('id="Person"') :]
    assert '<dd class="uses">2</dd>' in person[: person.index("</section>")]  # Lương Cường, Đức Tuấn


def test_ontology_as_turtle_is_the_whole_ontology_graph(client):
    for response in (client.get("/ontology.ttl"), client.get("/ontology", headers={"Accept": "text/turtle"})):
        assert response.status_code == 200
        graph = Graph().parse(data=response.data, format="turtle")
        assert (URIRef(TKG + "chair"), RDFS.subPropertyOf, URIRef(TKG + "participant")) in graph
        assert (URIRef(LUONG), None, None) not in graph


def test_ontology_term_page_counts_and_documents(client):
    page = client.get("/ontology/SigningCeremony").text
    assert "An event at which a treaty is signed." in page
    assert '<dd class="uses">1</dd>' in page
    assert 'href="/ontology/Event"' in page


def test_query_page_offers_the_examples_and_loads_nothing_from_elsewhere(client):
    page = client.get("/").text
    assert "CQ02 Who chaired the signing ceremony?" in page
    assert 'action="/sparql"' in page
    external = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:)?//', page)
    assert external == []
    for asset in ("query-editor.js", "vendor/yasgui/yasgui.min.js", "vendor/yasgui/yasgui.min.css"):
        assert f"/pages-static/{asset}" in page  # served by the endpoint itself
        assert client.get(f"/pages-static/{asset}").status_code == 200
    assert client.get("/pages-static/vendor/yasgui/THIRD-PARTY-LICENSES.txt").status_code == 200
    assert "MIT License" in client.get("/pages-static/vendor/yasgui/LICENSE").text


def test_query_page_starts_from_the_project_prefixes_and_gives_the_editor_the_ontology(client):
    page = client.get("/").text
    textarea = re.search(r'<textarea id="query" name="query"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert "PREFIX tkg:" in textarea and "PREFIX id:" in textarea and "SELECT" in textarea
    config = json.loads(re.search(r'<script id="editor-config" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert config["prefixes"]["tkg"] == TKG
    assert TKG + "Participation" in config["classes"]
    assert TKG + "participant" in config["properties"]
    assert [e["title"] for e in config["examples"]] == ["CQ02 Who chaired the signing ceremony?"]


def test_without_javascript_an_example_fills_the_form_and_the_form_answers(client):
    page = client.get("/?example=cq02-chair").text
    assert '<option value="cq02-chair" selected>' in page
    textarea = re.search(r'<textarea id="query" name="query"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    query = html.unescape(textarea)
    assert query.startswith("# title: CQ02")
    # What the browser sends when the plain form is submitted: GET /sparql?query=…&format=csv
    answer = client.get("/sparql", query_string={"query": query, "format": "csv"})
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert "https://w3id.org/treaty-kg/id/luong-cuong" in answer.text


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/id/luong-cuong",
        "/fact/participation-luong-cuong-chair-signing-ceremony",
        "/source/002_24b1f94ed58a9280",
        "/ontology",
        "/ontology/chair",
        "/role/chair",
        "/id/none",
        "/search?q=x",
    ],
)
def test_pages_are_well_formed_html_for_phones(client, html_problems, path):
    page = client.get(path).text
    assert page.startswith("<!doctype html>")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert html_problems(page) == []


@pytest.mark.parametrize(
    ("lang", "heading", "line"),
    [
        ("fr", "<h2>Ce que disent les sources</h2>", "Lương Cường — président — cérémonie de signature, 25 oct. 2025"),
        ("vi", "<h2>Nguồn tin nói gì</h2>", "Lương Cường — chủ trì — signing ceremony, 25 tháng 10 2025"),
        ("en", "<h2>What the sources say</h2>", "Lương Cường — chair — signing ceremony, 25 Oct 2025"),
    ],
)
def test_the_page_reads_in_the_readers_language(client, lang, heading, line):
    page = client.get(f"/fact/participation-luong-cuong-chair-signing-ceremony?lang={lang}").text
    assert f'<html lang="{lang}">' in page
    assert heading in page
    assert f'<p class="fact-line">{line}</p>' in page
