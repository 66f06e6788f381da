"""XML catalogs (OASIS XML Catalogs 1.1, `catalog-v001.xml`) mapping owl:imports IRIs to files.

Protégé looks for `catalog-v001.xml` beside the ontology file it opens and ROBOT reads it with
`--catalog`; both then load every `owl:imports` from the file its `<uri name=… uri=…/>` entry
names instead of the web. The package's own loader (`treaty_kg.ontology.module_path`) is the
mapping's source: the catalog is written from it, so the three read the same files.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path

from rdflib import OWL, Graph, URIRef

from treaty_kg.errors import InputError
from treaty_kg.ontology.modules import load_modules, module_path, top_file
from treaty_kg.rdf.load import parse_into

NAMESPACE = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


def catalog_xml(entries: Mapping[str, str]) -> bytes:
    """A catalog mapping each IRI to a file name relative to the catalog, sorted by IRI."""
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(f"{{{NAMESPACE}}}catalog", prefer="public")
    for iri in sorted(entries):
        ET.SubElement(root, f"{{{NAMESPACE}}}uri", name=iri, uri=entries[iri])
    ET.indent(root, space="    ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def read_catalog(path: Path) -> dict[str, Path]:
    """IRI -> local file of every `uri` entry (also inside `group`), resolved against the catalog's
    folder and any `xml:base`, as Protégé's and ROBOT's catalog readers do."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"{path}: not a readable XML catalog: {exc}") from None
    mapping: dict[str, Path] = {}

    def walk(element: ET.Element, base: Path) -> None:
        base = base / element.get(_XML_BASE, "")
        for child in element:
            if child.tag == f"{{{NAMESPACE}}}uri" and child.get("name") and child.get("uri"):
                mapping[child.get("name", "")] = (base / child.get("uri", "")).resolve()
            elif child.tag == f"{{{NAMESPACE}}}group":
                walk(child, base)

    walk(root, path.parent)
    return mapping


def open_through_catalog(top: Path, catalog: Path) -> dict[str, Graph]:
    """The top file and every ontology it imports, transitively, each import read from the file
    the catalog maps it to; an import the catalog does not map is an error (a tool would go to
    the web). Keyed by the IRI it was imported as (the top file by its path)."""
    mapping = read_catalog(catalog)
    graphs: dict[str, Graph] = {}
    pending: list[tuple[str, Path]] = [(str(top), top)]
    while pending:
        key, path = pending.pop()
        if key in graphs:
            continue
        graph = parse_into(Graph(), path)
        graphs[key] = graph
        for iri in sorted(str(o) for o in graph.objects(None, OWL.imports) if isinstance(o, URIRef)):
            target = mapping.get(iri)
            if target is None or not target.is_file():
                raise InputError(f"{path}: owl:imports <{iri}>: {catalog} maps it to no file")
            pending.append((iri, target))
    return graphs


def source_catalog(top: Path) -> bytes:
    """The catalog for the editors' folder: every module the top file reaches, by its module IRI,
    mapped as the package's loader maps it (`treaty_kg.ontology.module_path`)."""
    entries: dict[str, str] = {}
    for path, graph in load_modules([top]).items():
        for iri in graph.objects(None, OWL.imports):
            target = module_path(str(iri), path.parent)
            if target is not None:
                entries[str(iri)] = os.path.relpath(target, top.parent)
    return catalog_xml(entries)


if __name__ == "__main__":  # python -m treaty_kg.release.catalog: rewrite ontology/catalog-v001.xml
    top = top_file()
    (top.parent / "catalog-v001.xml").write_bytes(source_catalog(top))
