"""The SPARQL 1.1 Protocol at /sparql: reading the request, content negotiation, the response.

Read-only and safe to expose: updates are refused, queries are answered under a time limit
(store.py), SERVICE and the row cap are enforced where the query runs (evaluation.py).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import pyoxigraph as ox
from flask import Blueprint, Request, Response, current_app, redirect, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from .evaluation import FORMAT_BY_NAME, FORMATS, READ_ONLY, TRUNCATED_HEADER, QueryOutcome, QueryRequest, format_names
from .endpoint.backends.base import StoreUnavailable
from .store import QueryBusy, QueryTimeout
from .void import service_description

if TYPE_CHECKING:
    from .app import Settings

access_log = logging.getLogger("treaty_kg.access")
blueprint = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"

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


@dataclass(frozen=True)
class Operation:
    """A query request as the protocol defines it, once read from GET or POST."""

    query: str | None
    default_graph: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    format: str | None


def _utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the request is not valid UTF-8 (byte {exc.start}): the protocol allows UTF-8 only")


def _check_charset(req: Request) -> None:
    charset = req.mimetype_params.get("charset")
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"charset {charset} is not supported: send the query as UTF-8")


def _params(req: Request) -> dict[str, list[str]]:
    """Parameters from the URL, plus those of a URL-encoded body, decoded strictly as UTF-8."""
    params: dict[str, list[str]] = {k: req.args.getlist(k) for k in req.args}
    if req.method == "POST" and req.mimetype == FORM:
        _check_charset(req)
        body = _utf8(req.get_data(cache=True))
        try:
            form = parse_qs(body, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError as exc:
            raise ProtocolError(400, f"the form's percent-encoded data is not valid UTF-8: {exc.reason}")
        for key, values in form.items():
            params.setdefault(key, []).extend(values)
    return params


def _graphs(params: dict[str, list[str]], name: str) -> tuple[str, ...] | None:
    values = params.get(name)
    if not values:
        return None
    for iri in values:
        try:
            ox.NamedNode(iri)
        except ValueError as exc:
            raise ProtocolError(400, f"{name}: not an absolute IRI: {iri!r} ({exc})")
    return tuple(values)


def read_operation(req: Request, max_length: int) -> Operation:
    """The query operation of a GET or POST, or a ProtocolError with the status the protocol names."""
    if req.method == "POST" and req.mimetype == UPDATE:
        raise ProtocolError(403, READ_ONLY)
    if req.method == "POST" and req.mimetype not in (FORM, DIRECT):
        shown = req.mimetype or "none"
        raise ProtocolError(415, f"unsupported media type {shown}: POST a query as {FORM} or {DIRECT}")
    params = _params(req)
    if "update" in params:
        raise ProtocolError(403, READ_ONLY)
    queries = params.get("query", [])
    if req.method == "POST" and req.mimetype == DIRECT:
        _check_charset(req)
        queries = [*queries, _utf8(req.get_data(cache=True))]
    if len(queries) > 1:
        raise ProtocolError(400, "more than one query in the request: send exactly one")
    query = queries[0] if queries else None
    if query is None and req.method == "POST":
        raise ProtocolError(400, "no query: send it in the `query` form field or as the body")
    if query is not None and len(query) > max_length:
        raise ProtocolError(413, f"query is {len(query)} characters long; this endpoint accepts at most {max_length}")
    formats = params.get("format", [])
    return Operation(
        query=query,
        default_graph=_graphs(params, "default-graph-uri"),
        named_graphs=_graphs(params, "named-graph-uri"),
        format=formats[0] if formats else None,
    )


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


def _quality(accept: MIMEAccept, *media_types: str) -> float:
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
        quality = _quality(accept, *fmt.media_types)
        if quality > 0:
            scored.append((-quality, order, fmt.name))
    return tuple(name for _, _, name in sorted(scored))


def plain_text(status: int, message: str) -> Response:
    """An error or refusal, as the endpoint and VoID answer them."""
    return Response(message + "\n", status, content_type="text/plain; charset=utf-8")


def content_type(media_type: str) -> str:
    """The Content-Type header of an answer: textual formats say they are UTF-8."""
    textual = media_type.startswith("text/") or media_type.endswith(("json", "xml"))
    return f"{media_type}; charset=utf-8" if textual else media_type


def _service_description(req: Request, op: Operation, settings: "Settings") -> Response:
    html = _quality(req.accept_mimetypes, "text/html") if req.headers.get("Accept") else 0.0
    names = negotiate(req, op.format, kinds=("graph",))
    rdf = max((_quality(req.accept_mimetypes, *FORMAT_BY_NAME[n].media_types) for n in names), default=0.0)
    if html > rdf and not op.format:
        return redirect("/", code=303)
    if not names:
        return plain_text(406, f"no acceptable format for the service description; available: {format_names('graph')}")
    fmt = FORMAT_BY_NAME[names[0]]
    graph = current_app.extensions["treaty_kg"]
    triples = service_description(req.url_root.rstrip("/") + "/sparql", graph.info(), settings.allow_service)
    body = ox.serialize(triples, format=fmt.oxigraph)
    return Response(body, 200, content_type=content_type(fmt.media_type))


def _answer(op: Operation, formats: tuple[str, ...], settings: "Settings") -> QueryOutcome:
    if not formats:
        return QueryOutcome.error(406, "no acceptable format: ask for SPARQL JSON, XML, CSV or TSV, or an RDF syntax")
    query = QueryRequest(
        query=op.query or "",
        formats=formats,
        default_graph=op.default_graph,
        named_graphs=op.named_graphs,
        max_rows=settings.max_rows,
        allow_service=settings.allow_service,
        max_depth=settings.max_query_depth,
        # relative IRIs resolve against the endpoint, as the protocol allows (built from its parts:
        # `request.base_url` re-decodes the whole URL, a fifth of a label lookup's time)
        base_iri=f"{request.scheme}://{request.host}{request.root_path}{request.path}",
    )
    try:
        return current_app.extensions["treaty_kg"].run(query, settings.query_timeout)
    except (QueryTimeout, QueryBusy, StoreUnavailable) as exc:
        return QueryOutcome.error(503, str(exc))


@blueprint.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    settings: Settings = current_app.extensions["treaty_kg_settings"]
    started = time.perf_counter()
    try:
        op = read_operation(request, settings.max_query_length)
        if op.query is None:
            response = _service_description(request, op, settings)
            response.vary.add("Accept")
            return response
        outcome = _answer(op, negotiate(request, op.format), settings)
    except ProtocolError as exc:
        outcome = QueryOutcome.error(exc.status, exc.message)
    if outcome.status == 200:
        response = Response(outcome.body, 200, content_type=content_type(outcome.media_type))
    else:
        response = plain_text(outcome.status, outcome.body.decode("utf-8"))
        if outcome.status == 503:
            response.headers["Retry-After"] = "1"
    if outcome.truncated:
        response.headers[TRUNCATED_HEADER] = f"limit={settings.max_rows}"
    response.vary.add("Accept")
    access_log.info(
        '%s "%s %s" %d %.1fms %s=%d bytes=%d%s',
        request.remote_addr,
        request.method,
        request.path,
        outcome.status,
        (time.perf_counter() - started) * 1000,
        "triples" if outcome.kind == "graph" else "rows",
        outcome.count,
        len(outcome.body),
        " truncated" if outcome.truncated else "",
    )
    return response
