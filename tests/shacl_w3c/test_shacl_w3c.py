"""The W3C SHACL test suite (Core and SHACL-SPARQL, 120 `sht:Validate` tests) run through
`treaty-kg validate` as a user runs it: the test's data file and shapes file, no project ontology
mixed in, a JSON report.

Why through the command: teams run `treaty-kg validate --shapes THEIR_SHAPES` in CI, so the
conformance that counts is the command's (loading, engine, report), whichever engine sits below.
The tests call the CLI's `main()` in-process (the code path of the console script, without 120
interpreter start-ups); two tests run the real console command in a subprocess.

The suite (`suite/`, a copy of the W3C folder with its licence) is read from its manifests, which
include each other. A result matches an expected one when focus node, path, value, severity,
source shape and constraint component are equal; a blank node of the expected report stands for
"some blank node" (its label is the suite's, not the engine's), a blank-node path is compared by
its structure. A test the suite expects to fail (`sht:Failure`) must end with exit 2 and a one-line
reason, never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from treaty_kg.cli import main
from treaty_kg.rdf.load import literals_as_written
from treaty_kg.validation.engines import DEFAULT_ENGINE, ENGINES
from treaty_kg.validation.reports import path_text

SUITE = Path(__file__).resolve().parent / "suite"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
EXPECTED_TESTS = 120


@dataclass(frozen=True)
class Expected:
    """One expected validation result, as the suite writes it."""

    focus: Node
    path: str | None  # IRI, or path_text of a blank-node path
    value: Node | None
    severity: Node
    source_shape: Node
    component: Node


@dataclass(frozen=True)
class W3CTest:
    name: str  # path of the test file in the suite, and the test's local name
    data: Path
    shapes: Path
    failure: bool  # the suite expects the processor to refuse (sht:Failure)
    conforms: bool | None
    results: tuple[Expected, ...]


def _file(node: Node) -> Path:
    return Path(str(node).removeprefix("file://"))


def _expected(manifest: Graph, report: Node) -> tuple[bool, tuple[Expected, ...]]:
    conforms = manifest.value(report, SH.conforms)
    results = []
    for r in manifest.objects(report, SH.result):
        path = manifest.value(r, SH.resultPath)
        results.append(
            Expected(
                focus=manifest.value(r, SH.focusNode),
                path=None if path is None else path_text(path, manifest) if isinstance(path, BNode) else str(path),
                value=manifest.value(r, SH.value),
                severity=manifest.value(r, SH.resultSeverity),
                source_shape=manifest.value(r, SH.sourceShape),
                component=manifest.value(r, SH.sourceConstraintComponent),
            )
        )
    return bool(conforms.toPython()), tuple(results)


def read_manifest(path: Path, seen: set[Path] | None = None) -> list[W3CTest]:
    """Every sht:Validate test reached from the manifest at `path`, following mf:include."""
    seen = set() if seen is None else seen
    if path in seen:
        return []
    seen.add(path)
    with literals_as_written():  # as `validate` reads the data: "none"^^xsd:boolean stays "none"
        manifest = Graph().parse(path, format="turtle", publicID=path.as_uri())
    tests: list[W3CTest] = []
    for _, included in sorted(manifest.subject_objects(MF.include)):
        tests += read_manifest(_file(included), seen)
    for entries in manifest.objects(None, MF.entries):
        for entry in Collection(manifest, entries):
            if (entry, RDF.type, SHT.Validate) not in manifest:
                continue
            action = manifest.value(entry, MF.action)
            result = manifest.value(entry, MF.result)
            failure = result == SHT.Failure
            conforms, results = (None, ()) if failure else _expected(manifest, result)
            tests.append(
                W3CTest(
                    name=f"{path.relative_to(SUITE).parent}/{str(entry).rsplit('/', 1)[-1]}",
                    data=_file(manifest.value(action, SHT.dataGraph)),
                    shapes=_file(manifest.value(action, SHT.shapesGraph)),
                    failure=failure,
                    conforms=conforms,
                    results=results,
                )
            )
    return tests


TESTS = read_manifest(SUITE / "manifest.ttl")


def _node(item: Any) -> Node | None:
    """A node of the JSON report back as an rdflib term."""
    if item is None:
        return None
    if isinstance(item, dict):
        return Literal(item["value"], lang=item.get("language"), datatype=item.get("datatype"), normalize=False)
    return BNode(item[2:]) if item.startswith("_:") else URIRef(item)


def _same(expected: Node | str | None, actual: Node | str | None) -> bool:
    if isinstance(expected, BNode):
        return isinstance(actual, BNode)
    return expected == actual


def _matches(expected: Expected, actual: dict) -> bool:
    return (
        _same(expected.focus, _node(actual["focusNode"]))
        and expected.path == actual["path"]
        and _same(expected.value, _node(actual["value"]))
        and str(expected.severity) == actual["resultSeverity"]
        and _same(expected.source_shape, _node(actual["sourceShape"]))
        and _same(expected.component, _node(actual["constraintComponent"]))
    )


def _assign(expected: list[Expected], actual: list[dict]) -> bool:
    """True when each expected result matches a different actual one (blank nodes are wildcards,
    so a greedy pairing could fail where a pairing exists: search with backtracking)."""
    if not expected:
        return True
    first, rest = expected[0], expected[1:]
    return any(_matches(first, a) and _assign(rest, actual[:i] + actual[i + 1 :]) for i, a in enumerate(actual))


def _argv(test: W3CTest, engine: str = DEFAULT_ENGINE) -> list[str]:
    return [
        "validate",
        str(test.data),
        "--shapes",
        str(test.shapes),
        "--no-ontology",
        "--format",
        "json",
        "--fail-on",
        "info",
        "--engine",
        engine,
    ]


def test_the_manifests_hold_the_whole_suite() -> None:
    assert len(TESTS) == EXPECTED_TESTS
    assert len({t.name for t in TESTS}) == EXPECTED_TESTS
    assert sum(t.failure for t in TESTS) == 7


# What the reference engine cannot do, written down with its reproduction in docs/decisions.md.
# Strict: the day pyshacl does it, the test says so.
REFERENCE_GAPS = {
    ("sparql/pre-binding/shapesGraph-001", "pyshacl"): "pyshacl 0.40.1 does not pre-bind $shapesGraph",
}


def _cases() -> list:
    cases = []
    for test in TESTS:
        for engine in sorted(ENGINES):
            gap = REFERENCE_GAPS.get((test.name, engine))
            marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
            cases.append(pytest.param(test, engine, id=f"{test.name}-{engine}", marks=marks))
    return cases


def test_the_default_engine_has_no_known_gap() -> None:
    assert all(engine != DEFAULT_ENGINE for _, engine in REFERENCE_GAPS)


@pytest.mark.parametrize(("test", "engine"), _cases())
def test_w3c_shacl(test: W3CTest, engine: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(_argv(test, engine))
    out, err = capsys.readouterr()
    if test.failure:
        assert code == 2, f"the suite expects a failure; exit {code}\n{out}{err}"
        assert out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("treaty-kg: error: "), err
        return
    assert code in (0, 1), err
    report = json.loads(out)
    assert report["conforms"] is test.conforms
    assert code == (0 if test.conforms else 1)
    actual = report["results"]
    assert len(actual) == len(test.results), json.dumps(actual, indent=1)
    assert _assign(list(test.results), actual), json.dumps(actual, indent=1)


def _console(test: W3CTest) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).with_name("treaty-kg")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([str(command), *_argv(test)], capture_output=True, text=True, env=env, timeout=120, check=False)


def test_console_command_gives_a_w3c_report() -> None:
    """The installed console script, in its own process, on a test with blank-node results."""
    test = next(t for t in TESTS if t.name == "core/path/path-alternative-001")
    done = _console(test)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["conforms"] is False
    assert _assign(list(test.results), report["results"]) and len(report["results"]) == len(test.results)


def test_console_command_refuses_unsupported_sparql_in_one_line() -> None:
    test = next(t for t in TESTS if t.name == "sparql/pre-binding/unsupported-sparql-001")
    done = _console(test)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("treaty-kg: error: ")
