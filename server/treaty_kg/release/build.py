"""Build a release folder and check it before it replaces anything.

The folder is written to a staging folder beside the target, then checked the way an importer
would use it: every RDF file parses and the four formats of the merged ontology hold the same
graph; the top file opened through the catalog holds exactly the merged ontology's content;
`check-ontology`'s checks pass on the modules; and the OWL 2 RL rules draw the same conclusions about every
term from the merged file as from the modules. Only then does it replace `releases/<VERSION>/`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.term import Node

from treaty_kg import paths
from treaty_kg.ontology.checks import checks_dir, load_checks, run_checks
from treaty_kg.ontology.modules import MODULE_BASE, load_modules, top_file, union
from treaty_kg.rdf import releases as layout
from treaty_kg.rdf.formats import of_kind
from treaty_kg.rdf.load import parse_into
from treaty_kg.reasoning.sparql_closure import closure
from treaty_kg.release.catalog import catalog_xml, open_through_catalog
from treaty_kg.release.changelog import Release, release_of
from treaty_kg.release.docs import make_html
from treaty_kg.release.serialize import all_formats, turtle
from treaty_kg.release.stamp import ontology_node, retarget_imports, stamp, without_headers
from treaty_kg.validation.shacl import load_shapes


class ReleaseCheckError(Exception):
    """The release was built but fails a check; nothing was replaced."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Built:
    directory: Path
    release: Release
    files: list[str]


def default_output(version: str) -> Path:
    return paths.releases_dir() / version


def changelog_file() -> Path:
    return paths.ontology_dir() / layout.CHANGELOG_FILE


def release_files(version: str) -> tuple[Release, dict[str, bytes], Graph]:
    """Every file of the release (path inside the folder -> bytes) and the merged ontology."""
    release = release_of(changelog_file(), version)
    top = top_file()
    modules = load_modules([top])
    targets = {MODULE_BASE + p.stem: layout.module_version_iri(version, p.stem) for p in modules if p != top}
    stamped: dict[str, Graph] = {}
    for path, source in modules.items():
        graph = union([source])
        node = ontology_node(graph)
        if path == top:
            prior = layout.version_iri(release.prior) if release.prior else None
            stamp(graph, node, version_iri=layout.version_iri(version), version=version, modified=release.date, prior_iri=prior)
            retarget_imports(graph, node, targets)
        else:
            iri = layout.module_version_iri(version, path.stem)
            stamp(graph, node, version_iri=iri, version=version, modified=release.date, prior_iri=None)
        stamped[path.stem] = graph
    headers = {ontology_node(g) for name, g in stamped.items() if name != top.stem}
    merged = without_headers(union(list(stamped.values())), headers)

    shapes = union([load_shapes()])
    stamp(
        shapes,
        ontology_node(shapes),
        version_iri=layout.shapes_version_iri(version),
        version=version,
        modified=release.date,
        prior_iri=None,
    )

    files: dict[str, bytes] = {f"{layout.ONTOLOGY_STEM}.{ext}": data for ext, data in all_formats(merged).items()}
    files[layout.DOCS_FILE] = make_html(merged)
    for name, graph in stamped.items():
        files[f"{layout.MODULE_DIR}/{name}.ttl"] = turtle(graph)
    entries = {iri: f"{iri.rsplit('/', 1)[1]}.ttl" for iri in [*targets, *targets.values()]}
    files[f"{layout.MODULE_DIR}/{layout.CATALOG_FILE}"] = catalog_xml(entries)
    files[layout.SHAPES_FILE] = turtle(shapes)
    files[layout.CHANGELOG_FILE] = changelog_file().read_bytes()
    files[layout.MANIFEST_FILE] = manifest(release, files)
    return release, files, merged


