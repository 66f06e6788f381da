"""The Flask application factory: the SPARQL endpoint, VoID, /health and the reload hook.

Configuration comes from the `config` mapping, else from TREATY_KG_* environment variables
(keys may be written either way: `max_rows` or `TREATY_KG_MAX_ROWS`). Nothing is global: every
app owns its backend (endpoint/backends: the embedded store, or a SPARQL store given by
TREATY_KG_STORE) in `app.extensions["treaty_kg"]`.
"""

from __future__ import annotations

import hmac
import logging
import os
from dataclasses import Field, dataclass, fields
from pathlib import Path
from typing import Any, Mapping

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from . import paths
from .load import InputError
from .query_guard import stack_bytes
from .endpoint.backends import StoreUnavailable, open_backend
from .store import ISOLATIONS, DatasetError

log = logging.getLogger(__name__)
ENV_PREFIX = "TREATY_KG_"


@dataclass(frozen=True)
class Settings:
    """Every knob of the server, with the defaults a public deployment can live with."""

    dataset: Path
    query_timeout: float = 10.0  # seconds per query, then it is answered 503 and stopped
    isolation: str = "thread"  # "thread": in-process, fast; "process": killable workers with a memory cap
    max_rows: int = 10_000  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) per response
    max_query_length: int = 20_000  # characters
    max_query_depth: int = 64  # brackets nested in a query; deeper ones are refused before parsing
    cors_origins: tuple[str, ...] = ("*",)  # "*" or exact origins; empty: no CORS headers
    allow_service: bool = False  # SERVICE makes the server fetch other endpoints
    query_workers: int = 2  # worker processes per server process ("process" isolation)
    cache_entries: int = 512  # answers kept per build (LRU); 0: no cache
    worker_memory_mb: int = 2048  # address space of a query worker, or of a gunicorn worker with "thread"; 0: unlimited
    reload_interval: float = 2.0  # seconds between checks of the dataset file; 0: never
    admin_token: str | None = None  # POST /admin/reload needs it as a Bearer token; unset: no reload by request
    store: str | None = None  # query URL of a SPARQL 1.1 store to serve from instead of the dataset file
    store_dataset: str = "default"  # which published dataset of that store (several can share one)

    @classmethod
    def read(cls, config: Mapping[str, Any] | None, environ: Mapping[str, str]) -> "Settings":
        given = {k.lower().removeprefix(ENV_PREFIX.lower()): v for k, v in (config or {}).items()}
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = given.get(f.name, environ.get(ENV_PREFIX + f.name.upper()))
            if raw is None:
                continue
            values[f.name] = _convert(f, raw)
        values.setdefault("dataset", paths.dataset_file())
        return cls(**values)


_PLAIN = {"Path": Path, "float": float, "int": int}


def _convert(setting: Field, raw: Any) -> Any:
    """A setting's value from its text (or a value given in config), by its declared type
    (annotations are strings here: `from __future__ import annotations`)."""
    if setting.type in _PLAIN:
        return _PLAIN[setting.type](raw)
    if setting.type == "bool":
        return raw if isinstance(raw, bool) else str(raw).strip().lower() in ("1", "true", "yes", "on")
    if setting.name == "isolation":
        value = str(raw).strip().lower()
        if value not in ISOLATIONS:
            raise InputError(f"{ENV_PREFIX}ISOLATION: {raw!r} is not one of {', '.join(ISOLATIONS)}")
        return value
    if setting.type == "tuple[str, ...]":
        items = raw.split(",") if isinstance(raw, str) else list(raw)
        return tuple(item.strip() for item in items if item.strip())
    return raw or None


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
    return Response("500 Internal Server Error: the server failed; the error was logged\n", 500, content_type="text/plain; charset=utf-8")


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


def _may_reload(settings: Settings) -> bool:
    """Only with the configured bearer token. Coming from loopback proves nothing: the engine
    itself (SERVICE, when allowed), a proxy or any local process can send such a request."""
    if not settings.admin_token:
        return False
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return hmac.compare_digest(given.encode(), settings.admin_token.encode())


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """A Flask app serving the dataset named by `config` (or the environment)."""
    settings = Settings.read(config, os.environ)
    graph = open_backend(settings, stack_bytes(settings.max_query_length))
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_query_length * 4 + 4096  # UTF-8 and %-encoding
    app.extensions["treaty_kg"] = graph
    app.extensions["treaty_kg_settings"] = settings

    from .pages import bp as pages_blueprint
    from .sparql import blueprint as sparql_blueprint
    from .void import blueprint as void_blueprint

    app.register_blueprint(sparql_blueprint)
    app.register_blueprint(void_blueprint)
    app.register_blueprint(pages_blueprint)
    app.register_error_handler(StoreUnavailable, _unavailable)
    app.register_error_handler(HTTPException, _error)
    app.register_error_handler(Exception, _crash)
    app.before_request(graph.reload_if_changed)
    app.after_request(lambda response: _cors(settings, response))

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
            changed = graph.reload()
        except DatasetError as exc:
            return jsonify({"reloaded": False, "error": str(exc), "serving": graph.info()}), 422
        return jsonify({"reloaded": changed, "serving": graph.info()}), 200

    return app
