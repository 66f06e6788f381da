"""The W3C SPARQL 1.1 Protocol test manifest, run request by request through Flask's test client.

Every query test must pass as the manifest says. Update tests must be refused: the endpoint is
read-only, so where the manifest expects an update to succeed we expect a 4xx saying so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from flask import Flask
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection

pytestmark = pytest.mark.all_backends  # the same tests on every backend (tests/conftest.py)

MANIFEST_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "w3c-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RESULT_TYPES = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ),
    "RDF": ("application/rdf+xml", "text/turtle", "application/n-triples"),
}


@dataclass
class HttpRequest:
    method: str
    path: str
    body: bytes | None
    headers: dict[str, str]
    statuses: set[str]  # "2xx", "3xx", "4xx"
    boolean: bool | None
    format: str | None


@dataclass
class ProtocolTest:
    name: str
    requests: list[HttpRequest]
    graphs: dict[str, Path] = field(default_factory=dict)  # graph IRI -> data file

    @property
    def is_update(self) -> bool:
        return "update" in self.name


def _request(manifest: Graph, node: Any) -> HttpRequest:
    body = manifest.value(node, HT.body)
    data = None
    if body is not None:
        encoding = str(manifest.value(body, CNT.characterEncoding) or "UTF-8")
        data = str(manifest.value(body, CNT.chars)).encode(encoding.lower())
    headers = {}
    header_list = manifest.value(node, HT.headers)
    if header_list is not None:
        for header in Collection(manifest, header_list):
            headers[str(manifest.value(header, HT.fieldName))] = str(manifest.value(header, HT.fieldValue))
    response = manifest.value(node, HT.resp)
    statuses = {str(s).rsplit("StatusCode", 1)[1].lower() for s in manifest.objects(response, MF.expectedStatus)}
    boolean = manifest.value(response, MF.expectedBoolean)
    fmt = manifest.value(response, MF.expectedFormat)
    path = str(manifest.value(node, HT.absolutePath))
    assert path.startswith("/sparql/"), path
    return HttpRequest(
        method=str(manifest.value(node, HT.methodName)),
        path="/sparql" + path[len("/sparql/") :],  # the manifest's /sparql/ is our /sparql
        body=data,
        headers=headers,
        statuses=statuses,
        boolean=None if boolean is None else boolean.toPython(),
        format=None if fmt is None else str(fmt),
    )


def read_manifest(directory: Path) -> list[ProtocolTest]:
    manifest = Graph().parse(directory / "manifest.ttl", format="turtle", publicID=(directory / "manifest.ttl").as_uri())
    (top,) = manifest.subjects(RDF.type, MF.Manifest)
    tests = []
    for entry in Collection(manifest, manifest.value(top, MF.entries)):
        action = manifest.value(entry, MF.action)
        requests = [_request(manifest, r) for r in Collection(manifest, manifest.value(action, HT.requests))]
        graphs = {
            str(manifest.value(data, RDFS.label)): Path(str(manifest.value(data, UT.graph)).removeprefix("file://"))
            for data in manifest.objects(entry, UT.graphData)
        }
        tests.append(ProtocolTest(str(manifest.value(entry, MF.name)) and entry.split("#")[-1], requests, graphs))
    return tests


TESTS = read_manifest(MANIFEST_DIR)  # copied under tests/ (README there): never skipped


@pytest.fixture(scope="module")
def app_for(make_app: Callable[..., Flask], tmp_path_factory: pytest.TempPathFactory) -> Callable[[ProtocolTest], Flask]:
    """One app per set of graph data files, each file loaded as the named graph its label gives."""
    apps: dict[frozenset[tuple[str, Path]], Flask] = {}

    def get(test: ProtocolTest) -> Flask:
        key = frozenset(test.graphs.items())
        if key not in apps:
            dataset = tmp_path_factory.mktemp("w3c") / "dataset.nq"
            with dataset.open("wb") as out:
                for iri, path in sorted(key):
                    for quad in ox.parse(path=path, format=ox.RdfFormat.N_TRIPLES):
                        out.write(f"{quad.subject} {quad.predicate} {quad.object} <{iri}> .\n".encode())
            apps[key] = make_app(dataset)
        return apps[key]

    return get


def _check_body(request: HttpRequest, content_type: str, body: bytes) -> None:
    media_type = content_type.split(";")[0].strip()
    if request.format:
        assert media_type in RESULT_TYPES[request.format], media_type
    if request.format == "RDF":
        fmt = ox.RdfFormat.from_media_type(media_type)
        list(ox.parse(body, format=fmt))  # parses
    if request.boolean is not None:
        if media_type.endswith("json"):
            assert json.loads(body)["boolean"] is request.boolean
        else:
            ns = "{http://www.w3.org/2005/sparql-results#}"
            assert ElementTree.fromstring(body).find(f"{ns}boolean").text == str(request.boolean).lower()


@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.name)
def test_w3c_protocol(test: ProtocolTest, app_for: Callable[[ProtocolTest], Flask]) -> None:
    client = app_for(test).test_client()
    for request in test.requests:
        response = client.open(request.path, method=request.method, data=request.body, headers=request.headers)
        status = f"{response.status_code // 100}xx"
        if test.is_update:
            # Read-only: the update (first request) is refused whatever the manifest expected of a
            # writable store; the follow-up queries would only check the update's effect.
            assert status == "4xx", (response.status_code, response.data)
            if test.name.startswith("update_"):  # a well-formed update the manifest expects to succeed
                assert b"read-only" in response.data
            return
        assert status in request.statuses, (response.status_code, response.data)
        if status == "2xx":
            _check_body(request, response.headers["Content-Type"], response.data)


def test_manifest_has_every_query_test() -> None:
    names = {t.name for t in TESTS}
    assert {"query_post_form", "query_multiple_dataset", "bad_query_non_utf8", "bad_update_get"} <= names
    assert sum(1 for t in TESTS if not t.is_update) == 20
