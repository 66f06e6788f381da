"""The project's own ontology passes every check (what CI runs with `treaty-kg check-ontology`)."""

from __future__ import annotations

from treaty_kg.ontology.checks import checks_dir, load_checks, run_checks
from treaty_kg.ontology.modules import load_modules, ontology_files, top_file


def test_project_ontology_imports_every_module() -> None:
    modules = {p.name for p in top_file().parent.glob("*.ttl")}
    assert {p.name for p in ontology_files()} == modules


def test_project_ontology_is_clean() -> None:
    findings = run_checks(load_modules([top_file()]), load_checks([checks_dir()]))
    assert [f.line() for f in findings] == []
