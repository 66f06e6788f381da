"""`treaty-kg validate` as CI uses it: exit codes, messages, and every report format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from treaty_kg.cli import main

VIOLATING = """\
@prefix tkg: <https://w3id.org/treaty-kg/ontology/> .
@prefix id: <https://w3id.org/treaty-kg/id/> .
@prefix fact: <https://w3id.org/treaty-kg/fact/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

id:ceremony a tkg:SigningCeremony ;
    skos:prefLabel "Signing ceremony"@en, "Cérémonie de signature"@fr .

fact:participation-without-agent a tkg:Participation ;
    tkg:inEvent id:ceremony .
"""

ONLY_WARNINGS = """\
@prefix tkg: <https://w3id.org/treaty-kg/ontology/> .
@prefix id: <https://w3id.org/treaty-kg/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

id:someone a tkg:Person ; skos:prefLabel "Someone"@en, "Quelqu'un"@fr, "Ai đó"@vi .
"""


@pytest.fixture()
def violating(tmp_path: Path) -> Path:
    path = tmp_path / "violating.ttl"
    path.write_text(VIOLATING, encoding="utf-8")
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["validate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_project_graph_passes_the_pre_commit_hook(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hook = (root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: treaty-kg-validate" in hook
    entry = next(line.split(":", 1)[1].split() for line in hook.splitlines() if line.strip().startswith("entry:"))
    assert entry[:2] == ["treaty-kg", "validate"]
    code = main(entry[1:])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.rstrip().splitlines()[-1].startswith("PASS: 0 violations")


def test_violating_file_exits_1_with_the_shape_message(violating: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(violating)], capsys)
    assert code == 1
    assert "fact:participation-without-agent\n" in out
    assert "VIOLATION: A participation needs exactly one agent: the person or body that took part" in out
    assert "VIOLATION: A participation needs a role (tkg:role)" in out
    assert "path tkg:role" in out
    assert out.rstrip().splitlines()[-1].startswith("FAIL: ")


def test_broken_turtle_exits_2_with_position(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix id: <https://w3id.org/treaty-kg/id/> .\nid:a id:b id:c .\nid:e id:f .\n", encoding="utf-8")
    code, out, err = run([str(broken)], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"treaty-kg: error: {broken}:") and "Traceback" not in err
    line = int(err.split(f"{broken}:")[1].split(":")[0])
    assert line == 3  # the statement missing its object


def test_missing_file_and_bad_shapes_folder_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([str(tmp_path / "absent.ttl")], capsys)
    assert (code, "no such file" in err) == (2, True)
    code, _, err = run(["--shapes", str(tmp_path / "no-shapes")], capsys)
    assert (code, "no such shapes file or folder" in err) == (2, True)
    code, _, err = run(["--ontology", str(tmp_path / "absent.ttl")], capsys)
    assert (code, "absent.ttl: no such file" in err) == (2, True)


def test_fail_on_sets_the_threshold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "warnings.ttl"
    data.write_text(ONLY_WARNINGS, encoding="utf-8")
    code, out, _ = run([str(data)], capsys)
    assert code == 0 and "WARNING: This entity cites no mention" in out
    assert run([str(data), "--fail-on", "warning"], capsys)[0] == 1
    assert run([str(data), "--fail-on", "info"], capsys)[0] == 1


def test_json_lists_each_result(violating: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(violating), "--format", "json"], capsys)
    report = json.loads(out)
    assert code == 1 and report["fails"] is True and report["conforms"] is False
    roles = [r for r in report["results"] if r["path"] == "https://w3id.org/treaty-kg/ontology/role"]
    assert roles and roles[0]["focusNode"] == "https://w3id.org/treaty-kg/fact/participation-without-agent"
    assert roles[0]["constraintComponent"] == "http://www.w3.org/ns/shacl#MinCountConstraintComponent"
    assert report["counts"]["violation"] == sum(r["severity"] == "violation" for r in report["results"])


def test_turtle_is_the_shacl_report(violating: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run([str(violating), "--format", "turtle"], capsys)
    report = Graph().parse(data=out, format="turtle")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(False)
    focus = {report.value(r, SH.focusNode) for r in report.objects(node, SH.result)}
    assert URIRef("https://w3id.org/treaty-kg/fact/participation-without-agent") in focus


def test_junit_has_one_testcase_per_shape(violating: Path, shapes: Graph, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(violating), "--format", "junit"], capsys)
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    for attribute in ("name", "tests", "failures", "errors", "skipped", "time", "timestamp", "hostname"):
        assert suite.get(attribute) is not None, attribute
    cases = suite.findall("testcase")
    assert int(suite.get("tests")) == len(cases) == len({c.get("name") for c in cases})
    assert all(c.get("classname") and c.get("name") for c in cases)
    assert all(len(c.findall("failure")) <= 1 for c in cases), "strict JUnit readers allow one failure per test case"
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert int(suite.get("failures")) == len(failed) and "tkgsh:ParticipationShape" in failed
    assert "tkgsh:MentionShape" in {c.get("name") for c in cases} - failed
    failure = next(c for c in cases if c.get("name") == "tkgsh:ParticipationShape").find("failure")
    assert failure.get("message") and "fact:participation-without-agent" in failure.text


def test_sarif_is_valid_and_points_at_the_subject_line(violating: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([str(violating), "--format", "sarif"], capsys)
    log = json.loads(out)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    run_ = log["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] and isinstance(driver["rules"], list)
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert run_["results"]
    for result in run_["results"]:
        assert result["ruleId"] in rule_ids and rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note", "none"}
        assert result["message"]["text"]
    located = [r for r in run_["results"] if "participation-without-agent" in r["properties"]["focusNode"]]
    physical = located[0]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"].endswith("violating.ttl")
    assert (
        physical["region"]["startLine"]
        == VIOLATING.splitlines().index("fact:participation-without-agent a tkg:Participation ;") + 1
    )


def test_output_file_gets_the_report_and_stderr_the_summary(
    violating: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "results.sarif"
    code, out, err = run([str(violating), "--format", "sarif", "--output", str(target)], capsys)
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert err.startswith("FAIL: ")


BAD_MENTION = """\
@prefix tkg: <https://w3id.org/treaty-kg/ontology/> .
@prefix mention: <https://w3id.org/treaty-kg/mention/> .
@prefix source: <https://w3id.org/treaty-kg/source/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix schema: <https://schema.org/> .

