"""What a French-reading audit of every fact found stays fixed: each fact says what the article's
French says, no more. The 60 signatory countries sign (they do not speak) at the official ceremony
the UN Office of Legal Affairs organises; "L'événement" is the whole 25–26 October event; one node
per set of UN member states; every statement of article 002 in French as well as English; English
names for everyone; instructions, figures and meetings linked to what they are about; and a
statement whose speaker the article does not give says so instead of drawing a warning."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from treaty_kg.rdf.namespaces import CONCEPT, FACT, ID, OA, PROV, ROLE, SOURCE, TKG
from treaty_kg.validation.shacl import Severity, load_project_ontology, load_shapes, validate

A002 = SOURCE["002_24b1f94ed58a9280"]
SIGNATORIES = ID["representatives-of-signatory-countries-2025"]
OLA = ID["un-office-of-legal-affairs"]
CEREMONY = ID["signing-ceremony-2025-10-25"]
OPENING_FOR_SIGNATURE = ID["opening-for-signature-2025"]


def local(node: object) -> str:
    return str(node).rsplit("/", 1)[-1]


def quotes(kg: Graph, node: URIRef) -> list[str]:
    """The exact quotes of the mentions a node is derived from."""
    return [
        str(exact)
        for mention in kg.objects(node, PROV.wasDerivedFrom)
        for selector in kg.objects(mention, OA.hasSelector)
        for exact in kg.objects(selector, OA.exact)
    ]


def cites(kg: Graph, node: URIRef, text: str) -> bool:
    return any(text in quote for quote in quotes(kg, node))


def participations(kg: Graph, prop: URIRef, agent: URIRef) -> list[URIRef]:
    return [p for p in kg.subjects(prop, agent) if (p, RDF.type, TKG.Participation) in kg]


def notes(kg: Graph, node: URIRef) -> str:
    return " ".join(str(n) for n in kg.objects(node, SKOS.note))


def instances(kg: Graph, ontology: Graph, root: URIRef) -> set[URIRef]:
    classes = set(ontology.transitive_subjects(RDFS.subClassOf, root))
    return {s for c in classes for s in kg.subjects(RDF.type, c) if isinstance(s, URIRef)}


# ---- "60 pays signataires": they sign, at the official ceremony OLA organises


def test_the_60_countries_representatives_sign_and_do_not_speak(kg: Graph) -> None:
    assert participations(kg, TKG.speaker, SIGNATORIES) == []
    signing = participations(kg, TKG.signatory, SIGNATORIES)
    assert len(signing) == 1
    assert set(kg.objects(signing[0], TKG.role)) == {ROLE.signatory}
    assert cites(kg, signing[0], "représentants de 60 pays signataires de la Convention de Hanoï")


def test_ola_organises_the_official_ceremony_where_the_60_sign(kg: Graph) -> None:
    (signing,) = participations(kg, TKG.signatory, SIGNATORIES)
    official = kg.value(signing, TKG.inEvent)
    organised = [kg.value(p, TKG.inEvent) for p in participations(kg, TKG.organiser, OLA)]
    assert organised == [official], "OLA organises the ceremony at which the 60 sign, and only that"
    # "une cérémonie officielle", after the opening speeches: a part of the signing ceremony, not all of it
    assert official != CEREMONY
    assert (official, RDF.type, TKG.SigningCeremony) in kg
    assert (official, TKG.partOf, CEREMONY) in kg
    assert (ID["opening-session-2025-10-25"], TKG.precedes, official) in kg
    assert cites(kg, official, "lors d'une cérémonie officielle organisée par le Bureau des affaires juridiques")


def test_the_figure_60_counts_signatories_of_that_ceremony_and_its_note_agrees(kg: Graph) -> None:
    figure = FACT["002-figure-signatory-countries-60"]
    (signing,) = participations(kg, TKG.signatory, SIGNATORIES)
    assert kg.value(figure, TKG.figureOf) == kg.value(signing, TKG.inEvent)
    assert kg.value(figure, TKG.measures) == CONCEPT.signatories
    assert kg.value(figure, TKG.counts) == CONCEPT["signatory-country"]
    note = notes(kg, figure)
    assert "sign" in note and "speak" not in note


# ---- "L'événement a réuni…": the whole event of 25–26 October


@pytest.mark.parametrize("figure", ["002-figure-countries-nearly-100", "002-figure-organisations-more-than-100"])
def test_the_event_figures_are_of_the_whole_opening_for_signature(kg: Graph, figure: str) -> None:
    node = FACT[figure]
    assert cites(kg, node, "L’événement a réuni")
    assert set(kg.objects(node, TKG.figureOf)) == {OPENING_FOR_SIGNATURE}
    assert "read as the signing ceremony" not in notes(kg, node)


# ---- "États membres": one node per set


def member_state_groups(kg: Graph) -> dict[str, URIRef]:
    def only(values: set[URIRef]) -> URIRef:
        assert len(values) == 1, values
        return values.pop()

    attending = {
        a
        for p, a in kg.subject_objects(TKG.attendee)
        if (a, TKG.memberKind, CONCEPT["un-member-state"]) in kg
        and cites(kg, p, "délégations représentant des États membres de l’ONU")
    }
    supporting = {
        kg.value(p, TKG.supporter)
        for p in kg.subjects(TKG.supporter, None)
        if kg.value(p, TKG.supporter) != ID.vietnam and cites(kg, p, "d’autres États membres de l’ONU")
    }
    appeals = [FACT["002-appeal-ratify-soon"], FACT["002-appeal-ratify-for-entry-into-force"]]
    addressed = {a for appeal in appeals for a in kg.objects(appeal, TKG.addressee)}
    return {"some": only(attending), "others": only(supporting), "all": only(addressed)}


def test_each_set_of_un_member_states_is_its_own_node(kg: Graph) -> None:
    groups = member_state_groups(kg)
    assert len(set(groups.values())) == 3, groups


@pytest.mark.parametrize("which", ["some", "others", "all"])
def test_each_set_of_un_member_states_is_named_and_defined(kg: Graph, which: str) -> None:
    group = member_state_groups(kg)[which]
    assert (group, RDF.type, TKG.AgentGroup) in kg
    assert kg.value(group, TKG.memberKind) == CONCEPT["un-member-state"]
    for prop in (RDFS.label, SKOS.prefLabel, SKOS.definition):
        assert {v.language for v in kg.objects(group, prop)} >= {"en", "fr"}, (local(group), prop)
    assert set(kg.objects(group, PROV.wasDerivedFrom)), local(group)


# ---- Article 002's statements in French too


def words(text: str) -> list[str]:
    """Words of three letters or more, without diacritics: the paraphrase may spell a name right
    (Lương Cường) where the article does not (Luong Cuong)."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return [w for w in re.findall(r"\w+", bare) if len(w) > 2]


