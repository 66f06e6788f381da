"""The SPARQL 1.1 Protocol at /sparql: reading the request, content negotiation, the response.

Read-only and safe to expose: updates are refused, queries are answered under a time limit
(store.py), SERVICE and the row cap are enforced where the query runs (evaluation.py).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from urllib.parse import parse_qs

import pyoxigraph as ox
from flask import Blueprint, Request, Response, current_app, redirect, request
from werkzeug.wrappers import Response as BaseResponse

from treaty_kg.endpoint.answers import ProtocolError, acceptable, plain_text
from treaty_kg.endpoint.edge_cache import ENVIRON_KEY, MARK
from treaty_kg.endpoint.evaluation import READ_ONLY, TRUNCATED_HEADER, QueryOutcome, QueryRequest
from treaty_kg.endpoint.settings import Settings
from treaty_kg.endpoint.store import QueryBusy, QueryTimeout
from treaty_kg.endpoint.void import public_root, service_description
from treaty_kg.rdf.formats import BY_NAME, content_type, format_names, serialize
from treaty_kg.rdf.negotiation import HTML, HTML_OFFER, format_offers, negotiate
from treaty_kg.rdf.remote.client import StoreUnavailable

access_log = logging.getLogger("treaty_kg.access")
blueprint = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


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
        raise ProtocolError(400, f"the request is not valid UTF-8 (byte {exc.start}): the protocol allows UTF-8 only") from None


def _check_charset(req: Request) -> None:
    charset = req.mimetype_params.get("charset")
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"charset {charset} is not supported: send the query as UTF-8")


def _params(req: Request) -> dict[str, list[str]]:
    """Parameters from the URL, plus those of a URL-encoded body, decoded strictly as UTF-8."""
    # werkzeug replaces bad bytes in `req.args` silently; the protocol's strings are UTF-8
    try:
        raw = req.query_string.decode("utf-8")
        params: dict[str, list[str]] = parse_qs(raw, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the URL's percent-encoded data is not valid UTF-8: {exc.reason}") from None
    if req.method == "POST" and req.mimetype == FORM:
        _check_charset(req)
        body = _utf8(req.get_data(cache=True))
        try:
            form = parse_qs(body, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError as exc:
            raise ProtocolError(400, f"the form's percent-encoded data is not valid UTF-8: {exc.reason}") from None
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
            raise ProtocolError(400, f"{name}: not an absolute IRI: {iri!r} ({exc})") from None
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


def _service_description(req: Request, op: Operation, settings: Settings) -> BaseResponse:
    """RDF first (a tie or no Accept gets Turtle); a browser, which prefers HTML, goes to the
    query page."""
    if op.format:
        formats = acceptable(req, op.format, ("graph",))
    else:
        keys = negotiate(req.headers.get("Accept") or None, (*format_offers("graph"), HTML_OFFER))
        if keys and keys[0] == HTML:
            return redirect("/", code=303)
        formats = tuple(BY_NAME[k] for k in keys if k != HTML)
    if not formats:
        return plain_text(406, f"no acceptable format for the service description; available: {format_names('graph')}")
    fmt = formats[0]
    graph = current_app.extensions["treaty_kg"]
    triples = service_description(public_root(settings) + "/sparql", graph.info(), settings.allow_service)
    body = serialize(triples, fmt)
    return Response(body, 200, content_type=content_type(fmt.media_type))


def _answer(op: Operation, formats: tuple[str, ...], settings: Settings) -> QueryOutcome:
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
def sparql() -> BaseResponse:
    settings: Settings = current_app.extensions["treaty_kg_settings"]
    started = time.perf_counter()
    try:
        op = read_operation(request, settings.max_query_length)
        if op.query is None:
            response = _service_description(request, op, settings)
            response.vary.add("Accept")
            return response
        outcome = _answer(op, tuple(f.name for f in acceptable(request, op.format)), settings)
    except ProtocolError as exc:
        outcome = QueryOutcome.error(exc.status, exc.message)
    if outcome.status == 200:
        response = Response(outcome.body, 200, content_type=content_type(outcome.media_type))
        if request.environ.get(ENVIRON_KEY):  # an answer depends on the request and the build only
            response.headers[MARK] = "1"
    else:
        response = plain_text(outcome.status, outcome.body.decode("utf-8"))
        if outcome.status == 503:
            response.headers["Retry-After"] = "1"
    if outcome.truncated:
        response.headers[TRUNCATED_HEADER] = f"limit={outcome.limit or settings.max_rows}"
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
