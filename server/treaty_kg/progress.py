"""Progress of a long command: a live line on a terminal, one summary line per step elsewhere.

`treaty-kg build` and `check-ontology` take seconds to minutes on a big graph; people at a terminal
should see which step runs and how far it is (rich draws it). In CI or a pipe the live display is
off (it would only fill logs with redraws) and each step says once, when done, what it did and how
long it took. `--quiet` silences both.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn


def live_allowed(stream: TextIO) -> bool:
    """A live display only on an interactive terminal, and never in CI (`CI` set, as every CI sets it)."""
    return stream.isatty() and not os.environ.get("CI")


class Step:
    """One running step: `note` is printed after its time; `advance(what, done, total)` moves its bar."""

    def __init__(self, progress: Progress | None, task: TaskID | None):
        self._progress = progress
        self._task = task
        self.note = ""

    def advance(self, what: str, done: int, total: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=done, total=total, detail=what)


class Steps:
    """Times each step of a command; reports on stderr as `live_allowed` and `quiet` say."""

    def __init__(self, command: str, quiet: bool = False, stream: TextIO | None = None):
        self.command = command
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.seconds: dict[str, float] = {}
        self._live = not quiet and live_allowed(self.stream)

    @contextmanager
    def step(self, name: str) -> Iterator[Step]:
        start = time.perf_counter()
        if self._live:
            console = Console(file=self.stream)
            columns = (
                SpinnerColumn(),
                TextColumn(f"{self.command}: {name}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[detail]}"),
                TimeElapsedColumn(),
            )
            with Progress(*columns, console=console, transient=True) as progress:
                task = progress.add_task(name, total=None, detail="")
                step = Step(progress, task)
                yield step
        else:
            step = Step(None, None)
            yield step
        elapsed = time.perf_counter() - start
        self.seconds[name] = round(elapsed, 4)
        if not self.quiet:
            extra = f" ({step.note})" if step.note else ""
            print(f"{self.command}: {name:<18} {elapsed:8.2f} s{extra}", file=self.stream, flush=True)
