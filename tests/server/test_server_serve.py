"""`treaty-kg serve` under granian, as an operator starts it: query it, ask it to reload, stop it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import Message
from pathlib import Path

import pytest

from treaty_kg.cli.serve import ensure_build
from treaty_kg.errors import InputError


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?q ?r ?t . ?u ?v ?w }"


def get(url: str, query: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"{url}/sparql?{urllib.parse.urlencode({'query': query})}", timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def answers(url: str) -> bool:
    """Whether the server answers a query now (a worker may be booting)."""
    try:
        return get(url, "ASK { ?s ?p ?o }", timeout=1)[0] == 200
    except OSError:
        return False


def wait_until(condition: Callable[[], bool], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@contextmanager
def running_server(log: Path, dataset: Path, workers: int, env: dict[str, str] | None = None) -> Iterator[str]:
    """`treaty-kg serve` under granian with its output in `log`; yields its URL once every worker answers."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "treaty_kg",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--dataset",
        str(dataset),
    ]
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        booted = wait_until(lambda: log.read_text().count("Spawning worker") >= workers and answers(url))
        assert booted, f"the server did not start:\n{log.read_text()}"
        yield url
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)
            raise AssertionError(f"the server did not stop within 30 s of SIGTERM:\n{log.read_text()[-3000:]}") from None


