"""`treaty-kg build`: load → validate → reason → write `build/` (the dataset the endpoint serves).

Reasoning runs on a pyoxigraph store holding the build's named graphs: by default with the OWL 2
RL rules as SPARQL updates (`reasoning.sparql_closure`), with `--reasoner owlrl` with owlrl (the
oracle, ten to a hundred times slower). The dataset is written from that store.

The output is written into a temporary folder beside the target and swapped in by
renaming only once every file is complete, so a failed build (bad Turtle, SHACL
violations, an inconsistent closure, a crash) leaves the previous build as it was.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from treaty_kg import __version__, paths
from treaty_kg.errors import InputError
from treaty_kg.ontology.modules import load_ontology
from treaty_kg.progress import Steps
from treaty_kg.rdf.load import load_graph
from treaty_kg.rdf.manifest import write_manifest
from treaty_kg.rdf.namespaces import GRAPH_ASSERTED, GRAPH_CANDIDATE, GRAPH_INFERRED, GRAPH_ONTOLOGY, ONTOLOGY_IRI, PREFIXES
from treaty_kg.rdf.terms import quads
from treaty_kg.reasoning.owlrl_closure import InconsistentError
from treaty_kg.reasoning.owlrl_closure import closure as owlrl_closure
from treaty_kg.reasoning.sparql_closure import reason_in_store
from treaty_kg.validation import shacl
from treaty_kg.validation.reports import WRITERS, counts

DATASET = paths.DATASET_NAME
STATS = "stats.json"
# validation report file -> writer in report_formats.WRITERS
REPORTS = {"report.txt": "text", "report.ttl": "turtle", "report.junit.xml": "junit", "report.sarif.json": "sarif"}
LIBRARIES = ("rdflib", "owlrl", "pyshacl", "pyoxigraph")
REASONERS = ("rules", "owlrl")  # the first is the default
CANDIDATES = "candidates"  # graph/candidates/: what `treaty-kg ingest` proposed, not reviewed


@dataclass
class BuildResult:
    """What a build did. `ok` is False when validation or reasoning stopped it (nothing written)."""

    ok: bool
    out: Path
    stats: dict = field(default_factory=dict)
    report: str = ""  # the validation report (text), or the reasoner's contradictions


@dataclass
class Checked:
    """The inputs of a build, loaded and validated: what reasoning and publishing start from."""

    ontology: Graph
    asserted: Graph
    proposed: Graph  # the unreviewed candidates (empty unless asked for)
    outcome: shacl.Outcome
    reports: dict[str, str]


def load_and_validate(steps: Steps, candidates: bool = False) -> Checked:
    """Load the ontology, the graph (and the candidates when asked) and the shapes, and validate:
    the first steps of every build, into build/ or into a store (store_build.py);
    `outcome.fails("violation")` stops it."""
    sources = paths.graph_dir()
    if not sources.is_dir() or not paths.turtle_files(sources):
        raise InputError(f"{sources}: no graph folder with Turtle files: nothing to build")
    with steps.step("load ontology") as d:
        ontology = load_ontology()
        d.note = f"{len(ontology)} triples"
    with steps.step("load graph") as d:
        files = paths.turtle_files(paths.graph_dir())
        asserted = load_graph(files)
        d.note = f"{len(asserted)} triples"
    proposed = Graph()
    if candidates:
        with steps.step("load candidates") as d:
            candidate_files = paths.turtle_files(paths.graph_dir() / CANDIDATES)
            proposed = load_graph(candidate_files)
            files = files + candidate_files
            d.note = f"{len(proposed)} triples"
    with steps.step("load shapes") as d:
        shapes = shacl.load_shapes()
        d.note = f"{len(shapes)} triples"
    with steps.step("validate") as d:
        outcome = shacl.validate(
            asserted + proposed if candidates else asserted, shapes=shapes, ontology=ontology, inference="none"
        )
        d.note = counts(outcome)
    reports = {name: WRITERS[kind](outcome, files=files) for name, kind in REPORTS.items()}
    return Checked(ontology, asserted, proposed, outcome, reports)


def build(out: Path | None = None, quiet: bool = False, reasoner: str = "rules", candidates: bool = False) -> BuildResult:
    """Build the dataset, reports and stats into `out` (default `build/`). With `candidates`, the
    unreviewed candidates of graph/candidates/ are validated with the same shapes and written to
    their own named graph (…/graph/candidate), never into the asserted graph or the closure.

    reasoner: "rules" (OWL 2 RL rules as SPARQL updates on pyoxigraph) or "owlrl"."""
    if reasoner not in REASONERS:
        raise ValueError(f"unknown reasoner {reasoner!r} (known: {', '.join(REASONERS)})")
    out = Path(out) if out is not None else paths.build_dir()
    check_can_write(out)  # before minutes of work, not after
    steps = Steps("build", quiet)
    started = time.perf_counter()
    checked = load_and_validate(steps, candidates)
    ontology, asserted, proposed, outcome, reports = (
        checked.ontology,
        checked.asserted,
        checked.proposed,
        checked.outcome,
        checked.reports,
    )
    if outcome.fails("violation"):
        return BuildResult(False, out, report=reports["report.txt"])
    store = ox.Store()
    with steps.step("reason") as d:
        store.extend(quads(ontology, ox.NamedNode(str(GRAPH_ONTOLOGY))))
        store.extend(quads(asserted, ox.NamedNode(str(GRAPH_ASSERTED))))
        try:
            if reasoner == "owlrl":
                result = owlrl_closure(ontology, asserted)
                store.extend(quads(result.inferred, ox.NamedNode(str(GRAPH_INFERRED))))
                dropped, reason_seconds, work = result.dropped, result.seconds, {}
            else:
                done = reason_in_store(store, ontology, str(GRAPH_ASSERTED), str(GRAPH_INFERRED), d.advance)
                dropped, reason_seconds = done.dropped, done.seconds
                work = {
                    "rules": done.run.rules,
                    "rounds": done.run.rounds,
                    "updates": done.run.updates,
                    "added_per_round": done.run.added,
                }
        except InconsistentError as exc:
            return BuildResult(False, out, report="\n".join(["The reasoner found contradictions:", *exc.messages]))
        inferred = graph_size(store, GRAPH_INFERRED)
        d.note = f"{inferred} inferred triples ({reasoner})"
    if len(proposed):  # after reasoning: candidates never enter the closure
        store.extend(quads(proposed, ox.NamedNode(str(GRAPH_CANDIDATE))))
    stats = statistics(store, ontology)
    stats["reasoner"] = reasoner
    stats["dropped_from_inferred"] = dict(sorted(dropped.items()))
    stats["validation"] = {"conforms": bool(outcome.conforms)} | {s.label: outcome.count(s) for s in shacl.Severity}
    with staging(out) as tmp:
        with steps.step("write") as d:
            write_nquads(store, tmp / DATASET)
            for name, text in reports.items():
                (tmp / name).write_text(text, encoding="utf-8")
            d.note = str(out)
        stats["seconds"] = steps.seconds | {"total": round(time.perf_counter() - started, 4)}
        stats["reason_seconds"] = reason_seconds  # wall seconds per phase; "cpu": the engine's CPU seconds
        stats["reasoning"] = work  # the rules: how many, rounds to the fixpoint, updates sent, triples added each round
        (tmp / STATS).write_text(json.dumps(stats, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        write_manifest(tmp / DATASET)  # last: a build folder without it is an unfinished build
    return BuildResult(True, out, stats, reports["report.txt"])


def graph_size(store: ox.Store, graph: URIRef) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(next(iter(rows))["n"].value)  # type: ignore[arg-type]


def write_nquads(store: ox.Store, path: Path) -> None:
    """N-Quads with lines sorted, so two builds of the same input differ only in blank node labels."""
    text = store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")  # type: ignore[union-attr]
    lines = sorted(line for line in text.splitlines() if line.strip())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_unreasoned(path: Path) -> Path:
    """`ontology/` and `graph/` as the build's ontology and asserted graphs, not validated and
    with no inferred graph: for tests and benchmarks that need the project's data in a build's
    shape but not its closure (owlrl takes tens of seconds)."""
    import pyoxigraph as ox

    store = ox.Store()
    for name, folder in ((GRAPH_ONTOLOGY, paths.ontology_dir()), (GRAPH_ASSERTED, paths.graph_dir())):
        for file in paths.turtle_files(folder):
            store.load(path=str(file), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(name)))
    store.dump(str(path), format=ox.RdfFormat.N_QUADS)
    return path


def check_can_write(out: Path) -> None:
    """InputError unless a build can be written beside `out` (read-only folder, no such disk…)."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        probe = Path(tempfile.mkdtemp(prefix=f".{out.name}.probe-", dir=out.parent))
        probe.rmdir()
    except OSError as exc:
        raise InputError(f"cannot write the build to {out}: {exc.strerror or exc}") from None


