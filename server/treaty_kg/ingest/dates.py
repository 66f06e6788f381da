"""French date expressions, absolute ("le 24 décembre 2024", "de février 2022 à août 2024") and
relative to the article's date ("aujourd'hui", "hier", "mardi", "le 13 octobre" without a year).

A day without a year takes the year that puts it nearest the article's date (a report of 14
October speaks of "le 13 octobre" past and "les 25 et 26 octobre" to come). A bare weekday is
the nearest such day (the past one on a tie: news reports mostly look back); "mardi dernier" and
"mardi prochain" pick the side. Values are `datetime.date` for a day, (year, month) for a month,
and a year alone as an int; `literal()` writes each with its XSD datatype.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from rdflib import Literal
from rdflib.namespace import XSD

MONTHS = {
    "janvier": 1, "fevrier": 2, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "décembre": 12,
}  # fmt: skip
WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
RELATIVE_DAYS = {"aujourd'hui": 0, "aujourd’hui": 0, "ce jour": 0, "hier": -1, "avant-hier": -2, "demain": 1, "après-demain": 2}

Value = date | tuple[int, int] | int

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(1er|[0-3]?\d)"
_YEAR = r"((?:19|20)\d\d)"
_DAYS = re.compile(
    rf"\b{_DAY}(?:\s*(?:et|au|-|–)\s*{_DAY})?\s+({_MONTH})(?:\s+{_YEAR})?\b(?:\s*(?:au|-|–)\s*{_DAY}\s+({_MONTH})(?:\s+{_YEAR})?\b)?",
    re.IGNORECASE,
)
_MONTH_RANGE = re.compile(rf"\b(?:de|d['’]|entre)\s*({_MONTH})\s+{_YEAR}\s+(?:à|a|et)\s+({_MONTH})\s+{_YEAR}\b", re.IGNORECASE)
_MONTHS = re.compile(rf"\b({_MONTH})\s+{_YEAR}\b", re.IGNORECASE)
_YEARS = re.compile(rf"\b(?:en|depuis|année)\s+{_YEAR}\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(aujourd['’]hui|ce jour|avant-hier|après-demain|hier|demain)\b", re.IGNORECASE)
_THIS_YEAR = re.compile(r"\b(cette année|(?:début|fin) de l['’]année|l['’]année en cours)\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)(?:\s+(dernier|prochain))?\b", re.IGNORECASE)
_AS_OF = re.compile(r"(jusqu['’]\s*au|jusqu['’]à|à la date du|au)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    """A date expression at [start, end) of the text; `end_value` for a range ("du 25 au 26 octobre")."""

    start: int
    end: int
    value: Value
    end_value: Value | None = None
    relative: bool = False  # read against the article's date
    as_of: bool = False  # "jusqu'au 8 octobre": a figure holds as of this day


def literal(value: Value) -> Literal:
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, tuple):
        return Literal(f"{value[0]:04d}-{value[1]:02d}", datatype=XSD.gYearMonth)
    return Literal(f"{value:04d}", datatype=XSD.gYear)


def _day(text: str) -> int:
    return 1 if text.lower() == "1er" else int(text)


def _nearest_year(day: int, month: int, published: date) -> date | None:
    options = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - published).days), default=None)


def _make(day: int, month: int, year: str | None, published: date) -> date | None:
    if year:
        try:
            return date(int(year), month, day)
        except ValueError:
            return None
    return _nearest_year(day, month, published)


def find_dates(text: str, published: date) -> list[DateMention]:
    """Every date expression of `text`, in order, none overlapping."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(mention: DateMention) -> None:
        if free(mention.start, mention.end):
            found.append(mention)
            taken.append((mention.start, mention.end))

    for m in _DAYS.finditer(text):
        day1, day2, month1, year1, day3, month3, year3 = m.groups()
        m1 = MONTHS[month1.lower()]
        as_of = bool(_AS_OF.search(text[max(0, m.start() - 20) : m.start()]))
        if day3:  # "du 25 octobre au 3 novembre 2025"
            year = year1 or year3
            start = _make(_day(day1), m1, year, published)
            end = _make(_day(day3), MONTHS[month3.lower()], year3 or year, published)
        else:
            start = _make(_day(day1), m1, year1, published)
            end = _make(_day(day2), m1, year1, published) if day2 else None
        if start is None:
            continue
        if end is not None and end < start:
            end = None
        add(DateMention(m.start(), m.end(), start, end, relative=not (year1 or year3), as_of=as_of and end is None))
    for m in _MONTH_RANGE.finditer(text):
        first = (int(m.group(2)), MONTHS[m.group(1).lower()])
        last = (int(m.group(4)), MONTHS[m.group(3).lower()])
        add(DateMention(m.start(1), m.end(), first, last if last > first else None))
    for m in _MONTHS.finditer(text):
        value = (int(m.group(2)), MONTHS[m.group(1).lower()])
        add(DateMention(m.start(), m.end(), value))
    for m in _YEARS.finditer(text):
        add(DateMention(m.start(1), m.end(), int(m.group(1))))
    for m in _RELATIVE.finditer(text):
        key = m.group(1).lower().replace("’", "'")
        add(DateMention(m.start(), m.end(), published + timedelta(days=RELATIVE_DAYS[key]), relative=True))
    for m in _THIS_YEAR.finditer(text):
        add(DateMention(m.start(), m.end(), published.year, relative=True))
    for m in _WEEKDAY.finditer(text):
        wanted = WEEKDAYS[m.group(1).lower()]
        side = (m.group(2) or "").lower()
        back = (published.weekday() - wanted) % 7 or (7 if side == "dernier" else 0)
        ahead = (wanted - published.weekday()) % 7 or (7 if side == "prochain" else 0)
        if side == "dernier":
            day = published - timedelta(days=back)
        elif side == "prochain":
            day = published + timedelta(days=ahead)
        else:
            day = published - timedelta(days=back) if back <= ahead else published + timedelta(days=ahead)
        add(DateMention(m.start(), m.end(), day, relative=True))
    return sorted(found, key=lambda d: d.start)
