"""The one content negotiation: which of a resource's offers an `Accept` header prefers.

/sparql (results and graphs), its service description, VoID and the linked-data pages all rank
their offers here, so the same header gets the same format everywhere. Each resource says what
it offers and in which order (its order breaks ties: the pages put HTML first, the SPARQL
service its RDF first).

The header is read with werkzeug's `MIMEAccept`. Media-type parameters other than q are ignored
(`text/turtle;charset=utf-8` is Turtle). An offer gets the q of the most specific range that
matches one of its media types (RFC 9110 §12.5.1: `text/turtle;q=0` beats `text/*`).
"""

from __future__ import annotations

from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from treaty_kg.rdf.formats import FORMATS, Format, Kind, of_kind

HTML = "html"
HTML_TYPES = ("text/html", "application/xhtml+xml")

# An offer: its key (a format's name, or "html") and the media types that name it.
Offer = tuple[str, tuple[str, ...]]


@lru_cache(maxsize=16)
def format_offers(*kinds: Kind) -> tuple[Offer, ...]:
    return tuple((f.name, f.media_types) for f in of_kind(*kinds))


HTML_OFFER: Offer = (HTML, HTML_TYPES)


def _ranges(accept_header: str) -> list[tuple[str, float]]:
    """(media range without parameters, q), as werkzeug parses them."""
    accept = parse_accept_header(accept_header, MIMEAccept)
    return [(value.split(";")[0].strip().lower(), quality) for value, quality in accept]


def _match(ranges: list[tuple[str, float]], media_type: str) -> tuple[int, float]:
    """(specificity, q) of the most specific range matching `media_type`; specificity -1 when
    none matches."""
    best = (-1, 0.0)
    main = media_type.split("/")[0]
    for value, quality in ranges:
        specificity = {media_type: 2, f"{main}/*": 1, "*/*": 0, "*": 0}.get(value)
        if specificity is not None and specificity > best[0]:
            best = (specificity, quality)
    return best


def _quality(ranges: list[tuple[str, float]], media_types: tuple[str, ...]) -> float:
    """q of an offer known by several media types: its most specific mention decides
    (`application/sparql-results+json;q=0, */*;q=0.1` refuses SPARQL JSON, though it is also
    `application/json`, which only `*/*` matches)."""
    return max(_match(ranges, m) for m in media_types)[1]


@lru_cache(maxsize=512)
def negotiate(accept_header: str | None, offers: tuple[Offer, ...]) -> tuple[str, ...]:
    """The acceptable offers' keys, best first (q, then the offers' order); all of them, in
    order, without a header. Kept per header: clients send few distinct ones, and scoring every
    format against one costs more than answering a label lookup."""
    if not accept_header:
        return tuple(key for key, _ in offers)
    ranges = _ranges(accept_header)
    scored = []
    for order, (key, media_types) in enumerate(offers):
        q = _quality(ranges, media_types)
        if q > 0:
            scored.append((-q, order, key))
    return tuple(key for _, _, key in sorted(scored))


@lru_cache(maxsize=512)
def negotiate_formats(accept_header: str | None, *kinds: Kind) -> tuple[Format, ...]:
    """The acceptable formats of some kinds, best first (kept per header, like `negotiate`)."""
    by_name = {f.name: f for f in FORMATS}
    return tuple(by_name[key] for key in negotiate(accept_header, format_offers(*kinds)))
