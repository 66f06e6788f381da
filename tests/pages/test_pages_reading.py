"""Pages that read well: figures in grammatical words, terms by their names, mentions by their quotes."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from treaty_kg.endpoint.store import GraphStore
from treaty_kg.rdf.labels import Labeller, language_order
from treaty_kg.web.resource_view import Viewer

TURTLE = """
@prefix tkg: <https://w3id.org/treaty-kg/ontology/> .
@prefix concept: <https://w3id.org/treaty-kg/concept/> .
@prefix fact: <https://w3id.org/treaty-kg/fact/> .
@prefix id: <https://w3id.org/treaty-kg/id/> .
@prefix mention: <https://w3id.org/treaty-kg/mention/> .
@prefix source: <https://w3id.org/treaty-kg/source/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix schema: <https://schema.org/> .

concept:country skos:prefLabel "country"@en, "pays"@fr, "quốc gia"@vi ;
    tkg:pluralLabel "countries"@en, "pays"@fr, "quốc gia"@vi .
concept:gala-dinner skos:prefLabel "gala dinner"@en, "dîner de gala"@fr ;
    tkg:pluralLabel "gala dinners"@en, "dîners de gala"@fr .
concept:us-dollar skos:prefLabel "US dollar"@en, "dollar américain"@fr ;
    tkg:pluralLabel "US dollars"@en, "dollars américains"@fr .
concept:about skos:prefLabel "about"@en, "environ"@fr, "khoảng"@vi .
concept:exactly skos:prefLabel "exactly"@en, "exactement"@fr .
concept:billions-of skos:prefLabel "billions of"@en, "des milliards de"@fr .
time:unitYear rdfs:label "year"@en, "an"@fr .

fact:countries a tkg:StatedFigure ; tkg:value 110 ; tkg:qualifier concept:about ; tkg:counts concept:country .
fact:dinner a tkg:StatedFigure ; tkg:value 1 ; tkg:counts concept:gala-dinner .
fact:damage a tkg:StatedFigure ; tkg:qualifier concept:billions-of ; tkg:counts concept:us-dollar ;
    tkg:perUnit time:unitYear .

source:a schema:headline "Article on the signing ceremony of the Hanoi Convention, 25 October 2025"@en .
mention:a\\/742-789 oa:hasSource source:a ; oa:hasSelector [ oa:exact "Le président Luong Cuong a présidé la cérémonie avec la participation" ] .
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    """The Turtle as a build's asserted graph, read through the embedded backend as pages read it."""
    dataset = tmp_path_factory.mktemp("reading") / "dataset.nq"
    graph = ox.NamedNode("https://w3id.org/treaty-kg/graph/asserted")
    quads = ox.parse(TURTLE.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    dataset.write_bytes(
        ox.serialize((ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads), format=ox.RdfFormat.N_QUADS) or b""
    )
    return GraphStore(dataset, check_interval=0)


def line(store: GraphStore, fact: str, lang: str) -> str:
    viewer = Viewer(store, Labeller(store, language_order(lang)))
    return viewer.fact_line(ox.NamedNode("https://w3id.org/treaty-kg/fact/" + fact)).text


@pytest.mark.parametrize(
    ("fact", "lang", "expected"),
    [
        ("countries", "en", "about 110 countries"),
        ("countries", "fr", "environ 110 pays"),
        ("countries", "vi", "khoảng 110 quốc gia"),
        ("dinner", "en", "1 gala dinner"),
        ("dinner", "fr", "1 dîner de gala"),
        ("damage", "en", "billions of US dollars per year"),
        ("damage", "fr", "des milliards de dollars américains par an"),
    ],
)
def test_figures_read_as_people_write_them(store, fact, lang, expected):
    assert line(store, fact, lang) == expected


def test_a_mention_is_named_by_its_quote_and_its_source(store):
    label = Labeller(store, ("en",)).label(ox.NamedNode("https://w3id.org/treaty-kg/mention/a/742-789"))
    assert label == "“Le président Luong Cuong a présidé la…” — Article on the signing ceremony of the Hanoi…"


def test_an_external_unit_is_shown_by_its_name_not_its_curie(store):
    viewer = Viewer(store, Labeller(store, ("fr", "en")))
    value = viewer.value(ox.NamedNode("http://www.w3.org/2006/time#unitYear"))
    assert (value.text, value.labelled, value.curie) == ("an", True, "time:unitYear")


def test_links_to_mentions_on_pages_say_what_they_are(client):
    page = client.get("/source/002_24b1f94ed58a9280").text
    links = re.findall(r'<a href="/mention/002_24b1f94ed58a9280/742-789" title="[^"]*">([^<]*)</a>', page)
    assert links == ["“Le président Luong Cuong a présidé la…” — 002_24b1f94ed58a9280"]  # the fixture's source has no headline
    assert ">742-789<" not in page


def test_search_shows_the_preferred_name_and_the_name_that_matched(client):
    page = client.get("/search", query_string={"q": "onudc", "lang": "fr"}).text
    hit = re.search(r'<li><a href="/id/unodc">([^<]*)</a> <small class="matched">([^<]*)</small>', page)
    assert hit is not None
    assert hit.groups() == ("Office des Nations unies contre la drogue et le crime", "aussi « ONUDC »")
    page = client.get("/search", query_string={"q": "luong cuong", "lang": "en"}).text
    assert '<li><a href="/id/luong-cuong">Lương Cường</a>' in page  # the preferred name, whichever name matched
