"""The default engine (pyshacl-turbo) gives exactly the reference engine's (pyshacl's) report on
every shape fixture and on the project's graph: same results, values and messages.

Why: `validate` changed engines for speed (issue 13); the reports people and CI read must not
change with it. The W3C suite (tests/shacl_w3c) checks both engines against the SHACL spec; this
checks them against each other on the project's own shapes, where the SHACL-SPARQL constraints
and the messages are.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import BNode, Graph

from treaty_kg import paths
from treaty_kg.rdf.load import load_graph
from treaty_kg.validation.engines import DEFAULT_ENGINE
from treaty_kg.validation.shacl import Outcome, validate

from . import pyshacl_reference as reference

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


@pytest.fixture(scope="module")
def stored_reports() -> dict[str, dict]:
    return reference.read()


@pytest.mark.parametrize("data_file", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_same_report_on_each_fixture(
    data_file: Path,
    shapes: Graph,
    ontology: Graph,
    fixture_data: Callable[[Path], Graph],
    fixture_outcome: Callable[[Path], Outcome],
    stored_reports: dict[str, dict],
) -> None:
    """pyshacl's report is read from fixtures/pyshacl-reports.json when nothing it depends on
    changed since it was stored (pyshacl_reference.py), else computed here."""
    stored = stored_reports.get(reference.key(data_file), {})
    if stored.get("digest") == reference.digest(data_file):
        expected = {"conforms": stored["conforms"], "results": stored["results"]}
    else:
        warnings.warn(f"{reference.STORED.name} is stale for {reference.key(data_file)}: run {reference.COMMAND}", stacklevel=1)
        expected = reference.report(validate(fixture_data(data_file), shapes, ontology, engine="pyshacl"))
    assert reference.report(fixture_outcome(data_file)) == expected  # the default engine's, shared with test_shapes_fixtures


def test_same_report_on_the_project_graph(shapes: Graph, ontology: Graph) -> None:
    data = load_graph(paths.turtle_files(paths.graph_dir()))
    default = validate(data, shapes, ontology)
    reference = validate(data, shapes, ontology, engine="pyshacl")
    assert _report(default) == _report(reference)
    assert len(default.results) == len(reference.results) > 0
