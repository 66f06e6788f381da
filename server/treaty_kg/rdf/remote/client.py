"""HTTP to a SPARQL 1.1 store: queries, updates and Graph Store uploads, with the store's quirks.

One `StoreClient` per server process: a pooled `requests.Session` (keep-alive: a new TCP
connection per query would cost more than the ≤ 2 ms the endpoint may add to the store's own
latency), credentials from the environment, and every failure to reach the store turned into
`StoreUnavailable` (answered 503) rather than an exception a request would crash on.

Quirks handled here, found on Virtuoso 7.2 (`virtuoso.py` has the ones that need reading a
response): a direct POST of `application/sparql-query` can hang, so queries go as form POSTs
(`StoreClient.query` says why not GET); Virtuoso's `/sparql-auth` asks for HTTP Digest, so the
scheme follows the store's challenge.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any, cast
from urllib.parse import urlencode

import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth
from urllib3.exceptions import ReadTimeoutError
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


class _StaleConnectionRetry(Retry):
    """Retry a request whose connection broke, never one that timed out: the deadline is the query's."""

    def increment(self, *args: Any, **kwargs: Any) -> Retry:  # type: ignore[override]  # passed through as given
        if isinstance(kwargs.get("error"), ReadTimeoutError):
            raise kwargs["error"]
        return super().increment(*args, **kwargs)


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
    """A store's answer to a query, read as it streams in (`raw`, a file) or whole (`content`).

    Queries go through urllib3 directly: measured on loopback against Oxigraph server, a label
    lookup took 0.40 ms through a urllib3 pool and 1.2–12 ms through requests (its per-request
    preparation), and the endpoint may add at most 2 ms to the store's own latency."""

    def __init__(self, response: urllib3.BaseHTTPResponse) -> None:
        self.raw = response
        self.status_code = response.status
        self.headers = response.headers
        self._content: bytes | None = None

    @property
    def stream(self) -> IO[bytes]:
        """The body as a binary file, read as it arrives (urllib3's response is one)."""
        return cast(IO[bytes], self.raw)

    @property
    def content(self) -> bytes:
        if self._content is None:
            self._content = self.raw.read()
        return self._content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def close(self) -> None:
        """Back to the pool when read to the end, else the connection is dropped. A parser stops
        at the end of the document, before the end of a chunked body: a connection given back with
        bytes unread is taken for dropped at its next use, and a new one costs ~6 ms (measured on
        loopback, Oxigraph server), so a short rest is read here; a long one (an answer cut at the
        row cap) closes the connection instead."""
        try:
            if self.raw.read(65536) and self.raw.read(1):
                self.raw.close()
        except (OSError, urllib3.exceptions.HTTPError):
            self.raw.close()
        self.raw.release_conn()


class StoreClient:
    """Requests to one store, pooled and authenticated; thread-safe for the server's threads."""

    def __init__(self, address: StoreAddress, pool: int = 16) -> None:
        self.address = address
        self._session = requests.Session()
        self._session.trust_env = False  # no proxy or netrc from the environment: the store is where the URL says
        # One retry of a GET whose kept-alive connection the store had closed meanwhile (Virtuoso
        # closes idle ones after its KeepAliveTimeout): queries are safe to repeat, updates are not.
        retry = _StaleConnectionRetry(
            total=1, connect=1, read=1, other=1, status=0, allowed_methods=frozenset({"GET"}), raise_on_status=False
        )
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=pool, max_retries=retry)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._auth: AuthBase | None = None
        self._auth_lock = threading.Lock()
        # queries only (all form POSTs, safe to repeat): the same one retry, POST included
        query_retry = _StaleConnectionRetry(
            total=1, connect=1, read=1, other=1, status=0, allowed_methods=frozenset({"POST"}), raise_on_status=False
        )
        self._pool = urllib3.PoolManager(num_pools=4, maxsize=pool, retries=query_retry, block=False)
        self._query_headers: dict[str, str] = {}  # Basic credentials, once the query URL asked for them

    def close(self) -> None:
        self._session.close()
        self._pool.clear()

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
        stream: bool = False,
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
                    stream=stream,
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
        streamed (read `response.raw` as it arrives, or `.content` for all of it).

        Form POST rather than GET: urllib3 parses and re-encodes a request's URL character by
        character, and with the query and a build's dataset in it (1.7 KB for a label lookup)
        that cost 0.32 ms a query on loopback, a sixth of the 2 ms the endpoint may add to the
        store's latency; a body is sent as given. Any length goes, and the protocol requires
        every store to accept it. A query is safe to repeat, so the retry of a stale kept-alive
        connection covers these POSTs (updates go through `_send`, never retried)."""
        body = urlencode([("query", sparql)])
        if dataset is not None:
            default, named = dataset
            body += "&" + _encoded_dataset(tuple(default), tuple(named))
        if extra:
            body += "&" + urlencode(extra)
        url = self.address.query
        for attempt in (1, 2):
            headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded", **self._query_headers}
            try:
                raw = self._pool.request(
                    "POST",
                    url,
                    body=body.encode("utf-8"),
                    headers=headers,
                    timeout=urllib3.Timeout(connect=min(timeout, 5.0), read=timeout),
                    preload_content=False,
                )
            except (urllib3.exceptions.TimeoutError, urllib3.exceptions.MaxRetryError) as exc:
                reason = getattr(exc, "reason", exc)
                if isinstance(reason, urllib3.exceptions.TimeoutError) and not isinstance(
                    reason, urllib3.exceptions.ConnectTimeoutError
                ):
                    raise StoreUnavailable(f"the SPARQL store at {url} did not answer in time (ReadTimeout)") from None
                raise StoreUnavailable(f"the SPARQL store at {url} cannot be reached: {_reason(exc)}") from None
            except urllib3.exceptions.HTTPError as exc:
                raise StoreUnavailable(f"the SPARQL store at {url} cannot be reached: {_reason(exc)}") from None
            response = StoreResponse(raw)
            if attempt == 1 and response.status_code == 401 and self._basic_for_queries(response):
                response.close()
                continue
            break
        if response.status_code in (502, 503, 504):
            response.close()
            raise StoreUnavailable(f"the SPARQL store at {url} is unavailable (HTTP {response.status_code})")
        return response

    def _basic_for_queries(self, response: StoreResponse) -> bool:
        """Basic credentials for the query URL when it asks for them (a query endpoint behind a
        proxy's Basic auth). A query URL asking for Digest is not supported: serve from the
        store's anonymous, read-only query URL (Virtuoso: /sparql) and keep Digest for builds."""
        user, password = self.address.user, self.address.password
        challenge = response.headers.get("WWW-Authenticate", "").lower()
        if user is None or password is None or not challenge.startswith("basic"):
            return False
        self._query_headers = urllib3.util.make_headers(basic_auth=f"{user}:{password}")
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
