"""A source's text with every mention highlighted and linked to the facts it supports.

Mentions are character spans (0-based Python `str` offsets, end exclusive) of
the source's `schema:text`. Each becomes `<mark id="m-<start>-<end>">`, so
`/source/<stem>#m-<start>-<end>` scrolls to and highlights (CSS `:target`) the
sentence a fact quotes. A sentence holding a clause nests as mark in mark; a
span that crosses another's end is cut in two, the second part without the id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import pyoxigraph as ox
from markupsafe import Markup

from treaty_kg.web.linked_data import path_for_iri
from treaty_kg.web.resource_view import DERIVED_FROM, OA, FactLine, Viewer


@dataclass
class Span:
    """One mention of the source: where it is, its own page, and the facts derived from it."""

    start: int
    end: int
    href: str | None
    facts: list[FactLine] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"m-{self.start}-{self.end}"


def mention_spans(viewer: Viewer, source_iri: str) -> list[Span]:
    """Every mention whose `oa:hasSource` is the source, with its position and supported facts."""
    query = f"""
        SELECT DISTINCT ?m ?start ?end WHERE {{
          ?m <{OA}hasSource> <{source_iri}> ; <{OA}hasSelector> ?sel .
          ?sel <{OA}start> ?start ; <{OA}end> ?end .
        }}"""
    spans: dict[tuple[int, int], Span] = {}
    for row in viewer.store.select(query):
        try:
            start, end = int(row["start"].value), int(row["end"].value)
        except ValueError:
            continue
        mention = row["m"]
        facts = [viewer.fact_line(q.subject) for q in viewer.store.quads(None, DERIVED_FROM, mention, None)]
        unique = {f.href: f for f in facts}
        href = path_for_iri(mention.value) if isinstance(mention, ox.NamedNode) else None
        span = spans.setdefault((start, end), Span(start, end, href))
        known = {f.href for f in span.facts}
        span.facts += sorted((f for f in unique.values() if f.href not in known), key=lambda f: f.text)
    return sorted(spans.values(), key=lambda s: (s.start, -s.end))


def highlight(text: str, spans: list[Span]) -> Markup:
    """The text as HTML with each span as a `<mark>`, followed by numbered links to its facts."""
    spans = sorted((s for s in spans if 0 <= s.start < s.end <= len(text)), key=lambda s: (s.start, -s.end))
    numbers: dict[str, int] = {}
    out: list[str] = []
    stack: list[Span] = []  # marks open at the current position, innermost last
    pos = 0

    def close_until(limit: int) -> None:
        """Close every open mark ending by `limit`, innermost first; marks it cuts reopen after it."""
        nonlocal pos
        while ending := [i for i, s in enumerate(stack) if s.end <= limit]:
            index = min(ending, key=lambda i: (stack[i].end, -i))
            span = stack[index]
            out.append(escape(text[pos : span.end]))
            pos = span.end
            cut = stack[index + 1 :]
            del stack[index:]
            out.append("</mark>" * (len(cut) + 1) + _fact_links(span, numbers))
            for other in cut:
                out.append(_open(other, first=False))
                stack.append(other)

    for span in spans:
        close_until(span.start)
        out.append(escape(text[pos : span.start]))
        pos = span.start
        out.append(_open(span, first=True))
        stack.append(span)
    close_until(len(text))
    out.append(escape(text[pos:]))
    return Markup("".join(out))


def _open(span: Span, *, first: bool) -> str:
    anchor = f' id="{span.anchor}"' if first else ""
    return f'<mark{anchor} class="mention" data-span="{span.anchor}">'


def _fact_links(span: Span, numbers: dict[str, int]) -> str:
    links = []
    for fact in span.facts:
        key = fact.href or fact.text
        number = numbers.setdefault(key, len(numbers) + 1)
        target = escape(fact.href or "#", quote=True)
        links.append(f'<a href="{target}" title="{escape(fact.text, quote=True)}">{number}</a>')
    return f'<sup class="facts">{" ".join(links)}</sup>' if links else ""