def serve_reload(url: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`treaty-kg serve --reload` against the server at `url`, as an operator runs it."""
    port = url.rsplit(":", 1)[1]
    command = [sys.executable, "-m", "treaty_kg", "serve", "--port", port, "--reload"]
    return subprocess.run(command, capture_output=True, text=True, timeout=30, env={**os.environ, **env})


NEW_TRIPLE = b'<https://w3id.org/treaty-kg/id/bob> <http://www.w3.org/2004/02/skos/core#prefLabel> "Bob"@en <https://w3id.org/treaty-kg/graph/asserted> .\n'


def test_serve_answers_queries_and_reloads(tmp_path: Path, small_dataset: Path) -> None:
    dataset = tmp_path / "dataset.nq"
    shutil.copy(small_dataset, dataset)
    log = tmp_path / "server.log"
    token = {"TREATY_KG_ADMIN_TOKEN": "s3cret"}
    with running_server(log, dataset, workers=1, env=token) as url:
        health = json.load(urllib.request.urlopen(url + "/health", timeout=1))
        assert health["triples"]["default"] == 9
        query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        answer = json.load(urllib.request.urlopen(f"{url}/sparql?{query}", timeout=5))
        assert answer["boolean"] is True
        reload = serve_reload(url, token)
        assert reload.returncode == 0 and "build unchanged" in reload.stdout
    assert '"GET /sparql" 200' in log.read_text()  # the access log line


def test_serve_reload_reaches_every_worker(tmp_path: Path, small_dataset: Path) -> None:
    """With the file watch off, `serve --reload` (one request, so one worker) must still make
    every worker serve the new build."""
    dataset = tmp_path / "dataset.nq"
    shutil.copy(small_dataset, dataset)
    log = tmp_path / "server.log"
    env = {"TREATY_KG_ADMIN_TOKEN": "s3cret", "TREATY_KG_RELOAD_INTERVAL": "0", "TREATY_KG_CACHE_ENTRIES": "0"}
    bob = "ASK { <https://w3id.org/treaty-kg/id/bob> ?p ?o }"
    with running_server(log, dataset, workers=2, env=env) as url:
        assert all(json.loads(get(url, bob)[1])["boolean"] is False for _ in range(6))
        new = dataset.with_suffix(".tmp")
        new.write_bytes(dataset.read_bytes() + NEW_TRIPLE)
        os.replace(new, dataset)
        reload = serve_reload(url, env)
        assert reload.returncode == 0 and "loaded a new build" in reload.stdout, reload.stderr
        answers_after = [json.loads(get(url, bob)[1])["boolean"] for _ in range(12)]
        assert answers_after == [True] * 12


def test_a_missing_custom_dataset_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such dataset"):
        ensure_build(tmp_path / "elsewhere.nq")


def test_a_runaway_retires_its_worker_while_the_others_answer(tmp_path: Path, small_dataset: Path) -> None:
    """In-process evaluation under granian: the runaway is answered 503 in time, its worker exits
    (which is what stops the abandoned thread) and a fresh one serves; the other worker answers meanwhile."""
    log = tmp_path / "server.log"
    env = {"TREATY_KG_QUERY_TIMEOUT": "1", "TREATY_KG_CACHE_ENTRIES": "0"}
    with running_server(log, small_dataset, workers=2, env=env) as url:
        runaway: dict = {}

        def send_runaway() -> None:
            started = time.monotonic()
            runaway["status"], runaway["body"] = get(url, RUNAWAY)
            runaway["seconds"] = time.monotonic() - started

        thread = threading.Thread(target=send_runaway)
        thread.start()
        time.sleep(0.2)
        others = [get(url, "ASK { ?s ?p ?o }", timeout=2)[0] for _ in range(5)]
        thread.join(10)
        assert others == [200] * 5
        assert runaway["status"] == 503 and b"time limit of 1 s" in runaway["body"]
        assert runaway["seconds"] < 1.0 + 1.0
        wait_until(lambda: log.read_text().count("Spawning worker") == 3)  # the retired worker is replaced
        text = log.read_text()
        assert "retires" in text and text.count("Spawning worker") == 3, text
        assert [get(url, "ASK { ?s ?p ?o }")[0] for _ in range(4)] == [200] * 4


def test_a_query_past_the_memory_cap_stops_only_its_worker(tmp_path: Path, small_dataset: Path) -> None:
    """Thread isolation: the cap is on the server worker; a hungry query aborts that worker, a fresh one serves."""
    log = tmp_path / "server.log"
    env = {"TREATY_KG_QUERY_TIMEOUT": "20", "TREATY_KG_CACHE_ENTRIES": "0", "TREATY_KG_WORKER_MEMORY_MB": "700"}
    hungry = "SELECT * { GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } GRAPH ?g3 { ?g ?h ?i } GRAPH ?g4 { ?j ?k ?l } GRAPH ?g5 { ?m ?n ?o } GRAPH ?g6 { ?p ?q ?r } } ORDER BY ?a ?d ?g ?j ?m ?p"
    with running_server(log, small_dataset, workers=1, env=env) as url:
        started = time.monotonic()
        try:
            status = get(url, hungry, timeout=30)[0]
        except OSError:  # the worker aborted: the connection closes without a response
            status = None
        assert status != 200 and time.monotonic() - started < 20
        wait_until(lambda: answers(url))  # the aborted worker is replaced
        assert log.read_text().count("Spawning worker") == 2, log.read_text()
        assert get(url, "ASK { ?s ?p ?o }")[0] == 200


def test_repeated_answers_come_from_the_edge_cache_and_follow_a_new_build(tmp_path: Path, small_dataset: Path) -> None:
    """The worker's edge cache (endpoint/edge_cache.py) answers a repeated request without Flask:
    the same bytes, no internal header sent, another format for another Accept, and after
    `serve --reload` every worker answers from the new build, not from its cache."""
    dataset = tmp_path / "dataset.nq"
    shutil.copy(small_dataset, dataset)
    log = tmp_path / "server.log"
    env = {"TREATY_KG_ADMIN_TOKEN": "s3cret", "TREATY_KG_RELOAD_INTERVAL": "0"}
    bob = urllib.parse.urlencode({"query": "ASK { <https://w3id.org/treaty-kg/id/bob> ?p ?o }"})

    def ask(accept: str = "application/sparql-results+json") -> tuple[bytes, Message]:
        request = urllib.request.Request(f"{url}/sparql?{bob}", headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read(), response.headers  # names in any case

    with running_server(log, dataset, workers=2, env=env) as url:
        first = [ask() for _ in range(8)]
        assert {body for body, _ in first} == {first[0][0]} and json.loads(first[0][0])["boolean"] is False
        for _, headers in first:
            assert "X-Treaty-KG-Edge-Cacheable" not in headers and headers["X-Content-Type-Options"] == "nosniff"
        assert " cached bytes=" in log.read_text()
        xml, headers = ask("application/sparql-results+xml")
        assert headers["Content-Type"].startswith("application/sparql-results+xml") and b"<boolean>false</boolean>" in xml

        new = dataset.with_suffix(".tmp")
        new.write_bytes(dataset.read_bytes() + NEW_TRIPLE)
        os.replace(new, dataset)
        reload = serve_reload(url, env)
        assert reload.returncode == 0 and "loaded a new build" in reload.stdout, reload.stderr
        time.sleep(0.5)  # every worker looks at the reload marker within 0.2 s of a request
        after = [json.loads(ask()[0])["boolean"] for _ in range(12)]
        assert after == [True] * 12
