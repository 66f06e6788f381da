"""The checks `treaty-kg release` runs before a release replaces anything: they pass on the
release and fail on a release an importer could not use."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDFS, Graph, URIRef

from treaty_kg.cli import main
from treaty_kg.errors import InputError
from treaty_kg.release.build import check_catalog, check_closure, check_formats


def test_merged_file_gives_the_closure_of_the_modules(fresh: Path, merged_graph: Graph) -> None:
    assert check_closure(fresh, merged_graph) == []


def test_a_merged_file_that_lost_an_axiom_fails_the_closure_check(fresh: Path, merged_graph: Graph) -> None:
    lost = Graph()
    lost += merged_graph
    axiom = next(t for t in lost.triples((None, RDFS.subClassOf, None)) if isinstance(t[2], URIRef))
    lost.remove(axiom)
    (problem,) = check_closure(fresh, lost)
    assert problem.startswith("the OWL 2 RL closure differs")


def test_a_module_the_catalog_misses_fails_the_release(fresh: Path, merged_graph: Graph, tmp_path: Path) -> None:
    assert check_catalog(fresh, merged_graph) == []
    broken = tmp_path / "release"
    shutil.copytree(fresh, broken)
    catalog = broken / "module" / "catalog-v001.xml"
    text = catalog.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if "releases/0.2.0/module/legal" in x)
    catalog.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    with pytest.raises(InputError, match="releases/0.2.0/module/legal"):
        check_catalog(broken, merged_graph)


def test_a_module_that_lost_an_axiom_fails_the_release(fresh: Path, merged_graph: Graph, tmp_path: Path) -> None:
    broken = tmp_path / "release"
    shutil.copytree(fresh, broken)
    agent = broken / "module" / "agent.ttl"
    text = agent.read_text(encoding="utf-8")
    person = 'schema:Person,\n        tkg:Agent ;\n    skos:definition "An agent that is a human being."'
    assert person in text  # tkg:Person rdfs:subClassOf tkg:Agent, as the release writes it
    agent.write_text(
        text.replace(person, 'schema:Person ;\n    skos:definition "An agent that is a human being."'), encoding="utf-8"
    )
    assert check_catalog(broken, merged_graph) == [
        "the modules opened through the catalog do not hold the merged ontology's triples"
    ]


def test_a_format_that_lost_triples_fails_the_release(fresh: Path, merged_graph: Graph, tmp_path: Path) -> None:
    broken = tmp_path / "release"
    shutil.copytree(fresh, broken)
    lines = (broken / "ontology.nt").read_bytes().splitlines(keepends=True)
    (broken / "ontology.nt").write_bytes(b"".join(lines[1:]))
    assert check_formats(broken, merged_graph) == ["ontology.nt does not hold the merged ontology"]


@pytest.mark.parametrize(
    ("version", "message"),
    [("1.0", "expected MAJOR.MINOR.PATCH"), ("../0.2.0", "expected MAJOR.MINOR.PATCH"), ("9.9.9", "no entry for version 9.9.9")],
)
def test_release_refuses_a_version_it_cannot_publish(version: str, message: str, tmp_path: Path, capsys) -> None:
    assert main(["release", version, "--output", str(tmp_path / "out")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
