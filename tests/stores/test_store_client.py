"""The query client's connection handling, against a scripted HTTP server (no store needed).

What the endpoint relies on: a kept-alive connection that the store closed meanwhile (Virtuoso
does after its KeepAliveTimeout) costs a retry, not a 503; a store that does not answer, refuses,
or says it is unavailable gives StoreUnavailable with the reason; Basic credentials are sent once
the query URL asks for them; an answer left half-read does not break the thread's next query.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from treaty_kg.rdf.remote.client import JSON_RESULTS, StoreAddress, StoreClient, StoreUnavailable

ASK_TRUE = b'{"head":{},"boolean":true}'


class Script:
    """What the scripted store does with each request, and what it saw."""

    def __init__(self) -> None:
        self.connections = 0
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.answer: Callable[[BaseHTTPRequestHandler, int], None] = lambda handler, n: reply(handler, 200, ASK_TRUE)


def reply(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", JSON_RESULTS)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


@pytest.fixture
def scripted() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a store answers

        def setup(self) -> None:
            super().setup()
            script.connections += 1

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            script.requests.append((self.path, dict(self.headers.items()), body))
            script.answer(self, len(script.requests))

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", script
    server.shutdown()
    server.server_close()


def _ask(client: StoreClient, timeout: float = 5.0) -> bytes:
    response = client.query("ASK {}", accept=JSON_RESULTS, dataset=(["urn:g:default"], ["urn:g:a"]), timeout=timeout)
    try:
        return response.content
    finally:
        response.close()


def test_queries_reuse_kept_alive_connections_across_threads(scripted) -> None:
    url, script = scripted
    client = StoreClient(StoreAddress(url))
    assert [_ask(client) for _ in range(3)] == [ASK_TRUE] * 3
    assert script.connections == 1
    path, headers, body = script.requests[0]
    assert path == "/sparql" and headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert body == b"query=ASK+%7B%7D&default-graph-uri=urn%3Ag%3Adefault&named-graph-uri=urn%3Ag%3Aa"

    def on_new_threads(n: int) -> list[bytes]:
        answers: list[bytes] = []
        threads = [threading.Thread(target=lambda: answers.append(_ask(client))) for _ in range(n)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return answers

    # a page renders on a short-lived thread: it takes the connection the last one gave back
    assert on_new_threads(1) == [ASK_TRUE] and script.connections == 1
    both = threading.Barrier(2, timeout=5)
    script.answer = lambda handler, n: (both.wait(), reply(handler, 200, ASK_TRUE))
    assert on_new_threads(2) == [ASK_TRUE] * 2 and script.connections == 2  # two at once: two connections
    script.answer = lambda handler, n: reply(handler, 200, ASK_TRUE)
    assert on_new_threads(1) == [ASK_TRUE] and script.connections == 2  # both kept, neither leaked
    client.close()


def test_a_connection_the_store_closed_meanwhile_is_replaced_without_an_error(scripted) -> None:
    url, script = scripted

    def answer_then_hang_up(handler: BaseHTTPRequestHandler, n: int) -> None:
        reply(handler, 200, ASK_TRUE)  # announced as kept alive (HTTP/1.1, no Connection: close) ...
        handler.close_connection = True  # ... and closed, as Virtuoso does after its KeepAliveTimeout

    script.answer = answer_then_hang_up
    client = StoreClient(StoreAddress(url))
    assert _ask(client) == ASK_TRUE
    time.sleep(0.1)
    assert _ask(client) == ASK_TRUE
    assert script.connections == 2 and len(script.requests) == 2
    client.close()


def test_a_store_that_does_not_answer_in_time_is_unavailable(scripted) -> None:
    url, script = scripted
    script.answer = lambda handler, n: time.sleep(3)
    client = StoreClient(StoreAddress(url))
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="did not answer in time"):
        _ask(client, timeout=0.5)
    assert time.monotonic() - started < 2
    client.close()


def test_a_store_that_refuses_connections_is_unavailable() -> None:
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = StoreClient(StoreAddress(f"http://127.0.0.1:{port}/sparql"))
    with pytest.raises(StoreUnavailable, match="cannot be reached: connection refused"):
        _ask(client)


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_store_behind_a_proxy_that_says_unavailable_is_unavailable(scripted, status: int) -> None:
    url, script = scripted
    script.answer = lambda handler, n: reply(handler, status, b"upstream down")
    client = StoreClient(StoreAddress(url))
    with pytest.raises(StoreUnavailable, match=f"HTTP {status}"):
        _ask(client)
    script.answer = lambda handler, n: reply(handler, 200, ASK_TRUE)
    assert _ask(client) == ASK_TRUE  # the same connection serves again
    assert script.connections == 1
    client.close()


def test_basic_credentials_are_sent_once_the_query_url_asks_for_them(scripted) -> None:
    url, script = scripted
    expected = "Basic dXNlcjpzM2NyM3Q="  # user:s3cr3t

    def guarded(handler: BaseHTTPRequestHandler, n: int) -> None:
        if handler.headers.get("Authorization") != expected:
            reply(handler, 401, b"who are you?", {"WWW-Authenticate": 'Basic realm="store"'})
        else:
            reply(handler, 200, ASK_TRUE)

    script.answer = guarded
    client = StoreClient(StoreAddress(url, user="user", password="s3cr3t"))
    assert _ask(client) == ASK_TRUE and _ask(client) == ASK_TRUE
    assert [h.get("Authorization") for _, h, _ in script.requests] == [None, expected, expected]
    client.close()


def test_an_answer_left_half_read_does_not_break_the_next_query(scripted) -> None:
    url, script = scripted
    big = (
        b'{"head":{"vars":["s"]},"results":{"bindings":[' + b",".join([b'{"s":{"type":"literal","value":"x"}}'] * 20_000) + b"]}}"
    )
    script.answer = lambda handler, n: reply(handler, 200, big if n == 1 else ASK_TRUE)
    client = StoreClient(StoreAddress(url))
    response = client.query("SELECT * {}", accept=JSON_RESULTS, timeout=5)
    assert response.stream.read(100).startswith(b'{"head"')
    response.close()  # most of the answer unread: the connection is closed rather than reused
    assert _ask(client) == ASK_TRUE
    assert script.connections == 2
    client.close()
