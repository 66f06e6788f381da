"""HTTP to a SPARQL 1.1 store: queries, updates and Graph Store uploads, with the store's quirks.

One `StoreClient` per server process: queries on kept-alive `http.client` connections shared
by the threads (a new TCP connection per query would cost more than the ≤ 2 ms the endpoint may add to
the store's own latency; `StoreClient.query` says why not a library's pool), the build's updates
and uploads through a pooled `requests.Session`, credentials from the environment, and every failure to reach the store turned into
`StoreUnavailable` (answered 503) rather than an exception a request would crash on.

Quirks handled here, found on Virtuoso 7.2 (`virtuoso.py` has the ones that need reading a
response): a direct POST of `application/sparql-query` can hang, so queries go as form POSTs
(`StoreClient.query` says why not GET); Virtuoso's `/sparql-auth` asks for HTTP Digest, so the
scheme follows the store's challenge.
"""

from __future__ import annotations

import base64
import functools
import http.client
import os
import ssl
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, cast
from urllib.parse import urlencode, urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth
from urllib3.util.retry import Retry

ENV_USER = "TREATY_KG_STORE_USER"
ENV_PASSWORD = "TREATY_KG_STORE_PASSWORD"
ENV_UPDATE = "TREATY_KG_STORE_UPDATE"
ENV_GSP = "TREATY_KG_STORE_GSP"

JSON_RESULTS = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


@dataclass(frozen=True)
class StoreAddress:
    """Where a store answers: its query URL, and for building its update and Graph Store URLs."""

    query: str
    update: str | None = None
    gsp: str | None = None
    user: str | None = None
    password: str | None = None

    @classmethod
    def from_env(cls, query_url: str, environ: Mapping[str, str] = os.environ) -> StoreAddress:
        """The store at `query_url`; update and Graph Store URLs and credentials from the environment.

        Without TREATY_KG_STORE_UPDATE the update URL is guessed from the query URL's shape:
        Oxigraph server answers updates at `/update` beside `/query`; Virtuoso and most other
        stores at the same `/sparql` URL.
        """
        update = environ.get(ENV_UPDATE) or (
            query_url[: -len("/query")] + "/update" if query_url.endswith("/query") else query_url
        )
        gsp = environ.get(ENV_GSP) or (query_url[: -len("/query")] + "/store" if query_url.endswith("/query") else None)
        return cls(query_url, update, gsp, environ.get(ENV_USER) or None, environ.get(ENV_PASSWORD) or None)


class StoreUnavailable(Exception):
    """The store is down, too slow, or has no published build: the endpoint answers 503 and
    /health says so; a build stops unpublished."""


class StoreError(Exception):
    """The store answered a request with an error status; `status` and its message are kept."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def store_message(body: bytes, limit: int = 2000) -> str:
    """The store's error text, without the query Virtuoso echoes after it."""
    text = body.decode("utf-8", "replace").strip()
    text = text.split("\n\nSPARQL query:", 1)[0].strip()
    return text[:limit] or "(no message)"


class StoreResponse:
    """A store's answer to a query, read as it streams in (`stream`, a file) or whole (`content`).
    `close()` gives its connection back for the next query (every answer must be closed)."""

    def __init__(self, response: http.client.HTTPResponse, connection: http.client.HTTPConnection, idle: _Idle) -> None:
        self._raw = response
        self.status_code = response.status
        self.headers = response.headers
        self._connection: http.client.HTTPConnection | None = connection
        self._idle = idle
        self._content: bytes | None = None

    @property
    def stream(self) -> IO[bytes]:
        """The body as a binary file, read as it arrives."""
        return cast(IO[bytes], self._raw)

    @property
    def content(self) -> bytes:
        if self._content is None:
            self._content = self._raw.read()
        return self._content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def close(self) -> None:
        """Give the connection back, or close it. A parser stops at the end of the document,
        before the end of a chunked body, and the next request on a connection needs the last
        answer read to its end; so a short rest is read here, and a long one (an answer cut at the
        row cap) closes the connection instead (the next query opens a new one)."""
        connection, self._connection = self._connection, None
        if connection is None:
            return  # closed already
        try:
            if not self._raw.isclosed():
                self._raw.read(65536)
        except (OSError, http.client.HTTPException):
            pass
        if self._raw.isclosed():
            self._idle.give_back(connection)
        else:
            self._raw.close()
            connection.close()


