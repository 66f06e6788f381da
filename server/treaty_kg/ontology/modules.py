"""Load the project's ontology: the top file and every module it imports, from local files only.

The top file `ontology/treaty-kg.ttl` imports each module with `owl:imports
<https://w3id.org/treaty-kg/module/<name>>`; that IRI is read from `<dir>/<name>.ttl`
beside the importing file, never fetched, so builds and checks run offline and always see the
working copy. An import with no local file is an input error (exit 2), not a silent gap.
Protégé and ROBOT get the same mapping from `catalog-v001.xml` beside the modules
(`treaty_kg.release.catalog` writes it from `module_path`).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, Graph, URIRef

from treaty_kg.errors import InputError
from treaty_kg.paths import ontology_dir
from treaty_kg.rdf.load import parse_into
from treaty_kg.rdf.namespaces import BASE, bind_prefixes

# Module IRIs sit outside the term namespace (…/ontology/): see docs/decisions.md.
MODULE_BASE = BASE + "module/"
TOP_FILE = "treaty-kg.ttl"


def top_file() -> Path:
    return ontology_dir() / TOP_FILE


def module_path(iri: str, directory: Path) -> Path | None:
    """The local file of a module IRI, or None when the IRI is not one of the project's modules."""
    if not iri.startswith(MODULE_BASE):
        return None
    name = iri[len(MODULE_BASE) :]
    if not name or "/" in name or name.startswith("."):
        return None
    return directory / f"{name}.ttl"


def load_modules(starts: list[Path]) -> dict[Path, Graph]:
    """Each file and every module it imports, transitively, parsed into its own graph.

    Files keep the order in which they are first reached (the start files first, then their
    imports depth-first), so reports that name "the file that declares a term" are stable.
    """
    modules: dict[Path, Graph] = {}
    seen: set[Path] = set()  # resolved, so one file reached by two spellings loads once
    pending: list[Path] = list(reversed([Path(p) for p in starts]))
    while pending:
        path = pending.pop()
        key = path.resolve()
        if key in seen:
            continue
        seen.add(key)
        graph = parse_into(Graph(), path)
        modules[path] = graph
        imports = sorted(str(o) for o in graph.objects(None, OWL.imports) if isinstance(o, URIRef))
        for iri in reversed(imports):
            target = module_path(iri, path.parent)
            if target is None or not target.is_file():
                expected = f" (expected {target})" if target is not None else ""
                raise InputError(f"{path}: owl:imports <{iri}>: no local file for this import{expected}")
            pending.append(target)
    return modules


def ontology_files(top: Path | None = None) -> list[Path]:
    """The top file and every module it imports (recursively), in load order."""
    return list(load_modules([top or top_file()]))


def union(graphs: list[Graph]) -> Graph:
    """One graph holding every triple of the given graphs, with the project's prefixes bound."""
    merged = Graph()
    bind_prefixes(merged)
    for graph in graphs:
        merged += graph
    return merged


def load_ontology(top: Path | None = None) -> Graph:
    """The whole ontology (top file plus its imports) as one rdflib graph."""
    return union(list(load_modules([top or top_file()]).values()))
