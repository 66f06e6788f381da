"""Pages are answered from a per-build cache and under the query time limit (page_limits)."""

from __future__ import annotations

import time
from pathlib import Path

from treaty_kg.web import pages
from treaty_kg.wsgi import create_app


def test_a_page_is_rendered_once_per_build_and_request(mini_dataset: Path, monkeypatch) -> None:
    calls = []
    real = pages.ontology_terms
    monkeypatch.setattr(pages, "ontology_terms", lambda viewer: calls.append(1) or real(viewer))
    app = create_app({"dataset": mini_dataset, "reload_interval": 0})
    client = app.test_client()
    first = client.get("/ontology", headers={"Accept": "text/html"})
    for _ in range(5):
        again = client.get("/ontology", headers={"Accept": "text/html"})
        assert again.status_code == 200 and again.data == first.data
    assert len(calls) == 1
    client.get("/ontology?lang=fr", headers={"Accept": "text/html"})
    assert len(calls) == 2  # another language is another page
    app.extensions["treaty_kg"].close()


def test_a_page_past_the_time_limit_is_a_503_and_the_process_retires(mini_dataset: Path, monkeypatch) -> None:
    monkeypatch.setattr(pages, "ontology_terms", lambda viewer: time.sleep(5) or [])
    app = create_app({"dataset": mini_dataset, "reload_interval": 0, "query_timeout": 0.5})
    retired = []
    app.extensions["treaty_kg"].on_runaway = lambda: retired.append(1)
    started = time.monotonic()
    response = app.test_client().get("/ontology", headers={"Accept": "text/html"})
    assert response.status_code == 503 and b"time limit of 0.5 s" in response.data
    assert time.monotonic() - started < 2 and retired == [1]
    app.extensions["treaty_kg"].close()
