"""`treaty-kg build --store`: the OWL 2 RL closure computed inside the store (Oxigraph server,
Virtuoso) is the embedded build's; a contradiction stops the build, named, with the last good
build still served and nothing of the failed one left in the store."""

from __future__ import annotations

import uuid
from pathlib import Path

import pyoxigraph as ox
import pytest

from treaty_kg import paths
from treaty_kg.build import BuildResult
from treaty_kg.cli import main
from treaty_kg.rdf.namespaces import GRAPH_INFERRED
from treaty_kg.rdf.remote.client import JSON_RESULTS, StoreAddress
from treaty_kg.rdf.remote.publication import GENID, NS
from treaty_kg.rdf.remote.publisher import Publisher, publish_quads
from treaty_kg.store_build import build_in_store
from treaty_kg.wsgi import create_app

SMALL = Path(__file__).parents[1] / "server" / "data" / "small.nq"


def _env(monkeypatch: pytest.MonkeyPatch, address: StoreAddress) -> None:
    for key, value in (("UPDATE", address.update), ("GSP", address.gsp), ("USER", address.user), ("PASSWORD", address.password)):
        if value:
            monkeypatch.setenv(f"TREATY_KG_STORE_{key}", value)


def _rows(store_client, query: str) -> list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]:
    response = store_client.query(query, accept=JSON_RESULTS, timeout=60)
    assert response.status_code == 200, response.text
    return [list(row) for row in ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)]


def _unskolem(term):
    """A stored blank node (an IRI under GENID) as the blank node it stands for."""
    return ox.BlankNode(term.value[len(GENID) :]) if isinstance(term, ox.NamedNode) and term.value.startswith(GENID) else term


def _graphs_of(store_client, build_id: str) -> list[str]:
    rows = _rows(
        store_client, f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{NS}build:{build_id}")) }}'
    )
    return sorted(row[0].value for row in rows if row[0] is not None)


def test_the_closure_inside_the_store_is_the_embedded_builds(
    store_address: StoreAddress, store_client, project_build: BuildResult
) -> None:
    assert project_build.ok, project_build.report
    result = build_in_store(store_address, f"reason-{uuid.uuid4().hex[:8]}", quiet=True)
    assert result.ok and result.build_id, result.report
    assert result.stats["reasoned_in"].startswith("the store")

    stored = f"{NS}build:{result.build_id}:{GRAPH_INFERRED}"
    inside = {
        ox.Triple(_unskolem(s), p, _unskolem(o))
        for s, p, o in _rows(store_client, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{stored}> {{ ?s ?p ?o }} }}")
    }
    embedded = {
        quad.triple
        for quad in ox.parse(path=str(project_build.out / paths.DATASET_NAME), format=ox.RdfFormat.N_QUADS)
        if quad.graph_name == ox.NamedNode(str(GRAPH_INFERRED))
    }
    assert len(embedded) > 1000
    assert inside == embedded, (sorted(map(str, embedded - inside))[:10], sorted(map(str, inside - embedded))[:10])
    assert result.stats["triples"] == project_build.stats["triples"]
    assert result.stats["entities_per_class"] == project_build.stats["entities_per_class"]
    assert result.stats["dropped_from_inferred"] == project_build.stats["dropped_from_inferred"]
    # the rules' work graphs (skolemised ontology, deltas, set-aside) are gone; only the served ones stay
    graphs = _graphs_of(store_client, result.build_id)
    assert graphs and all(":work:" not in g for g in graphs) and len(graphs) == 4, graphs


def test_a_contradiction_stops_the_store_build_and_the_last_good_one_stays_served(
    small_project: Path, store_address: StoreAddress, store_client, monkeypatch: pytest.MonkeyPatch, capsys, contradict
) -> None:
    _env(monkeypatch, store_address)
    dataset = f"bad-{uuid.uuid4().hex[:8]}"
    publish_quads(store_client, dataset, ox.parse(path=str(SMALL), format=ox.RdfFormat.N_QUADS))  # the last good build
    app = create_app({"store": store_address.query, "store_dataset": dataset, "reload_interval": 0})
    client = app.test_client()
    good = client.get("/health").json["sha256"]
    ask = {"query": "ASK { <https://w3id.org/treaty-kg/id/x> ?p ?o }"}
    assert client.get("/sparql", query_string=ask, headers={"Accept": "application/sparql-results+json"}).json["boolean"] is False

    contradict(small_project)
    capsys.readouterr()
    assert main(["build", "--store", store_address.query, "--store-dataset", dataset]) == 1
    captured = capsys.readouterr()
    assert "contradictions" in captured.out and "Disjoint classes" in captured.out
    assert "https://w3id.org/treaty-kg/id/x" in captured.out  # the failing individual is named
    assert "still serves its previous build" in captured.err
    failed = captured.err.split("writing build ", 1)[1].split()[0]

    assert app.extensions["treaty_kg"].reload() is False  # the pointer still names the good build
    assert client.get("/health").json["sha256"] == good
    assert client.get("/sparql", query_string=ask, headers={"Accept": "application/sparql-results+json"}).json["boolean"] is False
    assert _graphs_of(store_client, failed) == []  # the failed build dropped what it had written
    app.extensions["treaty_kg"].close()


def test_the_work_graphs_of_a_build_that_died_reasoning_are_dropped_by_the_next(store_client) -> None:
    """A build killed while the rules ran leaves its work graphs (deltas, skolemised ontology):
    they are recorded as the build's before they are written, so the next build drops them."""
    dataset = f"died-{uuid.uuid4().hex[:8]}"
    died = Publisher(store_client, dataset, [str(GRAPH_INFERRED)])
    delta = died.work_graph("delta-a")
    died.upload(delta, [ox.Triple(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.BlankNode("b1"))])
    assert _graphs_of(store_client, died.build.id) == [delta]  # and no process left to drop it
    publish_quads(store_client, dataset, ox.parse(path=str(SMALL), format=ox.RdfFormat.N_QUADS))
    assert _graphs_of(store_client, died.build.id) == []
