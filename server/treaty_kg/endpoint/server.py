"""Running the app under gunicorn: one app per worker, each with its own store.

The app factory is passed in (`treaty_kg.wsgi.create_app` from `treaty-kg serve`), so this
module does not depend on the web layer.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from treaty_kg.endpoint.store import cap_memory


def log_to_stderr() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(process)d %(name)s %(message)s", stream=sys.stderr)


def retire_worker() -> None:
    """Stop this gunicorn worker gracefully: SIGTERM makes it finish the responses under way (the
    503 of the runaway among them) and exit; the arbiter starts a fresh one, and the abandoned query
    thread, a daemon, ends with this process. The other workers keep serving meanwhile."""
    logging.getLogger(__name__).warning("a query ran past its time limit: worker %d retires", os.getpid())
    os.kill(os.getpid(), signal.SIGTERM)


def run_gunicorn(
    factory: Callable[[dict[str, Any]], Flask],
    config: dict[str, Any],
    host: str,
    port: int,
    workers: int,
    worker_class: str,
    threads: int,
    timeout: float,
) -> None:
    class Server(BaseApplication):
        """gunicorn running create_app in each worker (not preloaded: each owns its store)."""

        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", worker_class)
            self.cfg.set("threads", threads)
            self.cfg.set("timeout", int(timeout) + 30)
            self.cfg.set("graceful_timeout", int(timeout) + 5)
            self.cfg.set("proc_name", "treaty-kg")
            self.cfg.set("limit_request_line", 8190)  # gunicorn's most: GET queries up to ~8 KB encoded

        def load(self) -> Any:
            log_to_stderr()
            app = factory(config)
            settings = app.extensions["treaty_kg_settings"]
            graph = app.extensions["treaty_kg"]
            if settings.isolation == "thread":
                # queries run in this worker itself: a hungry one aborts only it (its requests
                # under way fail, the arbiter starts a fresh one)
                graph.on_runaway = retire_worker
                cap_memory(settings.worker_memory_mb)
            graph.warm()
            return app

    Server().run()
