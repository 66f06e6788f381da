"""The parts of ingestion that need no language model: French dates, name folding, source registration."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Graph, Literal, namespace

from treaty_kg.cli import main
from treaty_kg.errors import InputError
from treaty_kg.ingest.dates import find_dates, literal
from treaty_kg.ingest.knowledge import Knowledge
from treaty_kg.ingest.normalize import Folded, find_label, fold
from treaty_kg.ingest.source import ArticleMeta, read_article, register, source_turtle
from treaty_kg.rdf.namespaces import PREFIXES, SCHEMA, SOURCE

PUBLISHED = date(2025, 11, 6)  # a Thursday


def values(text: str, published: date = PUBLISHED) -> list[tuple[str, str | None]]:
    return [(str(literal(d.value)), str(literal(d.end_value)) if d.end_value else None) for d in find_dates(text, published)]


def test_absolute_dates_and_ranges() -> None:
    assert values("adoptée le 24 décembre 2024") == [("2024-12-24", None)]
    assert values("prévues les 25 et 26 octobre 2025") == [("2025-10-25", "2025-10-26")]
    assert values("du 30 octobre au 2 novembre 2025") == [("2025-10-30", "2025-11-02")]
    assert values("tenues de février 2022 à août 2024") == [("2022-02", "2024-08")]
    assert values("lancé en 2019") == [("2019", None)]


def test_a_day_without_year_is_the_nearest_to_the_article() -> None:
    assert values("le 3 novembre") == [("2025-11-03", None)]
    assert values("le 2 janvier", date(2025, 12, 20)) == [("2026-01-02", None)]  # ahead, across the year


def test_relative_dates_are_read_against_the_article_date() -> None:
    assert values("Aujourd'hui, le ministre") == [("2025-11-06", None)]
    assert values("hier soir") == [("2025-11-05", None)]
    assert values("Mardi, il a salué") == [("2025-11-04", None)]  # the nearest Tuesday, two days before
    assert values("samedi prochain") == [("2025-11-08", None)]
    assert values("depuis le début de l'année") == [("2025", None)]


def test_as_of_and_datatypes() -> None:
    (as_of,) = find_dates("Jusqu’au 8 octobre, plus de 100 délégations", date(2025, 10, 14))
    assert as_of.as_of and str(literal(as_of.value)) == "2025-10-08"
    assert literal(date(2025, 1, 2)).datatype == namespace.XSD.date
    assert literal((2022, 2)).datatype == namespace.XSD.gYearMonth
    assert literal(2019).datatype == namespace.XSD.gYear


def test_names_match_with_or_without_diacritics_at_exact_offsets() -> None:
    text = "Le vice-Premier ministre Bui Thanh Son et Đặng Hoàng Giang à HANOI."
    folded = Folded.of(text)
    for label, quote in (("Bùi Thanh Sơn", "Bui Thanh Son"), ("Dang Hoang Giang", "Đặng Hoàng Giang"), ("Hanoï", "HANOI")):
        (span,) = find_label(folded, fold(label))
        assert text[span[0] : span[1]] == quote
    assert find_label(folded, fold("Son et")) == [(text.index("Son et"), text.index("Son et") + 6)]
    assert find_label(folded, fold("Thanh So")) == []  # whole words only


def test_a_coordinated_label_matches_with_the_determiner_repeated() -> None:
    text = "Le plan associe les écoles et les hôpitaux publics, puis des écoles et des hôpitaux privés."
    folded = Folded.of(text)
    spans = find_label(folded, fold("écoles et hôpitaux publics"))
    assert [text[a:b] for a, b in spans] == ["écoles et les hôpitaux publics"]
    assert [text[a:b] for a, b in find_label(folded, fold("écoles et hôpitaux"))] == [
        "écoles et les hôpitaux",
        "écoles et des hôpitaux",
    ]
    assert find_label(folded, fold("écoles et hôpitaux public")) == []  # still whole words


def test_source_is_registered_as_the_seeds_are(project, tmp_path) -> None:
    article = tmp_path / "essai_source.txt"
    text = 'Un texte "cité" avec \\ une barre,\r\nune fin de ligne Windows et « guillemets ».\n'
    article.write_bytes(text.encode("utf-8"))
    stem, read = read_article(article)
    assert (stem, read) == ("essai_source", text)
    meta = ArticleMeta(date(2025, 11, 6), "https://example.org/a", "Un titre", None, None)
    sources = project / "graph" / "sources.ttl"
    assert register(sources, Graph(), stem, read, meta, Knowledge())
    graph = Graph().parse(sources, format="turtle")
    node = SOURCE[stem]
    assert graph.value(node, SCHEMA.text) == Literal(text)  # byte for byte, \r and quotes kept
    assert graph.value(node, SCHEMA.datePublished) == Literal("2025-11-06", datatype=namespace.XSD.date)
    assert graph.value(node, SCHEMA.headline) == Literal("Un titre", lang="fr")
    assert str(graph.value(node, SCHEMA.url)) == "https://example.org/a"
    assert not register(sources, graph, stem, read, meta, Knowledge())  # already there: nothing appended
    with pytest.raises(InputError, match="another text"):
        register(sources, graph, stem, read + "x", meta, Knowledge())


def test_source_turtle_declares_an_unknown_author() -> None:
    turtle = source_turtle("a1", "Texte.", ArticleMeta(date(2025, 1, 1), author="Minh Anh"), Knowledge())
    prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    graph = Graph().parse(data=prefixes + turtle, format="turtle")
    author = graph.value(SOURCE["a1"], SCHEMA.author)
    assert str(author).endswith("/id/minh-anh")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["ingest", "missing.txt", "--date", "2025-11-06"], "cannot read"),
        (["ingest", "bad name!.txt", "--date", "2025-11-06"], "cannot name a source"),
    ],
)
def test_ingest_refuses_bad_input_with_exit_2(project, argv, message, capsys) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_ingest_refuses_a_bad_date(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest", "x.txt", "--date", "14/10/2025"])
    assert exit_info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_review_of_a_source_without_candidates_exits_2(project, capsys) -> None:
    assert main(["review", "000_afbaf1751a8ce4ce", "--list"]) == 2
    assert "run treaty-kg ingest first" in capsys.readouterr().err


def test_without_the_model_ingest_exits_2_and_writes_nothing(project, capsys) -> None:
    sources = project / "graph" / "sources.ttl"
    before = sources.read_bytes()
    article = project.parent / "un_article.txt"
    article.write_text("Le 3 novembre, une réunion s'est tenue à Hanoï.\n", encoding="utf-8")
    assert main(["ingest", str(article), "--date", "2025-11-06", "--model", "fr_no_such_model"]) == 2
    assert "pip install 'treaty-kg[ingest]'" in capsys.readouterr().err
    assert sources.read_bytes() == before
    assert not (project / "graph" / "candidates").exists()
