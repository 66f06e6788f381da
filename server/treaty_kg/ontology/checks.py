"""`treaty-kg check-ontology`: the checks ontology editors (and CI) run on `ontology/`.

Most checks are SPARQL SELECT queries in `ontology/checks/*.rq` (one file per check, named for
it, each returned row a failure with `?term` and `?message`), so an editor can add a check
without touching Python. Two checks cannot be written in SPARQL and live here:

- `standard-terms`: every IRI of a standard vocabulary the ontology uses (schema.org, ORG, SEM,
  PROV-O, OWL-Time, SKOS, Dublin Core terms, Web Annotation, ELI) is in that vocabulary's term
  list under `ontology/vocab/` (catches misspellings such as `schema:Persn`, offline).
- `reasoner`: the OWL 2 RL rules (`reasoning.engine`; owlrl with `--reasoner owlrl`) run over the
  ontology alone without error and make nothing a member of `owl:Nothing` (nor find a contradiction).

The SPARQL checks are parsed and evaluated by pyoxigraph: the engine that runs a check is the one
that decides whether it is well formed (rdflib took about ten seconds to evaluate the eighteen
checks over the project's ontology, and its parser a second more to read them).

Each finding names the module that declares the term, so editors know which file to open.
Exit codes: 0 clean, 1 findings, 2 input error (syntax error in a module or a check).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import owlrl
import pyoxigraph as ox
from owlrl.Namespaces import ERRNS
from rdflib import OWL, RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from treaty_kg.errors import InputError
from treaty_kg.ontology.modules import union
from treaty_kg.paths import ontology_dir
from treaty_kg.rdf.load import read_text
from treaty_kg.rdf.namespaces import ONTOLOGY_IRI
from treaty_kg.rdf.select import over_no_data
from treaty_kg.rdf.terms import from_ox, quads
from treaty_kg.reasoning.sparql_closure import unsatisfiable

CHECK_SUFFIX = ".rq"


@dataclass(frozen=True)
class Finding:
    """One failure of one check: which term, in which file, why."""

    file: str
    term: str
    message: str
    check: str

    def line(self) -> str:
        return f"{self.file}: {self.term}: {self.message} [{self.check}]"


@dataclass(frozen=True)
class SparqlCheck:
    name: str
    path: Path
    text: str


# A check written in Python: the ontology union -> (term, message) rows, one per failure.
PythonCheck = Callable[[Graph], Iterable[tuple[Node | None, str]]]


def checks_dir() -> Path:
    return ontology_dir() / "checks"


def vocab_dir() -> Path:
    return ontology_dir() / "vocab"


# --- SPARQL checks ------------------------------------------------------------------------


_ENGINE_POSITION = re.compile(r"^error at (\d+):(\d+): ")


def load_check(path: Path) -> SparqlCheck:
    """Read one .rq check; a syntax error (`file:line:column: reason`, as pyoxigraph words it) or
    a query without ?term and ?message is an InputError."""
    text = read_text(path)  # a binary file, a device or a link loop is an input error, not a traceback
    try:
        result = over_no_data(text)
    except SyntaxError as exc:
        reason = _short_syntax_error(str(exc))
        if position := _ENGINE_POSITION.match(reason):
            raise InputError(f"{path}:{position[1]}:{position[2]}: {reason[position.end() :]}") from None
        raise InputError(f"{path}: {reason}") from None
    if not isinstance(result, ox.QuerySolutions):
        raise InputError(f"{path}: a check must be a SELECT query")
    missing = {"term", "message"} - {v.value for v in result.variables}
    if missing:
        raise InputError(f"{path}: a check must select ?term and ?message (missing: ?{', ?'.join(sorted(missing))})")
    return SparqlCheck(path.stem, path, text)


def _short_syntax_error(message: str) -> str:
    """pyoxigraph's syntax error on one line: it lists every token it expected, Unicode ranges
    included (a dozen lines); the first few say enough next to the position."""
    first = message.splitlines()[0]
    head, found, tokens = first.partition("expected one of ")
    if not found:
        return first
    listed = tokens.split(", ")
    return f"{head}SPARQL syntax error, expected one of {', '.join(listed[:6])}{', …' if len(listed) > 6 else ''}"


def load_checks(directories: Iterable[Path]) -> list[SparqlCheck]:
    checks: list[SparqlCheck] = []
    for directory in directories:
        if not directory.is_dir():
            raise InputError(f"{directory}: no such check folder")
        checks.extend(load_check(p) for p in sorted(directory.glob(f"*{CHECK_SUFFIX}")))
    return checks


def check_store(graph: Graph) -> ox.Store:
    """The ontology as the default graph of a pyoxigraph store, blank node labels kept (so a
    finding's term is the module's own node)."""
    store = ox.Store()
    store.extend(quads(graph, ox.DefaultGraph()))  # type: ignore[arg-type]
    return store


def run_sparql_check(store: ox.Store, check: SparqlCheck) -> list[tuple[Node | None, str]]:
    try:
        rows = store.query(check.text)
        return [
            (None if row["term"] is None else from_ox(row["term"]), "" if row["message"] is None else row["message"].value)
            for row in rows  # type: ignore[union-attr]
        ]
    except Exception as exc:  # a check that parses but fails to evaluate is the check's fault
        raise InputError(f"{check.path}: the query failed: {type(exc).__name__}: {exc}") from None


# --- standard-terms -----------------------------------------------------------------------


def read_term_lists(directory: Path) -> dict[str, tuple[frozenset[str], str]]:
    """namespace -> (its terms, list file name) from `ontology/vocab/*.txt` (`# namespace:` header)."""
    lists: dict[str, tuple[frozenset[str], str]] = {}
    if not directory.is_dir():
        raise InputError(f"{directory}: no such folder of vocabulary term lists")
    for path in sorted(directory.glob("*.txt")):
        namespace = None
        terms: set[str] = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("# namespace:"):
                namespace = line.split(":", 1)[1].strip()
            elif line and not line.startswith("#"):
                terms.add(line)
        if namespace is None:
            raise InputError(f"{path}: term list without a '# namespace: <IRI>' header")
        lists[namespace] = (frozenset(terms), path.name)
    return lists


# Namespaces that look right but are not the one the project (and its term lists) use.
MISSPELT_NAMESPACES = {"http://schema.org/": "https://schema.org/"}


def standard_terms(graph: Graph, directory: Path | None = None) -> list[tuple[Node | None, str]]:
    """IRIs of a listed standard vocabulary that the vocabulary does not define (misspellings)."""
    lists = read_term_lists(directory or vocab_dir())
    used = {node for triple in graph for node in triple if isinstance(node, URIRef)}
    rows: list[tuple[Node | None, str]] = []
    for node in used:
        iri = str(node)
        for wrong, right in MISSPELT_NAMESPACES.items():
            if iri.startswith(wrong):
                rows.append((node, f"namespace <{wrong}>: the project writes <{right}>"))
        for namespace, (terms, name) in lists.items():
            if iri.startswith(namespace) and iri != namespace and iri not in terms:
                rows.append((node, f"not a term of <{namespace}> (checked against ontology/vocab/{name})"))
    return rows


# --- reasoner -----------------------------------------------------------------------------


def reasoner(graph: Graph) -> list[tuple[Node | None, str]]:
    """The OWL 2 RL rules over the ontology alone: owl:Nothing members and contradictions."""
    try:
        members, contradictions = unsatisfiable(graph)
    except Exception as exc:  # a rule the ontology breaks (e.g. a list axiom on a blank node) is a finding
        return [(URIRef(ONTOLOGY_IRI), f"the reasoner failed on the ontology: {type(exc).__name__}: {exc}")]
    rows: list[tuple[Node | None, str]] = [
        (node, "the reasoner makes this a member of owl:Nothing (unsatisfiable)") for node in members if node != OWL.Nothing
    ]
    rows.extend((URIRef(ONTOLOGY_IRI), f"the reasoner reports an inconsistency: {text}") for text in contradictions)
    return rows


def owlrl_reasoner(graph: Graph) -> list[tuple[Node | None, str]]:
    """Run owlrl on a copy of the ontology; report a crash, inconsistencies and owl:Nothing members."""
    closure = Graph()
    closure += graph
    try:
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    except Exception as exc:  # owlrl's failure types are not documented: report any of them
        return [(URIRef(ONTOLOGY_IRI), f"owlrl failed on the ontology: {type(exc).__name__}: {exc}")]
    rows: list[tuple[Node | None, str]] = [
        (node, "the reasoner makes this a member of owl:Nothing (unsatisfiable)")
        for node in closure.subjects(RDF.type, OWL.Nothing)
        if node != OWL.Nothing and not isinstance(node, Literal)
    ]
    for error in closure.subjects(RDF.type, ERRNS.ErrorMessage):  # owlrl's inconsistency reports
        for text in closure.objects(error, ERRNS.error):
            rows.append((URIRef(ONTOLOGY_IRI), f"owlrl reports an inconsistency: {text}"))
    return rows


PYTHON_CHECKS: dict[str, PythonCheck] = {
    "standard-terms": standard_terms,
    "reasoner": reasoner,
}
# the reasoner check's implementations, by `check-ontology --reasoner`
REASONER_CHECKS: dict[str, PythonCheck] = {"rules": reasoner, "owlrl": owlrl_reasoner}


# --- reporting ----------------------------------------------------------------------------


def curie(node: Node | None, namespaces: NamespaceManager) -> str:
    """A term as editors write it: `tkg:Person`, else `<iri>`; anonymous nodes as `[]`."""
    if node is None:
        return "-"
    if isinstance(node, BNode):
        return "[]"
    try:
        name = namespaces.curie(str(node), generate=False)
    except (KeyError, ValueError):  # no bound prefix, or a local name a prefixed name cannot hold
        return f"<{node}>"
    return f"<{node}>" if name.endswith(":") else name  # a namespace itself reads better in full


def shorten_iris(message: str, namespaces: NamespaceManager) -> str:
    """Write `<iri>` inside a check's message the way `curie` writes terms."""
    return re.sub(r"<([^<>\s]+)>", lambda m: curie(URIRef(m.group(1)), namespaces), message)


