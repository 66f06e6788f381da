"""What reviewers decided for a source, so a second ingest does not propose it again.

`graph/candidates/<stem>.decisions.tsv`: one line per decision, `accepted` or `rejected`, the
candidate's IRI, the time (UTC) and a note. Candidate IRIs are made from what a candidate says
(source, agent, role, event; holder and post; figure and offset), so the same proposal from the
same text gets the same IRI and is recognised.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from treaty_kg import paths

DECISIONS = ("accepted", "rejected")


def decisions_file(stem: str) -> Path:
    return paths.graph_dir() / "candidates" / f"{stem}.decisions.tsv"


def read(stem: str) -> list[tuple[str, str, str, str]]:
    path = decisions_file(stem)
    if not path.is_file():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = (line.split("\t") + ["", "", "", ""])[:4]
        rows.append((parts[0], parts[1], parts[2], parts[3]))
    return rows


def decided(stem: str) -> set[str]:
    """IRIs of the candidates accepted or rejected for this source."""
    return {iri for decision, iri, _, _ in read(stem) if decision in DECISIONS}


def record(stem: str, decision: str, iri: str, note: str = "") -> None:
    if decision not in DECISIONS:
        raise ValueError(decision)
    path = decisions_file(stem)
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.is_file()
    with path.open("a", encoding="utf-8") as out:
        if new:
            out.write("# decision\tcandidate\ttime (UTC)\tnote\n")
        when = datetime.now(UTC).isoformat(timespec="seconds")
        out.write(f"{decision}\t{iri}\t{when}\t{note.replace(chr(9), ' ').replace(chr(10), ' ')}\n")
