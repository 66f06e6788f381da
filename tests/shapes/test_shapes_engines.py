"""The default engine (pyshacl-turbo) gives exactly the reference engine's (pyshacl's) report on
every shape fixture and on the project's graph: same results, values and messages.

Why: `validate` changed engines for speed (issue 13); the reports people and CI read must not
change with it. The W3C suite (tests/shacl_w3c) checks both engines against the SHACL spec; this
checks them against each other on the project's own shapes, where the SHACL-SPARQL constraints
and the messages are.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import BNode, Graph

from treaty_kg import paths
from treaty_kg.rdf.load import load_graph
from treaty_kg.validation.engines import DEFAULT_ENGINE
from treaty_kg.validation.shacl import Outcome, validate

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FILES = sorted(FIXTURES.glob("*/*.ttl"))


def _report(outcome: Outcome) -> list[tuple]:
    """The results as people read them; a blank node stands for any (labels are per engine)."""

    def term(node):
        return "_:" if isinstance(node, BNode) else node

    return sorted(
        (str(term(r.focus)), str(term(r.path)), str(r.value), r.severity, r.message, str(term(r.source_shape)), str(r.component))
        for r in outcome.results
    )


def test_the_default_engine_is_not_the_reference() -> None:
    assert DEFAULT_ENGINE != "pyshacl"


@pytest.mark.parametrize("data_file", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_same_report_on_each_fixture(
    data_file: Path,
    shapes: Graph,
    ontology: Graph,
    fixture_data: Callable[[Path], Graph],
    fixture_outcome: Callable[[Path], Outcome],
) -> None:
    default = fixture_outcome(data_file)  # the default engine's outcome, shared with test_shapes_fixtures
    reference = validate(fixture_data(data_file), shapes, ontology, engine="pyshacl")
    assert default.conforms == reference.conforms
    assert _report(default) == _report(reference)


def test_same_report_on_the_project_graph(shapes: Graph, ontology: Graph) -> None:
    data = load_graph(paths.turtle_files(paths.graph_dir()))
    default = validate(data, shapes, ontology)
    reference = validate(data, shapes, ontology, engine="pyshacl")
    assert _report(default) == _report(reference)
    assert len(default.results) == len(reference.results) > 0
