"""Each OWL 2 RL rule family on a tiny ontology: the rules infer what the profile says, and the
same as owlrl (the oracle), except where owlrl has a known bug (single-property owl:hasKey)."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from treaty_kg.reasoning import owlrl_closure, sparql_closure
from treaty_kg.reasoning.compare import difference, lines

EX = "http://example.org/"
PREFIXES = f"""@prefix : <{EX}> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

ONTOLOGY = (
    PREFIXES
    + """
:A a owl:Class . :B a owl:Class . :C a owl:Class . :AB a owl:Class . :AorB a owl:Class .
:Named a owl:Class . :HasDate a owl:Class . :Target a owl:Class .
:p a owl:ObjectProperty . :q a owl:ObjectProperty . :r a owl:ObjectProperty . :s a owl:ObjectProperty .
:grandparentOf a owl:ObjectProperty ; owl:propertyChainAxiom ( :p :q :r ) .
:coWorker a owl:ObjectProperty ; owl:propertyChainAxiom ( :worksFor [ owl:inverseOf :worksFor ] ) .
:worksFor a owl:ObjectProperty .
:AB owl:intersectionOf ( :A :B ) .
:AorB owl:unionOf ( :A :B ) .
:knows a owl:ObjectProperty, owl:SymmetricProperty .
:ancestor a owl:ObjectProperty, owl:TransitiveProperty .
:same1 owl:equivalentProperty :same2 .
:Named owl:equivalentClass [ a owl:Restriction ; owl:onProperty :s ; owl:someValuesFrom :C ] .
:HasDate owl:equivalentClass [ a owl:Restriction ; owl:onProperty :date ; owl:someValuesFrom xsd:date ] .
:date a owl:DatatypeProperty .
:C rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :pointsTo ; owl:allValuesFrom :Target ] .
:pointsTo a owl:ObjectProperty .
:hasBoss a owl:ObjectProperty, owl:FunctionalProperty .
"""
)

DATA = (
    PREFIXES
    + """
:a1 :p :a2 . :a2 :q :a3 . :a3 :r :a4 .
:w1 :worksFor :acme . :w2 :worksFor :acme .
:x a :A, :B . :y a :AB . :z a :A .
:k1 :knows :k2 .
:n1 :ancestor :n2 . :n2 :ancestor :n3 . :n3 :ancestor :n4 .
:e1 :same1 :e2 .
:v1 :s :v2 . :v2 a :C . :v2 :pointsTo :t1 .
:d1 :date "2025-10-25"^^xsd:date .
:emp :hasBoss :boss1 , :boss2 . :boss1 :label2 :l1 .
"""
)


def graph(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def ex(name: str) -> URIRef:
    return URIRef(EX + name)


def test_each_rule_family_as_the_profile_says_and_as_owlrl() -> None:
    ontology, data = graph(ONTOLOGY), graph(DATA)
    rules = sparql_closure.closure(ontology, data).inferred
    expected = [
        (ex("a1"), ex("grandparentOf"), ex("a4")),  # prp-spo2, a chain of three
        (ex("w1"), ex("coWorker"), ex("w2")),  # prp-spo2 through an inverse property (a blank node)
        (ex("w1"), ex("coWorker"), ex("w1")),
        (ex("x"), RDF.type, ex("AB")),  # cls-int1
        (ex("y"), RDF.type, ex("A")),  # cls-int2
        (ex("z"), RDF.type, ex("AorB")),  # cls-uni
        (ex("k2"), ex("knows"), ex("k1")),  # prp-symp
        (ex("n1"), ex("ancestor"), ex("n4")),  # prp-trp, three steps
        (ex("e1"), ex("same2"), ex("e2")),  # prp-eqp1
        (ex("v1"), RDF.type, ex("Named")),  # cls-svf1 then cax-eqc
        (ex("d1"), RDF.type, ex("HasDate")),  # cls-svf1 with a datatype filler
        (ex("t1"), RDF.type, ex("Target")),  # cls-avf
        (ex("boss1"), OWL.sameAs, ex("boss2")),  # prp-fp
        (ex("boss2"), ex("label2"), ex("l1")),  # eq-rep-s
    ]
    for triple in expected:
        assert triple in rules, triple
    owlrl = owlrl_closure.closure(ontology, data).inferred
    d = difference(lines(owlrl), lines(rules))
    assert d.equal, (d.only_left, d.only_right)


def test_single_property_key_merges_only_equal_keys_unlike_owlrl() -> None:
    """owlrl 7.6.2 compares n-1 of a key's n properties, so with one property every instance of the
    class becomes the same as every other (design decision 5). The rules follow OWL 2 RL (prp-key)."""
    ontology = graph(PREFIXES + ":Figure a owl:Class ; owl:hasKey ( :code ) . :code a owl:DatatypeProperty .")
    data = graph(PREFIXES + ':f1 a :Figure ; :code "1" . :f2 a :Figure ; :code "2" . :f3 a :Figure ; :code "1" .')
    rules = sparql_closure.closure(ontology, data).inferred
    assert (ex("f1"), OWL.sameAs, ex("f3")) in rules
    assert (ex("f1"), OWL.sameAs, ex("f2")) not in rules
    owlrl = owlrl_closure.closure(ontology, data).inferred
    assert (ex("f1"), OWL.sameAs, ex("f2")) in owlrl  # the known bug; if this fails, owlrl fixed it
