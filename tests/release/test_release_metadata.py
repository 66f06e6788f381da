"""The version people see is the same everywhere: the changelog's newest release, the source
ontology's version, the citation file and the committed release folder."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import OWL, Graph, Literal, URIRef

from treaty_kg.release.changelog import read_entries

ONTOLOGY = URIRef("https://w3id.org/treaty-kg/ontology")


def test_source_citation_and_releases_name_the_newest_changelog_version(root: Path) -> None:
    newest = read_entries(root / "ontology" / "CHANGELOG.md")[0]
    assert newest.date is not None
    top = Graph().parse(root / "ontology" / "treaty-kg.ttl", format="turtle")
    assert top.value(ONTOLOGY, OWL.versionInfo) == Literal(newest.version)
    assert top.value(ONTOLOGY, OWL.versionIRI) == URIRef(f"https://w3id.org/treaty-kg/releases/{newest.version}/ontology")
    citation = (root / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(rf"^version: {re.escape(newest.version)}$", citation, re.M)
    assert f'date-released: "{newest.date.isoformat()}"' in citation
    assert f"https://w3id.org/treaty-kg/releases/{newest.version}/ontology" in citation
    assert (root / "releases" / newest.version / "ontology.ttl").is_file()
