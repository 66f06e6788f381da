"""The competency-question queries of `queries/` give the gold answers, each with its source sentence.

Each query runs on the reasoned graph (ontology + graph/ + OWL 2 RL closure), as on the
endpoint. The gold answers come from ../shared/competency-questions.md.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.sparql import prepareQuery

from treaty_kg.rdf.namespaces import CONCEPT, FACT, ID, ROLE, SCHEMA, SOURCE

QUERIES = Path(__file__).resolve().parents[2] / "queries"
A000 = str(SOURCE["000_afbaf1751a8ce4ce"])
A002 = str(SOURCE["002_24b1f94ed58a9280"])

Run = Callable[[str], list[dict[str, str]]]


def query_names() -> list[str]:
    return sorted(path.stem for path in QUERIES.glob("*.rq"))


def test_one_query_per_competency_question() -> None:
    assert [name[:4] for name in query_names()] == [f"cq{n:02d}" for n in range(1, 11)]


@pytest.mark.parametrize("name", query_names())
def test_query_has_a_title_and_parses(name: str) -> None:
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    assert any(line.startswith("# title: CQ") for line in text.splitlines()), "no '# title:' line"
    prepareQuery(text)


@pytest.mark.parametrize("name", query_names())
def test_every_answer_quotes_its_source(name: str, run_query: Run, reasoned_graph: Graph) -> None:
    """Every row that names an article quotes a sentence that is really in that article's text."""
    rows = run_query(name)
    assert rows, f"{name} returned nothing"
    for row in rows:
        for suffix in ("", "1", "2"):
            source, quote = row.get("source" + suffix), row.get("quote" + suffix)
            if source is None:
                continue
            text = reasoned_graph.value(URIRef(source), SCHEMA.text)
            assert text is not None, f"{source} has no text"
            assert quote and quote in str(text), f"{quote!r} is not in {source}"


def test_cq01_opened_for_signature_on_25_october_2025_in_hanoi(run_query: Run) -> None:
    rows = run_query("cq01-opening-for-signature")
    answers = {(r.get("start"), r.get("end"), r.get("place")) for r in rows}
    assert answers == {("2025-10-25", "2025-10-26", str(ID["hanoi"]))}
    assert {A000, A002} <= {r["source"] for r in rows}


def test_cq02_luong_cuong_president_chaired_the_signing_ceremony(run_query: Run) -> None:
    rows = run_query("cq02-chair-of-signing-ceremony")
    assert {r["chair"] for r in rows} == {str(ID["luong-cuong"])}
    assert str(ID["president-of-vietnam"]) in {r.get("post") for r in rows}
    assert any(r["source"] == A002 and "a présidé la cérémonie" in r["quote"] for r in rows)


def test_cq03_secretary_general_events_and_roles(run_query: Run) -> None:
    rows = run_query("cq03-secretary-general-events")
    assert {r["person"] for r in rows} == {str(ID["antonio-guterres"])}
    answers = {(r["event"], r["role"]) for r in rows}
    assert {
        (str(ID["opening-session-2025-10-25"]), str(ROLE["co-chair"])),
        (str(ID["opening-session-2025-10-25"]), str(ROLE["speaker"])),
        (str(ID["signing-ceremony-2025-10-25"]), str(ROLE["attendee"])),
    } <= answers
    co_chair = [r for r in rows if r["role"] == str(ROLE["co-chair"])]
    assert {r["source"] for r in co_chair} == {A000}


def test_cq04_adopted_on_24_december_2024_by_both_articles(run_query: Run) -> None:
    rows = run_query("cq04-adoption-date")
    assert {r["date"] for r in rows} == {"2024-12-24"}
    assert {r.get("adopter") for r in rows} == {str(ID["un-general-assembly"])}
    assert {r["source"] for r in rows} == {A000, A002}


def test_cq05_programme_events_nest_in_the_opening_for_signature(run_query: Run) -> None:
    rows = run_query("cq05-programme-nesting")
    programme = str(ID["opening-for-signature-2025"])
    assert {r["programme"] for r in rows} == {programme}
    events = {r["event"] for r in rows}
    expected = {
        "welcome-ceremony-2025-10-25",
        "opening-session-2025-10-25",
        "signing-ceremony-2025-10-25",
        "signing-session-2025",
        "high-level-meeting-2025",
        "plenary-discussion-2025",
        "high-level-discussions-2025",
        "round-tables-2025",
        "gala-dinner-2025",
        "technology-exhibition-2025",
        "closing-session-2025",
    }
    assert {str(ID[e]) for e in expected} <= events
    parents = {(r["event"], r["parent"]) for r in rows}
    # the caption's "séance d'ouverture de la cérémonie de signature": the ceremony is the nearest parent
    assert (str(ID["opening-session-2025-10-25"]), str(ID["signing-ceremony-2025-10-25"])) in parents
    assert (str(ID["opening-session-2025-10-25"]), programme) not in parents
    assert (str(ID["signing-ceremony-2025-10-25"]), programme) in parents


