"""Every resource of the project's own graph opens, and so does every one the example queries return."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from treaty_kg.rdf.reader import GraphReader
from treaty_kg.web.linked_data import path_for_iri
from treaty_kg.web.query_examples import read_examples

pytestmark = pytest.mark.all_backends  # the same tests on every backend (tests/conftest.py)


def local_iris(store: GraphReader) -> set[str]:
    found = set()
    for q in store.quads():
        for term in (q.subject, q.object):
            if isinstance(term, ox.NamedNode) and path_for_iri(term.value):
                found.add(term.value)
    return found


def test_every_resource_page_of_the_project_opens_as_well_formed_html(project_app, html_problems):
    store = project_app.extensions["treaty_kg"]
    iris = local_iris(store)
    if not iris:
        pytest.skip("the project's graph is empty so far")
    client = project_app.test_client()
    broken = []
    for iri in sorted(iris):
        response = client.get(path_for_iri(iri))
        if response.status_code != 200:
            broken.append((iri, response.status_code))
        elif problems := html_problems(response.text):
            broken.append((iri, problems[:3]))
    assert broken == []


def test_every_resource_the_example_queries_return_opens(project_app, root):
    examples = read_examples(root / "queries")
    if not examples:
        pytest.skip("queries/ holds no .rq file yet")
    client = project_app.test_client()
    broken, checked = [], set()
    for example in examples:
        response = client.post(
            "/sparql", data={"query": example.query}, headers={"Accept": "application/sparql-results+json, text/turtle;q=0.9"}
        )
        assert response.status_code == 200, (example.name, response.text)
        for iri in set(re.findall(r"https://w3id\.org/treaty-kg/[^\s\"<>]+", response.text)):
            path = path_for_iri(iri)
            if path and path not in checked:
                checked.add(path)
                if client.get(path).status_code != 200:
                    broken.append((example.name, iri))
    assert broken == []


def test_person_page_on_the_project_graph(project_app):
    store = project_app.extensions["treaty_kg"]
    if not list(store.quads(ox.NamedNode("https://w3id.org/treaty-kg/id/luong-cuong"), limit=1)):
        pytest.skip("id:luong-cuong is not in the graph yet")
    page = project_app.test_client().get("/id/luong-cuong", headers={"Accept-Language": "vi"}).text
    assert "<h1>Lương Cường</h1>" in page
    assert re.search(r'href="/source/002_24b1f94ed58a9280#m-\d+-\d+"', page)
