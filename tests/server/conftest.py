"""Fixtures for the endpoint's tests: a small N-Quads dataset and apps built on it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from treaty_kg.wsgi import create_app

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]


def in_own_process(code: str, *args: str, timeout: float = 120) -> Any:
    """Run `code` in a new Python process (the checkout first on its path, `args` in sys.argv[1:])
    and return the JSON object it prints last.

    For a runaway query on a thread of the test's process: pyoxigraph cannot stop a query, so the
    abandoned thread computes on until its process ends (serve retires the worker for this). In a
    test worker that is the rest of the session, a core taken from every later test (the safety
    tests' runaway: 15 s of CPU; tests/conftest.py's `_no_query_left_running` catches a test that
    leaves one)."""
    child = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r})\n{code}", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    return json.loads(child.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def small_dataset() -> Path:
    """Three named graphs (ontology, asserted, inferred); one triple sits in two of them."""
    return DATA / "small.nq"


@pytest.fixture(scope="module")
def make_app(
    tmp_path_factory: pytest.TempPathFactory, serve_config: Callable[[Path], dict[str, Any]]
) -> Iterator[Callable[..., Flask]]:
    """Apps on a given dataset (default: a copy of small.nq) whose workers stop at teardown, served
    from the backend under test (tests/conftest.py: `backend`)."""
    apps: list[Flask] = []

    def make(dataset: Path | None = None, **config: Any) -> Flask:
        if dataset is None:
            dataset = tmp_path_factory.mktemp("build") / "dataset.nq"
            shutil.copy(DATA / "small.nq", dataset)
        app = create_app({**serve_config(dataset), "reload_interval": 0, **config})
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["treaty_kg"].close()


@pytest.fixture(scope="module")
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture()
def client(app: Flask):
    return app.test_client()


class Listener:
    """A local TCP port that records every connection made to it: SERVICE must never reach it."""

    def __init__(self) -> None:
        import socket
        import threading

        self.connections = 0
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}/sparql"
        self._open = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:

        while self._open:
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._open = False
        self._thread.join(1)
        self._sock.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    sock = Listener()
    yield sock
    sock.close()
