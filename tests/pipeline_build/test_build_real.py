"""The inferences users rely on, on the project's real ontology and graph (one build per session)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from treaty_kg import paths
from treaty_kg.build import BuildResult
from treaty_kg.ontology.modules import load_ontology
from treaty_kg.rdf.load import load_dataset, load_graph
from treaty_kg.rdf.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, ID, PROV, SCHEMA, SEM, TKG
from treaty_kg.reasoning.explain import Explainer
from treaty_kg.reasoning.owlrl_closure import closure

OPENING = ID["opening-for-signature-2025"]
SIGNING = ID["signing-ceremony-2025-10-25"]
LUONG_CUONG = ID["luong-cuong"]


@dataclass
class Real:
    result: BuildResult
    ontology: Graph
    asserted: Graph
    inferred: Graph

    @cached_property
    def everything(self) -> Graph:
        """The three graphs' union, made once (the tests read it inside loops)."""
        union = Graph()
        for graph in (self.ontology, self.asserted, self.inferred):
            for triple in graph:
                union.add(triple)
        return union


@pytest.fixture(scope="session")
def real(project_build: BuildResult) -> Real:
    """`treaty-kg build` of the checkout (the session's shared build); if validation stops it, the closure
    alone (so these tests still say what reasoning gives, while test_the_real_graph_builds fails with the report)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(paths.ROOT_ENV, str(Path(__file__).resolve().parents[2]))
        result, out = project_build, project_build.out
        if result.ok:
            dataset = load_dataset(out / "dataset.nq")
            graphs = [dataset.graph(name) for name in (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED)]
            return Real(result, *graphs)
        ontology, asserted = load_ontology(), load_graph(paths.turtle_files(paths.graph_dir()))
        return Real(result, ontology, asserted, closure(ontology, asserted).inferred)


@pytest.fixture(scope="session")
def real_explainer(real: Real) -> Explainer:
    return Explainer(real.ontology, real.asserted, real.inferred)


def test_the_real_graph_builds(real: Real) -> None:
    assert real.result.ok, "treaty-kg build stopped:\n" + real.result.report[-3000:]


def test_pyoxigraph_loads_the_real_dataset(real: Real) -> None:
    if not real.result.ok:
        pytest.skip("no dataset: the build stopped (see test_the_real_graph_builds)")
    store = pyoxigraph.Store()
    store.bulk_load(path=str(real.result.out / "dataset.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    assert len(store) == sum(real.result.stats["triples"].values())


def test_short_links_from_property_chains(real: Real) -> None:
    """The participation node gives `chairedBy` and `participatedIn` (CQ02: who chaired the signing ceremony)."""
    assert (SIGNING, TKG.chairedBy, LUONG_CUONG) in real.inferred
    assert (LUONG_CUONG, TKG.participatedIn, SIGNING) in real.inferred
    facts = real.asserted
    for fact, event in facts.subject_objects(TKG.inEvent):
        for agent in facts.objects(fact, TKG.chair):
            assert (event, TKG.chairedBy, agent) in real.inferred, (event, agent)
        for agent in real.everything.objects(fact, TKG.participant):
            assert (agent, TKG.participatedIn, event) in real.everything, (agent, event)


def test_holds_and_held_by_from_post_holdings(real: Real) -> None:
    everything = real.everything
    holdings = list(real.asserted.subjects(RDF.type, TKG.PostHolding))
    assert holdings
    for holding in holdings:
        for person in real.asserted.objects(holding, TKG.holder):
            for post in real.asserted.objects(holding, TKG.post):
                assert (person, TKG.holds, post) in everything, (person, post)
                assert (post, TKG.heldBy, person) in everything, (post, person)
    assert (LUONG_CUONG, TKG.holds, ID["president-of-vietnam"]) in real.inferred


def test_everyone_who_took_part_in_any_sub_event_of_the_opening(real: Real) -> None:
    """One hop on the closure gives what a walk of the asserted partOf links gives."""
    asserted = real.asserted
    events, frontier = set(), {OPENING}
    while frontier:  # every event asserted to be part of the opening, at any depth
        frontier = {e for parent in frontier for e in asserted.subjects(TKG.partOf, parent)} - events
        events |= frontier
    assert events
    expected = set()
    for fact, event in asserted.subject_objects(TKG.inEvent):
        if event in events:
            expected |= set(real.everything.objects(fact, TKG.participant))
    rows = real.everything.query(
        "SELECT DISTINCT ?agent WHERE { ?event tkg:partOf id:opening-for-signature-2025 . ?event tkg:hasParticipant ?agent }",
        initNs={"tkg": TKG, "id": ID},
    )
    assert {row.agent for row in rows} == expected
    assert LUONG_CUONG in expected
    for event in events:
        assert (event, TKG.partOf, OPENING) in real.everything


def test_class_hierarchy_into_the_aligned_vocabularies(real: Real) -> None:
    for cls in (SCHEMA.Event, SEM.Event, PROV.Activity, TKG.Event):
        assert (SIGNING, RDF.type, cls) in real.inferred, cls
    assert (LUONG_CUONG, RDF.type, SCHEMA.Person) in real.everything
    assert (TKG.SigningCeremony, RDFS.subClassOf, SCHEMA.Event) in real.everything


def test_sub_properties_of_roles(real: Real) -> None:
    """firstSignatory ⊑ signatory ⊑ participant: a first signatory is found as a signatory and a participant."""
    everything = real.everything
    assert (TKG.firstSignatory, RDFS.subPropertyOf, TKG.participant) in everything
    role_properties = set(everything.subjects(RDFS.subPropertyOf, TKG.participant)) - {TKG.participant}
    checked = 0
    for prop in role_properties:
        for fact, agent in real.asserted.subject_objects(prop):
            assert (fact, TKG.participant, agent) in everything, (fact, prop, agent)
            checked += 1
    assert checked > 0
    for fact, agent in real.asserted.subject_objects(TKG.firstSignatory):
        assert (fact, TKG.signatory, agent) in real.inferred


def test_role_concept_from_the_role_property(real: Real) -> None:
    """A role-specific property's domain is `[ owl:onProperty tkg:role ; owl:hasValue role:… ]`: the role follows."""
    everything = real.everything
    checked = 0
    for role_class, restriction in everything.subject_objects(OWL.equivalentClass):
        if (restriction, OWL.onProperty, TKG.role) not in everything:
            continue
        role = everything.value(restriction, OWL.hasValue)
        for prop in everything.subjects(RDFS.domain, role_class):
            for fact in real.asserted.subjects(prop, None):
                assert (fact, TKG.role, role) in everything, (fact, prop, role)
                checked += 1
    assert checked > 0


