"""Each check passes its `pass.ttl` fixture and reports each `fail*.ttl` with the expected message."""

from __future__ import annotations

from pathlib import Path

import pytest

from treaty_kg.ontology.checks import PYTHON_CHECKS, Finding, checks_dir, load_check, load_checks, run_checks
from treaty_kg.ontology.modules import load_modules

# (check, fixture) -> (term, part of the message) that the check must report.
EXPECTED: dict[tuple[str, str], tuple[str, str]] = {
    ("rl-union-superclass", "fail.ttl"): ("tkg:Actor", "owl:unionOf as a superclass is outside OWL 2 RL"),
    ("rl-union-superclass", "fail-equivalent.ttl"): ("tkg:Actor", "owl:unionOf in owl:equivalentClass"),
    ("rl-union-domain-range", "fail.ttl"): ("tkg:chair", "owl:unionOf as rdfs:range is outside OWL 2 RL"),
    ("rl-existential-superclass", "fail.ttl"): ("tkg:Event", "owl:someValuesFrom restriction as a superclass"),
    ("rl-existential-superclass", "fail-cardinality.ttl"): ("tkg:Participation", "owl:cardinality restriction as a superclass"),
    ("rl-cardinality-subclass", "fail.ttl"): ("tkg:MultilateralSigning", "owl:minCardinality restriction as a subclass"),
    ("rl-has-self", "fail.ttl"): ("tkg:SelfRepresenting", "owl:hasSelf is outside OWL 2 RL"),
    ("rl-datatype-facets", "fail.ttl"): ("tkg:value", "owl:withRestrictions"),
    ("rl-complement-subclass", "fail.ttl"): ("tkg:Person", "owl:complementOf as a subclass"),
    ("rl-allvalues-subclass", "fail.ttl"): ("tkg:Programme", "owl:allValuesFrom in owl:equivalentClass"),
    ("rl-oneof-superclass", "fail.ttl"): ("tkg:Qualifier", "owl:oneOf as a superclass"),
    ("rl-unsupported-axioms", "fail.ttl"): ("tkg:partOf", "owl:ReflexiveProperty is outside OWL 2 RL"),
    ("no-merging-axioms", "fail.ttl"): ("tkg:holder", "owl:FunctionalProperty makes the reasoner merge individuals"),
    ("no-merging-axioms", "fail-max-cardinality.ttl"): ("tkg:PostHolding", "owl:maxCardinality makes the reasoner merge"),
    ("no-merging-axioms", "fail-has-key.ttl"): ("tkg:StatedFigure", "owl:hasKey makes the reasoner merge"),
    ("label-en-fr", "fail.ttl"): ("tkg:Person", "no rdfs:label in language @fr"),
    ("label-en-fr", "fail-concept.ttl"): ("role:chair", "no rdfs:label or skos:prefLabel in language @en"),
    ("definition-en", "fail.ttl"): ("tkg:Person", "no skos:definition in language @en"),
    ("class-and-property", "fail.ttl"): (
        "tkg:chair",
        "declared both as a class (owl:Class) and as a property (owl:ObjectProperty)",
    ),
    ("named-domain-range", "fail.ttl"): ("tkg:place", "rdfs:range is an anonymous class expression"),
    ("undeclared-term", "fail.ttl"): ("tkg:Evnt", "used but not declared"),
    ("is-defined-by", "fail.ttl"): ("tkg:Event", "no rdfs:isDefinedBy"),
    ("is-defined-by", "fail-wrong.ttl"): (
        "tkg:Event",
        "rdfs:isDefinedBy <https://w3id.org/treaty-kg/module/event>, expected",
    ),
    ("one-label-per-language", "fail.ttl"): ("tkg:Person", "2 values of rdfs:label in language @en"),
    ("standard-terms", "fail.ttl"): ("schema:Persn", "not a term of <https://schema.org/>"),
    ("standard-terms", "fail-http-schema.ttl"): (
        "<http://schema.org/Person>",
        "namespace <http://schema.org/>: the project writes <https://schema.org/>",
    ),
    ("standard-terms", "fail-eli.ttl"): ("eli:hasPart", "not a term of <http://data.europa.eu/eli/ontology#>"),
    ("reasoner", "fail.ttl"): ("role:chair", "member of owl:Nothing"),
    ("reasoner", "fail-inconsistent.ttl"): (
        "<https://w3id.org/treaty-kg/ontology>",
        "the reasoner reports an inconsistency: [cax-dw] Disjoint classes",
    ),
}


def all_check_names() -> list[str]:
    return [c.name for c in load_checks([checks_dir()])] + list(PYTHON_CHECKS)


def findings_of(check: str, fixture: Path) -> list[Finding]:
    modules = load_modules([fixture])
    if check in PYTHON_CHECKS:
        return run_checks(modules, [], {check: PYTHON_CHECKS[check]})
    return run_checks(modules, [load_check(checks_dir() / f"{check}.rq")], {})


@pytest.mark.parametrize("check", all_check_names())
def test_every_check_has_a_passing_and_a_failing_fixture(check: str, check_fixtures: Path) -> None:
    folder = check_fixtures / check
    assert (folder / "pass.ttl").is_file()
    assert sorted(folder.glob("fail*.ttl")), f"{check}: no fail*.ttl fixture"
    assert all((check, p.name) in EXPECTED for p in folder.glob("fail*.ttl"))


@pytest.mark.parametrize("check", all_check_names())
def test_check_passes_its_pass_fixture(check: str, check_fixtures: Path) -> None:
    assert findings_of(check, check_fixtures / check / "pass.ttl") == []


@pytest.mark.parametrize(("check", "fixture"), sorted(EXPECTED))
def test_check_reports_its_fail_fixture(check: str, fixture: str, check_fixtures: Path) -> None:
    term, message = EXPECTED[check, fixture]
    path = check_fixtures / check / fixture
    findings = findings_of(check, path)
    assert findings, f"{check} found nothing in {fixture}"
    assert any(f.term == term and message in f.message for f in findings), [f.line() for f in findings]
    assert {f.check for f in findings} == {check}
    assert all(f.file.endswith(f"{check}/{fixture}") for f in findings)