def statements_of(kg: Graph, ontology: Graph, stem: str) -> list[URIRef]:
    prefix = str(FACT[stem + "-"])
    return sorted(s for s in instances(kg, ontology, TKG.Statement) if str(s).startswith(prefix))


@pytest.mark.parametrize("stem", ["000", "002"])
def test_every_statement_has_its_content_in_english_and_french(kg: Graph, ontology: Graph, stem: str) -> None:
    statements = statements_of(kg, ontology, stem)
    assert statements
    missing = [local(s) for s in statements if {c.language for c in kg.objects(s, TKG.content)} < {"en", "fr"}]
    assert not missing, f"tkg:content without both @en and @fr: {missing}"


@pytest.mark.parametrize("stem", ["000", "002"])
def test_the_french_content_is_the_articles_own_words(kg: Graph, ontology: Graph, stem: str) -> None:
    """The French paraphrase is drawn from the sentences the statement cites, not translated back
    from the English: at most one word in ten of it (or one word) is not in those sentences."""
    foreign = {}
    for statement in statements_of(kg, ontology, stem):
        source_words = set(words(" ".join(quotes(kg, statement))))
        for content in kg.objects(statement, TKG.content):
            if content.language == "fr":
                content_words = words(str(content))
                outside = [w for w in content_words if w not in source_words]
                if len(outside) > max(1, len(content_words) // 10):
                    foreign[local(statement)] = outside
    assert not foreign, f"French content not taken from the cited sentences: {foreign}"


# ---- English names for everyone


def test_every_entity_has_an_english_label(kg: Graph) -> None:
    entities = {s for s in kg.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(ID))}
    unnamed = sorted(local(e) for e in entities if not any(label.language == "en" for label in kg.objects(e, RDFS.label)))
    assert not unnamed, f"no rdfs:label @en (queries filtering on English labels drop them): {unnamed}"


