"""Content negotiation and the plain answers shared by /sparql, the service description and VoID.

`negotiate` picks format names from the `format` parameter or the Accept header's q-values.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Request, Response
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from treaty_kg.endpoint.evaluation import FORMAT_BY_NAME, FORMATS

# Values of the `format` parameter; each names the format for results and the one for graphs.
FORMAT_PARAM: dict[str, tuple[str, ...]] = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "csv": ("csv",),
    "tsv": ("tsv",),
    "turtle": ("turtle",),
    "ttl": ("turtle",),
    "ntriples": ("ntriples",),
    "nt": ("ntriples",),
    "n-triples": ("ntriples",),
    "jsonld": ("jsonld",),
    "json-ld": ("jsonld",),
    "rdfxml": ("rdfxml",),
    "rdf": ("rdfxml",),
}


class ProtocolError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _match(accept: MIMEAccept, media_type: str) -> tuple[int, float]:
    """(specificity, q) of the most specific Accept range matching `media_type` (RFC 9110 §12.5.1);
    specificity -1 when none matches."""
    best = (-1, 0.0)
    main = media_type.split("/")[0]
    for value, quality in accept:
        value = value.split(";")[0].strip().lower()
        specificity = {media_type: 2, f"{main}/*": 1, "*/*": 0, "*": 0}.get(value)
        if specificity is not None and specificity > best[0]:
            best = (specificity, quality)
    return best


def quality(accept: MIMEAccept, *media_types: str) -> float:
    """q for a format known by several media types: its most specific mention decides."""
    return max(_match(accept, m) for m in media_types)[1]


def negotiate(req: Request, format_param: str | None, kinds: tuple[str, ...] = ("results", "graph")) -> tuple[str, ...]:
    """Acceptable format names, best first: the `format` parameter wins, else Accept's q-values."""
    return _negotiate(req.headers.get("Accept") or None, format_param, kinds)


@lru_cache(maxsize=256)
def _negotiate(accept_header: str | None, format_param: str | None, kinds: tuple[str, ...]) -> tuple[str, ...]:
    """negotiate() on the header's text: clients send few distinct Accept headers, and scoring
    every format against one costs more than answering a label lookup, so answers are kept."""
    candidates = [f for f in FORMATS if f.kind in kinds]
    if format_param:
        key = format_param.strip().lower()
        names = FORMAT_PARAM.get(key) or tuple(f.name for f in candidates if key in f.media_types)
        if not names:
            raise ProtocolError(400, f"unknown format {format_param!r}; known: {', '.join(FORMAT_PARAM)}")
        return tuple(n for n in names if FORMAT_BY_NAME[n].kind in kinds)
    if not accept_header:
        return tuple(f.name for f in candidates)
    accept = parse_accept_header(accept_header, MIMEAccept)
    scored = []
    for order, fmt in enumerate(candidates):
        q = quality(accept, *fmt.media_types)
        if q > 0:
            scored.append((-q, order, fmt.name))
    return tuple(name for _, _, name in sorted(scored))


def plain_text(status: int, message: str) -> Response:
    """An error or refusal, as the endpoint and VoID answer them."""
    return Response(message + "\n", status, content_type="text/plain; charset=utf-8")


def content_type(media_type: str) -> str:
    """The Content-Type header of an answer: textual formats say they are UTF-8."""
    textual = media_type.startswith("text/") or media_type.endswith(("json", "xml"))
    return f"{media_type}; charset=utf-8" if textual else media_type
