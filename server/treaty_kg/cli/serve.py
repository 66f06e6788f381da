"""`treaty-kg serve`: the endpoint under granian (Flask's own server with --dev), building first
when there is no build; `treaty-kg serve --reload` asks a running server to load a new build.

Settings other than the dataset come from TREATY_KG_* environment variables (endpoint.settings).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

from treaty_kg import paths
from treaty_kg.build import build
from treaty_kg.endpoint.server import log_to_stderr, run_granian
from treaty_kg.endpoint.settings import ENV_PREFIX, Settings
from treaty_kg.endpoint.store import DatasetError, GraphStore
from treaty_kg.errors import InputError
from treaty_kg.wsgi import create_app


def check_dataset(dataset: Path) -> None:
    """Load the dataset once before any worker starts, so a damaged build stops the start with
    one line (and not with workers failing to boot); a damaged file with a last good copy
    kept by an earlier server is served from that copy, and said."""
    try:
        graph = GraphStore(dataset, check_interval=0)
    except DatasetError as exc:
        raise InputError(str(exc)) from None
    info = graph.info()
    graph.close()
    if info["serving"] != str(dataset):
        print(f"treaty-kg serve: {info['last_reload_error']}; serving the last good build {info['serving']}", file=sys.stderr)


def ensure_build(dataset: Path) -> None:
    """Build the project's dataset when it is missing; a custom --dataset must exist already."""
    if dataset.is_file():
        return
    if dataset != paths.dataset_file():
        raise InputError(f"{dataset}: no such dataset")
    print(f"treaty-kg serve: no build at {dataset}; building first", file=sys.stderr)
    result = build()
    if not result.ok:
        sys.stdout.write(result.report)
        raise InputError("the build failed; nothing to serve (see the report above)")


def request_reload(url: str) -> int:
    """POST /admin/reload on a running server; print what it says."""
    request = urllib.request.Request(url.rstrip("/") + "/admin/reload", method="POST", data=b"")
    token = os.environ.get(ENV_PREFIX + "ADMIN_TOKEN")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - URL given by the operator
            body = json.load(response)
    except urllib.error.HTTPError as exc:
        body = json.loads(exc.read() or b"{}")
        print(f"treaty-kg serve --reload: {exc.code}: {body.get('error', exc.reason)}", file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError) as exc:
        raise InputError(f"cannot reach the server at {url}: {exc}") from None
    state = "loaded a new build" if body["reloaded"] else "build unchanged"
    print(
        f"treaty-kg serve --reload: {state}; {body['serving']['triples'].get('default', 0)} triples, loaded at {body['serving']['loaded_at']}"
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the SPARQL endpoint and the pages (building first if there is no build)",
        description="Serve build/dataset.nq at /sparql (SPARQL 1.1 Protocol), /.well-known/void, /health and "
        "the linked-data pages, under granian. A new build is picked up by running servers within seconds; "
        "--reload asks for it at once. Limits: "
        + ", ".join(name for name in Settings.names() if name != ENV_PREFIX + "DATASET")
        + ".",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--workers", type=int, default=2, help="server processes, each with its own copy of the graph (default 2)"
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="threads per process running the app (default 8; TREATY_KG_REQUEST_THREADS)"
    )
    parser.add_argument("--dataset", type=Path, default=None, help="N-Quads file to serve (default build/dataset.nq)")
    parser.add_argument(
        "--store",
        default=None,
        metavar="URL",
        help="serve the build published in this SPARQL 1.1 store (its query URL; default TREATY_KG_STORE) "
        "instead of a dataset file",
    )
    parser.add_argument(
        "--store-dataset", default=None, metavar="NAME", help="which published dataset of the store (default 'default')"
    )
    parser.add_argument("--dev", action="store_true", help="Flask's development server (one process, no granian)")
    parser.add_argument("--reload", action="store_true", help="ask the server at --host/--port to load the new build, then exit")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.reload:
        return request_reload(f"http://{args.host}:{args.port}")
    overrides: dict[str, object] = {"dataset": args.dataset} if args.dataset else {}
    if args.store:
        overrides["store"] = args.store
    if args.store_dataset:
        overrides["store_dataset"] = args.store_dataset
    if args.threads is not None:
        overrides["request_threads"] = args.threads
    settings = Settings.read(overrides, os.environ)
    if settings.store:  # the store holds the build: nothing to build or check here
        serving = f"dataset {settings.store_dataset!r} of the store at {settings.store}"
    else:
        ensure_build(settings.dataset)
        check_dataset(settings.dataset)
        serving = str(settings.dataset)
    print(f"treaty-kg serve: http://{args.host}:{args.port}/sparql serving {serving}", file=sys.stderr)
    if args.dev:
        log_to_stderr()
        app = create_app({"dataset": settings.dataset, "store": settings.store, "store_dataset": settings.store_dataset})
        app.extensions["treaty_kg"].warm()
        app.run(host=args.host, port=args.port, debug=False, use_reloader=False, threaded=True)
        return 0
    # granian's workers are processes of their own: they read what the command line set here
    os.environ[ENV_PREFIX + "DATASET"] = str(settings.dataset)
    if settings.store:
        os.environ[ENV_PREFIX + "STORE"] = settings.store
        os.environ[ENV_PREFIX + "STORE_DATASET"] = settings.store_dataset
    os.environ[ENV_PREFIX + "REQUEST_THREADS"] = str(settings.request_threads)
    os.environ.setdefault(ENV_PREFIX + "PUBLIC_URL", f"http://{args.host}:{args.port}")
    run_granian("treaty_kg.wsgi:rsgi_app", args.host, args.port, args.workers, grace=settings.query_timeout + 5)
    return 0
