"""Fixtures for the tests that need a real SPARQL store (TREATY_KG_TEST_STORES; .ci/stores.sh)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from treaty_kg.rdf.remote.client import StoreAddress, StoreClient


@pytest.fixture
def store_client(store_address: StoreAddress) -> Iterator[StoreClient]:
    client = StoreClient(store_address)
    yield client
    client.close()


class Proxy:
    """A TCP relay to the store that can be switched off (connections cut at once) and on again:
    the store going down and coming back, as the endpoint sees it."""

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        self._target = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._up = True
        self.accepted = 0  # connections relayed so far
        self._live: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        port = self._sock.getsockname()[1]
        self.url = target.replace(f"{parts.hostname}:{parts.port}", f"127.0.0.1:{port}")
        self._open = True
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def up(self) -> bool:
        return self._up

    @up.setter
    def up(self, value: bool) -> None:
        """Going down cuts every open connection now, kept-alive ones included: a relay that only
        refused new connections would still carry a pooled connection's next request."""
        with self._lock:
            self._up = value
            cut = [] if value else list(self._live)
            self._live.difference_update(cut)
        for s in cut:
            self._cut(s)

    def _accept(self) -> None:
        while self._open:
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            if not self._up:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self._target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            self.accepted += 1
            with self._lock:
                if not self._up:
                    self._cut(client)
                    self._cut(upstream)
                    continue
                self._live.update((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _cut(s: socket.socket) -> None:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while self._up and (data := source.recv(65536)):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._live.difference_update((source, sink))
            self._cut(source)
            self._cut(sink)

    def close(self) -> None:
        self._open = False
        self._sock.close()


@pytest.fixture
def proxy(store_address: StoreAddress) -> Iterator[Proxy]:
    relay = Proxy(store_address.query)
    yield relay
    relay.close()
