"""`validate`'s progress: drawn for a person at a terminal, never in logs, CI or with --quiet;
and its counts said by severity."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from treaty_kg.cli import main
from treaty_kg.progress import Steps, live_allowed


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_live_only_at_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert live_allowed(_Terminal())
    assert not live_allowed(io.StringIO())  # a pipe or a file
    monkeypatch.setenv("CI", "true")
    assert not live_allowed(_Terminal())


def test_steps_are_named_and_timed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    screen = _Terminal()
    steps = Steps("validate", stream=screen)
    with steps.step("loading"):
        pass
    with steps.step("validating"):
        pass
    lines = [line for line in screen.getvalue().splitlines() if line.rstrip().endswith(" s")]
    assert "validate: loading" in lines[0] and "validate: validating" in lines[-1]


def test_validate_in_a_pipe_prints_only_the_report(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == "" and out.startswith("{")


def test_summary_counts_by_severity(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate"])
    last = capsys.readouterr().out.rstrip().splitlines()[-1]
    assert last.startswith("PASS: 0 violations, ") and " warning" in last and " info" in last
