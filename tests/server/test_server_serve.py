"""`treaty-kg serve` under gunicorn, as an operator starts it: query it, ask it to reload, stop it."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from treaty_kg.load import InputError
from treaty_kg.serve import ensure_build


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_answers_queries_and_reloads(tmp_path: Path, small_dataset: Path) -> None:
    dataset = tmp_path / "dataset.nq"
    shutil.copy(small_dataset, dataset)
    port = free_port()
    command = [sys.executable, "-m", "treaty_kg", "serve", "--port", str(port), "--workers", "1", "--dataset", str(dataset)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                health = json.load(urllib.request.urlopen(url + "/health", timeout=1))
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        assert health["triples"]["default"] == 9
        query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        answer = json.load(urllib.request.urlopen(f"{url}/sparql?{query}", timeout=5))
        assert answer["boolean"] is True
        reload = subprocess.run(
            [sys.executable, "-m", "treaty_kg", "serve", "--port", str(port), "--reload"], capture_output=True, text=True, timeout=30
        )
        assert reload.returncode == 0 and "build unchanged" in reload.stdout
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode()
    assert '"GET /sparql" 200' in output  # the access log line


def test_a_missing_custom_dataset_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such dataset"):
        ensure_build(tmp_path / "elsewhere.nq")