def declaring_files(modules: dict[Path, Graph]) -> dict[Node, Path]:
    """Each node -> the module that declares it (rdf:type), else first describes it, else mentions it."""
    where: dict[Node, Path] = {}
    passes: list[Callable[[Graph], Iterable[Node]]] = [
        lambda g: g.subjects(RDF.type, None),
        lambda g: g.subjects(),
        lambda g: (n for triple in g for n in triple),
    ]
    for nodes_of in passes:
        for path, graph in modules.items():
            for node in nodes_of(graph):
                where.setdefault(node, path)
    return where


def display_path(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if relative.startswith("..") else relative


def run_checks(
    modules: dict[Path, Graph],
    sparql_checks: list[SparqlCheck],
    python_checks: dict[str, PythonCheck] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Finding]:
    """Run every check over the union of the modules; findings sorted by file, term, check.

    progress(check name, checks done, checks in all), called before each check."""
    graph = union(list(modules.values()))
    where = declaring_files(modules)
    fallback = next(iter(modules), None)
    rows: list[tuple[str, Node | None, str]] = []
    python = PYTHON_CHECKS if python_checks is None else python_checks
    total = len(sparql_checks) + len(python)
    store = check_store(graph) if sparql_checks else None
    for i, check in enumerate(sparql_checks):
        if progress:
            progress(check.name, i, total)
        rows.extend((check.name, term, message) for term, message in run_sparql_check(store, check))  # type: ignore[arg-type]
    for i, (name, function) in enumerate(python.items(), start=len(sparql_checks)):
        if progress:
            progress(name, i, total)
        rows.extend((name, term, message) for term, message in function(graph))
    namespaces = graph.namespace_manager  # the project's prefixes (bound by `union`)
    findings = set()
    for name, term, message in rows:
        path = where.get(term, fallback) if term is not None else fallback
        file = display_path(path) if path else "-"
        findings.add(Finding(file, curie(term, namespaces), shorten_iris(message, namespaces), name))
    return sorted(findings, key=lambda f: (f.file, f.term, f.check, f.message))