def test_inferred_graph_is_clean(real: Real) -> None:
    for s, p, o in real.inferred:
        assert not isinstance(s, Literal)
        assert not (p == OWL.sameAs and s == o)
        assert o != OWL.Thing
        assert (s, p, o) not in real.asserted


def test_every_inferred_triple_is_explained_down_to_asserted_facts(real: Real, real_explainer: Explainer) -> None:
    rules = set()

    def walk(d) -> None:
        if d.rule:
            rules.add(d.rule)
        else:
            assert d.source in ("asserted", "ontology")
        for premise in d.premises:
            walk(premise)

    for triple in real.inferred:
        answer = real_explainer.explain(triple)
        assert answer.status == "inferred", triple
        walk(answer.derivation)
    # the rule families the ontology relies on all show up
    assert {"prp-spo2", "prp-spo1", "cax-sco", "prp-dom", "prp-rng", "scm-sco", "scm-spo", "cls-hv1"} <= rules
    assert rules & {"prp-inv1", "prp-inv2"}


def test_explains_who_chaired_the_signing_ceremony(real_explainer: Explainer) -> None:
    answer = real_explainer.explain((SIGNING, TKG.chairedBy, LUONG_CUONG))
    assert answer.status == "inferred" and answer.derivation.rule == "prp-spo2"
    premises = answer.derivation.premises
    assert premises[0].triple[1] == OWL.propertyChainAxiom and premises[0].source == "ontology"
    assert any(p.source == "asserted" and p.triple[1] == TKG.chair for p in premises)