source:s a tkg:NewsArticle ; schema:text "Hello world." .

mention:s\\/0-5 a tkg:Mention ; oa:hasSource source:s ;
    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Hello" ] ,
        [ a oa:TextPositionSelector ; oa:start 7 ; oa:end 2 ] .
"""


def test_sarif_locates_escaped_names_and_blank_nodes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "mention.ttl"
    data.write_text(BAD_MENTION, encoding="utf-8")
    _, out, _ = run([str(data), "--format", "sarif"], capsys)
    lines = {
        r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in json.loads(out)["runs"][0]["results"]
    }
    mention_line = BAD_MENTION.splitlines().index("mention:s\\/0-5 a tkg:Mention ; oa:hasSource source:s ;") + 1
    assert lines["tkgsh:MentionShape"] == mention_line  # the prefixed name with an escaped "/"
    assert lines["tkgsh:PositionSelectorShape"] == mention_line  # the selector is a blank node of the mention
    assert lines["tkgsh:SourceShape"] == 7


@pytest.mark.parametrize(
    "shape, reason",
    [
        ("sh:property [ sh:minCount 1 ]", "sh:minCount requires a property shape"),
        ('sh:sparql [ sh:select "SELECT $this WHERE { $this ?p }" ]', "a SHACL-SPARQL query does not parse"),
    ],
)
def test_malformed_shapes_exit_2(
    shape: str, reason: str, tmp_path: Path, violating: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "shapes"
    folder.mkdir()
    (folder / "bad.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        f"<urn:x:S> a sh:NodeShape ; sh:targetClass <https://w3id.org/treaty-kg/ontology/Participation> ; {shape} .\n",
        encoding="utf-8",
    )
    code, out, err = run([str(violating), "--shapes", str(folder)], capsys)
    assert (code, out) == (2, "")
    assert err.startswith("treaty-kg: error: shapes: ") and reason in err and "Traceback" not in err