@contextmanager
def staging(out: Path) -> Iterator[Path]:
    """A temporary folder beside `out`, renamed to `out` if the block succeeds, removed if it fails."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        try:
            yield tmp
            swap(tmp, out)
        except OSError as exc:  # a full disk, a file size limit, a folder made read-only meanwhile
            raise InputError(f"cannot write the build to {out}: {exc.strerror or exc}; the previous build is as it was") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def swap(new: Path, out: Path) -> None:
    """Replace `out` by `new` with renames; the old build is removed only once the new one is in place."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    try:
        os.replace(new, out)
    except OSError:
        if old is not None:
            os.replace(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def statistics(store: ox.Store, ontology: Graph) -> dict:
    """Triples per graph, entities per class (asserted and inferred typing), versions."""
    rows = store.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { "
        f"{{ GRAPH <{GRAPH_ASSERTED}> {{ ?s a ?c }} }} UNION {{ GRAPH <{GRAPH_INFERRED}> {{ ?s a ?c }} }} "
        "FILTER(isIRI(?c)) } GROUP BY ?c"
    )
    per_class = {curie(row["c"].value): int(row["n"].value) for row in rows}  # type: ignore[union-attr]
    return {
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "triples": {
            name: graph_size(store, graph)
            for name, graph in (("ontology", GRAPH_ONTOLOGY), ("asserted", GRAPH_ASSERTED), ("inferred", GRAPH_INFERRED))
        },
        "graphs": {"ontology": str(GRAPH_ONTOLOGY), "asserted": str(GRAPH_ASSERTED), "inferred": str(GRAPH_INFERRED)},
        "entities_per_class": dict(sorted(per_class.items(), key=lambda kv: (-kv[1], kv[0]))),
        "versions": versions(ontology),
    }


def curie(iri: str) -> str:
    """`tkg:Person` for an IRI under one of the project's prefixes, else the IRI in <>."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return f"<{iri}>"
    prefix = next(k for k, v in PREFIXES.items() if v == best)
    return f"{prefix}:{iri[len(best) :]}"


def versions(ontology: Graph) -> dict:
    iri = URIRef(ONTOLOGY_IRI)
    found: dict[str, str | None] = {"python": platform.python_version(), "treaty_kg": __version__}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    version_iri = ontology.value(iri, OWL.versionIRI)
    version_info = ontology.value(iri, OWL.versionInfo)
    found["ontology"] = str(version_info) if version_info is not None else None
    found["ontology_version_iri"] = str(version_iri) if version_iri is not None else None
    return found
