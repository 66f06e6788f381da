"""What a long command is doing, for a person at a terminal: `[2/4] validating (pyshacl-turbo)…`
with a spinner, then a line with the step's time once it is done.

Quiet when asked (`--quiet`), when stderr is not a terminal (pipes, files) and in CI (`CI` set, as
GitHub Actions, GitLab CI and most others do): logs then hold only the report and the summary.
rich draws the spinner and clears it, so the terminal keeps one line per finished step. Written for
`validate`; the build and check-ontology can use it as they are (nothing here is about SHACL).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console


def shown(quiet: bool = False, stream: TextIO | None = None) -> bool:
    """True when progress should be drawn: not quiet, a terminal, not CI."""
    stream = sys.stderr if stream is None else stream
    return not quiet and stream.isatty() and not os.environ.get("CI")


class Progress:
    """Numbered steps on stderr; does nothing when not `shown` (or when given no console)."""

    def __init__(self, total: int, quiet: bool = False, console: Console | None = None) -> None:
        self.total = total
        self.done = 0
        if console is None and shown(quiet):
            console = Console(stderr=True)
        self.console = console

    @contextmanager
    def step(self, text: str) -> Iterator[None]:
        self.done += 1
        if self.console is None:
            yield
            return
        label = f"[{self.done}/{self.total}] {text}"
        start = time.perf_counter()
        with self.console.status(f"{label}…"):
            yield
        self.console.print(f"{label} [dim]({time.perf_counter() - start:.1f} s)[/dim]", highlight=False)
