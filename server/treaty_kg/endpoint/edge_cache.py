"""Answers given again without entering Flask: the worker's cache of whole responses.

A label lookup spends far more time in Flask's request machinery (routing, the request object,
negotiation, the response object, its headers) than in pyoxigraph; measured on this 2-core machine
a bare Flask view calling pyoxigraph answered 2.1k req/s where `oxigraph serve` answered 27k
(docs/decisions.md). The backend's ResultCache saves the evaluation but not that machinery. Here,
on granian's event loop and before any thread hop, a request that is exactly one already answered
for the same build gets the same bytes back.

What makes that correct:
- only responses the app marks (`MARK`, stripped before sending) are kept: answers that depend on
  the request and the build and nothing else (the SPARQL answers; not /health, not errors);
- the key is the whole request as the app saw it: method, path, query string and every header,
  in order. Two requests that differ in any header are different entries, so nothing the app
  reads (Accept, Host for the base IRI, Origin for CORS) can be answered from another's entry;
  only GET and HEAD without a body are looked up;
- entries are kept per build: a response is stored only if the build served was the same
  before and after the app answered (no reload in between), and looked up only under the
  build served now;
- the lookup happens only while the backend says its build cannot have changed unseen
  (`Backend.fresh_until`): once a reload check is due, the request goes through the app, whose
  `before_request` makes the check, as it does without this cache.
The cache keeps as many entries as the app's own answer cache (`cache_entries`, 0: off) and at
most `MAX_BYTES` of bodies in all, least recently used out first, and no response over
`MAX_BODY` bytes: a client asking many large answers cannot grow a worker towards its memory cap.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

ENVIRON_KEY = "treaty_kg.edge_cache"  # in the WSGI environ when an edge cache runs in front of the app
MARK = "X-Treaty-KG-Edge-Cacheable"  # set by the app (only then) on a response the edge may keep; never sent
_MARK_LOWER = MARK.lower()

Headers = list[tuple[str, str]]
Key = tuple[str, str, str, str, tuple[tuple[str, str], ...]]


class EdgeCache:
    """Whole responses of one worker, by exact request and build."""

    MAX_BODY = 1 << 20
    MAX_BYTES = 64 << 20

    def __init__(self, entries: int, build: Callable[[], str], fresh_until: Callable[[], float]) -> None:
        self.entries = entries
        self._build = build
        self._fresh_until = fresh_until
        self._items: OrderedDict[Key, tuple[int, Headers, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def key(self, scope: Any) -> Key | None:
        """The request's key, or None when it may not be answered from the cache."""
        if self.entries <= 0 or scope.method not in ("GET", "HEAD"):
            return None
        headers = tuple(scope.headers.items())
        for name, value in headers:
            if name.lower() in ("content-length", "transfer-encoding") and value not in ("", "0"):
                return None
        build = self._served()
        if build is None:
            return None
        return (build, scope.method, scope.path, scope.query_string, headers)

    def _served(self) -> str | None:
        """The build served now, or None when there is none (a store down or empty: the app says why)."""
        try:
            return self._build()
        except Exception:
            return None

    def get(self, key: Key) -> tuple[int, Headers, bytes] | None:
        if time.monotonic() >= self._fresh_until():
            return None
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
            return hit

    def answered(self, key: Key | None, status: int, headers: Headers, body: bytes) -> Headers:
        """The headers to send; keeps the response when the app marked it and the build did not
        change while it was computed."""
        if not any(name.lower() == _MARK_LOWER for name, _ in headers):
            return headers
        headers = [(name, value) for name, value in headers if name.lower() != _MARK_LOWER]
        if key is not None and status == 200 and len(body) <= self.MAX_BODY and key[0] == self._served():
            with self._lock:
                replaced = self._items.pop(key, None)
                self._bytes += len(body) - (len(replaced[2]) if replaced else 0)
                self._items[key] = (status, headers, body)
                while len(self._items) > self.entries or self._bytes > self.MAX_BYTES:
                    self._bytes -= len(self._items.popitem(last=False)[1][2])
        return headers
