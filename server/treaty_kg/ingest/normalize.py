"""Case- and diacritic-blind matching of names, with offsets that stay those of the source text.

Articles spell Vietnamese names with, without or with some of their diacritics ("Bùi Thanh Son",
"Bui Thanh Son", "Bùi Thanh Sơn"), and French ones with or without the trema ("Hanoï"). Names
are compared folded: lower case, no combining marks, đ as d, one kind of apostrophe and dash,
runs of spaces as one. Folding maps each source character to zero or more folded characters,
and `Folded.span` maps a match back, so every mention keeps the exact offsets of the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_SPECIAL = {
    "đ": "d",
    "Đ": "d",
    "œ": "oe",
    "Œ": "oe",
    "æ": "ae",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "‐": "-",
    "‑": "-",
    "–": "-",
    "—": "-",
}


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    if char.isspace():
        return " "
    decomposed = unicodedata.normalize("NFD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> str:
    """The folded form of a name (what labels are indexed by)."""
    return Folded.of(text).text


@dataclass(frozen=True)
class Folded:
    """A folded text and, for each of its characters, the offset of the source character it came from."""

    text: str
    origin: tuple[int, ...]
    source_length: int

    @classmethod
    def of(cls, source: str) -> Folded:
        chars: list[str] = []
        origin: list[int] = []
        for i, char in enumerate(source):
            piece = fold_char(char)
            if piece == " " and chars and chars[-1] == " ":
                continue  # a run of spaces folds to one
            for c in piece:
                chars.append(c)
                origin.append(i)
        # no leading/trailing space: labels are compared whole
        return cls("".join(chars), tuple(origin), len(source))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets [start, end) of the folded characters [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1


_WORD = re.compile(r"\w", re.UNICODE)
# French repeats the determiner in a coordination: the label "ministères et localités concernés"
# is written "les ministères et les localités concernés" or "des ministères et des localités …".
_COORDINATED = r" et (?:les |des |de la |de l'|du |de |le |la |l'|aux |au |a la |a l'|leurs |ses |nos )?"


def find_label(folded: Folded, label: str) -> list[tuple[int, int]]:
    """Source spans where the folded `label` occurs as whole words (the words after an "et" of
    the label may follow a repeated determiner)."""
    found: list[tuple[int, int]] = []
    if not label:
        return found
    text = folded.text
    if " et " in label.strip(" "):
        pattern = re.compile(_COORDINATED.join(re.escape(part) for part in label.split(" et ")))
        matches = [(m.start(), m.end()) for m in pattern.finditer(text)]
    else:
        matches = []
        at = text.find(label)
        while at != -1:
            matches.append((at, at + len(label)))
            at = text.find(label, at + 1)
    for at, end in matches:
        before_ok = at == 0 or not _WORD.match(text[at - 1])
        after_ok = end == len(text) or not _WORD.match(text[end])
        if before_ok and after_ok:
            found.append(folded.span(at, end))
    return found