@pytest.mark.parametrize("name", ["duc-tuan", "nhat-bac", "hai-minh"])
def test_a_name_without_known_diacritics_is_the_same_in_english(kg: Graph, name: str) -> None:
    person = ID[name]
    french = {str(label) for label in kg.objects(person, RDFS.label) if label.language == "fr"}
    english = {str(label) for label in kg.objects(person, RDFS.label) if label.language == "en"}
    assert english and english == french


# ---- Links to what a fact is about, as far as the article states them


def test_every_instruction_and_mandate_is_about_an_event(kg: Graph, ontology: Graph) -> None:
    events = instances(kg, ontology, TKG.Event)
    tasks = instances(kg, ontology, TKG.Instruction) | instances(kg, ontology, TKG.Mandate)
    assert FACT["000-instruction-bui-thanh-son-public-security-foreign-affairs"] in tasks
    unlinked = sorted(local(t) for t in tasks if not set(kg.objects(t, TKG.about)) & events)
    assert not unlinked, f"no tkg:about an event: {unlinked}"


def test_every_stated_figure_says_what_it_is_about(kg: Graph, ontology: Graph) -> None:
    figures = instances(kg, ontology, TKG.StatedFigure)
    assert not sorted(local(f) for f in figures if kg.value(f, TKG.figureOf) is None)


def test_the_damage_figure_is_the_damage_cybercrime_causes(kg: Graph, ontology: Graph) -> None:
    figure = FACT["002-figure-damage-billions-of-dollars"]
    subject = kg.value(figure, TKG.figureOf)
    assert subject == CONCEPT.cybercrime
    assert (subject, RDF.type, SKOS.Concept) in ontology
    assert {label.language for label in ontology.objects(subject, SKOS.prefLabel)} >= {"en", "fr"}
    assert ontology.value(subject, SKOS.definition) is not None
    # the paragraph that says what causes the damage names cybercrime
    assert cites(kg, figure, "la cybercriminalité connaît une croissance rapide")


def test_the_high_level_meeting_concerns_the_convention(kg: Graph) -> None:
    meeting = ID["high-level-meeting-2025"]
    assert (meeting, TKG.concerns, ID["un-convention-against-cybercrime"]) in kg
    assert cites(kg, meeting, "la réunion de haut niveau de la Convention des Nations Unies contre la cybercriminalité")


def test_the_praise_is_addressed_to_the_ministries_and_hanoi(kg: Graph) -> None:
    praise = FACT["000-acknowledgement-bui-thanh-son-preparations"]
    addressees = set(kg.objects(praise, TKG.addressee))
    assert ID["hanoi-authorities"] in addressees
    (ministries,) = addressees - {ID["hanoi-authorities"]}
    assert (ministries, RDF.type, TKG.AgentGroup) in kg
    assert Literal("ministères", lang="fr") in set(kg.objects(ministries, SKOS.altLabel))
    assert "only Hanoi" not in notes(kg, praise)
    # like Hanoi, the ministries are the preparers of the preparations he praised
    preparers = {kg.value(p, TKG.preparer) for p in kg.subjects(TKG.inEvent, ID["preparation-opening-for-signature-2025"])}
    assert {ministries, ID["hanoi-authorities"]} <= preparers


# ---- A statement whose speaker the article does not give


PASSIVE = [
    "000-mandate-steering-committee-advise",
    "000-mandate-steering-committee-coordinate",
    "000-instruction-ministry-of-finance-budget",
]


@pytest.mark.parametrize("name", PASSIVE)
def test_a_passive_statement_says_its_speaker_is_not_stated(kg: Graph, name: str) -> None:
    statement = FACT[name]
    assert kg.value(statement, TKG.statedBy) is None
    assert kg.value(statement, TKG.speakerNotStated) == Literal(True)
    assert "does not say who" in notes(kg, statement), "the note says why no speaker is given"


def test_every_statement_marked_without_speaker_has_none(kg: Graph) -> None:
    marked = set(kg.subjects(TKG.speakerNotStated, None))
    assert {FACT[n] for n in PASSIVE} <= marked
    assert not [local(s) for s in marked if kg.value(s, TKG.statedBy) is not None]


def test_the_project_graph_validates_without_warnings(root: Path, kg: Graph) -> None:
    outcome = validate(kg, load_shapes(root / "shapes"), load_project_ontology())
    serious = [(local(r.focus), r.message) for r in outcome.results if r.severity in (Severity.VIOLATION, Severity.WARNING)]
    assert serious == []
