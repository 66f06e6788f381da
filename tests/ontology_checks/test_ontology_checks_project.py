"""The project's own ontology passes every check (what CI runs with `treaty-kg check-ontology`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from treaty_kg.check_ontology import checks_dir, load_checks, run_checks
from treaty_kg.ontology import load_modules, top_file


def test_project_ontology_is_clean(root: Path) -> None:
    if not (root / "ontology" / "treaty-kg.ttl").is_file():
        pytest.skip("ontology/treaty-kg.ttl is not written yet (issue 3, part 2)")
    findings = run_checks(load_modules([top_file()]), load_checks([checks_dir()]))
    assert [f.line() for f in findings] == []
