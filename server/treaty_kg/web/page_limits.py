"""The pages under the same limits as /sparql: a deadline per page, and a cache per build.

A page runs the server's own queries, but which page (and so how much work) is the client's
choice, and a few were costly: `/ontology` took 0.38 s, and 8 clients asking for it held the
server to 4.5 req/s while cheap SPARQL went from 5 ms to 1.17 s. A page depends only on the
build and on what the request asks (path, query string, Accept, Accept-Language, the language
cookie), so answers are kept per build (least recently used go), and a page that is not in the
cache is rendered on a thread the request waits on for at most the query time limit: past it the
client gets a 503 and the process retires as for a runaway query (`GraphStore.on_runaway`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, Response, copy_current_request_context, request

MAX_BODY = 1 << 20  # bytes; bigger pages are not kept
Key = tuple[str, ...]


class PageCache:
    """Rendered pages of one build, least recently used first out."""

    def __init__(self, entries: int) -> None:
        self._entries = entries
        self._items: OrderedDict[Key, tuple[bytes, int, list[tuple[str, str]]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key) -> Response | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
        body, status, headers = item
        return Response(body, status, headers=headers)

    def put(self, key: Key, response: Response) -> None:
        if self._entries <= 0 or response.status_code != 200 or response.is_streamed:
            return
        body = response.get_data()
        if len(body) > MAX_BODY:
            return
        with self._lock:
            self._items[key] = (body, response.status_code, list(response.headers.items()))
            while len(self._items) > self._entries:
                self._items.popitem(last=False)


def _key(digest: str) -> Key:
    return (
        digest,
        request.method,
        request.full_path,
        request.headers.get("Accept", ""),
        request.headers.get("Accept-Language", ""),
        request.cookies.get("lang", ""),
    )


def bound_pages(app: Flask, blueprint: str) -> None:
    """Wrap every view of `blueprint` in the deadline and the per-build cache."""
    graph = app.extensions["treaty_kg"]
    settings = app.extensions["treaty_kg_settings"]
    caches: dict[str, PageCache] = {}
    lock = threading.Lock()

    def cache_for(digest: str) -> PageCache:
        with lock:
            if digest not in caches:
                caches.clear()  # a new build: the old pages are stale
                caches[digest] = PageCache(settings.cache_entries)
            return caches[digest]

    def bounded(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def run(**kwargs: Any) -> Any:
            digest = graph.digest
            cache = cache_for(digest)
            key = _key(digest)
            cached = cache.get(key) if request.method in ("GET", "HEAD") else None
            if cached is not None:
                return cached
            outcome: dict[str, Any] = {}
            done = threading.Event()

            @copy_current_request_context
            def render() -> None:
                try:
                    outcome["response"] = app.make_response(view(**kwargs))
                except BaseException as exc:  # handed to the request's thread, which raises it
                    outcome["error"] = exc
                finally:
                    done.set()

            threading.Thread(target=render, name="treaty-kg page", daemon=True).start()
            if not done.wait(settings.query_timeout):
                graph.on_runaway()
                response = Response(
                    f"503 Service Unavailable: the page took longer than the time limit of {settings.query_timeout:g} s\n",
                    503,
                    content_type="text/plain; charset=utf-8",
                )
                response.headers["Retry-After"] = "1"
                return response
            if "error" in outcome:
                raise outcome["error"]
            response = outcome["response"]
            if request.method in ("GET", "HEAD"):
                cache.put(key, response)
            return response

        return run

    for endpoint, view in list(app.view_functions.items()):
        if endpoint.startswith(blueprint + "."):
            app.view_functions[endpoint] = bounded(view)
