"""The worker's edge cache (endpoint/edge_cache.py): a response is given again only for exactly
the same request, under the same build, while no reload check is due; only marked ones are kept."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from treaty_kg.endpoint.edge_cache import MARK, EdgeCache


class Headers(dict):
    def items(self):  # granian's headers: pairs in the order the client sent them
        return list(super().items())


@dataclass
class Scope:
    path: str = "/sparql"
    query_string: str = "query=ASK%7B%7D"
    method: str = "GET"
    headers: Headers = field(default_factory=lambda: Headers({"host": "kg.example", "accept": "application/json"}))


class Backend:
    def __init__(self) -> None:
        self.build = "build-1"
        self.fresh = time.monotonic() + 60

    def cache(self, entries: int = 4) -> EdgeCache:
        return EdgeCache(entries, build=lambda: self.build, fresh_until=lambda: self.fresh)


ANSWER = [("Content-Type", "application/sparql-results+json"), (MARK, "1")]


def test_a_marked_answer_is_given_again_without_the_mark() -> None:
    cache = Backend().cache()
    key = cache.key(Scope())
    assert key is not None and cache.get(key) is None
    sent = cache.answered(key, 200, ANSWER, b"{}")
    assert sent == [("Content-Type", "application/sparql-results+json")]
    assert cache.get(cache.key(Scope())) == (200, sent, b"{}")


def test_any_other_header_or_method_is_another_request() -> None:
    cache = Backend().cache()
    cache.answered(cache.key(Scope()), 200, ANSWER, b"{}")
    for other in (
        Scope(headers=Headers({"host": "evil.example", "accept": "application/json"})),
        Scope(headers=Headers({"host": "kg.example", "accept": "text/csv"})),
        Scope(headers=Headers({"host": "kg.example", "accept": "application/json", "origin": "https://a.example"})),
        Scope(method="HEAD"),
        Scope(query_string="query=ASK%7B%7D&x=1"),
    ):
        key = cache.key(other)
        assert key is not None and cache.get(key) is None
    assert cache.key(Scope(method="POST")) is None
    assert cache.key(Scope(headers=Headers({"host": "kg.example", "content-length": "5"}))) is None


def test_unmarked_or_failed_answers_are_not_kept() -> None:
    cache = Backend().cache()
    key = cache.key(Scope())
    plain = [("Content-Type", "application/json")]
    assert cache.answered(key, 200, plain, b"{}") is plain
    cache.answered(key, 503, ANSWER, b"busy")
    assert cache.get(key) is None


def test_a_new_build_or_a_due_reload_check_goes_to_the_app() -> None:
    backend = Backend()
    cache = backend.cache()
    key = cache.key(Scope())
    backend.build = "build-2"  # reloaded while the app was answering: the answer may be the old build's
    cache.answered(key, 200, ANSWER, b"old")
    assert cache.get(cache.key(Scope())) is None
    cache.answered(cache.key(Scope()), 200, ANSWER, b"new")
    assert cache.get(cache.key(Scope())) is not None
    backend.fresh = time.monotonic() - 1  # a reload check is due: the app must make it
    assert cache.get(cache.key(Scope())) is None


def test_no_build_no_cache_and_the_size_is_bounded() -> None:
    backend = Backend()
    cache = backend.cache(entries=2)
    for n in range(3):
        cache.answered(cache.key(Scope(query_string=f"q={n}")), 200, ANSWER, b"x")
    assert cache.get(cache.key(Scope(query_string="q=0"))) is None
    assert cache.get(cache.key(Scope(query_string="q=2"))) is not None
    assert backend.cache(entries=0).key(Scope()) is None

    def down() -> str:
        raise RuntimeError("store unavailable")

    assert EdgeCache(4, build=down, fresh_until=lambda: backend.fresh).key(Scope()) is None


def test_the_bodies_kept_are_bounded_in_bytes() -> None:
    cache = Backend().cache(entries=1000)
    big = b"x" * EdgeCache.MAX_BODY
    for n in range(EdgeCache.MAX_BYTES // EdgeCache.MAX_BODY + 8):
        cache.answered(cache.key(Scope(query_string=f"q={n}")), 200, ANSWER, big)
    kept = [n for n in range(EdgeCache.MAX_BYTES // EdgeCache.MAX_BODY + 8) if cache.get(cache.key(Scope(query_string=f"q={n}")))]
    assert len(kept) * EdgeCache.MAX_BODY <= EdgeCache.MAX_BYTES and kept[-1] == EdgeCache.MAX_BYTES // EdgeCache.MAX_BODY + 7
    assert (
        cache.answered(cache.key(Scope(query_string="huge")), 200, ANSWER, big + b"x")
        and cache.get(cache.key(Scope(query_string="huge"))) is None
    )
