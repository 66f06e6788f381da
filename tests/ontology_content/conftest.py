"""Fixtures for the ontology's content tests: the modules parsed straight from ontology/*.ttl."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from treaty_kg.reasoning import sparql_closure

SAMPLE = """
@prefix tkg: <https://w3id.org/treaty-kg/ontology/> .
@prefix id: <https://w3id.org/treaty-kg/id/> .
@prefix fact: <https://w3id.org/treaty-kg/fact/> .
@prefix role: <https://w3id.org/treaty-kg/role/> .

fact:participation-chair a tkg:Participation ;
    tkg:inEvent id:signing-ceremony ;
    tkg:chair id:luong-cuong .
fact:participation-first-signatory a tkg:Participation ;
    tkg:inEvent id:signing-session ;
    tkg:firstSignatory id:vietnam .
fact:holding-president a tkg:PostHolding ;
    tkg:holder id:luong-cuong ;
    tkg:post id:president-of-vietnam .
id:signing-session tkg:partOf id:signing-ceremony .
id:signing-ceremony tkg:partOf id:opening-for-signature .
id:unodc tkg:subOrganizationOf id:un-secretariat .
id:un-secretariat tkg:subOrganizationOf id:united-nations .
"""


@pytest.fixture(scope="session")
def module_files(root: Path) -> list[Path]:
    return sorted((root / "ontology").glob("*.ttl"))


@pytest.fixture(scope="session")
def ontology(module_files: list[Path]) -> Graph:
    """The union of every module, as the reasoner sees it (imports resolved to the local files)."""
    graph = Graph()
    for path in module_files:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="session")
def ontology_with_sample(ontology: Graph) -> Graph:
    """The ontology plus a tiny sample of data written as the graph writes it."""
    graph = Graph()
    graph += ontology
    graph.parse(data=SAMPLE, format="turtle")
    return graph


@pytest.fixture(scope="session")
def closure_with_sample(ontology: Graph) -> Graph:
    """The sample, the ontology and their OWL 2 RL closure as `treaty-kg build` computes it (the
    rules engine, shown equal to owlrl's closure by tests/reasoning), computed once."""
    sample = Graph().parse(data=SAMPLE, format="turtle")
    graph = Graph()
    graph += ontology
    graph += sample
    graph += sparql_closure.closure(ontology, sample).inferred
    return graph
