"""A bare relay on treaty-kg's own serving stack, for bench_stores.py: what the stack costs alone.

treaty-kg serve answers on granian (uvloop) through `rsgi_bridge.BufferedWSGI`, which hops from
the event loop to a thread of its pool and back for each request. Here the same stack, the same 2
workers x 4 threads, runs an app that does nothing but forward: the request's query string to the
store as a GET, the store's bytes back unread. No Flask, no checks, no dataset, no rewriting.

Paired with treaty-kg and the store alone (`bench_stores.paired`), it splits what treaty-kg adds
to a store's latency in two: the serving stack's (relay minus store) and treaty-kg's own work per
query (treaty-kg minus relay: the protocol, the safety checks, the engine's parse, the answer read
and written again).

    BENCH_RELAY_STORE=http://127.0.0.1:7878/query python bench/relay.py PORT
"""

from __future__ import annotations

import http.client
import os
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from treaty_kg.endpoint.rsgi_bridge import BufferedWSGI
from treaty_kg.endpoint.server import run_granian

STORE = "BENCH_RELAY_STORE"


def forwarder(store_url: str) -> Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]:
    """A WSGI app sending each request's query string to `store_url` on the thread's own
    kept-alive connection (treaty-kg shares its connections between threads; one request at a
    time, as measured, this is the same)."""
    parts = urlsplit(store_url)
    local = threading.local()

    def exchange(target: str, accept: str) -> http.client.HTTPResponse:
        """The store's answer; once more on a new connection if the store had closed the kept-alive
        one meanwhile (Virtuoso after its KeepAliveTimeout), as treaty-kg's client does."""
        for attempt in (1, 2):
            connection = getattr(local, "connection", None)
            if connection is None:
                connection = local.connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=600)
            try:
                connection.request("GET", target, headers={"Accept": accept})
                return connection.getresponse()
            except ConnectionError:  # RemoteDisconnected among them
                connection.close()
                local.connection = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        response = exchange(f"{parts.path}?{environ.get('QUERY_STRING', '')}", environ.get("HTTP_ACCEPT", "*/*"))
        body = response.read()
        start_response(
            f"{response.status} {response.reason}",
            [
                ("Content-Type", response.getheader("Content-Type") or "application/octet-stream"),
                ("Content-Length", str(len(body))),
            ],
        )
        return [body]

    return app


def rsgi_app() -> BufferedWSGI:
    """What each granian worker serves: the forwarder behind treaty-kg's bridge."""
    return BufferedWSGI(forwarder(os.environ[STORE]), max_body=1 << 20, body_timeout=10.0, threads=4)


if __name__ == "__main__":  # granian's worker processes import `relay` too: through PYTHONPATH
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")]))
    run_granian("relay:rsgi_app", "127.0.0.1", int(sys.argv[1]), workers=2, grace=1.0)
