"""Done when: a French article of our own goes ingest → review → build → served, with no code
change. Also: rejections are not proposed again, accepted facts move into graph/<stem>.ttl,
candidates stay out of the asserted graph, pages mark them unreviewed, and the review page
exists only when its setting is on."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from treaty_kg import paths
from treaty_kg.build import build
from treaty_kg.cli import main
from treaty_kg.errors import InputError
from treaty_kg.ingest import decisions, nlp, review
from treaty_kg.ingest.candidates import roots
from treaty_kg.rdf.load import load_graph
from treaty_kg.rdf.namespaces import FACT, GRAPH_ASSERTED, GRAPH_CANDIDATE, ID, PROV, SCHEMA, SOURCE, TKG
from treaty_kg.wsgi import create_app

from .conftest import ARTICLES, copy_project, needs_model

STEM = "reunion_hanoi_2025"
CHAIR = FACT[f"{STEM}-participation-bui-thanh-son-chair-meeting-2025-11-03"]
MEETING = ID["meeting-2025-11-03"]

pytestmark = needs_model


@dataclass
class Flow:
    project: Path
    dataset: Path
    rejected: str
    left_open: str
    reingest_exit: int


def ingest(article: Path, *extra: str) -> int:
    return main(["ingest", str(article), *extra])


@pytest.fixture(scope="module")
def flow(root: Path, tmp_path_factory: pytest.TempPathFactory, model) -> Flow:
    """The third article through the commands a person runs, in a scratch copy of the project."""
    project = copy_project(root, tmp_path_factory.mktemp("flow") / "project")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(paths.ROOT_ENV, str(project))
        article = ARTICLES / f"{STEM}.txt"
        assert (
            ingest(
                article,
                "--date",
                "2025-11-06",
                "--title",
                "Hanoï accueille une réunion sur la mise en œuvre de la Convention",
                "--author",
                "Minh Anh",
                "--url",
                "https://example.org/reunion-hanoi",
            )
            == 0
        )
        items = review.items(STEM)
        # the person rejects the reading of "Hanoï" as the city's authorities, leaves one figure open, accepts the rest
        rejected = next(i.iri for i in items if i.kind == "EntityReference" and "hanoi-authorities" in i.iri)
        left_open = next(i.iri for i in items if i.kind == "StatedFigure" and "workshop" in i.iri)
        assert main(["review", STEM, "--reject", rejected]) == 0
        to_accept = [i.iri for i in review.items(STEM) if i.iri != left_open]
        assert main(["review", STEM, "--accept", *to_accept]) == 0
        again = ingest(article, "--date", "2025-11-06")  # a second ingest of the same text
        result = build(project / "build", quiet=True, candidates=True)
        assert result.ok, result.report
    return Flow(project, project / "build" / "dataset.nq", rejected, left_open, again)


def test_the_article_is_registered_like_the_seeds(flow: Flow) -> None:
    graph = Graph().parse(flow.project / "graph" / "sources.ttl", format="turtle")
    source = SOURCE[STEM]
    assert graph.value(source, SCHEMA.text) == Literal((ARTICLES / f"{STEM}.txt").read_text(encoding="utf-8"))
    assert (source, RDF.type, SCHEMA.NewsArticle) in graph and (source, RDF.type, TKG.NewsArticle) in graph
    assert str(graph.value(source, SCHEMA.datePublished)) == "2025-11-06"
    assert str(graph.value(source, SCHEMA.author)) == str(ID["minh-anh"])


def test_accepted_candidates_move_into_the_source_file(flow: Flow) -> None:
    accepted = Graph().parse(flow.project / "graph" / f"{STEM}.ttl", format="turtle")
    assert (CHAIR, TKG.chair, ID["bui-thanh-son"]) in accepted
    assert (
        MEETING,
        TKG.startDate,
        Literal("2025-11-03", datatype=Literal("2025-11-03", datatype=None).datatype or None),
    ) in accepted or str(accepted.value(MEETING, TKG.startDate)) == "2025-11-03"
    assert not set(accepted.objects(None, TKG.confidence)), "a person's acceptance drops the machine's confidence"
    assert (ID["bui-thanh-son"], PROV.wasDerivedFrom, None) in accepted  # an accepted reference: the entity cites the span
    assert (None, TKG.refersTo, None) not in accepted
    assert (accepted.value(CHAIR, PROV.wasGeneratedBy), RDF.type, TKG.ExtractionActivity) in accepted


def test_a_second_ingest_proposes_neither_rejected_nor_accepted_candidates(flow: Flow) -> None:
    assert flow.reingest_exit == 0
    open_now = {str(n) for n in roots(load_graph([flow.project / "graph" / "candidates" / f"{STEM}.ttl"]))}
    assert flow.rejected not in open_now
    assert str(CHAIR) not in open_now
    assert flow.left_open in open_now  # still waiting for a person
    rows = (flow.project / "graph" / "candidates" / f"{STEM}.decisions.tsv").read_text(encoding="utf-8")
    assert f"rejected\t{flow.rejected}\t" in rows and f"accepted\t{CHAIR}\t" in rows


@pytest.fixture(scope="module")
def app(flow: Flow) -> Flask:
    app = create_app({"dataset": flow.dataset, "query_workers": 1, "reload_interval": 0})
    yield app
    app.extensions["treaty_kg"].close()


def ask(app: Flask, query: str) -> bool:
    response = app.test_client().get(
        "/sparql", query_string={"query": query}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200, response.text
    return bool(response.get_json()["boolean"])


def test_accepted_facts_are_served_and_candidates_only_in_their_own_graph(flow: Flow, app: Flask) -> None:
    assert ask(app, f"ASK {{ <{CHAIR}> <{TKG.chair}> <{ID['bui-thanh-son']}> ; <{TKG.inEvent}> <{MEETING}> }}")
    assert ask(app, f"ASK {{ GRAPH <{GRAPH_ASSERTED}> {{ <{MEETING}> a <{TKG.Meeting}> }} }}")
    assert not ask(app, f"ASK {{ <{flow.left_open}> ?p ?o }}"), "the default graph holds no candidate"
    assert ask(app, f"ASK {{ GRAPH <{GRAPH_CANDIDATE}> {{ <{flow.left_open}> <{TKG.confidence}> ?c }} }}")
    assert not ask(app, f"ASK {{ GRAPH <{GRAPH_ASSERTED}> {{ <{flow.left_open}> ?p ?o }} }}")
    assert not ask(app, f"ASK {{ GRAPH ?g {{ <{flow.rejected}> ?p ?o }} }}")


def test_pages_mark_candidates_unreviewed(flow: Flow, app: Flask) -> None:
    client = app.test_client()
    page = client.get("/id/meeting-2025-11-03", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Réunion" in page.text
    assert "Unreviewed" not in page.text
    candidate = client.get("/" + flow.left_open.split("https://w3id.org/treaty-kg/", 1)[1], headers={"Accept": "text/html"})
    assert candidate.status_code == 200
    assert "Unreviewed" in candidate.text


def test_the_review_page_is_off_unless_set(app: Flask) -> None:
    assert app.test_client().get("/review/" + STEM).status_code == 404


def test_the_review_page_accepts_and_rejects(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model, _project_root
) -> None:
    project = copy_project(root, tmp_path / "project")
    monkeypatch.setenv(paths.ROOT_ENV, str(project))
    assert ingest(ARTICLES / "signature_laos.txt", "--date", "2025-12-13") == 0
    dataset = tmp_path / "dataset.nq"
    dataset.write_text("", encoding="utf-8")
    app = create_app({"dataset": dataset, "query_workers": 1, "reload_interval": 0, "review_pages": True})
    try:
        client = app.test_client()
        listing = client.get("/review/")
        assert listing.status_code == 200 and "signature_laos" in listing.text
        page = client.get("/review/signature_laos")
        assert page.status_code == 200 and "<mark>" in page.text
        first, second = [i.iri for i in review.items("signature_laos")][:2]
        assert client.post("/review/signature_laos", data={"action": "reject", "id": first}).status_code == 303
        assert client.post("/review/signature_laos", data={"action": "accept", "id": second}).status_code == 303
        assert client.post("/review/signature_laos", data={"action": "accept", "id": "no-such"}).status_code == 400
        assert client.get("/review/unknown_source").status_code == 404
    finally:
        app.extensions["treaty_kg"].close()
    assert first in decisions.decided("signature_laos") and second in decisions.decided("signature_laos")
    assert (project / "graph" / "signature_laos.ttl").is_file()


def test_review_on_the_terminal_reads_answers_from_its_input(
    project: Path, monkeypatch: pytest.MonkeyPatch, model, capsys
) -> None:
    assert ingest(ARTICLES / "seminaire_ministere.txt", "--date", "2025-11-07") == 0
    first = review.items("seminaire_ministere")[0]
    monkeypatch.setattr("sys.stdin", io.StringIO("a\nq\n"))  # accept the first, quit
    assert main(["review", "seminaire_ministere"]) == 0
    assert f"accepted {first.iri}" in capsys.readouterr().out
    second, third = review.items("seminaire_ministere")[:2]
    assert first.iri not in {second.iri, third.iri}
    # reject the next; edit the one after (a note), then skip it; the input ends
    monkeypatch.setattr("sys.stdin", io.StringIO('r\ne\nskos:note "vu"@fr\ns\n'))
    assert main(["review", "seminaire_ministere"]) == 0
    assert f"rejected {second.iri}" in capsys.readouterr().out
    remaining = {i.iri for i in review.items("seminaire_ministere")}
    assert second.iri not in remaining and third.iri in remaining
    candidates = load_graph([project / "graph" / "candidates" / "seminaire_ministere.ttl"])
    assert Literal("vu", lang="fr") in set(candidates.objects(None, None))
    assert second.iri in decisions.decided("seminaire_ministere")


def test_a_missing_model_is_a_clean_error() -> None:
    with pytest.raises(InputError, match="pip install 'treaty-kg\\[ingest\\]'"):
        nlp.load("fr_no_such_model")
