"""Contradictions stop reasoning, each named with the triples that clash."""

from __future__ import annotations

import pytest
from rdflib import Graph

from treaty_kg.reasoning import owlrl_closure, sparql_closure
from treaty_kg.reasoning.owlrl_closure import InconsistentError

PREFIXES = """@prefix : <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

CASES = {
    "cax-dw": (
        ":Person owl:disjointWith :Event . :Meeting rdfs:subClassOf :Event .",
        ":x a :Person, :Meeting .",
        "Disjoint classes <http://example.org/Person> and <http://example.org/Event> have a common individual <http://example.org/x>",
    ),
    "cax-adc": (
        "[] a owl:AllDisjointClasses ; owl:members ( :A :B :C ) .",
        ":x a :B, :C .",
        "Disjoint classes <http://example.org/B> and <http://example.org/C> (owl:AllDisjointClasses)",
    ),
    "prp-pdw": (
        ":chair owl:propertyDisjointWith :attendee .",
        ":m :chair :x ; :attendee :x .",
        "Disjoint properties <http://example.org/chair> and <http://example.org/attendee> both link <http://example.org/m> to <http://example.org/x>",
    ),
    "prp-adp": (
        "[] a owl:AllDisjointProperties ; owl:members ( :p :q :r ) .",
        ":a :q :b ; :r :b .",
        "Disjoint properties <http://example.org/q> and <http://example.org/r>",
    ),
    "eq-diff1": (
        ":hasBoss a owl:FunctionalProperty .",
        ":e :hasBoss :b1, :b2 . :b1 owl:differentFrom :b2 .",
        "owl:sameAs and owl:differentFrom on the same pair",
    ),
    "eq-diff2": (
        "",
        "[] a owl:AllDifferent ; owl:members ( :a :b :c ) . :b owl:sameAs :c .",
        "owl:sameAs and owl:AllDifferent on the same pair: <http://example.org/b> and <http://example.org/c>",
    ),
    "cls-nothing2": (
        ":Impossible rdfs:subClassOf owl:Nothing .",
        ":x a :Impossible .",
        "<http://example.org/x> is a member of owl:Nothing",
    ),
    "prp-asyp": (
        ":precedes a owl:AsymmetricProperty .",
        ":a :precedes :b . :b :precedes :a .",
        "Asymmetric property <http://example.org/precedes> used both ways",
    ),
    "prp-irp": (
        ":partOf a owl:IrreflexiveProperty .",
        ":a :partOf :a .",
        "Irreflexive property <http://example.org/partOf> used on <http://example.org/a>",
    ),
    "dt-not-type": (
        "",
        ':f :value "many"^^xsd:integer .',
        'Lexical value of the literal "many" of <http://example.org/f> <http://example.org/value> does not match',
    ),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_contradiction_is_named(rule: str) -> None:
    axioms, facts, message = CASES[rule]
    ontology = Graph().parse(data=PREFIXES + axioms, format="turtle")
    data = Graph().parse(data=PREFIXES + facts, format="turtle")
    with pytest.raises(InconsistentError) as caught:
        sparql_closure.closure(ontology, data)
    found = [m for m in caught.value.messages if m.startswith(f"[{rule}]")]
    assert any(message in m for m in found), caught.value.messages


def test_consistent_data_passes() -> None:
    ontology = Graph().parse(data=PREFIXES + ":Person owl:disjointWith :Event .", format="turtle")
    data = Graph().parse(data=PREFIXES + ':x a :Person . :y a :Event . :f :value "12"^^xsd:integer .', format="turtle")
    assert len(sparql_closure.closure(ontology, data).inferred) == 0


@pytest.mark.parametrize("rule", ["eq-diff2", "prp-adp"])
def test_owlrl_misses_the_last_member_of_a_list(rule: str) -> None:
    """owlrl 7.6.2 stops one member short in owl:AllDifferent and owl:AllDisjointProperties
    (`range(i + 1, len(list) - 1)`): a clash involving the last member goes unreported. The rules
    report it (test_contradiction_is_named); this records the oracle's bug (docs/reasoning.md)."""
    axioms, facts, _ = CASES[rule]
    ontology = Graph().parse(data=PREFIXES + axioms, format="turtle")
    data = Graph().parse(data=PREFIXES + facts, format="turtle")
    owlrl_closure.closure(ontology, data)  # no InconsistentError: the bug; if this raises, owlrl fixed it
