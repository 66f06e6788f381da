"""`validate`'s progress: drawn for a person at a terminal, never in logs, CI or with --quiet;
and its counts said by severity."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from treaty_kg.cli import main
from treaty_kg.validation.progress import Progress, shown


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_shown_only_at_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert shown(stream=_Terminal())
    assert not shown(quiet=True, stream=_Terminal())
    assert not shown(stream=io.StringIO())  # a pipe or a file
    monkeypatch.setenv("CI", "true")
    assert not shown(stream=_Terminal())


def test_steps_are_numbered_and_timed() -> None:
    screen = _Terminal()
    progress = Progress(total=2, console=Console(file=screen, force_terminal=True, width=100))
    with progress.step("loading"):
        pass
    with progress.step("validating"):
        pass
    lines = [line for line in screen.getvalue().splitlines() if "s)" in line]
    assert "[1/2] loading" in lines[0] and "[2/2] validating" in lines[-1]


def test_validate_in_a_pipe_prints_only_the_report(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == "" and out.startswith("{")


def test_summary_counts_by_severity(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate"])
    last = capsys.readouterr().out.rstrip().splitlines()[-1]
    assert last.startswith("PASS: 0 violations, ") and " warning" in last and " info" in last
