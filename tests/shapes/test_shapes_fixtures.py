"""Each shape against its two fixtures (W3C SHACL test-suite style, expectations in manifest.ttl).

conforms.ttl must give no result for the shape it is named after; fails.ttl must give exactly
the results its manifest entry lists (focus node, path, constraint component, severity).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH

from treaty_kg.validation.shacl import Outcome, Result, Severity

SHAPES_NS = "https://w3id.org/treaty-kg/shapes/"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _key(focus, path, component, severity) -> tuple:
    """Comparable form of a result: blank nodes (focus or complex path) stand for any blank node."""
    return (
        "_:blank" if isinstance(focus, BNode) else str(focus),
        "_:complex" if isinstance(path, BNode) else (str(path) if path is not None else None),
        str(component),
        str(severity),
    )


def _actual(result: Result) -> tuple:
    severity = {Severity.VIOLATION: SH.Violation, Severity.WARNING: SH.Warning, Severity.INFO: SH.Info}[result.severity]
    return _key(result.focus, result.path, result.component, severity)


def _expected(manifest: Graph, data_file: Path) -> Counter:
    entry = next(manifest.subjects(URIRef(SHT + "dataGraph"), URIRef(data_file.resolve().as_uri())))
    test = next(manifest.subjects(URIRef(MF + "action"), entry))
    report = manifest.value(test, URIRef(MF + "result"))
    return Counter(
        _key(
            manifest.value(r, SH.focusNode),
            manifest.value(r, SH.resultPath),
            manifest.value(r, SH.sourceConstraintComponent),
            manifest.value(r, SH.resultSeverity),
        )
        for r in manifest.objects(report, SH.result)
    )


def _targeted_shapes(shapes: Graph) -> list[str]:
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    names = {str(s)[len(SHAPES_NS) :] for t in targets for s in shapes.subjects(t, None) if str(s).startswith(SHAPES_NS)}
    return sorted(names)


FOLDERS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def manifest() -> Graph:
    return Graph().parse(FIXTURES / "manifest.ttl", publicID=(FIXTURES / "manifest.ttl").resolve().as_uri())


def _results(folder: str, kind: str, outcome: Callable[[Path], Outcome]) -> list[Result]:
    return [r for r in outcome(FIXTURES / folder / f"{kind}.ttl").results if r.shape == URIRef(SHAPES_NS + folder)]


def test_every_targeted_shape_has_both_fixtures(shapes: Graph) -> None:
    missing = [
        n for n in _targeted_shapes(shapes) if not all((FIXTURES / n / f).is_file() for f in ("conforms.ttl", "fails.ttl"))
    ]
    assert missing == []
    assert set(FOLDERS) <= set(_targeted_shapes(shapes)), "a fixture folder names no shape"


@pytest.mark.parametrize("folder", FOLDERS)
def test_conforming_fixture_gives_no_result(folder: str, fixture_outcome: Callable[[Path], Outcome]) -> None:
    assert [(_actual(r), r.message) for r in _results(folder, "conforms", fixture_outcome)] == []


@pytest.mark.parametrize("folder", FOLDERS)
def test_failing_fixture_gives_the_expected_results(
    folder: str, fixture_outcome: Callable[[Path], Outcome], manifest: Graph
) -> None:
    expected = _expected(manifest, FIXTURES / folder / "fails.ttl")
    assert expected, "the manifest lists no expected result"
    results = _results(folder, "fails", fixture_outcome)
    assert Counter(_actual(r) for r in results) == expected
    assert all(r.message and not r.message.startswith("Value does not") for r in results), (
        "every result carries the shape's own message"
    )
