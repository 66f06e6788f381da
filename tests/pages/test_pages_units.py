"""The pieces behind the pages: highlighting spans, dates, name folding, path mapping."""

from __future__ import annotations

import re

import pytest

from treaty_kg.web.label_search import fold
from treaty_kg.web.linked_data import iri_for_path, path_for_iri, split_suffix
from treaty_kg.web.query_examples import read_examples
from treaty_kg.web.resource_view import human_date
from treaty_kg.web.source_view import Span, highlight


def strip_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_highlight_nests_a_clause_inside_its_sentence():
    text = "Avant. Le président a présidé la cérémonie. Après."
    clause = len("Avant. Le président a présidé")
    html = str(highlight(text, [Span(7, 43, None), Span(7, clause, None)]))
    assert html == (
        'Avant. <mark id="m-7-43" class="mention" data-span="m-7-43">'
        '<mark id="m-7-29" class="mention" data-span="m-7-29">Le président a présidé</mark>'
        " la cérémonie.</mark> Après."
    )


def test_highlight_cuts_crossing_spans_and_keeps_the_text_and_ids():
    text = "abcdefghij"
    html = str(highlight(text, [Span(0, 6, None), Span(3, 9, None)]))
    assert strip_tags(html) == text
    assert html.count("<mark") == html.count("</mark>") == 3  # the second span is cut in two
    assert html.count('id="m-0-6"') == html.count('id="m-3-9"') == 1
    # every mark opened is closed in order (well nested)
    depth = 0
    for tag in re.findall(r"</?mark", html):
        depth += 1 if tag == "<mark" else -1
        assert depth >= 0
    assert depth == 0


def test_highlight_escapes_text_and_ignores_spans_outside_it():
    html = str(highlight("<b>x</b> & y", [Span(0, 3, None), Span(5, 99, None)]))
    assert html.startswith('<mark id="m-0-3" class="mention" data-span="m-0-3">&lt;b&gt;</mark>')
    assert "m-5-99" not in html and "&amp; y" in html


@pytest.mark.parametrize(
    ("lexical", "datatype", "lang", "expected"),
    [
        ("2025-10-25", "date", "en", "25 Oct 2025"),
        ("2025-10-25", "date", "fr", "25 oct. 2025"),
        ("2022-02", "gYearMonth", "en", "Feb 2022"),
        ("2024", "gYear", "en", "2024"),
        ("25/10", "date", "en", "25/10"),
    ],
)
def test_human_dates(lexical, datatype, lang, expected):
    assert human_date(lexical, datatype, lang) == expected


def test_fold_removes_vietnamese_marks():
    assert fold("Lương Cường") == "luong cuong"
    assert fold("Đặng Hoàng Giang") == "dang hoang giang"


@pytest.mark.parametrize(
    ("path", "iri"),
    [
        ("/id/luong-cuong", "https://w3id.org/treaty-kg/id/luong-cuong"),
        ("/mention/000_afbaf1751a8ce4ce/168-420", "https://w3id.org/treaty-kg/mention/000_afbaf1751a8ce4ce/168-420"),
        ("/role", "https://w3id.org/treaty-kg/role"),
        ("/id/../x", None),
        ("/id/a//b", None),
        ("/other/x", None),
        ("/id/a b", None),
        ("//id/x", None),
        ("/", None),
    ],
)
def test_path_to_iri_and_back(path, iri):
    assert iri_for_path(path) == iri
    if iri:
        assert path_for_iri(iri) == path


def test_split_suffix_only_takes_known_formats():
    assert split_suffix("/id/x.ttl")[0] == "/id/x"
    assert split_suffix("/id/x.html") == ("/id/x.html", None)
    assert split_suffix("/mention/a.b/1-2") == ("/mention/a.b/1-2", None)


def test_examples_take_their_title_line(tmp_path):
    (tmp_path / "cq01.rq").write_text("# title: When was it opened?\nSELECT * {}\n", encoding="utf-8")
    (tmp_path / "cq02.rq").write_text("ASK {}\n", encoding="utf-8")
    assert [(e.name, e.title) for e in read_examples(tmp_path)] == [("cq01", "When was it opened?"), ("cq02", "cq02")]


def test_embedded_json_ld_cannot_close_its_script_element():
    import json

    import pyoxigraph as ox

    from treaty_kg.web.linked_data import Statement
    from treaty_kg.web.pages import _json_ld

    evil = "</script><script>alert(1)</script><!--"
    triple = ox.Triple(ox.NamedNode("https://w3id.org/treaty-kg/id/x"), ox.NamedNode("https://schema.org/name"), ox.Literal(evil))
    embedded = str(_json_ld([Statement(triple, False)]))
    assert "</" not in embedded and "<!--" not in embedded
    assert json.loads(embedded)["@graph"][0]["schema:name"] == evil


def test_a_name_is_listed_under_its_most_specific_property(tmp_path):
    import pyoxigraph as ox

    from treaty_kg.endpoint.store import GraphStore
    from treaty_kg.rdf.labels import Labeller

    x = ox.NamedNode("https://w3id.org/treaty-kg/id/x")
    name = ox.Literal("Lương Cường", language="vi")
    graph = ox.NamedNode("https://w3id.org/treaty-kg/graph/asserted")
    dataset = tmp_path / "dataset.nq"
    quads = [
        ox.Quad(x, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), name, graph),  # inferred
        ox.Quad(x, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), name, graph),
    ]
    dataset.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
    assert Labeller(GraphStore(dataset), ("vi",)).names(x) == [("Lương Cường", "vi", "prefLabel")]
