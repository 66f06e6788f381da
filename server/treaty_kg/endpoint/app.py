"""The Flask application factory: the SPARQL endpoint, VoID, /health and the reload hook.

Configuration comes from the `config` mapping, else from TREATY_KG_* environment variables
(endpoint.settings). Nothing is global: every app owns its backend in `app.extensions["treaty_kg"]`
(endpoint/backends: the embedded store, or the SPARQL store TREATY_KG_STORE names).
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Iterable, Mapping
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from treaty_kg.endpoint import protocol, void
from treaty_kg.endpoint.backends import open_backend
from treaty_kg.endpoint.query_guard import stack_bytes
from treaty_kg.endpoint.settings import Settings
from treaty_kg.endpoint.store import DatasetError
from treaty_kg.rdf.remote.client import StoreUnavailable

log = logging.getLogger(__name__)


def _error(exc: HTTPException) -> Response:
    """Plain text for every HTTP error: never a debug page."""
    response = Response(f"{exc.code} {exc.name}: {exc.description}\n", exc.code or 500, content_type="text/plain; charset=utf-8")
    for key, value in exc.get_headers():
        if key.lower() == "allow" or key.lower() == "retry-after":
            response.headers[key] = value
    return response


def _unavailable(exc: StoreUnavailable) -> Response:
    """The store is down, slow or has no build: say so, and when to try again."""
    return Response(f"503 Service Unavailable: {exc}\n", 503, {"Retry-After": "2"}, content_type="text/plain; charset=utf-8")


def _crash(exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.path)
    return Response(
        "500 Internal Server Error: the server failed; the error was logged\n", 500, content_type="text/plain; charset=utf-8"
    )


def _cors(settings: Settings, response: Response) -> Response:
    origin = request.headers.get("Origin")
    if not origin or not settings.cors_origins:
        return response
    if "*" in settings.cors_origins:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin in settings.cors_origins:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")
    else:
        return response
    response.headers["Access-Control-Expose-Headers"] = "X-Treaty-KG-Truncated"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
    return response


# Pages load their scripts and styles from this server only; inline styles are allowed for the
# query editor's widgets. No page may be framed, and forms post only here.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def _security_headers(response: Response) -> Response:
    """Every answer says its type is not to be guessed (an error echoing a client's text must not
    be sniffed as HTML); HTML answers carry the content security policy."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _may_reload(settings: Settings) -> bool:
    """Only with the configured bearer token. Coming from loopback proves nothing: the engine
    itself (SERVICE, when allowed), a proxy or any local process can send such a request."""
    if not settings.admin_token:
        return False
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return hmac.compare_digest(given.encode(), settings.admin_token.encode())


def create_app(config: Mapping[str, Any] | None = None, blueprints: Iterable[Blueprint] = ()) -> Flask:
    """A Flask app serving the dataset named by `config` (or the environment): /sparql, VoID,
    /health, /admin/reload, plus the `blueprints` given (the site adds the pages' one:
    `treaty_kg.wsgi.create_app`; the endpoint does not import the web layer above it)."""
    settings = Settings.read(config, os.environ)
    graph = open_backend(settings, stack_bytes(settings.max_query_length))
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_query_length * 4 + 4096  # UTF-8 and %-encoding
    app.extensions["treaty_kg"] = graph
    app.extensions["treaty_kg_settings"] = settings

    app.register_blueprint(protocol.blueprint)
    app.register_blueprint(void.blueprint)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    app.register_error_handler(StoreUnavailable, _unavailable)
    app.register_error_handler(HTTPException, _error)
    app.register_error_handler(Exception, _crash)
    app.before_request(graph.reload_if_changed)
    app.after_request(lambda response: _cors(settings, response))
    app.after_request(_security_headers)

    @app.get("/health")
    def health() -> tuple[Response, int]:
        problem = graph.problem()
        if problem:
            return jsonify({"status": "unavailable", "error": problem, **graph.info()}), 503
        return jsonify({"status": "ok", **graph.info()}), 200

    @app.post("/admin/reload")
    def reload() -> tuple[Response, int]:
        if not _may_reload(settings):
            return jsonify({"error": "reload needs the admin token (TREATY_KG_ADMIN_TOKEN, sent as a Bearer token)"}), 403
        try:
            changed = graph.reload_everywhere()
        except DatasetError as exc:
            return jsonify({"reloaded": False, "error": str(exc), "serving": graph.info()}), 422
        return jsonify({"reloaded": changed, "serving": graph.info()}), 200

    return app
