"""The released versions and their dates, read from `ontology/CHANGELOG.md`.

The changelog follows Keep a Changelog: one `## [VERSION] - YYYY-MM-DD` heading per release,
newest first. It is the single source of a release's date (`dcterms:modified`, so a rebuild
gives the same bytes on any day) and of its prior version (`owl:priorVersion`). An entry
without a date (`## [0.3.0] - Unreleased`) takes its date from SOURCE_DATE_EPOCH, the
reproducible-builds convention, or is refused.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from treaty_kg.errors import InputError

_HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\](?:\s+-\s+(?P<date>\S+))?\s*$")


@dataclass(frozen=True)
class Entry:
    version: str
    date: date | None
    line: int


def read_entries(path: Path) -> list[Entry]:
    """The changelog's release entries, newest first, as written."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the changelog: {exc}") from None
    entries: list[Entry] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADING.match(line)
        if not match:
            continue
        written = match.group("date")
        when: date | None = None
        if written and written.lower() != "unreleased":
            try:
                when = date.fromisoformat(written)
            except ValueError:
                raise InputError(f"{path}:{number}: {written!r} is not a date (YYYY-MM-DD)") from None
        entries.append(Entry(match.group("version"), when, number))
    return entries


@dataclass(frozen=True)
class Release:
    version: str
    date: date
    prior: str | None  # the version released before this one, if any


def release_of(path: Path, version: str) -> Release:
    """The date and prior version of `version`; an error when the changelog does not list it."""
    entries = read_entries(path)
    for index, entry in enumerate(entries):
        if entry.version != version:
            continue
        when = entry.date or _source_date_epoch()
        if when is None:
            raise InputError(
                f"{path}:{entry.line}: version {version} has no date; write it in the heading "
                "(## [VERSION] - YYYY-MM-DD) or set SOURCE_DATE_EPOCH"
            )
        prior = entries[index + 1].version if index + 1 < len(entries) else None
        return Release(version, when, prior)
    raise InputError(f"{path}: no entry for version {version}; add '## [{version}] - YYYY-MM-DD' with what changed")


def _source_date_epoch() -> date | None:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return datetime.fromtimestamp(int(value), tz=UTC).date()
    except (ValueError, OverflowError):
        raise InputError(f"SOURCE_DATE_EPOCH={value!r}: expected seconds since 1970-01-01") from None
