"""`treaty_kg.validation.shacl.validate` as the build and scripts call it, on the synthetic graph."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from treaty_kg.rdf.namespaces import OA, TKG
from treaty_kg.validation.shacl import Severity, validate


@pytest.fixture(scope="module")
def synthetic(root: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_synthetic", root / "bench" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_synthetic_graph_conforms_and_is_deterministic(synthetic: ModuleType, shapes: Graph, ontology: Graph, isomorphic) -> None:
    data = synthetic.generate(1500, seed=3)
    assert 1400 <= len(data) <= 1600
    assert isomorphic(data, synthetic.generate(1500, seed=3))
    for kind in (TKG.Participation, TKG.PostHolding, TKG.StatedFigure, TKG.Mention):
        assert next(data.subjects(RDF.type, kind), None) is not None, kind
    outcome = validate(data, shapes, ontology)
    assert [(str(r.focus), r.message) for r in outcome.results] == []
    assert outcome.conforms and not outcome.fails("info")


def test_a_shifted_offset_is_caught_at_its_mention(synthetic: ModuleType, shapes: Graph, ontology: Graph) -> None:
    data = synthetic.generate(800)
    mention = sorted(data.subjects(RDF.type, TKG.Mention))[5]
    position = next(s for s in data.objects(mention, OA.hasSelector) if data.value(s, OA.start) is not None)
    start = data.value(position, OA.start).toPython()
    data.set((position, OA.start, Literal(start + 1)))
    data.set((position, OA.end, Literal(data.value(position, OA.end).toPython() + 1)))
    outcome = validate(data, shapes, ontology)
    assert [(r.focus, r.severity) for r in outcome.results] == [(mention, Severity.VIOLATION)]
    assert outcome.results[0].message.startswith(
        f"The mention's offsets do not select its quote: the source's text at [{start + 1}, "
    )
    assert outcome.fails("violation")


def test_data_graph_is_left_as_it_was(synthetic: ModuleType, shapes: Graph, ontology: Graph) -> None:
    data = synthetic.generate(300)
    before = len(data)
    validate(data, shapes, ontology, inference="rdfs")
    assert len(data) == before


def test_fails_compares_severities(tmp_path: Path, shapes: Graph, ontology: Graph) -> None:
    data = Graph().parse(
        data="@prefix tkg: <https://w3id.org/treaty-kg/ontology/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> ."
        ' <https://w3id.org/treaty-kg/id/x> a tkg:Person ; skos:prefLabel "X"@en, "X"@fr .',
        format="turtle",
    )
    outcome = validate(data, shapes, ontology)
    assert {r.severity for r in outcome.results} == {Severity.WARNING, Severity.INFO}
    assert not outcome.conforms
    assert (outcome.fails("violation"), outcome.fails("warning"), outcome.fails(Severity.INFO)) == (False, True, True)


def test_unknown_inference_is_refused(shapes: Graph) -> None:
    with pytest.raises(ValueError, match="inference"):
        validate(Graph(), shapes, inference="owl-dl")
