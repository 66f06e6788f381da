"""`treaty-kg check-ontology` as editors run it: exit codes, report lines, syntax errors, the loader."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from treaty_kg.cli import main
from treaty_kg.errors import InputError
from treaty_kg.ontology.modules import load_ontology, ontology_files

MODULE = "https://w3id.org/treaty-kg/module/"


@pytest.fixture
def clean_ontology(check_fixtures: Path, tmp_path: Path) -> Path:
    """A copy of the clean two-file ontology that a test may spoil; returns its top file."""
    folder = tmp_path / "ontology"
    shutil.copytree(check_fixtures / "clean-ontology", folder)
    return folder / "treaty-kg.ttl"


def test_clean_ontology_exits_0(clean_ontology: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-ontology", str(clean_ontology)]) == 0
    out = capsys.readouterr().out
    assert "check-ontology: clean:" in out
    assert "over 2 files" in out  # the imported module was loaded too


def test_findings_exit_1_with_file_term_message_check(clean_ontology: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = clean_ontology.parent / "agent.ttl"
    module.write_text(module.read_text(encoding="utf-8").replace('"personne"@fr', '"personne"@de'), encoding="utf-8")
    assert main(["check-ontology", str(clean_ontology)]) == 1
    lines = capsys.readouterr().out.splitlines()
    # The finding names the module that declares the term, not the top file that was given.
    assert f"{module}: tkg:Person: no rdfs:label in language @fr [label-en-fr]" in lines
    assert lines[-1].startswith("check-ontology: 1 findings from 1 of ")


def test_json_report(clean_ontology: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = clean_ontology.parent / "agent.ttl"
    module.write_text(module.read_text(encoding="utf-8").replace("schema:Person", "schema:Persn"), encoding="utf-8")
    assert main(["check-ontology", "--format", "json", str(clean_ontology)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["findings"] == [
        {
            "file": str(module),
            "term": "schema:Persn",
            "message": "not a term of <https://schema.org/> (checked against ontology/vocab/schema.txt)",
            "check": "standard-terms",
        }
    ]
    assert report["summary"]["files"] == 2
    assert {"rl-union-superclass", "label-en-fr", "standard-terms", "reasoner"} <= set(report["checks"])


def test_turtle_syntax_error_exits_2_with_position(clean_ontology: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = clean_ontology.parent / "agent.ttl"
    text = module.read_text(encoding="utf-8").replace('"member of"@en', '"member of@en', 1)
    module.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if '"member of@en' in t)
    assert main(["check-ontology", str(clean_ontology)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"treaty-kg: error: {module}:{line}:")
    assert "Traceback" not in captured.err


def test_syntax_error_position_counts_characters_not_bytes(clean_ontology: Path, capsys: pytest.CaptureFixture[str]) -> None:
    module = clean_ontology.parent / "agent.ttl"
    # Accented French before the error: counted in bytes, the position would move a line up.
    text = module.read_text(encoding="utf-8") + 'tkg:Ministry rdfs:comment "%s"@fr .\ntkg:X ,, .\n' % ("é" * 40)
    module.write_text(text, encoding="utf-8")
    line = len(text.splitlines())
    assert main(["check-ontology", str(clean_ontology)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"treaty-kg: error: {module}:{line}:")


def test_import_without_local_file_exits_2_naming_iri_and_importer(
    clean_ontology: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (clean_ontology.parent / "agent.ttl").unlink()
    assert main(["check-ontology", str(clean_ontology)]) == 2
    err = capsys.readouterr().err
    assert f"{clean_ontology}: owl:imports <{MODULE}agent>: no local file" in err


def test_external_import_is_never_fetched(tmp_path: Path) -> None:
    top = tmp_path / "treaty-kg.ttl"
    top.write_text(
        "<https://w3id.org/treaty-kg/ontology> <http://www.w3.org/2002/07/owl#imports> <http://www.w3.org/ns/prov-o> .\n"
    )
    with pytest.raises(InputError, match=r"owl:imports <http://www.w3.org/ns/prov-o>: no local file"):
        ontology_files(top)


@pytest.mark.parametrize(
    ("query", "where", "reason"),
    [
        ("# a broken check\nSELECT ?term ?message WHERE {\n  ?term ?p \n", ":4:1: ", "SPARQL syntax error, expected one of"),
        ("SELECT ?term WHERE { ?term ?p ?o }\n", ": ", "a check must select ?term and ?message (missing: ?message)"),
        ("ASK { ?s ?p ?o }\n", ": ", "a check must be a SELECT query"),
    ],
)
def test_broken_check_exits_2(
    query: str, where: str, reason: str, clean_ontology: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "broken.rq").write_text(query)
    assert main(["check-ontology", "--checks", str(checks), str(clean_ontology)]) == 2
    err = capsys.readouterr().err
    assert f"{checks / 'broken.rq'}{where}" in err
    assert reason in err


def test_extra_check_folder_runs_editor_checks(clean_ontology: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "no-disjointness.rq").write_text(
        "# no-disjointness: an editor's own rule, to show the folder is extensible.\n"
        "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
        'SELECT ?term ?message WHERE { ?term owl:disjointWith ?other . BIND("uses owl:disjointWith" AS ?message) }\n'
    )
    assert main(["check-ontology", "--checks", str(checks), str(clean_ontology)]) == 1
    out = capsys.readouterr().out
    assert ": tkg:Person: uses owl:disjointWith [no-disjointness]" in out
    assert "[label-en-fr]" not in out  # --checks replaces the default folder


def test_loader_follows_imports_recursively(clean_ontology: Path) -> None:
    module = clean_ontology.parent / "agent.ttl"
    module.write_text(
        module.read_text(encoding="utf-8") + f"<{MODULE}agent> <http://www.w3.org/2002/07/owl#imports> <{MODULE}event> .\n",
        encoding="utf-8",
    )
    (clean_ontology.parent / "event.ttl").write_text(
        "<https://w3id.org/treaty-kg/ontology/Event> a <http://www.w3.org/2002/07/owl#Class> .\n"
    )
    assert [p.name for p in ontology_files(clean_ontology)] == ["treaty-kg.ttl", "agent.ttl", "event.ttl"]
    graph = load_ontology(clean_ontology)
    assert len(graph) == 32 + 2


def test_reasoner_check_with_owlrl_on_request(check_fixtures: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixture = str(check_fixtures / "reasoner" / "fail-inconsistent.ttl")
    assert main(["check-ontology", fixture, "--quiet"]) == 1
    assert (
        "the reasoner reports an inconsistency: [cax-dw] Disjoint classes tkg:Person and tkg:Organization"
        in capsys.readouterr().out
    )
    assert main(["check-ontology", fixture, "--quiet", "--reasoner", "owlrl"]) == 1
    assert "owlrl reports an inconsistency" in capsys.readouterr().out


def test_progress_on_stderr_unless_quiet(clean_ontology: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-ontology", str(clean_ontology)]) == 0
    err = capsys.readouterr().err
    assert "check-ontology: load" in err and "check-ontology: run checks" in err and "0 findings" in err
    assert main(["check-ontology", str(clean_ontology), "--quiet"]) == 0
    assert capsys.readouterr().err == ""
