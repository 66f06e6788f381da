"""Protégé and ROBOT open the top file through `catalog-v001.xml` beside it.

Neither can run here (Java and a jar from Maven Central are out of reach), so this resolves the
imports the way their XMLCatalog readers do, with no treaty_kg code: read every `<uri name uri>`
of the OASIS catalog beside the opened file (relative to the catalog), parse the file, and for each
`owl:imports` load the file the catalog maps it to, or fail (the tool would go to the web).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from rdflib import OWL, RDF, Graph, URIRef
from rdflib.compare import isomorphic

from treaty_kg.ontology.modules import load_ontology
from treaty_kg.release.catalog import source_catalog

CATALOG = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"


def open_like_protege(top: Path) -> dict[str, Graph]:
    """IRI (or the top file's path) -> graph, every import read through the catalog beside `top`."""
    catalog = ET.parse(top.parent / "catalog-v001.xml").getroot()
    assert catalog.tag == f"{CATALOG}catalog"
    mapping = {e.get("name"): top.parent / e.get("uri", "") for e in catalog.iter(f"{CATALOG}uri")}
    opened: dict[str, Graph] = {}
    todo = [(str(top), top)]
    while todo:
        key, path = todo.pop()
        if key in opened:
            continue
        opened[key] = Graph().parse(path, format="turtle")
        for iri in opened[key].objects(None, OWL.imports):
            assert str(iri) in mapping, f"{path.name} imports <{iri}>, which the catalog does not map"
            assert mapping[str(iri)].is_file(), f"the catalog maps <{iri}> to a missing file"
            todo.append((str(iri), mapping[str(iri)]))
    return opened


def test_editors_folder_opens_through_its_catalog(root: Path) -> None:
    opened = open_like_protege(root / "ontology" / "treaty-kg.ttl")
    assert len(opened) == len(list((root / "ontology").glob("*.ttl")))  # every module file, each once
    union = Graph()
    for graph in opened.values():
        union += graph
    assert isomorphic(union, load_ontology())  # what the package's loader reads
    for iri, graph in opened.items():  # each import is answered by the ontology it names
        if iri.startswith("https://"):
            assert (URIRef(iri), RDF.type, OWL.Ontology) in graph


def test_editors_catalog_is_the_one_the_loader_implies(root: Path) -> None:
    written = (root / "ontology" / "catalog-v001.xml").read_bytes()
    assert written == source_catalog(root / "ontology" / "treaty-kg.ttl"), (
        "ontology/catalog-v001.xml is stale: run python -m treaty_kg.release.catalog"
    )


def test_release_modules_open_through_their_catalog(fresh: Path) -> None:
    opened = open_like_protege(fresh / "module" / "treaty-kg.ttl")
    assert len(opened) == 9
    for iri in opened:  # a release imports its own modules by their version IRIs
        assert iri.startswith(("https://w3id.org/treaty-kg/releases/0.2.0/module/", str(fresh)))
        if iri.startswith("https://"):
            assert (URIRef(iri), RDF.type, OWL.Ontology) not in opened[iri]
            assert (None, OWL.versionIRI, URIRef(iri)) in opened[iri]
    merged = Graph().parse(fresh / "ontology.ttl", format="turtle")
    terms = {s for s in merged.subjects() if isinstance(s, URIRef) and "/ontology/" in s}
    union = Graph()
    for graph in opened.values():
        union += graph
    assert terms <= set(union.subjects())
