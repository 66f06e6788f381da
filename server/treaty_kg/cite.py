"""`treaty-kg cite`: turn an exact quote of a source into a mention, so nobody counts characters.

A mention is an `oa:SpecificResource` over a source's `schema:text` with two selectors: the
quote with ~30 characters either side (`oa:TextQuoteSelector`) and its 0-based, end-exclusive
Python `str` offsets (`oa:TextPositionSelector`). The mention IRI encodes the offsets, so the
same span always gets the same IRI.

Scripts use `cite(text, quote, stem)` and `mention_turtle(mention)`; the command reads the
source text from `graph/*.ttl` and prints Turtle ready to paste into a graph file.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef

from treaty_kg.errors import InputError
from treaty_kg.rdf.namespaces import MENTION, SCHEMA, SOURCE

CONTEXT = 30  # characters of prefix and suffix in the quote selector
APOSTROPHES = (("’", "'"), ("'", "’"))  # the articles mix typographic and straight apostrophes


class QuoteError(Exception):
    """The quote does not pick exactly one span of the text (absent, or ambiguous)."""


@dataclass(frozen=True)
class Mention:
    """A span `[start, end)` of the source `stem`'s text, with the context around it."""

    stem: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str

    @property
    def iri(self) -> URIRef:
        return MENTION[f"{self.stem}/{self.start}-{self.end}"]

    @property
    def curie(self) -> str:
        """The IRI as a Turtle/SPARQL prefixed name; `/` must be escaped in a local name."""
        return f"mention:{self.stem}\\/{self.start}-{self.end}"


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of `quote` in `text`."""
    starts: list[int] = []
    at = text.find(quote)
    while at != -1:
        starts.append(at)
        at = text.find(quote, at + 1)
    return starts


def cite(text: str, quote: str, stem: str, occurrence: int | None = None) -> Mention:
    """The mention of `quote` in `text`; `occurrence` (1-based) picks one when it occurs several times."""
    if not quote:
        raise QuoteError("the quote is empty")
    starts = occurrences(text, quote)
    if not starts:
        hint = next((f"; with {a} for {b} it does" for a, b in APOSTROPHES if b in quote and quote.replace(b, a) in text), "")
        raise QuoteError(f"the quote does not occur in source:{stem} (check apostrophes, quotes and spaces{hint})")
    if occurrence is None:
        if len(starts) > 1:
            raise QuoteError(
                f"the quote occurs {len(starts)} times in source:{stem} (at offsets "
                f"{', '.join(map(str, starts))}); give a longer quote, or --occurrence K (1..{len(starts)})"
            )
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise QuoteError(f"--occurrence {occurrence}: the quote occurs {len(starts)} time(s) in source:{stem}")
    start = starts[occurrence - 1]
    end = start + len(quote)
    return Mention(
        stem=stem,
        start=start,
        end=end,
        exact=quote,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _string(value: str) -> str:
    """A one-line Turtle string literal (ECHAR escapes), so a pasted mention stays compact."""
    return '"' + value.translate(_ESCAPES) + '"'


def mention_turtle(mention: Mention) -> str:
    """The Turtle of a mention (prefixes `mention:`, `source:`, `tkg:`, `oa:` assumed bound)."""
    return (
        f"{mention.curie} a tkg:Mention, oa:SpecificResource ;\n"
        f"    oa:hasSource source:{mention.stem} ;\n"
        f"    oa:hasSelector [ a oa:TextQuoteSelector ;\n"
        f"            oa:exact {_string(mention.exact)} ;\n"
        f"            oa:prefix {_string(mention.prefix)} ;\n"
        f"            oa:suffix {_string(mention.suffix)} ] ,\n"
        f"        [ a oa:TextPositionSelector ; oa:start {mention.start} ; oa:end {mention.end} ] .\n"
    )


def source_stem(source: str) -> str:
    """The file stem named by a source IRI, a `source:` CURIE or the bare stem."""
    for lead in (str(SOURCE), "source:"):
        if source.startswith(lead):
            return source[len(lead) :]
    return source


def source_text(graph: Graph, stem: str) -> str:
    """The `schema:text` of `source:<stem>`; InputError (exit 2) for an unknown source."""
    text = graph.value(SOURCE[stem], SCHEMA.text)
    if text is None:
        known = sorted(source_stem(str(s)) for s in graph.subjects(SCHEMA.text, None) if str(s).startswith(str(SOURCE)))
        raise InputError(
            f"unknown source {stem!r}: no schema:text for source:{stem} in graph/ (known: {', '.join(known) or 'none'})"
        )
    return str(text)
