"""Running the app under granian: one app per worker process, each with its own store.

Why granian (a maintained Rust HTTP server) and not gunicorn: measured 2026-11-30 on this 2-core
machine, the same treaty-kg app answered 2.2k req/s under gunicorn (gthread 2×4) and 4.2k under
granian, and 8 slow clients blocked every gthread worker. Requests reach the Flask app through
`rsgi_bridge.BufferedWSGI`, which reads each body on granian's event loop first (granian's own
WSGI interface reads it on a blocking thread, and has no body-read deadline).

The app factory is passed in (`treaty_kg.wsgi`), so this module does not depend on the web
layer; workers are separate processes, so they read their settings from TREATY_KG_* variables,
which `treaty-kg serve` sets. A worker that dies (a crash, a kill, a memory cap, a runaway query
it retires for) is replaced by granian.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import signal
import sys
from collections.abc import Callable

from flask import Flask
from granian import Granian
from granian.constants import HTTPModes, Interfaces, Loops

from treaty_kg.endpoint.edge_cache import EdgeCache
from treaty_kg.endpoint.rsgi_bridge import BufferedWSGI
from treaty_kg.endpoint.store import cap_memory

log = logging.getLogger(__name__)


def log_to_stderr() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(process)d %(name)s %(message)s", stream=sys.stderr)


def retire_worker() -> None:
    """Stop this worker gracefully: on SIGTERM granian finishes the responses under way (the 503
    of the runaway among them) and starts a fresh worker; the abandoned query thread, a daemon,
    ends with this process. The other workers keep serving meanwhile."""
    log.warning("a query ran past its time limit: worker %d retires", os.getpid())
    os.kill(os.getpid(), signal.SIGTERM)


def rsgi_app(factory: Callable[[], Flask]) -> BufferedWSGI:
    """What each granian worker serves: the app from `factory`, bodies buffered, limits applied."""
    log_to_stderr()
    app = factory()
    settings = app.extensions["treaty_kg_settings"]
    graph = app.extensions["treaty_kg"]
    if settings.isolation == "thread":
        # queries run in this worker itself: a hungry one aborts only it (its requests under way
        # fail, granian starts a fresh one)
        graph.on_runaway = retire_worker
        cap_memory(settings.worker_memory_mb)
    graph.warm()
    return BufferedWSGI(
        app,
        max_body=app.config["MAX_CONTENT_LENGTH"],
        body_timeout=settings.body_timeout,
        threads=settings.request_threads,
        edge=EdgeCache(settings.cache_entries, build=lambda: graph.digest, fresh_until=graph.fresh_until),
    )


def event_loop() -> Loops:
    """uvloop where it is installed (a dependency, except on Windows): every request crosses from
    the event loop to a thread and back (`rsgi_bridge`), and measured with wrk -c1 that hop plus
    the loop's own work took 0.22 ms a request on uvloop, 0.34 ms on asyncio's loop. Named, not
    granian's "auto", which would take rloop, its experimental loop, if it were installed."""
    return Loops.uvloop if importlib.util.find_spec("uvloop") else Loops.asyncio


def run_granian(target: str, host: str, port: int, workers: int, grace: float) -> None:
    """Serve `target` (an import path to a function returning the RSGI app) until stopped; a
    worker still busy `grace` seconds after a stop (an abandoned runaway query) is killed."""
    Granian(
        target,
        address=host,
        port=port,
        interface=Interfaces.RSGI,
        loop=event_loop(),
        factory=True,
        workers=workers,
        http=HTTPModes.http1,
        websockets=False,
        respawn_failed_workers=True,
        respawn_interval=0.5,
        log_access=False,  # the app logs one line per query (treaty_kg.access)
        workers_kill_timeout=max(1, round(grace)),
    ).serve()
