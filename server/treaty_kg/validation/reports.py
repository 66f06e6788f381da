"""Writers for a validation outcome: text for people, Turtle and JSON for tools, JUnit XML and
SARIF 2.1.0 for CI dashboards and code scanning.

Every writer has the signature `(outcome, files=(), fail_on=Severity.VIOLATION) -> str`: `files`
are the data files (SARIF points at the line where the offending node is written as a subject),
`fail_on` is the severity from which a result counts as a failure (JUnit failures, summary).
"""

from __future__ import annotations

import json
import platform
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from treaty_kg import __version__
from treaty_kg.rdf.namespaces import PREFIXES, bind_prefixes, prefixed_name
from treaty_kg.validation.shacl import Outcome, Result, Severity

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_LEVEL = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
TOOL = "treaty-kg validate"
INFORMATION_URI = "https://w3id.org/treaty-kg"

# The project's prefixes, plus those of the shapes files that reports name.
_PREFIXES = {**PREFIXES, "sh": str(SH), "tkgsh": "https://w3id.org/treaty-kg/shapes/"}


def compact(node: Node | None) -> str:
    """A short readable form of a node: `id:luong-cuong`, `"2025"^^xsd:gYear`, `_:b0`."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return prefixed_name(str(node), _PREFIXES) or f"<{node}>"
    if isinstance(node, Literal):
        text = node if len(node) <= 80 else node[:77] + "..."
        lexical = json.dumps(str(text), ensure_ascii=False)
        if node.language:
            return f"{lexical}@{node.language}"
        if node.datatype:
            return f"{lexical}^^{compact(node.datatype)}"
        return lexical
    return f"_:{node}"


def path_text(path: Node | None, shapes: Graph) -> str:
    """A SHACL property path as text: `tkg:role`, `^tkg:inEvent`, `(tkg:startDate | tkg:endDate)`."""
    if path is None:
        return ""
    if not isinstance(path, BNode):
        return compact(path)
    sequence = list(shapes.items(path))
    if sequence:
        return "/".join(path_text(p, shapes) for p in sequence)
    for predicate, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = shapes.value(path, predicate)
        if inner is not None:
            return template.format(path_text(inner, shapes))
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + " | ".join(path_text(p, shapes) for p in shapes.items(alternatives)) + ")"
    return compact(path)


def counts(outcome: Outcome) -> str:
    """The results counted by severity, as people say it: `0 violations, 4 warnings, 31 infos`
    (the build's summary says the same, never "35 results")."""
    return ", ".join(
        f"{outcome.count(s)} {s.label}{'s' if outcome.count(s) != 1 else ''}" for s in sorted(Severity, reverse=True)
    )


def summary(outcome: Outcome, fail_on: Severity = Severity.VIOLATION) -> str:
    """One line: counts by severity, nodes concerned, and the verdict at `fail_on`."""
    nodes = len({r.focus for r in outcome.results})
    verdict = "FAIL" if outcome.fails(fail_on) else "PASS"
    return f"{verdict}: {counts(outcome)} on {nodes} node{'s' if nodes != 1 else ''} (failing on {fail_on.label} and above)"


def to_text(outcome: Outcome, files: Sequence[Path] = (), fail_on: Severity = Severity.VIOLATION) -> str:
    """Results grouped by focus node, worst first, then the one-line summary."""
    groups: dict[Node, list[Result]] = defaultdict(list)
    for result in outcome.results:
        groups[result.focus].append(result)
    lines: list[str] = []
    for focus, results in sorted(groups.items(), key=lambda item: (-max(r.severity for r in item[1]), str(item[0]))):
        owner = anchor(focus, outcome.data)
        lines.append(compact(focus) if owner == focus else f"{compact(focus)} (a node of {compact(owner)})")
        for r in results:
            lines.append(f"  {r.severity.label.upper()}: {r.message}")
            detail = [f"shape {compact(r.shape)}", f"constraint {compact(r.component).removeprefix('sh:')}"]
            if r.path is not None:
                detail.insert(0, f"path {path_text(r.path, outcome.report_graph)}")
            if r.value is not None and r.value != r.focus:
                detail.insert(1 if r.path is not None else 0, f"value {compact(r.value)}")
            lines.append("    " + "; ".join(detail))
        lines.append("")
    lines.append(summary(outcome, fail_on))
    return "\n".join(lines) + "\n"


def to_turtle(outcome: Outcome, files: Sequence[Path] = (), fail_on: Severity = Severity.VIOLATION) -> str:
    """The SHACL validation report graph itself, as Turtle."""
    bind_prefixes(outcome.report_graph)
    outcome.report_graph.bind("sh", str(SH))
    return outcome.report_graph.serialize(format="turtle")


def _node_json(node: Node | None) -> str | dict | None:
    if node is None:
        return None
    if isinstance(node, Literal):
        item: dict = {"value": str(node)}
        if node.language:
            item["language"] = node.language
        elif node.datatype:
            item["datatype"] = str(node.datatype)
        return item
    return str(node) if isinstance(node, URIRef) else f"_:{node}"


def to_json(outcome: Outcome, files: Sequence[Path] = (), fail_on: Severity = Severity.VIOLATION) -> str:
    """The results as JSON records: IRIs in full, literals as {value, language|datatype}."""
    document = {
        "conforms": outcome.conforms,
        "fails": outcome.fails(fail_on),
        "failOn": fail_on.label,
        "counts": {s.label: outcome.count(s) for s in sorted(Severity, reverse=True)},
        "results": [
            {
                "focusNode": _node_json(r.focus),
                "path": path_text(r.path, outcome.report_graph) if isinstance(r.path, BNode) else _node_json(r.path),
                "value": _node_json(r.value),
                "severity": r.severity.label,
                "resultSeverity": str(r.severity_iri),
                "message": r.message,
                "shape": _node_json(r.shape),
                "sourceShape": _node_json(r.source_shape),
                "constraintComponent": _node_json(r.component),
            }
            for r in outcome.results
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def _shape_names(outcome: Outcome) -> list[Node]:
    """Every shape with a target (helper shapes only referenced by others are left out), plus any
    shape a result names, in a stable order."""
    shapes: set[Node] = {s for target in _TARGETS for s in outcome.shapes.subjects(target, None) if isinstance(s, URIRef)}
    shapes |= {r.shape for r in outcome.results}
    return sorted(shapes, key=str)


def _result_line(r: Result, shapes: Graph) -> str:
    where = f" path {path_text(r.path, shapes)}" if r.path is not None else ""
    value = f" value {compact(r.value)}" if r.value is not None else ""
    return f"{r.severity.label.upper()} {compact(r.focus)}:{where}{value}: {r.message}"


def to_junit(outcome: Outcome, files: Sequence[Path] = (), fail_on: Severity = Severity.VIOLATION) -> str:
    """JUnit XML: one test case per node shape; results at or above `fail_on` make its failure,
    lower ones go to its system-out. One <failure> per case keeps it valid for strict readers."""
    by_shape: dict[Node, list[Result]] = defaultdict(list)
    for r in outcome.results:
        by_shape[r.shape].append(r)
    suites = ET.Element("testsuites", name=TOOL)
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="treaty-kg.shapes",
        timestamp=datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat(),
        hostname=platform.node() or "localhost",
        time="0",
    )
    failed = 0
    shapes = _shape_names(outcome)
    for shape in shapes:
        case = ET.SubElement(suite, "testcase", name=compact(shape), classname="treaty-kg.shapes", time="0")
        results = by_shape.get(shape, [])
        failing = [r for r in results if r.severity >= fail_on]
        passing = [r for r in results if r.severity < fail_on]
        if failing:
            failed += 1
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{len(failing)} result(s) at or above {fail_on.label} on {len({r.focus for r in failing})} node(s)",
                type=max(r.severity for r in failing).label,
            )
            failure.text = "\n".join(_result_line(r, outcome.report_graph) for r in failing)
        if passing:
            ET.SubElement(case, "system-out").text = "\n".join(_result_line(r, outcome.report_graph) for r in passing)
    for element in (suites, suite):
        element.set("tests", str(len(shapes)))
        element.set("failures", str(failed))
        element.set("errors", "0")
    suite.set("skipped", "0")
    suites.set("time", "0")
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


@dataclass(frozen=True)
class Location:
    file: Path
    line: int


_PREFIX_LINE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_SUBJECT = re.compile(r"^(\s*)(<[^>\s]*>|[A-Za-z][\w.-]*:(?:[^\s;,\\()\[\]]|\\.)*|:(?:[^\s;,\\()\[\]]|\\.)*)")
_LOCAL_ESCAPE = re.compile(r"\\(.)")


class Locator:
    """Finds where an IRI is first written as a subject in the data files (for SARIF regions).

    A subject is the first token of a line, as a full `<IRI>` or a prefixed name; lines starting
    at column 0 win over indented ones (which may be objects of an object list)."""

    def __init__(self, files: Sequence[Path]):
        self.first: dict[str, Location] = {}
        self.indented: dict[str, Location] = {}
        for file in files:
            self._index(Path(file))

    def _index(self, file: Path) -> None:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return
        prefixes: dict[str, str] = {}
        in_long_string = False
        for number, line in enumerate(lines, start=1):
            if line.count('"""') % 2 == 1:
                in_long_string = not in_long_string
                continue
            if in_long_string:
                continue
            declared = _PREFIX_LINE.match(line)
            if declared:
                prefixes[declared.group(1) or ""] = declared.group(2)
                continue
            match = _SUBJECT.match(line)
            if not match:
                continue
            iri = self._expand(match.group(2), prefixes)
            if iri is None:
                continue
            table = self.indented if match.group(1) else self.first
            table.setdefault(iri, Location(file, number))

    @staticmethod
    def _expand(token: str, prefixes: dict[str, str]) -> str | None:
        if token.startswith("<"):
            return token[1:-1]
        prefix, _, local = token.partition(":")
        if prefix not in prefixes:
            return None
        return prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local.rstrip("."))

    def find(self, node: Node) -> Location | None:
        iri = str(node)
        return self.first.get(iri) or self.indented.get(iri)


