"""`treaty-kg validate`: check data against the project's SHACL shapes, for people and for CI.

`validate()` runs a SHACL engine (`engines`: pyshacl-turbo, or pyshacl the reference) and turns
its report into plain records (`Result`), so the CLI, the build and tests read one structure
instead of walking the report graph. The ontology is mixed
into a private copy of the data because the shapes target classes such as `tkg:Event` and
`tkg:Fact` and rely on the ontology's `rdfs:subClassOf` axioms to reach `tkg:SigningCeremony`
or `tkg:Participation`, and on `tkg:agentProperty` of the role concepts. (pyshacl's own
`ont_graph` hid the ontology's individuals from `sh:class` in pyshacl 0.40.1: see shapes/README.md.) The report writers
(text, Turtle, JSON, JUnit, SARIF) live in `reports`.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SH
from rdflib.term import Node

from treaty_kg import paths
from treaty_kg.errors import InputError
from treaty_kg.ontology.modules import load_ontology
from treaty_kg.rdf.load import load_graph
from treaty_kg.rdf.namespaces import prefixed_name
from treaty_kg.validation import engines
from treaty_kg.validation.shapes import as_specified

INFERENCE = ("none", "rdfs", "owlrl")


class Severity(enum.IntEnum):
    """SHACL severities, ordered so that `--fail-on warning` also fails on violations."""

    INFO = 1
    WARNING = 2
    VIOLATION = 3

    @classmethod
    def of(cls, node: Node | None) -> Severity:
        levels: dict[Node | None, Severity] = {SH.Info: cls.INFO, SH.Warning: cls.WARNING}
        return levels.get(node, cls.VIOLATION)

    @classmethod
    def named(cls, name: str | Severity) -> Severity:
        return name if isinstance(name, Severity) else cls[name.upper()]

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Result:
    """One validation result: which node broke which constraint of which shape, and why."""

    focus: Node
    path: Node | None
    value: Node | None
    severity: Severity
    message: str
    source_shape: Node
    component: Node
    shape: Node  # the node shape the source shape belongs to (the source shape itself if a node shape)
    severity_iri: Node = SH.Violation  # as the shape says it: SHACL allows severities of one's own


@dataclass
class Outcome:
    """The outcome of a validation: SHACL's verdict, the results as records, and the report graph."""

    conforms: bool
    results: list[Result]
    report_graph: Graph
    shapes: Graph
    data: Graph = field(repr=False)

    def fails(self, level: str | Severity = Severity.VIOLATION) -> bool:
        """True when some result is at or above `level` (violation > warning > info)."""
        floor = Severity.named(level)
        return any(r.severity >= floor for r in self.results)

    def count(self, severity: Severity) -> int:
        return sum(1 for r in self.results if r.severity == severity)


def load_shapes(location: Path | None = None) -> Graph:
    """The shapes graph: one RDF file, or every `*.ttl` file of a folder (default: the project's
    `shapes/`). A file is accepted so that anyone's shapes, as written, can be validated against."""
    location = Path(location) if location is not None else paths.shapes_dir()
    if location.is_file():
        return load_graph([location])
    if not location.is_dir():
        raise InputError(f"{location}: no such shapes file or folder")
    files = paths.turtle_files(location)
    if not files:
        raise InputError(f"{location}: no *.ttl shapes files")
    return load_graph(files)


def load_project_ontology(location: Path | None = None) -> Graph:
    """The ontology to mix in: the project's (its top file and imports), or `location`, a Turtle
    file or a folder's `*.ttl` (another team's copy or extension)."""
    if location is None:
        return load_ontology()
    location = Path(location)
    return load_graph(paths.turtle_files(location) if location.is_dir() else [location])


def _node_shapes(shapes: Graph) -> dict[Node, Node]:
    """Map each property shape to the node shape that holds it, so results group by node shape."""
    return {prop: owner for owner, prop in shapes.subject_objects(SH.property)}


_IRI_IN_TEXT = re.compile(r"https?://[^\s,;()\"<>]+")


def _short_iris(message: str) -> str:
    """Write the IRIs a SHACL-SPARQL message names ({?role}) as prefixed names, as people read them."""
    return _IRI_IN_TEXT.sub(lambda m: prefixed_name(m.group(0)) or m.group(0), message)


def _required(report: Graph, node: Node, prop: Node) -> Node:
    """A value every SHACL validation result has (SHACL §3.6.2); pyshacl always writes it."""
    value = report.value(node, prop)
    if value is None:
        raise ValueError(f"a SHACL result without {prop}")
    return value


def _result(report: Graph, node: Node, owners: dict[Node, Node]) -> Result:
    source_shape = _required(report, node, SH.sourceShape)
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    # a shape's own sh:message wins; pyshacl adds its generic text only when there is none
    return Result(
        focus=_required(report, node, SH.focusNode),
        path=report.value(node, SH.resultPath),
        value=report.value(node, SH.value),
        severity=Severity.of(report.value(node, SH.resultSeverity)),
        severity_iri=report.value(node, SH.resultSeverity) or SH.Violation,
        message=_short_iris(messages[0]) if messages else "",
        source_shape=source_shape,
        component=_required(report, node, SH.sourceConstraintComponent),
        shape=owners.get(source_shape, source_shape),
    )


def _sort_key(result: Result) -> tuple:
    return (-result.severity, str(result.shape), str(result.focus), str(result.path), str(result.value), result.message)


def validate(
    data: Graph,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    inference: str = "none",
    engine: str = engines.DEFAULT_ENGINE,
) -> Outcome:
    """Validate `data` against `shapes` (default: the project's), with `ontology` mixed in.

    `conforms` has SHACL's meaning (no result of any severity); use `fails(level)` for a CI
    verdict. The data graph is never modified: validation (and inference, if asked) runs on a
    private copy with the ontology mixed in. A malformed shapes graph raises InputError.
    """
    if inference not in INFERENCE:
        raise ValueError(f"inference must be one of {', '.join(INFERENCE)}, not {inference!r}")
    shapes = shapes if shapes is not None else load_shapes()
    conforms, report = engines.run(engine, data, ontology, as_specified(shapes), inference)
    owners = _node_shapes(shapes)
    results = sorted((_result(report, r, owners) for r in report.objects(None, SH.result)), key=_sort_key)
    return Outcome(conforms=bool(conforms), results=results, report_graph=report, shapes=shapes, data=data)


def data_files(arguments: list[Path]) -> list[Path]:
    """The files named on the command line (a folder stands for its `*.ttl`), default `graph/*.ttl`."""
    if not arguments:
        arguments = [paths.graph_dir()]
    files: list[Path] = []
    for path in arguments:
        if path.is_dir():
            found = paths.turtle_files(path)
            if not found:
                raise InputError(f"{path}: no *.ttl files in this folder")
            files.extend(found)
        else:
            files.append(path)  # load_graph reports a missing or unreadable file
    return files
