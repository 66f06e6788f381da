"""The Flask app behind granian's RSGI interface, each request's body read in full first.

Why not granian's own WSGI interface: a WSGI app reads `wsgi.input` on one of the server's
blocking threads, so a client that announces `Content-Length: 100`, sends 10 bytes and waits
holds that thread for as long as it likes; 8 such clients stopped every query under gunicorn, and
4 stopped granian's WSGI workers in our test (granian has no body-read timeout: upstream
emmett-framework/granian#728, closed as wontfix). a2wsgi and asgiref bridge to ASGI but also read
the body from the app's thread (a2wsgi) or run every request on one thread (asgiref's default),
so neither helps. Here the body is read on granian's event loop, where a waiting client costs a
coroutine, not a thread: its size is capped before any byte is kept and it must arrive within a
deadline (408 past it). Only then does the Flask app run, on a thread of a bounded pool, with
the whole body in memory; its response (already bounded by the row caps) is sent in one piece.
A request answered before for the same build is answered on the loop itself, from the worker's
`edge_cache.EdgeCache`, without the thread hop or Flask.
"""

from __future__ import annotations

import asyncio
import io
import logging
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from treaty_kg.endpoint.edge_cache import ENVIRON_KEY, EdgeCache

access_log = logging.getLogger("treaty_kg.access")
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
_TEXT = [("content-type", "text/plain; charset=utf-8"), ("x-content-type-options", "nosniff")]


class BufferedWSGI:
    """An RSGI application (granian) that runs a WSGI app once the request body has arrived."""

    def __init__(self, app: WSGIApp, *, max_body: int, body_timeout: float, threads: int, edge: EdgeCache | None = None) -> None:
        self.app = app
        self.edge = edge
        self.max_body = max_body
        self.body_timeout = body_timeout
        self.threads = threads
        self._pool: ThreadPoolExecutor | None = None

    def __rsgi_init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="treaty-kg request")

    def __rsgi_del__(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    async def __rsgi__(self, scope: Any, protocol: Any) -> None:
        if scope.proto != "http":  # websockets: none served here
            return
        edge = self.edge
        key = edge.key(scope) if edge is not None else None
        if edge is not None and key is not None:
            hit = edge.get(key)
            if hit is not None:
                protocol.response_bytes(*hit)
                if access_log.isEnabledFor(logging.INFO):
                    access_log.info('%s "%s %s" %d cached bytes=%d', scope.client, scope.method, scope.path, hit[0], len(hit[2]))
                return
        declared = scope.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            protocol.response_bytes(413 if declared.isdigit() else 400, _TEXT, self._too_large(declared))
            return
        try:
            body = await asyncio.wait_for(self._read_body(protocol), self.body_timeout) if _has_body(scope, declared) else b""
        except TimeoutError:
            message = f"408 Request Timeout: the request body did not arrive within {self.body_timeout:g} s\n"
            protocol.response_bytes(408, [*_TEXT, ("connection", "close")], message.encode())
            return
        except _TooLarge:
            protocol.response_bytes(413, [*_TEXT, ("connection", "close")], self._too_large(None))
            return
        except Exception:  # the client went away while sending
            return
        environ = self._environ(scope, body)
        if edge is not None:
            environ[ENVIRON_KEY] = True
        loop = asyncio.get_running_loop()
        status, headers, data = await loop.run_in_executor(self._pool, self._call, environ)
        if edge is not None:
            headers = edge.answered(key, status, headers, data)
        protocol.response_bytes(status, headers, data)

    def _too_large(self, declared: str | None) -> bytes:
        size = f" ({declared} bytes)" if declared and declared.isdigit() else ""
        return f"413 Payload Too Large: the request body{size} is over this endpoint's limit of {self.max_body} bytes\n".encode()

    async def _read_body(self, protocol: Any) -> bytes:
        chunks: list[bytes] = []
        size = 0
        async for chunk in protocol:
            size += len(chunk)
            if size > self.max_body:
                raise _TooLarge
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def _environ(scope: Any, body: bytes) -> dict[str, Any]:
        server_host, _, server_port = scope.server.rpartition(":")
        client_host, _, client_port = scope.client.rpartition(":")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": scope.method,
            "SCRIPT_NAME": "",
            "PATH_INFO": scope.path.encode("utf-8", "surrogateescape").decode("latin-1"),
            "QUERY_STRING": scope.query_string,
            "SERVER_NAME": server_host.strip("[]") or "localhost",
            "SERVER_PORT": server_port or "80",
            "SERVER_PROTOCOL": f"HTTP/{scope.http_version}",
            "REMOTE_ADDR": client_host.strip("[]"),
            "REMOTE_PORT": client_port,
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": scope.scheme,
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        for name, value in scope.headers.items():
            key = name.upper().replace("-", "_")
            if key == "CONTENT_TYPE":
                environ["CONTENT_TYPE"] = value
            elif key != "CONTENT_LENGTH":
                key = "HTTP_" + key
                environ[key] = f"{environ[key]},{value}" if key in environ else value
        return environ

    def _call(self, environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes]:
        started: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            started["status"], started["headers"] = int(status.split(" ", 1)[0]), headers
            return lambda data: None

        result = self.app(environ, start_response)
        try:
            data = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        return started["status"], started["headers"], data


def _has_body(scope: Any, declared: str | None) -> bool:
    """Whether the request has a body to read: HTTP/1.1 frames one only by Content-Length or
    Transfer-Encoding (RFC 9112 §6.3), so a GET without them is answered without awaiting a body
    that cannot come (that wait was 0.13 ms of the bridge's 0.33 ms a request, measured with wrk -c1
    on a trivial WSGI app)."""
    return (declared is not None and declared != "0") or "transfer-encoding" in scope.headers


class _TooLarge(Exception):
    """The body grew past the limit while it was read (no Content-Length, or a lying one)."""