def test_cq06_posts_named_in_either_article(run_query: Run) -> None:
    rows = run_query("cq06-posts")
    held = {(r["person"], r["post"], r.get("organisation")) for r in rows}
    expected = {
        ("luong-cuong", "president-of-vietnam", "vietnam"),
        ("antonio-guterres", "un-secretary-general", "united-nations"),
        ("ghada-fathy-ismail-waly", "unodc-executive-director", "unodc"),
        ("luong-tam-quang", "minister-of-public-security", "ministry-of-public-security"),
        ("thongloun-sisoulith", "president-of-laos", "laos"),
    }
    assert {(str(ID[p]), str(ID[q]), str(ID[o])) for p, q, o in expected} <= held
    posts = {(r["person"], r["post"]) for r in rows}
    for person, post in [
        ("bui-thanh-son", "deputy-prime-minister-of-vietnam"),
        ("pham-minh-chinh", "prime-minister-of-vietnam"),
        ("phan-dinh-trac", "politburo-member"),
        ("phan-dinh-trac", "secretary-of-party-central-committee"),
        ("phan-dinh-trac", "head-of-central-internal-affairs-commission"),
        ("nguyen-xuan-thang", "politburo-member"),
        ("nguyen-xuan-thang", "president-of-central-theoretical-council"),
        ("nguyen-xuan-thang", "director-of-ho-chi-minh-national-academy-of-politics"),
        ("luong-tam-quang", "politburo-member"),
        ("thongloun-sisoulith", "general-secretary-laos"),
    ]:
        assert (str(ID[person]), str(ID[post])) in posts, (person, post)
    # a post both articles give is stated once per article, each dated by its article
    dates = {(r["source"], r.get("asOf")) for r in rows if r["person"] == str(ID["luong-cuong"])}
    assert dates == {(A000, "2025-10-14"), (A002, "2025-10-25")}


def test_cq07_organisations_and_how_they_organised(run_query: Run) -> None:
    rows = run_query("cq07-organisers")
    roles = {(r["organisation"], r["role"]) for r in rows}
    for organisation, role in [
        ("ministry-of-public-security", "preparer"),
        ("ministry-of-foreign-affairs", "preparer"),
        ("unodc", "partner"),
        ("un-office-of-legal-affairs", "organiser"),
        ("government-of-vietnam", "co-organiser"),
        ("un-secretariat", "co-organiser"),
        ("vietnam", "host"),
    ]:
        assert (str(ID[organisation]), str(ROLE[role])) in roles, (organisation, role)
    assert not any(r["organisation"] == str(ID["luong-cuong"]) for r in rows), "persons are not organisations"


def test_cq08_fact_source_sentence_and_offsets(run_query: Run, reasoned_graph: Graph) -> None:
    rows = run_query("cq08-fact-provenance")
    chair = [r for r in rows if r["fact"] == str(FACT["002-participation-luong-cuong-chair-signing-ceremony"])]
    assert chair and {r["source"] for r in chair} == {A002}
    assert {r["kind"] for r in chair} == {"https://w3id.org/treaty-kg/ontology/ChairParticipation"}
    texts = {src: str(reasoned_graph.value(URIRef(src), SCHEMA.text)) for src in (A000, A002)}
    for row in rows:
        assert texts[row["source"]][int(row["start"]) : int(row["end"])] == row["quote"], row["fact"]
    # a fact both articles state has a sentence in each
    adoption = {r["source"] for r in rows if r["fact"] == str(FACT["000-participation-un-general-assembly-adopter-adoption"])}
    assert adoption == {A000, A002}


def test_cq09_different_country_counts_side_by_side(run_query: Run) -> None:
    rows = run_query("cq09-differing-figures")
    countries = [
        r
        for r in rows
        if r["counts1"] == r["counts2"] == str(CONCEPT["country"]) and {r.get("value1"), r.get("value2")} == {"110", "100"}
    ]
    assert countries, "about 110 countries and nearly 100 countries are not listed side by side"
    row = countries[0]
    assert {row["qualifier1"], row["qualifier2"]} == {str(CONCEPT["about"]), str(CONCEPT["nearly"])}
    assert row["source1"] == row["source2"] == A002
    assert {row["quote1"], row["quote2"]} >= {"des dirigeants et représentants de haut niveau d'environ 110 pays"}
    # two figures that agree are not a disagreement
    assert not any(
        r.get("value1") == r.get("value2") and r["qualifier1"] == r["qualifier2"] and r["counts1"] == r["counts2"] for r in rows
    )


def test_cq10_convention_names_in_three_languages(run_query: Run) -> None:
    rows = run_query("cq10-convention-names")
    names = {(r["kind"], r["name"], r["language"]) for r in rows}
    assert {
        ("name", "United Nations Convention against Cybercrime", "en"),
        ("name", "Convention des Nations unies contre la cybercriminalité", "fr"),
        ("name", "Công ước của Liên Hợp Quốc về chống tội phạm mạng", "vi"),
        ("short name", "Hanoi Convention", "en"),
        ("short name", "Convention de Hanoï", "fr"),
        ("short name", "Công ước Hà Nội", "vi"),
    } <= names
    quoted = {r["source"] for r in rows if r["name"] == "Convention de Hanoï" and "source" in r}
    assert quoted == {A000, A002}
