"""What ingest proposes when it reads French: links, titles, dates, figures, events, roles,
post holdings; every candidate with its mention at exact offsets, a confidence and its
extraction activity; and candidates that pass the same shapes as curated facts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from treaty_kg import paths
from treaty_kg.ingest import nlp
from treaty_kg.ingest.candidates import roots
from treaty_kg.ingest.knowledge import load_knowledge
from treaty_kg.ingest.pipeline import propose
from treaty_kg.ontology.modules import load_ontology
from treaty_kg.rdf.load import load_graph
from treaty_kg.rdf.namespaces import CONCEPT, FACT, ID, OA, PROV, ROLE, SOURCE, TKG
from treaty_kg.validation import shacl

ARTICLES = Path(__file__).parent / "articles"


@pytest.fixture(scope="module")
def curated() -> Graph:
    return load_graph(paths.turtle_files(paths.graph_dir()))


@pytest.fixture(scope="module")
def knowledge(curated: Graph) -> Any:
    return load_knowledge(curated, load_ontology())


def read(stem: str, published: date, model: Any, knowledge: Any) -> tuple[str, Graph]:
    text = (ARTICLES / f"{stem}.txt").read_bytes().decode("utf-8")
    return text, propose(text, published, stem, knowledge, model, nlp.MODEL)


@pytest.fixture(scope="module")
def reunion(model: Any, knowledge: Any) -> tuple[str, Graph]:
    return read("reunion_hanoi_2025", date(2025, 11, 6), model, knowledge)


def of_type(graph: Graph, cls: URIRef) -> list[URIRef]:
    return [n for n in roots(graph) if (n, RDF.type, cls) in graph]


def references(graph: Graph) -> dict[URIRef, set]:
    return {graph.value(n, TKG.refersTo): set(graph.objects(n, TKG.alternative)) for n in of_type(graph, TKG.EntityReference)}


def participations(graph: Graph) -> set[tuple]:
    found = set()
    for n in of_type(graph, TKG.Participation):
        role = graph.value(n, TKG.role)
        agent = next(
            o
            for p, o in graph.predicate_objects(n)
            if p not in (TKG.inEvent, TKG.role) and str(p).startswith(str(TKG)) and isinstance(o, URIRef)
        )
        found.add((agent, role, graph.value(n, TKG.inEvent)))
    return found


def test_names_link_to_known_iris_whatever_the_diacritics(reunion) -> None:
    _, graph = reunion
    refs = references(graph)
    assert ID["bui-thanh-son"] in refs  # the text writes "Bùi Thanh Sơn", the graph also knows "Bui Thanh Son"
    assert ID["laos"] in refs and ID["ministry-of-public-security"] in refs


def test_a_title_names_the_one_holder_the_graph_knows(reunion) -> None:
    text, graph = reunion
    (node,) = [n for n in of_type(graph, TKG.EntityReference) if graph.value(n, TKG.refersTo) == ID["antonio-guterres"]]
    mention = graph.value(node, PROV.wasDerivedFrom)
    exact = next(graph.value(s, OA.exact) for s in graph.objects(mention, OA.hasSelector) if graph.value(s, OA.exact))
    assert str(exact) == "secrétaire général de l'ONU"


def test_an_ambiguous_name_keeps_its_alternatives(reunion) -> None:
    _, graph = reunion
    refs = references(graph)
    linked = [iri for iri in refs if iri in (ID["hanoi"], ID["hanoi-authorities"])]
    assert linked, "Hanoï is named"
    for iri in linked:
        assert refs[iri] == {ID["hanoi"], ID["hanoi-authorities"]} - {iri}
        node = next(n for n in of_type(graph, TKG.EntityReference) if graph.value(n, TKG.refersTo) == iri)
        assert float(graph.value(node, TKG.confidence)) < 0.9


def test_new_people_and_posts_get_slash_iris_and_the_apposition_a_holding(reunion) -> None:
    _, graph = reunion
    person, post = ID["bounmy-phommachanh"], ID["ministre-des-affaires-etrangeres-du-laos"]
    assert (person, RDF.type, TKG.Person) in graph
    assert graph.value(person, SKOS.prefLabel) == Literal("Bounmy Phommachanh", lang="fr")
    assert (post, TKG.postIn, ID["laos"]) in graph
    holdings = {
        (graph.value(n, TKG.holder), graph.value(n, TKG.post), str(graph.value(n, TKG.asOf)))
        for n in of_type(graph, TKG.PostHolding)
    }
    assert (person, post, "2025-11-06") in holdings
    assert (ID["bui-thanh-son"], ID["deputy-prime-minister-of-vietnam"], "2025-11-06") in holdings


def test_events_get_their_date_and_place_and_roles_come_from_the_verbs(reunion) -> None:
    _, graph = reunion
    meeting = ID["meeting-2025-11-03"]
    assert (meeting, RDF.type, TKG.Meeting) in graph
    assert str(graph.value(meeting, TKG.startDate)) == "2025-11-03"
    assert graph.value(meeting, TKG.place) == ID["hanoi"]
    found = participations(graph)
    assert (ID["bui-thanh-son"], ROLE["chair"], meeting) in found  # "a présidé ... une réunion"
    assert (ID["bounmy-phommachanh"], ROLE["attendee"], meeting) in found  # "a assisté à la réunion"
    assert (ID["laos"], ROLE["attendee"], meeting) not in found  # the country of his title is not an attendee


def test_figures_with_qualifier_and_counted_kind(reunion) -> None:
    _, graph = reunion
    figures = {
        (str(graph.value(n, TKG.value)), graph.value(n, TKG.qualifier), graph.value(n, TKG.counts))
        for n in of_type(graph, TKG.StatedFigure)
    }
    assert ("40", CONCEPT["more-than"], CONCEPT["delegation"]) in figures
    assert ("250", CONCEPT["about"], CONCEPT["person"]) in figures
    assert ("12", CONCEPT["at-least"], CONCEPT["workshop"]) in figures


def test_a_figure_differing_from_a_known_one_is_kept_beside_it(reunion, curated) -> None:
    _, graph = reunion
    (node,) = [n for n in of_type(graph, TKG.StatedFigure) if graph.value(n, TKG.counts) == CONCEPT["delegation"]]
    notes = " ".join(str(o) for o in graph.objects(node, SKOS.note))
    assert "fact:000-figure-delegations-confirmed-2025-10-08".replace("fact:", str(FACT)) in notes
    assert (FACT["000-figure-delegations-confirmed-2025-10-08"], TKG.value, Literal(100)) in curated  # untouched


def test_relative_dates_and_speakers(model, knowledge) -> None:
    text, graph = read("seminaire_ministere", date(2025, 11, 7), model, knowledge)  # a Friday
    seminar = [n for n in roots(graph) if str(graph.value(n, TKG.startDate)) == "2025-11-05"]
    assert seminar, "Mercredi is 5 November for an article of Friday 7 November"
    found = participations(graph)
    assert any(agent == ID["pham-the-tung"] and role == ROLE["co-chair"] for agent, role, _ in found)
    assert any(role == ROLE["organiser"] and agent == ID["ministry-of-public-security"] for agent, role, _ in found)


def test_signature_article(model, knowledge) -> None:
    _, graph = read("signature_laos", date(2025, 12, 13), model, knowledge)
    found = participations(graph)
    assert any(agent == ID["thongloun-sisoulith"] and role == ROLE["speaker"] for agent, role, _ in found)
    figures = {(str(graph.value(n, TKG.value)), graph.value(n, TKG.counts)) for n in of_type(graph, TKG.StatedFigure)}
    assert ("71", CONCEPT["article"]) in figures


@pytest.fixture(scope="module")
def forum(model: Any, knowledge: Any) -> tuple[str, Graph]:
    return read("forum_da_nang", date(2025, 11, 20), model, knowledge)  # a Thursday


def test_roles_read_from_general_french(forum) -> None:
    """Preparing, founding, supporting beside another, deciding, a guest, a partner, speaking
    at, gathering: read from the parse of a text written for this test, not from the seeds."""
    _, graph = forum
    found = participations(graph)

    def events(agent: str, role: str) -> set:
        return {e for a, r, e in found if a == ID[agent] and r == ROLE[role]}

    meeting, forum_event = ID["meeting-2025-11-18"], ID["meeting-2025-12-04"]
    assert events("ministry-of-public-security", "chair") == {meeting}  # "Mardi, ... a présidé une réunion"
    assert events("pham-the-tung", "speaker") == {meeting}  # "À l'occasion de cette réunion, ... a indiqué"
    assert not events("pham-the-tung", "preparer")  # he reports who prepares
    assert events("vietnam", "supporter") == events("laos", "supporter") == {forum_event}  # "aux côtés du Laos"
    assert forum_event in events("researchers", "attendee")  # "Le forum devrait réunir des chercheurs"
    (preparation,) = events("ministry-of-foreign-affairs", "preparer") & events("unodc", "partner")
    assert (preparation, RDF.type, TKG.Preparation) in graph  # "en coopération avec l'ONUDC pour finaliser"
    (establishment,) = events("pham-minh-chinh", "establisher")  # "fondé par le Premier ministre"
    assert (establishment, RDF.type, TKG.Establishment) in graph
    (decision,) = events("unodc", "decider")  # "La décision de l'ONUDC"
    assert (decision, RDF.type, TKG.Decision) in graph
    (dinner,) = events("heads-of-delegation", "guest")  # "Un dîner de gala pour les chefs de délégation"
    assert (dinner, RDF.type, TKG.GalaDinner) in graph
    (drafting,) = events("unodc", "contributor")  # "la contribution de l'ONUDC à l'élaboration de la Convention"
    assert (drafting, RDF.type, TKG.Drafting) in graph
    assert not events("ministry-of-foreign-affairs", "speaker")  # "a rappelé" names no event it spoke at


def test_new_events_carry_the_dates_their_sentences_give(forum) -> None:
    """Relative dates ("mardi", "le 13 octobre") are read against the article's date and land on
    the event the parse attaches them to, also through a participle set off by a comma."""
    _, graph = forum
    dated = {n: str(graph.value(n, TKG.startDate)) for n in roots(graph) if graph.value(n, TKG.startDate) is not None}
    assert dated[ID["meeting-2025-11-18"]] == "2025-11-18"  # Tuesday before Thursday 20 November
    assert dated[ID["meeting-2025-12-04"]] == "2025-12-04"  # "le forum régional ..., prévu le 4 décembre"
    assert dated[ID["decision-2025-10-13"]] == "2025-10-13"  # "annoncée le 13 octobre": the past October
    assert dated[ID["gala-dinner-2025-12-03"]] == "2025-12-03"
    # "Le programme, qui se déroulera du 4 au 5 décembre, comprendra les séances d'ouverture et de clôture"
    for event in (ID["opening-session-2025-12-04"], ID["closing-session-2025-12-04"]):
        assert (str(graph.value(event, TKG.startDate)), str(graph.value(event, TKG.endDate))) == ("2025-12-04", "2025-12-05")
    assert (ID["closing-session-2025-12-04"], SKOS.prefLabel, Literal("Séances de clôture", lang="fr")) in graph
    # "Un forum ... en préparation" (the headline) is a state, not an act: every preparation proposed has its preparer
    preparations = {n for n in roots(graph) if (n, RDF.type, TKG.Preparation) in graph}
    assert preparations == {e for _, r, e in participations(graph) if r == ROLE["preparer"]}


@pytest.mark.parametrize("article", ["reunion", "forum"])
def test_every_candidate_cites_exact_offsets_with_confidence_and_provenance(article, request) -> None:
    text, graph = request.getfixturevalue(article)
    stem = {"reunion": "reunion_hanoi_2025", "forum": "forum_da_nang"}[article]
    mentions = list(graph.subjects(RDF.type, TKG.Mention))
    assert mentions
    for m in mentions:
        selectors = list(graph.objects(m, OA.hasSelector))
        exact = next(graph.value(s, OA.exact) for s in selectors if graph.value(s, OA.exact) is not None)
        start = next(int(graph.value(s, OA.start)) for s in selectors if graph.value(s, OA.start) is not None)
        end = next(int(graph.value(s, OA.end)) for s in selectors if graph.value(s, OA.end) is not None)
        assert text[start:end] == str(exact)
        assert graph.value(m, OA.hasSource) == SOURCE[stem]
    (activity,) = set(graph.subjects(RDF.type, TKG.ExtractionActivity))
    assert str(graph.value(activity, TKG.model)) == nlp.MODEL and graph.value(activity, TKG.modelVersion)
    assert graph.value(activity, TKG.tool) and graph.value(activity, TKG.toolVersion)
    assert graph.value(activity, PROV.startedAtTime) and graph.value(activity, PROV.endedAtTime)
    for node in roots(graph):
        assert 0 < float(graph.value(node, TKG.confidence)) <= 1
        assert graph.value(node, PROV.wasGeneratedBy) == activity
        assert (graph.value(node, PROV.wasDerivedFrom), RDF.type, TKG.Mention) in graph


def test_candidates_pass_the_shapes_of_curated_facts(reunion, forum, curated) -> None:
    data = curated
    for stem, published, (text, graph) in (("reunion_hanoi_2025", "2025-11-06", reunion), ("forum_da_nang", "2025-11-20", forum)):
        source = Graph()
        source.parse(
            data="@prefix schema: <https://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . "
            f"<https://w3id.org/treaty-kg/source/{stem}> a schema:NewsArticle, <https://w3id.org/treaty-kg/ontology/NewsArticle> ; "
            f'schema:datePublished "{published}"^^xsd:date ; schema:inLanguage "fr" ; schema:text ' + Literal(text).n3() + " .",
            format="turtle",
        )
        data = data + source + graph
    outcome = shacl.validate(data, ontology=load_ontology(), inference="none")
    violations = [r for r in outcome.results if r.severity == shacl.Severity.VIOLATION]
    assert not violations, "\n".join(str(r) for r in violations[:5])


# ---- one rule, one short sentence: written for these tests, not taken from any article --------


def phrase(text: str, model: Any, knowledge: Any, published: date = date(2026, 2, 20)) -> Graph:
    """The candidates of one short text (a few sentences parse in a few milliseconds)."""
    return propose(text, published, "phrase", knowledge, model, nlp.MODEL)


def typed(graph: Graph, cls: URIRef) -> set[URIRef]:
    return {n for n in roots(graph) if (n, RDF.type, cls) in graph}


def test_an_act_asked_for_through_a_purpose_infinitive_is_not_proposed(model, knowledge) -> None:
    asked = phrase(
        "Le ministre a demandé aux agences de poursuivre leurs efforts afin de finaliser le rapport annuel.", model, knowledge
    )
    assert not typed(asked, TKG.Preparation)  # asked for, not done
    done = phrase("Les agences ont travaillé ensemble pour finaliser le rapport annuel.", model, knowledge)
    assert typed(done, TKG.Preparation)  # a purpose under a verb that states what was done: the act is read


def test_getting_ready_to_do_something_is_not_a_preparation(model, knowledge) -> None:
    ready = phrase("Le Laos se prépare à accueillir le festival régional des sciences.", model, knowledge)
    assert not typed(ready, TKG.Preparation)
    assert not {e for _, r, e in participations(ready) if r == ROLE["preparer"]}
    prepares = phrase("Le Laos prépare activement le festival régional des sciences.", model, knowledge)
    assert typed(prepares, TKG.Preparation)


def test_a_practice_chosen_or_promoted_is_not_a_meeting(model, knowledge) -> None:
    chosen = phrase("Le 12 février, les deux gouvernements ont choisi le dialogue plutôt que la confrontation.", model, knowledge)
    assert not typed(chosen, TKG.Meeting)
    held = phrase("Le dialogue régional sur l'eau s'est tenu le 12 février à Vientiane.", model, knowledge)
    assert typed(held, TKG.Meeting)


def test_a_bare_definite_of_a_kind_already_named_is_that_event(model, knowledge) -> None:
    text = "Les pays du Mékong tiendront une réunion de haut niveau sur l'eau. Le sommet se tiendra le 3 mars à Vientiane."
    assert len(typed(phrase(text, model, knowledge), TKG.HighLevelMeeting)) == 1
    other = "Les pays du Mékong tiendront une réunion de haut niveau sur l'eau. Le sommet de l'ASEAN aura lieu le 3 mars."
    assert len(typed(phrase(other, model, knowledge), TKG.HighLevelMeeting)) == 2  # its own complement: another one


def test_signing_and_visiting_are_acts_with_their_agents(model, knowledge) -> None:
    signed = phrase("Le 18 février, le Laos a signé l'accord sur la pêche lors d'une cérémonie à Vientiane.", model, knowledge)
    (signature,) = typed(signed, TKG.Signature)
    found = participations(signed)
    assert (ID["laos"], ROLE["signatory"], signature) in found
    assert any(a == ID["laos"] and r == ROLE["signatory"] and e != signature for a, r, e in found)  # at the ceremony too
    visited = phrase("Le Laos a visité une exposition sur l'énergie solaire.", model, knowledge)
    (visit,) = typed(visited, TKG.Visit)
    assert (ID["laos"], ROLE["visitor"], visit) in participations(visited)


def test_an_act_after_an_event_is_not_held_at_it(model, knowledge) -> None:
    graph = phrase(
        "Après deux réunions techniques et un atelier, le Laos a signé l'accord sur la pêche le 18 février.", model, knowledge
    )
    (signature,) = typed(graph, TKG.Signature)
    assert {e for a, r, e in participations(graph) if r == ROLE["signatory"]} == {signature}


def test_a_noun_qualified_by_an_event_word_is_an_event_when_listed_with_events(model, knowledge) -> None:
    listed = phrase("Le salon comptera trois conférences, dix ateliers et 40 stands d'exposition.", model, knowledge)
    (stands,) = typed(listed, TKG.Exhibition)
    assert str(listed.value(stands, SKOS.prefLabel)) == "Stands d'exposition"
    assert not (typed(listed, TKG.Exhibition) & set(knowledge.entities))  # not the known exhibition: no "stands" in its names
    alone = phrase("Les délégués ont rejoint une salle d'exposition au deuxième étage.", model, knowledge)
    assert not typed(alone, TKG.Exhibition)


def test_what_takes_place_over_the_days_of_a_known_event_is_the_whole_event(model, knowledge) -> None:
    """Of the known events held on 25-26 October 2025, the one the others are part of."""
    text = "Les activités de la semaine se tiendront du 25 au 26 octobre à Hanoï."
    assert ID["opening-for-signature-2025"] in references(phrase(text, model, knowledge, date(2025, 10, 10)))
    elsewhen = "Les activités de la semaine se tiendront du 3 au 4 mars à Hanoï."
    assert not {i for i in references(phrase(elsewhen, model, knowledge)) if knowledge.entities[i].kind == "event"}


def test_an_acts_noun_takes_up_the_act_its_own_word_named(model, knowledge) -> None:
    text = (
        "Le Laos prépare activement le congrès régional depuis janvier. Le ministère des Affaires étrangères a "
        "ensuite finalisé le budget. Le président a salué les préparatifs de l'ONUDC."
    )
    found = participations(phrase(text, model, knowledge))
    (prepared,) = {e for a, r, e in found if a == ID["laos"] and r == ROLE["preparer"]}
    assert {e for a, r, e in found if a == ID["unodc"] and r == ROLE["preparer"]} == {prepared}  # not the budget's
