"""The inferred graph: owlrl's consequences that say something, none of its noise."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from treaty_kg.rdf.load import load_graph
from treaty_kg.rdf.namespaces import ID, SCHEMA, SEM, TKG
from treaty_kg.reasoning.owlrl_closure import InconsistentError, closure, materialise

WIKIDATA = URIRef("http://www.wikidata.org/entity/Q10800000")


def test_keeps_the_consequences_users_query(mini_closure) -> None:
    inferred = mini_closure.inferred
    assert (ID["signing-ceremony-2025-10-25"], TKG.chairedBy, ID["luong-cuong"]) in inferred
    assert (ID["luong-cuong"], TKG.participatedIn, ID["signing-ceremony-2025-10-25"]) in inferred
    assert (ID["signing-session-2025"], TKG.partOf, ID["opening-for-signature-2025"]) in inferred
    assert (ID["signing-ceremony-2025-10-25"], RDF.type, SCHEMA.Event) in inferred
    assert (ID["signing-ceremony-2025-10-25"], RDF.type, SEM.Event) in inferred
    assert (TKG.SigningCeremony, RDFS.subClassOf, SCHEMA.Event) in inferred


def test_holds_nothing_already_stated(mini_closure, mini_ontology: Graph, mini_asserted: Graph) -> None:
    for triple in mini_closure.inferred:
        assert triple not in mini_asserted and triple not in mini_ontology, triple


def test_drops_owlrl_noise(mini_closure, mini_ontology: Graph) -> None:
    anonymous = {t for triple in mini_ontology for t in triple if isinstance(t, BNode)}
    for s, p, o in mini_closure.inferred:
        assert not isinstance(s, Literal)
        assert not (p in (OWL.sameAs, RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf) and s == o)
        assert o not in (OWL.Thing, RDFS.Resource)
        assert not str(s).startswith((str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#"))
        assert s not in anonymous and o not in anonymous
    # owlrl did produce each kind of noise, so the counts prove the cleaning ran
    for reason in ("literal-subject", "reflexive", "thing-typing", "standard-vocabulary", "anonymous-class"):
        assert mini_closure.dropped[reason] > 0, reason


def test_links_to_other_datasets_are_not_merged(mini_closure) -> None:
    """owl:sameAs to Wikidata must not copy every fact onto the Wikidata IRI (two answers per query)."""
    assert not any(WIKIDATA in triple for triple in mini_closure.inferred)
    assert (ID["signing-ceremony-2025-10-25"], TKG.chairedBy, ID["luong-cuong"]) in mini_closure.inferred


def test_materialise_returns_the_cleaned_graph(mini_ontology: Graph, mini_asserted: Graph, mini_closure) -> None:
    assert set(materialise(mini_ontology, mini_asserted)) == set(mini_closure.inferred)


def test_contradiction_is_reported(tmp_path, mini_ontology: Graph) -> None:
    (tmp_path / "bad.ttl").write_text(
        "@prefix tkg: <https://w3id.org/treaty-kg/ontology/> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "tkg:Event owl:disjointWith tkg:Person .\n"
        "<https://w3id.org/treaty-kg/id/x> a tkg:Person ; tkg:partOf <https://w3id.org/treaty-kg/id/y> .\n",
        encoding="utf-8",
    )
    with pytest.raises(InconsistentError) as caught:
        closure(mini_ontology, load_graph([tmp_path / "bad.ttl"]))
    assert any("Disjoint" in m for m in caught.value.messages)
