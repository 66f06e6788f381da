"""What importers and editors rely on in a release: its version metadata, one graph in four
formats, documentation in English and French, versioned shapes, and checks that refuse a
broken release."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from rdflib import DCTERMS, OWL, RDF, Graph, Literal, URIRef
from rdflib.namespace import SDO, XSD

from treaty_kg.errors import InputError
from treaty_kg.rdf.load import parse_into
from treaty_kg.release.changelog import release_of
from treaty_kg.release.docs import documentation_graph

ONTOLOGY = URIRef("https://w3id.org/treaty-kg/ontology")
RELEASES = "https://w3id.org/treaty-kg/releases/"


@pytest.fixture(scope="module")
def merged(fresh: Path) -> Graph:
    return Graph().parse(fresh / "ontology.ttl", format="turtle")


def test_version_metadata_of_the_merged_ontology(merged: Graph, root: Path) -> None:
    assert set(merged.subjects(RDF.type, OWL.Ontology)) == {ONTOLOGY}  # module headers merged away
    assert merged.value(ONTOLOGY, OWL.versionIRI) == URIRef(RELEASES + "0.2.0/ontology")
    assert merged.value(ONTOLOGY, OWL.versionInfo) == Literal("0.2.0")
    assert merged.value(ONTOLOGY, OWL.priorVersion) == URIRef(RELEASES + "0.1.0/ontology")
    changelog = release_of(root / "ontology" / "CHANGELOG.md", "0.2.0")
    assert merged.value(ONTOLOGY, DCTERMS.modified) == Literal(changelog.date.isoformat(), datatype=XSD.date)
    assert not list(merged.objects(ONTOLOGY, OWL.imports))
    creators = list(merged.objects(ONTOLOGY, DCTERMS.creator))
    assert creators and all(isinstance(c, URIRef) and merged.value(c, SDO.name) for c in creators)


def test_four_formats_hold_one_graph(fresh: Path, merged: Graph, isomorphic) -> None:
    for ext in ("rdf", "nt", "jsonld"):  # read as the project reads RDF files (rdf.load)
        assert isomorphic(parse_into(Graph(), fresh / f"ontology.{ext}"), merged), ext
    assert len(merged) > 3000


def test_modules_and_shapes_carry_the_release_version(fresh: Path, root: Path, isomorphic) -> None:
    for path in (fresh / "module").glob("*.ttl"):
        graph = Graph().parse(path, format="turtle")
        (header,) = graph.subjects(RDF.type, OWL.Ontology)
        expected = RELEASES + ("0.2.0/ontology" if header == ONTOLOGY else f"0.2.0/module/{path.stem}")
        assert graph.value(header, OWL.versionIRI) == URIRef(expected), path.name
        assert graph.value(header, OWL.versionInfo) == Literal("0.2.0")
    shapes = Graph().parse(fresh / "shapes.ttl", format="turtle")
    header = URIRef("https://w3id.org/treaty-kg/shapes/")
    assert shapes.value(header, OWL.versionIRI) == URIRef(RELEASES + "0.2.0/shapes")
    for predicate in (OWL.versionIRI, OWL.versionInfo, DCTERMS.modified):
        shapes.remove((header, predicate, None))
    source = Graph()
    for path in (root / "shapes").glob("*.ttl"):
        source.parse(path, format="turtle")
    assert isomorphic(shapes, source)  # the constraints as the project validates with them


def test_documentation_shows_english_and_french_labels_with_definitions(fresh: Path) -> None:
    html = (fresh / "ontology.html").read_text(encoding="utf-8")
    assert "person · personne" in html  # a heading: the English, then the French label
    assert "<strong>en</strong> An agent that is a human being." in html
    assert "Labels: person (en), personne (fr), người (vi)" in html
    assert "ontologie treaty-kg" in html and "0.2.0" in html
    assert "<script src=" not in html and 'rel="stylesheet"' not in html  # one self-contained page


def test_release_date_comes_from_the_changelog_or_source_date_epoch(tmp_path: Path, monkeypatch) -> None:
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# x\n\n## [0.3.0] - Unreleased\n\n## [0.2.0] - 2026-11-30\n\n## [0.1.0] - 2026-11-24\n")
    assert release_of(changelog, "0.2.0").date == date(2026, 11, 30)
    assert release_of(changelog, "0.2.0").prior == "0.1.0"
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with pytest.raises(InputError, match="no date"):
        release_of(changelog, "0.3.0")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01
    assert release_of(changelog, "0.3.0") == type(release_of(changelog, "0.2.0"))("0.3.0", date(2026, 12, 1), "0.2.0")


def test_documentation_anchors_are_unique_and_every_internal_link_lands(fresh: Path) -> None:
    html = (fresh / "ontology.html").read_text(encoding="utf-8")
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert set(re.findall(r'href="#([^"]+)"', html)) <= set(ids)
    assert 'id="content1"' in html  # tkg:content, beside pyLODE's own <div id="content">


def test_documentation_copy_names_each_definition_by_its_language() -> None:
    term = URIRef("https://w3id.org/treaty-kg/ontology/Treaty")
    source = Graph().parse(
        data="""
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        <https://w3id.org/treaty-kg/ontology/Treaty> a owl:Class ;
            rdfs:label "treaty"@en, "traité"@fr, "điều ước"@vi ;
            skos:definition "An agreement between states."@en, "Un accord entre États."@fr .
        <https://schema.org/Legislation> a owl:Class ; rdfs:label "legislation"@en .
        """,
        format="turtle",
    )
    doc = documentation_graph(source)
    assert doc.value(term, DCTERMS.title) == Literal("treaty · traité")
    assert str(doc.value(term, DCTERMS.description)) == (
        "**en** An agreement between states.\n\n**fr** Un accord entre États.\n\nLabels: treaty (en), traité (fr), điều ước (vi)"
    )
    assert (URIRef("https://schema.org/Legislation"), RDF.type, OWL.Class) not in doc  # linked, not documented as ours
