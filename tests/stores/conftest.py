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
        self.up = True
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        port = self._sock.getsockname()[1]
        self.url = target.replace(f"{parts.hostname}:{parts.port}", f"127.0.0.1:{port}")
        self._open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self._open:
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self._target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while self.up and (data := source.recv(65536)):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def close(self) -> None:
        self._open = False
        self._sock.close()


@pytest.fixture
def proxy(store_address: StoreAddress) -> Iterator[Proxy]:
    relay = Proxy(store_address.query)
    yield relay
    relay.close()
