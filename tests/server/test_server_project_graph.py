"""The endpoint on the project's own graph: a competency question answered through /sparql.

The dataset is ontology/ and graph/ loaded as the ontology and asserted graphs (no closure: the
reasoner takes tens of seconds, and CQ10 needs none), written as N-Quads as a build would.
"""

from __future__ import annotations

import csv
import io
import json
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


def test_blank_nodes_and_graph_names_come_back_as_the_user_knows_them(project_client) -> None:
    """A store holds a build's blank nodes as skolem IRIs and its graphs under the build's names:
    an answer shows neither, in JSON and in TSV; text that only looks like one is left alone."""
    query = (
        "SELECT ?b ?g ?text WHERE { GRAPH ?g { ?b <http://www.w3.org/ns/oa#exact> ?quote } "
        'BIND("<urn:x-treaty-kg:genid:x>" AS ?text) } LIMIT 5'  # a quote's selector is a blank node
    )
    response = project_client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.data
    rows = json.loads(response.data)["results"]["bindings"]
    assert len(rows) == 5
    assert {row["b"]["type"] for row in rows} == {"bnode"}
    assert {row["g"]["value"] for row in rows} == {"https://w3id.org/treaty-kg/graph/asserted"}
    assert {row["text"]["value"] for row in rows} == {"<urn:x-treaty-kg:genid:x>"}
    tsv = project_client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/tab-separated-values"})
    lines = tsv.data.decode("utf-8").splitlines()
    assert lines[0] == "?b\t?g\t?text" and len(lines) == 6
    for line in lines[1:]:
        b, g, text = line.split("\t")
        assert b.startswith("_:") and g == "<https://w3id.org/treaty-kg/graph/asserted>" and text == '"<urn:x-treaty-kg:genid:x>"'
