"""The server answers a release's IRIs and files, and the shape IRIs SARIF reports link to,
at the same path on its own host (through the Flask test client)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from rdflib import OWL, RDF, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from treaty_kg.validation.reports import to_sarif
from treaty_kg.validation.shacl import validate
from treaty_kg.web.linked_data import path_for_iri
from treaty_kg.wsgi import create_app

VERSION_IRI = "https://w3id.org/treaty-kg/releases/0.2.0/ontology"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app over an empty build: releases and shapes are answered from their files."""
    dataset = tmp_path_factory.mktemp("empty") / "dataset.nq"
    dataset.write_text("")
    app = create_app({"dataset": dataset, "query_workers": 1, "reload_interval": 0})
    yield app
    app.extensions["treaty_kg"].close()


def test_version_iri_gives_browsers_the_documentation(app: Flask, committed: Path) -> None:
    response = app.test_client().get(path_for_iri(VERSION_IRI), headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.data == (committed / "ontology.html").read_bytes()


@pytest.mark.parametrize(
    ("media", "ext"),
    [("text/turtle", "ttl"), ("application/rdf+xml", "rdf"), ("application/n-triples", "nt"), ("application/ld+json", "jsonld")],
)
def test_version_iri_gives_rdf_clients_the_release_file(app: Flask, committed: Path, media: str, ext: str) -> None:
    client = app.test_client()
    response = client.get("/releases/0.2.0/ontology", headers={"Accept": media})
    assert response.status_code == 200 and response.mimetype == media
    assert response.data == (committed / f"ontology.{ext}").read_bytes()
    assert "Accept" in response.headers["Vary"]
    assert client.get(f"/releases/0.2.0/ontology.{ext}").data == response.data
    assert client.get("/releases/0.2.0/ontology", query_string={"format": ext}).data == response.data


def test_module_version_iris_and_shapes_answer_in_any_rdf_format(app: Flask, committed: Path) -> None:
    client = app.test_client()
    agent = Graph().parse(committed / "module" / "agent.ttl", format="turtle")
    response = client.get("/releases/0.2.0/module/agent", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    assert isomorphic(Graph().parse(data=response.data, format="nt"), agent)
    assert (None, OWL.versionIRI, URIRef("https://w3id.org/treaty-kg/releases/0.2.0/module/agent")) in agent
    shapes = client.get("/releases/0.2.0/shapes", headers={"Accept": "text/turtle"})
    assert shapes.data == (committed / "shapes.ttl").read_bytes()


def test_release_files_are_served_as_they_are(app: Flask, committed: Path) -> None:
    client = app.test_client()
    for name, media in (
        ("module/catalog-v001.xml", "application/xml"),
        ("release.json", "application/json"),
        ("CHANGELOG.md", "text/markdown"),
        ("module/treaty-kg.ttl", "text/turtle"),
    ):
        response = client.get(f"/releases/0.2.0/{name}")
        assert response.status_code == 200 and response.mimetype == media, name
        assert response.data == (committed / name).read_bytes()
    assert json.loads(client.get("/releases/0.2.0/release.json").data)["version"] == "0.2.0"


@pytest.mark.parametrize(
    "path",
    [
        "/releases/0.2.0/nothing",
        "/releases/9.9.9/ontology",
        "/releases/0.2.0/module/x",
        "/releases/0.2.0/../../pyproject.toml",
        "/releases/%2e%2e/ontology/agent.ttl",
    ],
)
def test_what_no_release_holds_is_404(app: Flask, path: str) -> None:
    assert app.test_client().get(path, headers={"Accept": "text/turtle"}).status_code == 404


def test_every_sarif_help_uri_is_a_shape_the_server_answers(app: Flask, root: Path) -> None:
    report = json.loads(to_sarif(validate(Graph())))
    rules = report["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) > 10
    client = app.test_client()
    for rule in rules:
        iri = rule["helpUri"]
        path = path_for_iri(iri)
        assert path is not None, iri
        page = client.get(path, headers={"Accept": "text/html"})
        assert page.status_code == 200 and page.mimetype == "text/html", iri
        rdf = client.get(path, headers={"Accept": "text/turtle"})
        described = Graph().parse(data=rdf.data, format="turtle")
        assert (URIRef(iri), RDF.type, SH.NodeShape) in described, iri
