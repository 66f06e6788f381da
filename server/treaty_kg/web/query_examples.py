"""The competency-question queries of `queries/*.rq`, offered as examples on the query page.

A query file names itself in a comment line `# title: …`; a file without one is
listed under its file name, so a new query shows up without further work.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

TITLE_PREFIX = "# title:"


@dataclass(frozen=True)
class Example:
    name: str  # the file's stem, e.g. cq02-chair-of-signing-ceremony
    title: str
    query: str


def read_examples(directory: Path) -> list[Example]:
    """Every `*.rq` file of the folder, sorted by file name (so CQ01 comes first)."""
    if not directory.is_dir():
        return []
    examples = []
    for path in sorted(directory.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        title = next(
            (line[len(TITLE_PREFIX) :].strip() for line in text.splitlines() if line.lower().startswith(TITLE_PREFIX)),
            path.stem,
        )
        examples.append(Example(path.stem, title or path.stem, text))
    return examples
