"""`treaty-kg build`: load → validate → reason → write `build/` (the dataset the endpoint serves).

The output is written into a temporary folder beside the target and swapped in by
renaming only once every file is complete, so a failed build (bad Turtle, SHACL
violations, an inconsistent closure, a crash) leaves the previous build as it was.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF

from treaty_kg import __version__, paths
from treaty_kg.errors import InputError
from treaty_kg.ontology.modules import load_ontology
from treaty_kg.rdf.load import load_graph
from treaty_kg.rdf.manifest import write_manifest
from treaty_kg.rdf.namespaces import GRAPH_ASSERTED, GRAPH_CANDIDATE, GRAPH_INFERRED, GRAPH_ONTOLOGY, ONTOLOGY_IRI, bind_prefixes
from treaty_kg.reasoning.owlrl_closure import InconsistentError, closure
from treaty_kg.validation import shacl
from treaty_kg.validation.reports import WRITERS, counts

DATASET = paths.DATASET_NAME
STATS = "stats.json"
# validation report file -> writer in report_formats.WRITERS
REPORTS = {"report.txt": "text", "report.ttl": "turtle", "report.junit.xml": "junit", "report.sarif.json": "sarif"}
CANDIDATES = "candidates"  # graph/candidates/: what `treaty-kg ingest` proposed, not reviewed
LIBRARIES = ("rdflib", "owlrl", "pyshacl", "pyoxigraph")


@dataclass
class BuildResult:
    """What a build did. `ok` is False when validation or reasoning stopped it (nothing written)."""

    ok: bool
    out: Path
    stats: dict = field(default_factory=dict)
    report: str = ""  # the validation report (text), or the reasoner's contradictions


class Steps:
    """Times each step, and says so on stderr unless quiet."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.seconds: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[dict]:
        detail: dict = {}
        start = time.perf_counter()
        yield detail
        elapsed = time.perf_counter() - start
        self.seconds[name] = round(elapsed, 4)
        if not self.quiet:
            extra = f" ({detail['note']})" if "note" in detail else ""
            print(f"build: {name:<18} {elapsed:8.2f} s{extra}", file=sys.stderr, flush=True)


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
        d["note"] = f"{len(ontology)} triples"
    with steps.step("load graph") as d:
        files = paths.turtle_files(paths.graph_dir())
        asserted = load_graph(files)
        d["note"] = f"{len(asserted)} triples"
    proposed = Graph()
    if candidates:
        with steps.step("load candidates") as d:
            candidate_files = paths.turtle_files(paths.graph_dir() / CANDIDATES)
            proposed = load_graph(candidate_files)
            files = files + candidate_files
            d["note"] = f"{len(proposed)} triples"
    with steps.step("load shapes") as d:
        shapes = shacl.load_shapes()
        d["note"] = f"{len(shapes)} triples"
    with steps.step("validate") as d:
        outcome = shacl.validate(
            asserted + proposed if candidates else asserted, shapes=shapes, ontology=ontology, inference="none"
        )
        d["note"] = counts(outcome)
    reports = {name: WRITERS[kind](outcome, files=files) for name, kind in REPORTS.items()}
    return Checked(ontology, asserted, proposed, outcome, reports)


def build(out: Path | None = None, quiet: bool = False, candidates: bool = False) -> BuildResult:
    """Build the dataset, reports and stats into `out` (default `build/`). With `candidates`, the
    unreviewed candidates of graph/candidates/ are validated with the same shapes and written to
    their own named graph (…/graph/candidate), never into the asserted graph or the closure."""
    out = Path(out) if out is not None else paths.build_dir()
    check_can_write(out)  # before minutes of work, not after
    steps = Steps(quiet)
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
    with steps.step("reason") as d:
        try:
            result = closure(ontology, asserted)
        except InconsistentError as exc:
            return BuildResult(False, out, report="\n".join(["The reasoner found contradictions:", *exc.messages]))
        d["note"] = f"{len(result.inferred)} inferred triples"
    stats = statistics(ontology, asserted, result.inferred)
    stats["dropped_from_inferred"] = dict(sorted(result.dropped.items()))
    stats["validation"] = {"conforms": bool(outcome.conforms)} | {s.label: outcome.count(s) for s in shacl.Severity}
    with staging(out) as tmp:
        with steps.step("write") as d:
            write_nquads(assemble(ontology, asserted, result.inferred, proposed), tmp / DATASET)
            for name, text in reports.items():
                (tmp / name).write_text(text, encoding="utf-8")
            d["note"] = str(out)
        stats["seconds"] = steps.seconds | {"total": round(time.perf_counter() - started, 4)}
        stats["reason_seconds"] = result.seconds
        (tmp / STATS).write_text(json.dumps(stats, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        write_manifest(tmp / DATASET)  # last: a build folder without it is an unfinished build
    return BuildResult(True, out, stats, reports["report.txt"])


def assemble(ontology: Graph, asserted: Graph, inferred: Graph, candidates: Graph | None = None) -> Dataset:
    """The named graphs of the build in one dataset (the candidate graph only when non-empty)."""
    dataset = Dataset()
    bind_prefixes(dataset)
    graphs = [(GRAPH_ONTOLOGY, ontology), (GRAPH_ASSERTED, asserted), (GRAPH_INFERRED, inferred)]
    if candidates is not None and len(candidates):
        graphs.append((GRAPH_CANDIDATE, candidates))
    for name, graph in graphs:
        target = dataset.graph(name)
        target += graph
    return dataset


def write_nquads(dataset: Dataset, path: Path) -> None:
    """N-Quads with lines sorted, so two builds of the same input differ only in blank node labels."""
    with warnings.catch_warnings():  # rdflib's own N-Quads writer calls its deprecated Dataset.contexts
        warnings.simplefilter("ignore", DeprecationWarning)
        text = dataset.serialize(format="nquads", encoding="utf-8").decode("utf-8")
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


def statistics(ontology: Graph, asserted: Graph, inferred: Graph) -> dict:
    """Triples per graph, entities per class (asserted and inferred typing), versions."""
    nm = asserted.namespace_manager
    members: dict[str, set] = {}
    for graph in (asserted, inferred):
        for s, cls in graph.subject_objects(RDF.type):
            if isinstance(cls, URIRef):
                members.setdefault(cls.n3(nm), set()).add(s)
    per_class = Counter({name: len(ss) for name, ss in members.items()})
    return {
        "built": datetime.now(UTC).isoformat(timespec="seconds"),
        "triples": {"ontology": len(ontology), "asserted": len(asserted), "inferred": len(inferred)},
        "graphs": {"ontology": str(GRAPH_ONTOLOGY), "asserted": str(GRAPH_ASSERTED), "inferred": str(GRAPH_INFERRED)},
        "entities_per_class": dict(sorted(per_class.items(), key=lambda kv: (-kv[1], kv[0]))),
        "versions": versions(ontology),
    }


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
