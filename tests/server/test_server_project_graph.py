"""The endpoint on the project's own graph: a competency question answered through /sparql.

The dataset is ontology/ and graph/ loaded as the ontology and asserted graphs (no closure: the
reasoner takes tens of seconds, and CQ10 needs none), written as N-Quads as a build would.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from treaty_kg.build import write_unreasoned

pytestmark = pytest.mark.all_backends  # the same tests on every backend (tests/conftest.py)


@pytest.fixture(scope="module")
def project_client(make_app, tmp_path_factory: pytest.TempPathFactory):
    dataset = write_unreasoned(tmp_path_factory.mktemp("project") / "dataset.nq")
    return make_app(dataset).test_client()


def test_cq10_convention_names_through_the_endpoint(project_client, root: Path) -> None:
    query = (root / "queries" / "cq10-convention-names.rq").read_text(encoding="utf-8")
    response = project_client.post(
        "/sparql", data=query.encode("utf-8"), content_type="application/sparql-query", headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200, response.data
    names = {(row["kind"], row["name"]) for row in csv.DictReader(io.StringIO(response.data.decode("utf-8")))}
    assert {
        ("name", "Convention des Nations unies contre la cybercriminalité"),
        ("name", "United Nations Convention against Cybercrime"),
        ("name", "Công ước của Liên Hợp Quốc về chống tội phạm mạng"),
        ("short name", "Convention de Hanoï"),
        ("short name", "Hanoi Convention"),
        ("short name", "Công ước Hà Nội"),
    } <= names