class _Idle:
    """Kept-alive connections to the store's query URL that no query is using. A query takes one
    (or opens one) and its answer gives it back once read to the end: threads share them, so a
    page rendered on a short-lived thread reuses the connections of the ones before it, and at
    most `keep` stay open while idle."""

    def __init__(self, keep: int) -> None:
        self._keep = keep
        self._connections: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()
        self._closed = False

    def take(self) -> http.client.HTTPConnection | None:
        with self._lock:
            return self._connections.pop() if self._connections else None

    def give_back(self, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            if not self._closed and len(self._connections) < self._keep and connection.sock is not None:
                self._connections.append(connection)
                return
        connection.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()


class StoreClient:
    """Requests to one store, kept alive and authenticated; thread-safe for the server's threads."""

    def __init__(self, address: StoreAddress, pool: int = 16) -> None:
        self.address = address
        self._session = requests.Session()
        self._session.trust_env = False  # no proxy or netrc from the environment: the store is where the URL says
        # one retry of a connection that failed to open (nothing was sent yet); updates are never repeated
        retry = Retry(total=1, connect=1, read=0, other=0, status=0, raise_on_status=False)
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=pool, max_retries=retry)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._auth: AuthBase | None = None
        self._auth_lock = threading.Lock()
        parts = urlsplit(address.query)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {address.query}")
        self._secure = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self._idle = _Idle(pool)
        self._query_headers: dict[str, str] = {}  # Basic credentials, once the query URL asked for them

    def close(self) -> None:
        self._session.close()
        self._idle.close()

    def _connection(self) -> http.client.HTTPConnection:
        """An idle kept-alive connection to the query URL, else a new one (opened when first used)."""
        connection = self._idle.take()
        if connection is not None:
            return connection
        if self._secure:
            return http.client.HTTPSConnection(self._host, self._port, context=ssl.create_default_context())
        return http.client.HTTPConnection(self._host, self._port)

    def _authenticate(self, response: requests.Response) -> bool:
        """On a 401, pick the scheme the store asks for (Digest on Virtuoso's /sparql-auth)."""
        user, password = self.address.user, self.address.password
        if response.status_code != 401 or user is None or password is None:
            return False
        challenge = response.headers.get("WWW-Authenticate", "").lower()
        with self._auth_lock:
            if challenge.startswith("digest"):
                self._auth = HTTPDigestAuth(user, password)
            else:
                self._auth = HTTPBasicAuth(user, password)
        return True

    def _send(
        self,
        method: str,
        url: str,
        *,
        params: list[tuple[str, str]] | None = None,
        data: bytes | list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        timeout: float | tuple[float, float] = 30.0,
    ) -> requests.Response:
        """One request; a 401 retried once with the scheme the store's challenge names."""
        for attempt in (1, 2):
            try:
                response = self._session.request(
                    method,
                    url,
                    params=params,
                    data=data,
                    headers=headers,
                    timeout=timeout,
                    auth=self._auth,
                )
            except requests.Timeout as exc:
                raise StoreUnavailable(f"the SPARQL store at {url} did not answer in time ({exc.__class__.__name__})") from None
            except requests.RequestException as exc:
                raise StoreUnavailable(f"the SPARQL store at {url} cannot be reached: {_reason(exc)}") from None
            if attempt == 1 and self._authenticate(response):
                response.close()
                continue
            return response
        raise AssertionError("unreachable")

    def query(
        self,
        sparql: str,
        *,
        accept: str,
        dataset: tuple[Iterable[str], Iterable[str]] | None = None,
        extra: list[tuple[str, str]] | None = None,
        timeout: float = 30.0,
    ) -> StoreResponse:
        """A query as a form POST (never a direct POST of the query, which Virtuoso can hang on),
        with the protocol's dataset (default-graph-uri, named-graph-uri) when given. The body is
        streamed (read `response.stream` as it arrives, or `.content` for all of it).

        Sent on a kept-alive `http.client` connection (`_Idle`): the endpoint may add at most
        2 ms to the store's own latency, and measured on loopback against Oxigraph server a label
        lookup's round trip took 0.22 ms this way, 0.44 ms through a urllib3 pool (its URL parsing
        and header handling per request) and 1.2–12 ms through requests. A form POST rather than
        GET keeps the query out of the URL (any length goes; the protocol requires stores to
        accept it). A query is safe to repeat, so one whose kept-alive connection the store had
        closed meanwhile (Virtuoso after its KeepAliveTimeout) is sent again on a new one; one
        that timed out is not: the deadline is the query's."""
        body = urlencode([("query", sparql)])
        if dataset is not None:
            default, named = dataset
            body += "&" + _encoded_dataset(tuple(default), tuple(named))
        if extra:
            body += "&" + urlencode(extra)
        data = body.encode("utf-8")
        url = self.address.query
        for attempt in (1, 2):
            headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded", **self._query_headers}
            response = self._exchange(data, headers, timeout)
            if attempt == 1 and response.status_code == 401 and self._basic_for_queries(response):
                response.close()
                continue
            break
        if response.status_code in (502, 503, 504):
            response.close()
            raise StoreUnavailable(f"the SPARQL store at {url} is unavailable (HTTP {response.status_code})")
        return response

    def _exchange(self, data: bytes, headers: dict[str, str], timeout: float) -> StoreResponse:
        """One POST to the query URL on a kept-alive connection, and the start of its answer."""
        url = self.address.query
        connection = self._connection()
        for attempt in (1, 2):
            reused = connection.sock is not None
            if not reused:
                try:
                    connection.timeout = min(timeout, 5.0)
                    connection.connect()
                except OSError as exc:
                    connection.close()
                    raise StoreUnavailable(f"the SPARQL store at {url} cannot be reached: {_reason(exc)}") from None
            assert connection.sock is not None  # connected just above, or kept alive
            try:
                connection.sock.settimeout(timeout)
                connection.request("POST", self._target, data, headers)
                return StoreResponse(connection.getresponse(), connection, self._idle)
            except TimeoutError:
                connection.close()
                raise StoreUnavailable(f"the SPARQL store at {url} did not answer in time (ReadTimeout)") from None
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                if reused and attempt == 1:
                    continue  # the store had closed the kept-alive connection: once more on a new one
                raise StoreUnavailable(f"the SPARQL store at {url} cannot be reached: {_reason(exc)}") from None
        raise AssertionError("unreachable")

    def _basic_for_queries(self, response: StoreResponse) -> bool:
        """Basic credentials for the query URL when it asks for them (a query endpoint behind a
        proxy's Basic auth). A query URL asking for Digest is not supported: serve from the
        store's anonymous, read-only query URL (Virtuoso: /sparql) and keep Digest for builds."""
        user, password = self.address.user, self.address.password
        challenge = response.headers.get("WWW-Authenticate", "").lower()
        if user is None or password is None or not challenge.startswith("basic"):
            return False
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        self._query_headers = {"Authorization": f"Basic {token}"}
        return True

    def update(self, sparql: str, timeout: float = 3600.0) -> None:
        """A SPARQL 1.1 Update, as a form POST to the update URL."""
        if not self.address.update:
            raise StoreError(0, "no update URL: set TREATY_KG_STORE_UPDATE")
        response = self._send("POST", self.address.update, data=[("update", sparql)], timeout=(5.0, timeout))
        if response.status_code >= 300:
            raise StoreError(response.status_code, store_message(response.content))

    def upload(self, graph: str, ntriples: bytes, timeout: float = 3600.0) -> bool:
        """POST N-Triples into a graph through the Graph Store Protocol; False when the store has
        no Graph Store URL (the caller then sends INSERT DATA)."""
        if not self.address.gsp:
            return False
        response = self._send(
            "POST",
            self.address.gsp,
            params=[("graph", graph)],
            data=ntriples,
            headers={"Content-Type": NTRIPLES},
            timeout=(5.0, timeout),
        )
        if response.status_code >= 300:
            raise StoreError(response.status_code, store_message(response.content))
        return True


@functools.lru_cache(maxsize=64)
def _encoded_dataset(default: tuple[str, ...], named: tuple[str, ...]) -> str:
    """The protocol's dataset parameters, URL-encoded: the same few per build, so encoded once
    (a build's dataset names ~10 graphs; encoding them took 0.1 ms a query)."""
    return urlencode([("default-graph-uri", g) for g in default] + [("named-graph-uri", g) for g in named])


def _reason(exc: Exception) -> str:
    """The innermost reason of a connection failure ("Connection refused"), not urllib3's chain."""
    text = str(exc)
    for marker in ("Connection refused", "Name or service not known", "Connection reset", "timed out"):
        if marker in text:
            return marker.lower()
    return text[:300]