def manifest(release: Release, files: dict[str, bytes]) -> bytes:
    """What the release is and a digest of each file, so a copy can be checked against it."""
    document = {
        "version": release.version,
        "date": release.date.isoformat(),
        "priorVersion": release.prior,
        "versionIRI": layout.version_iri(release.version),
        "shapesVersionIRI": layout.shapes_version_iri(release.version),
        "files": {name: {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()} for name, data in sorted(files.items())},
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def check_formats(directory: Path, merged: Graph) -> list[str]:
    """Every RDF file parses, and each format of the merged ontology holds the same graph."""
    problems: list[str] = []
    stem = directory / layout.ONTOLOGY_STEM
    expected = to_isomorphic(merged)  # canonical form computed once, not once per format
    for fmt in of_kind("graph"):
        ext = fmt.extension
        parsed = parse_into(Graph(), stem.with_suffix(f".{ext}"))
        if to_isomorphic(parsed) != expected:
            problems.append(f"{stem.name}.{ext} does not hold the merged ontology")
    parse_into(Graph(), directory / layout.SHAPES_FILE)
    return problems


def open_modules(directory: Path) -> tuple[dict[Path, Graph], set[Node]]:
    """The release's modules as Protégé opens them (top file, imports through the catalog), by
    file, and the module headers among their nodes."""
    module_dir = directory / layout.MODULE_DIR
    top = module_dir / top_file().name
    opened = open_through_catalog(top, module_dir / layout.CATALOG_FILE)
    by_file = {top if key == str(top) else module_dir / f"{key.rsplit('/', 1)[1]}.ttl": g for key, g in opened.items()}
    headers = {ontology_node(g) for path, g in by_file.items() if path != top}
    return by_file, headers


def check_catalog(directory: Path, merged: Graph) -> list[str]:
    """The top file reaches every module file through the catalog, and they hold the merged triples."""
    modules, headers = open_modules(directory)
    on_disk = sorted((directory / layout.MODULE_DIR).glob("*.ttl"))
    problems: list[str] = []
    if sorted(modules) != on_disk:
        problems.append(f"the top file reaches {len(modules)} of the {len(on_disk)} module files through the catalog")
    if not isomorphic(without_headers(union(list(modules.values())), headers), merged):
        problems.append("the modules opened through the catalog do not hold the merged ontology's triples")
    return problems


def check_ontology(directory: Path) -> list[str]:
    """`check-ontology`'s checks (ontology/checks/*.rq, standard terms, reasoner) on the modules."""
    modules, _ = open_modules(directory)
    return [f"check-ontology: {f.line()}" for f in run_checks(modules, load_checks([checks_dir()]))]


def check_closure(directory: Path, merged: Graph) -> list[str]:
    """The build's reasoner concludes the same about every term from the merged file as from the
    modules (the OWL 2 RL rules, whose closure equals owlrl's: docs/reasoning.md)."""
    modules, headers = open_modules(directory)
    from_modules = without_headers(closure(union(list(modules.values())), Graph()).inferred, headers)
    from_merged = closure(merged, Graph()).inferred
    if isomorphic(from_modules, from_merged):
        return []
    return [
        f"the OWL 2 RL closure differs: {len(from_modules)} triples from the modules, {len(from_merged)} from the merged file"
    ]


def check_release(directory: Path, merged: Graph) -> list[str]:
    """What is wrong with a written release folder (empty when it is fit to publish)."""
    problems = check_formats(directory, merged) + check_catalog(directory, merged)
    return problems or check_ontology(directory) + check_closure(directory, merged)


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    """Write a release's files into a new folder (an old one of that name is removed first)."""
    if folder.exists():
        shutil.rmtree(folder)
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def build_release(version: str, output: Path | None = None) -> Built:
    """Write `releases/<version>/` (or `output`) and check it; raise ReleaseCheckError if a check fails."""
    layout.check_version(version)
    target = Path(output) if output is not None else default_output(version)
    release, files, merged = release_files(version)
    staging = target.parent / f".{target.name}.staging"
    try:
        write_files(staging, files)
        problems = check_release(staging, merged)
        if problems:
            raise ReleaseCheckError(problems)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return Built(target, release, sorted(files))
