"""`treaty-kg explain`: a derivation for each rule family the ontology uses, down to asserted facts."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from treaty_kg.errors import InputError
from treaty_kg.reasoning.explain import Derivation, Explainer, Renderer, parse_triple, to_json, to_text


def explain(explainer: Explainer, s: str, p: str, o: str):
    return explainer.explain(parse_triple(s, p, o, explainer.kb.graph))


def rules_used(d: Derivation) -> list[str]:
    return ([d.rule] if d.rule else []) + [r for p in d.premises for r in rules_used(p)]


def leaves(d: Derivation) -> list[Derivation]:
    return [d] if not d.premises else [leaf for p in d.premises for leaf in leaves(p)]


def assert_grounded(d: Derivation) -> None:
    """Every branch ends in an asserted fact or an ontology axiom."""
    for leaf in leaves(d):
        assert leaf.source in ("asserted", "ontology"), leaf


CASES = [
    # (subject, predicate, object, rule at the root, rules expected somewhere below)
    ("id:signing-ceremony-2025-10-25", "tkg:chairedBy", "id:luong-cuong", "prp-spo2", {"prp-inv2"}),
    ("id:vietnam", "tkg:participatedIn", "id:signing-session-2025", "prp-inv2", {"prp-spo2", "prp-spo1"}),
    ("id:signing-session-2025", "tkg:partOf", "id:opening-for-signature-2025", "prp-trp", set()),
    ("id:president-of-vietnam", "tkg:heldBy", "id:luong-cuong", "prp-inv2", {"prp-spo2"}),
    ("id:signing-ceremony-2025-10-25", "a", "schema:Event", "cax-sco", set()),
    ("id:luong-cuong", "a", "tkg:Agent", "cax-sco", set()),
    ("fact:participation-luong-cuong-chair-signing-ceremony", "a", "tkg:ChairParticipation", "prp-dom", set()),
    ("id:vietnam", "a", "tkg:Agent", "prp-rng", set()),
    ("fact:participation-luong-cuong-chair-signing-ceremony", "tkg:role", "role:chair", "cls-hv1", {"cax-eqc1"}),
    ("fact:participation-vietnam-first-signatory", "a", "tkg:FirstSignatoryParticipation", "prp-dom", set()),
    ("id:signing-ceremony-2025-10-25", "schema:startDate", '"2025-10-25"^^xsd:date', "prp-eqp2", set()),
    ("id:opening-for-signature-2025", "sem:hasBeginTimeStamp", '"2025-10-25"^^xsd:date', "prp-spo1", set()),
    ("tkg:SigningCeremony", "rdfs:subClassOf", "schema:Event", "scm-sco", set()),
    ("tkg:firstSignatory", "rdfs:subPropertyOf", "tkg:participant", "scm-spo", set()),
    ("tkg:chair", "rdfs:domain", "tkg:Participation", "scm-dom1", set()),
    ("tkg:firstSignatory", "rdfs:domain", "tkg:SignatoryParticipation", "scm-dom1", set()),
    ("tkg:hasPart", "rdfs:domain", "sem:Event", "scm-dom2", set()),
    ("tkg:chair", "rdfs:range", "tkg:Agent", "scm-rng2", set()),
    ("tkg:inEvent", "rdfs:range", "schema:Event", "scm-rng1", set()),
    ("sem:hasBeginTimeStamp", "rdfs:subPropertyOf", "schema:startDate", "scm-eqp1", set()),
]


@pytest.mark.parametrize("s,p,o,rule,below", CASES, ids=[c[3] + ":" + c[1] for c in CASES])
def test_explains_each_rule_family(mini_explainer: Explainer, s, p, o, rule, below) -> None:
    answer = explain(mini_explainer, s, p, o)
    assert answer.status == "inferred"
    assert answer.derivation.rule == rule
    assert below <= set(rules_used(answer.derivation))
    assert_grounded(answer.derivation)


def test_role_from_role_property_shows_the_has_value_chain(mini_explainer: Explainer) -> None:
    answer = explain(mini_explainer, "fact:participation-luong-cuong-chair-signing-ceremony", "tkg:role", "role:chair")
    text = to_text(answer, Renderer(mini_explainer.kb))
    assert "[cls-hv1: has value: members have the value]" in text
    assert "[ontology] [ owl:onProperty tkg:role ; owl:hasValue role:chair ]" in text
    assert "[ontology] tkg:chair rdfs:domain tkg:ChairParticipation" in text
    assert "[asserted] fact:participation-luong-cuong-chair-signing-ceremony tkg:chair id:luong-cuong" in text
    assert "id:luong-cuong  Lương Cường" in text  # the labels legend


def test_every_inferred_triple_has_a_grounded_derivation(mini_explainer: Explainer, mini_closure) -> None:
    for triple in mini_closure.inferred:
        answer = mini_explainer.explain(triple)
        assert answer.status == "inferred", triple
        assert_grounded(answer.derivation)


def test_no_triple_is_used_to_prove_itself(mini_explainer: Explainer) -> None:
    """holds and heldBy are inverses: the search must not loop, nor prove one from itself."""
    answer = explain(mini_explainer, "id:luong-cuong", "tkg:holds", "id:president-of-vietnam")

    def check(d: Derivation, above: frozenset) -> None:
        assert d.triple not in above
        for p in d.premises:
            check(p, above | {d.triple})

    check(answer.derivation, frozenset())
    assert answer.derivation.rule == "prp-spo2"


def test_asserted_and_axioms_say_so(mini_explainer: Explainer) -> None:
    assert explain(mini_explainer, "id:luong-cuong", "a", "tkg:Person").status == "asserted"
    assert explain(mini_explainer, "tkg:Ceremony", "rdfs:subClassOf", "tkg:Event").status == "ontology"


def test_does_not_follow(mini_explainer: Explainer) -> None:
    answer = explain(mini_explainer, "id:luong-cuong", "a", "tkg:Event")
    assert answer.status == "does-not-follow" and answer.derivation is None
    assert "does not follow" in to_text(answer, Renderer(mini_explainer.kb))


def test_trivial_consequences_follow_but_are_not_kept(mini_explainer: Explainer) -> None:
    answer = explain(mini_explainer, "id:luong-cuong", "a", "owl:Thing")
    assert answer.status == "not-kept" and "thing-typing" in answer.note
    assert rules_used(answer.derivation) == ["cax-sco", "scm-cls"]


def test_json_output(mini_explainer: Explainer) -> None:
    answer = explain(mini_explainer, "id:signing-ceremony-2025-10-25", "tkg:chairedBy", "id:luong-cuong")
    body = json.loads(to_json(answer, Renderer(mini_explainer.kb)))
    assert body["status"] == "inferred"
    assert body["derivation"]["rule"] == "prp-spo2"
    assert body["triple"][1] == "<https://w3id.org/treaty-kg/ontology/chairedBy>"
    assert [p["source"] for p in body["derivation"]["premises"]] == ["ontology", "inferred", "asserted"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("tkg:chairedBy", "https://w3id.org/treaty-kg/ontology/chairedBy"),
        ("<https://w3id.org/treaty-kg/id/x>", "https://w3id.org/treaty-kg/id/x"),
        ("https://w3id.org/treaty-kg/id/x", "https://w3id.org/treaty-kg/id/x"),
        ("a", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
    ],
)
def test_terms_in_every_spelling(text: str, expected: str) -> None:
    from treaty_kg.rdf.namespaces import bind_prefixes
    from treaty_kg.reasoning.explain import parse_term

    graph = Graph()
    bind_prefixes(graph)
    assert str(parse_term(text, graph)) == expected


def test_literals_in_quotes(mini_explainer: Explainer) -> None:
    s, p, o = parse_triple("id:luong-cuong", "skos:prefLabel", '"Lương Cường"@vi', mini_explainer.kb.graph)
    assert o.language == "vi" and str(o) == "Lương Cường"
    _, _, o = parse_triple(
        "id:signing-ceremony-2025-10-25", "schema:startDate", '"2025-10-25"^^xsd:date', mini_explainer.kb.graph
    )
    assert o.datatype.endswith("#date")


@pytest.mark.parametrize("bad", ["nope:thing", '"unterminated', "_:b0", "<not an iri>", "https://x.org/a b", "<>", "word"])
def test_bad_terms_are_input_errors(mini_explainer: Explainer, bad: str) -> None:
    with pytest.raises(InputError):
        parse_triple(bad, "tkg:chairedBy", "id:x", mini_explainer.kb.graph)


@pytest.mark.parametrize("position", [0, 1, 2])
def test_a_term_not_in_the_graph_is_an_input_error(mini_explainer: Explainer, position: int) -> None:
    terms = ["id:signing-ceremony-2025-10-25", "tkg:chairedBy", "id:luong-cuong"]
    terms[position] = terms[position] + "-misspelt"
    with pytest.raises(InputError, match="not in the graph"):
        parse_triple(*terms, mini_explainer.kb.graph)