def anchor(node: Node, data: Graph, depth: int = 3) -> Node:
    """The IRI a blank node hangs from (a selector's mention), so it can be located in a file."""
    while isinstance(node, BNode) and depth:
        owner = next(iter(data.subjects(None, node)), None)
        if owner is None:
            break
        node, depth = owner, depth - 1
    return node


def _uri(file: Path) -> str:
    """The artifact URI: relative to the current folder (the repository root in CI) when inside it."""
    absolute = file.resolve()
    try:
        return absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return absolute.as_uri()


def to_sarif(outcome: Outcome, files: Sequence[Path] = (), fail_on: Severity = Severity.VIOLATION) -> str:
    """SARIF 2.1.0: one rule per node shape, one result per SHACL result, located at the line
    where the offending node (or the IRI a blank node hangs from) is written as a subject."""
    shapes = _shape_names(outcome)
    index = {shape: i for i, shape in enumerate(shapes)}
    rules = []
    for shape in shapes:
        label = outcome.shapes.value(shape, RDFS.label)
        comment = outcome.shapes.value(shape, RDFS.comment)
        rule: dict = {
            "id": compact(shape),
            "name": compact(shape).split(":")[-1],
            "shortDescription": {"text": str(label) if label else compact(shape)},
        }
        if comment:
            rule["fullDescription"] = {"text": str(comment)}
        if isinstance(shape, URIRef):
            rule["helpUri"] = str(shape)
        rules.append(rule)
    locator = Locator(files)
    results = []
    for r in outcome.results:
        located = locator.find(anchor(r.focus, outcome.data))
        location: dict = {
            "logicalLocations": [{"fullyQualifiedName": str(r.focus), "kind": "resource"}],
        }
        if located is not None:
            location["physicalLocation"] = {
                "artifactLocation": {"uri": _uri(located.file)},
                "region": {"startLine": located.line},
            }
        message = r.message
        details = [f"focus {compact(r.focus)}"]
        if r.path is not None:
            details.append(f"path {path_text(r.path, outcome.report_graph)}")
        if r.value is not None:
            details.append(f"value {compact(r.value)}")
        results.append(
            {
                "ruleId": compact(r.shape),
                "ruleIndex": index[r.shape],
                "level": SARIF_LEVEL[r.severity],
                "message": {"text": f"{message} ({'; '.join(details)})"},
                "locations": [location],
                "properties": {
                    "focusNode": str(r.focus),
                    "sourceShape": compact(r.source_shape),
                    "constraintComponent": str(r.component),
                },
            }
        )
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL,
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


WRITERS: dict[str, Callable[..., str]] = {
    "text": to_text,
    "turtle": to_turtle,
    "json": to_json,
    "junit": to_junit,
    "sarif": to_sarif,
}
