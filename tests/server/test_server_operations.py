"""Running the endpoint: /health, reload of a new build, a broken build, access log, error pages."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path

import pytest

from treaty_kg.endpoint.store import DatasetError
from treaty_kg.rdf.manifest import write_manifest
from treaty_kg.wsgi import create_app

NEW = b'<https://w3id.org/treaty-kg/id/bob> <http://www.w3.org/2004/02/skos/core#prefLabel> "Bob"@en <https://w3id.org/treaty-kg/graph/asserted> .\n'
ASK_BOB = {"query": "ASK { <https://w3id.org/treaty-kg/id/bob> ?p ?o }"}


def has_bob(client) -> bool:
    response = client.get("/sparql", query_string=ASK_BOB)
    assert response.status_code == 200, response.data
    return json.loads(response.data)["boolean"]


@pytest.fixture()
def build(tmp_path: Path, small_dataset: Path) -> Path:
    path = tmp_path / "dataset.nq"
    shutil.copy(small_dataset, path)
    (tmp_path / "stats.json").write_text(json.dumps({"built": "2026-11-24T10:00:00+00:00", "asserted": 6}))
    write_manifest(path)
    return path


def write(path: Path, data: bytes) -> None:
    """Replace a build as `treaty-kg build` does: write beside it, rename over it, record it."""
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    try:
        write_manifest(path)
    except SyntaxError:  # a broken dataset: the build would not have written it; refused anyway
        pass


def test_health_reports_size_build_and_load_time(make_app, build: Path) -> None:
    body = make_app(build).test_client().get("/health").get_json()
    assert body["status"] == "ok"
    assert body["triples"]["https://w3id.org/treaty-kg/graph/asserted"] == 6
    assert body["triples"]["default"] == 9
    assert body["built"] == "2026-11-24T10:00:00+00:00" and body["build"]["asserted"] == 6
    assert body["loaded_at"]


def test_reload_serves_a_new_build_and_keeps_the_last_good_one(make_app, build: Path) -> None:
    app = make_app(build, admin_token="s3cret")
    client = app.test_client()
    token = {"Authorization": "Bearer s3cret"}
    assert not has_bob(client)
    write(build, build.read_bytes() + NEW)
    response = client.post("/admin/reload", headers=token)
    assert response.status_code == 200 and response.get_json()["reloaded"] is True
    assert has_bob(client)
    assert client.post("/admin/reload", headers=token).get_json()["reloaded"] is False  # unchanged
    write(build, b"<https://w3id.org/treaty-kg/id/x> <broken")
    response = client.post("/admin/reload", headers=token)
    assert response.status_code == 422
    assert "dataset.nq" in response.get_json()["error"]
    assert has_bob(client)  # the last good build still answers
    assert "dataset.nq" in client.get("/health").get_json()["last_reload_error"]
    with pytest.raises(DatasetError):
        app.extensions["treaty_kg"].reload()


def test_a_changed_build_is_picked_up_without_a_request_to_reload(make_app, build: Path) -> None:
    client = make_app(build, reload_interval=0.05).test_client()
    assert not has_bob(client)
    write(build, build.read_bytes() + NEW)
    time.sleep(0.1)
    assert has_bob(client)
    write(build, b"garbage")
    time.sleep(0.1)
    assert has_bob(client)  # broken build: still serving the last good one


def test_reload_by_request_needs_the_token_even_from_loopback(make_app, build: Path) -> None:
    """A request from loopback may be the engine's own (SERVICE) or any local process's."""
    assert make_app(build).test_client().post("/admin/reload").status_code == 403
    client = make_app(build, admin_token="s3cret").test_client()
    assert client.post("/admin/reload").status_code == 403
    assert client.post("/admin/reload", environ_base={"REMOTE_ADDR": "::1"}).status_code == 403
    remote = {"REMOTE_ADDR": "203.0.113.7"}
    assert client.post("/admin/reload", environ_base=remote).status_code == 403
    assert client.post("/admin/reload", headers={"X-Forwarded-For": "203.0.113.7"}).status_code == 403
    assert client.post("/admin/reload", environ_base=remote, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert client.post("/admin/reload", environ_base=remote, headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_missing_dataset_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="treaty-kg build"):
        create_app({"dataset": tmp_path / "nothing.nq"})


def test_one_access_log_line_per_query(client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="treaty_kg.access"):
        client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"})
    (record,) = [r for r in caplog.records if r.name == "treaty_kg.access"]
    line = record.getMessage()
    assert '"GET /sparql" 200' in line and "ms" in line and "rows=9" in line and "bytes=" in line


def test_a_crash_is_a_plain_500_without_traceback(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()

    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(app.extensions["treaty_kg"], "run", fail)
    response = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert response.status_code == 500 and response.mimetype == "text/plain"
    assert b"Traceback" not in response.data and b"boom" not in response.data
    missing = app.test_client().get("/no/such/path")
    assert missing.status_code == 404 and b"Traceback" not in missing.data


def test_environment_configures_the_app(monkeypatch: pytest.MonkeyPatch, build: Path) -> None:
    monkeypatch.setenv("TREATY_KG_DATASET", str(build))
    monkeypatch.setenv("TREATY_KG_MAX_ROWS", "2")
    monkeypatch.setenv("TREATY_KG_ALLOW_SERVICE", "false")
    app = create_app()
    try:
        settings = app.extensions["treaty_kg_settings"]
        assert settings.dataset == build and settings.max_rows == 2 and settings.allow_service is False
    finally:
        app.extensions["treaty_kg"].close()
