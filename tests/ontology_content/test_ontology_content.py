"""What the ontology's users rely on: its modules load, the reasoner derives the short links and
roles from data written the documented way, and every term the modelling guide names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from treaty_kg.reasoning import sparql_closure

TKG = Namespace("https://w3id.org/treaty-kg/ontology/")
ROLE = Namespace("https://w3id.org/treaty-kg/role/")
ID = Namespace("https://w3id.org/treaty-kg/id/")
FACT = Namespace("https://w3id.org/treaty-kg/fact/")
ONTOLOGY = URIRef("https://w3id.org/treaty-kg/ontology")
MODULE = "https://w3id.org/treaty-kg/module/"
ROLE_SCHEME = URIRef("https://w3id.org/treaty-kg/role")
TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def declared_terms(graph: Graph) -> set[URIRef]:
    return {s for kind in TERM_KINDS for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def test_every_module_parses_and_declares_its_own_ontology_iri(module_files: list[Path]) -> None:
    modules = [p for p in module_files if p.name != "treaty-kg.ttl"]
    assert modules, "no module files in ontology/"
    for path in modules:
        graph = Graph().parse(path, format="turtle")
        assert (URIRef(MODULE + path.stem), RDF.type, OWL.Ontology) in graph, path.name


def test_top_file_imports_exactly_the_module_files(root: Path, module_files: list[Path]) -> None:
    top = Graph().parse(root / "ontology" / "treaty-kg.ttl", format="turtle")
    imported = {str(o) for o in top.objects(ONTOLOGY, OWL.imports)}
    expected = {MODULE + p.stem for p in module_files if p.name != "treaty-kg.ttl"}
    assert imported == expected
    assert (ONTOLOGY, OWL.versionIRI, URIRef("https://w3id.org/treaty-kg/releases/0.2.0/ontology")) in top


def test_no_term_is_declared_with_two_kinds(ontology: Graph) -> None:
    kinds: dict[URIRef, set[URIRef]] = {}
    for kind in TERM_KINDS:
        for term in ontology.subjects(RDF.type, kind):
            kinds.setdefault(term, set()).add(kind)
    assert {t: k for t, k in kinds.items() if len(k) > 1} == {}


def test_external_terms_in_axioms_are_declared_in_alignment(ontology: Graph) -> None:
    declared = declared_terms(ontology)
    axioms = (
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        OWL.equivalentClass,
        OWL.equivalentProperty,
        OWL.inverseOf,
    )
    undeclared = {
        o
        for p in axioms
        for o in ontology.objects(None, p)
        if isinstance(o, URIRef) and not str(o).startswith(str(TKG)) and o not in declared and o != OWL.Thing
    }
    assert undeclared == set()


def test_every_tkg_term_used_is_declared(ontology: Graph) -> None:
    declared = declared_terms(ontology)
    used = {
        t
        for triple in ontology
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(str(TKG)) and not str(t).startswith(MODULE)
    }
    assert used - declared == set()


def test_every_term_the_modelling_guide_names_exists(root: Path, ontology: Graph) -> None:
    text = (root / "docs" / "modelling.md").read_text(encoding="utf-8")
    named = {
        m.group(1)
        for m in re.finditer(r"tkg:([A-Za-z]+)(?![A-Za-z])", text)
        if not re.match(r"`?-(style|like)", text[m.end() :])  # "`tkg:isParticipantIn`-style" is prose
    }
    declared = declared_terms(ontology)
    assert {n for n in named if TKG[n] not in declared} == set()
    concepts = {s for kind in (SKOS.Concept, SKOS.ConceptScheme) for s in ontology.subjects(RDF.type, kind)}
    guide_concepts = {
        URIRef(f"https://w3id.org/treaty-kg/{ns}/{name}")
        for ns, name in re.findall(r"\b(role|concept):([a-z][a-z-]*[a-z])", text)
    }
    assert guide_concepts - concepts == set()


def test_each_role_names_a_property_whose_domain_implies_that_role(ontology: Graph) -> None:
    roles = set(ontology.subjects(SKOS.inScheme, ROLE_SCHEME))
    assert len(roles) >= 16
    for role in roles:
        labels = {label.language for label in ontology.objects(role, SKOS.prefLabel)}
        assert {"en", "fr", "vi"} <= labels, role
        prop = ontology.value(role, TKG.agentProperty)
        assert prop is not None, role
        assert (prop, RDFS.subPropertyOf, TKG.participant) in ontology or any(
            (sup, RDFS.subPropertyOf, TKG.participant) in ontology for sup in ontology.objects(prop, RDFS.subPropertyOf)
        ), prop
        role_class = ontology.value(prop, RDFS.domain)
        restriction = ontology.value(role_class, OWL.equivalentClass)
        assert ontology.value(restriction, OWL.onProperty) == TKG.role, prop
        assert ontology.value(restriction, OWL.hasValue) == role, prop


def test_reasoning_makes_nothing_unsatisfiable(ontology_with_sample: Graph) -> None:
    """No class, and no individual of the sample, is made a member of owl:Nothing, and nothing
    else contradicts (disjointness, differentFrom against sameAs)."""
    members, contradictions = sparql_closure.unsatisfiable(ontology_with_sample)
    assert (members, contradictions) == ([], [])


def test_chair_property_yields_short_links_and_role(closure_with_sample: Graph) -> None:
    g = closure_with_sample
    participation = FACT["participation-chair"]
    assert (participation, TKG.role, ROLE.chair) in g
    assert (participation, TKG.participant, ID["luong-cuong"]) in g
    assert (ID["signing-ceremony"], TKG.chairedBy, ID["luong-cuong"]) in g
    assert (ID["signing-ceremony"], TKG.hasParticipant, ID["luong-cuong"]) in g
    assert (ID["luong-cuong"], TKG.participatedIn, ID["signing-ceremony"]) in g
    assert (ID["luong-cuong"], RDF.type, TKG.Agent) in g
    assert (ID["signing-ceremony"], RDF.type, TKG.Event) in g
    assert (ID["signing-ceremony"], TKG.hostedBy, ID["luong-cuong"]) not in g


def test_first_signatory_is_also_a_signatory(closure_with_sample: Graph) -> None:
    """A sub-role property implies its broader role too (documented in docs/modelling.md)."""
    g = closure_with_sample
    roles = set(g.objects(FACT["participation-first-signatory"], TKG.role))
    assert roles == {ROLE["first-signatory"], ROLE.signatory}
    assert (ID["signing-session"], TKG.firstSignedBy, ID.vietnam) in g
    assert (ID["signing-session"], TKG.signedBy, ID.vietnam) in g
    assert (ROLE["first-signatory"], SKOS.broader, ROLE.signatory) in g


def test_post_holding_yields_holds_and_held_by(closure_with_sample: Graph) -> None:
    g = closure_with_sample
    assert (ID["luong-cuong"], TKG.holds, ID["president-of-vietnam"]) in g
    assert (ID["president-of-vietnam"], TKG.heldBy, ID["luong-cuong"]) in g


@pytest.mark.parametrize(
    ("subject", "prop", "obj"),
    [
        ("signing-session", TKG.partOf, "opening-for-signature"),
        ("opening-for-signature", TKG.hasPart, "signing-session"),
        ("unodc", TKG.withinOrganization, "united-nations"),
    ],
)
def test_transitive_structure_is_inferred(closure_with_sample: Graph, subject: str, prop: URIRef, obj: str) -> None:
    assert (ID[subject], prop, ID[obj]) in closure_with_sample
