"""What /sparql, the service description and VoID share about answering: the formats a request
accepts (its `format` parameter, else `rdf.negotiation` on its Accept header), the protocol's
client errors, and the plain-text answer for errors and refusals.
"""

from __future__ import annotations

from flask import Request, Response

from treaty_kg.rdf.formats import NAME_ALIASES, Format, Kind, format_names, named
from treaty_kg.rdf.negotiation import negotiate_formats


class ProtocolError(Exception):
    """A client's mistake, answered with `status` (4xx) and `message` in plain text."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def acceptable(req: Request, format_param: str | None, kinds: tuple[Kind, ...] = ("results", "graph")) -> tuple[Format, ...]:
    """The formats of `kinds` the request accepts, best first: the `format` parameter wins
    (a name, an alias, an extension or a media type), else the Accept header's q-values."""
    if format_param:
        found = named(format_param, kinds)
        if not found and not named(format_param):
            known = ", ".join(sorted({*format_names("results").split(", "), *format_names("graph").split(", "), *NAME_ALIASES}))
            raise ProtocolError(400, f"unknown format {format_param!r}; known: {known}")
        return found
    return negotiate_formats(req.headers.get("Accept") or None, *kinds)


def plain_text(status: int, message: str) -> Response:
    """An error or refusal, as the endpoint and VoID answer them."""
    return Response(message + "\n", status, content_type="text/plain; charset=utf-8")
