"""Fixtures of the ontology-check tests: where the tiny fixture ontologies are."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def check_fixtures() -> Path:
    """`fixtures/<check>/pass.ttl` passes that check; each `fail*.ttl` fails it."""
    return HERE / "fixtures"
