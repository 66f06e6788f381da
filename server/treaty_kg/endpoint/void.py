"""Describing the service and the data: SPARQL 1.1 Service Description and VoID.

The service description answers a bare GET of /sparql asking for RDF; VoID is served at
/.well-known/void (RFC 5785 name from the VoID note) with triples per graph, classes,
properties, entities and example resources, computed from the loaded store and cached per build.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request

from treaty_kg.endpoint.answers import ProtocolError, acceptable, plain_text
from treaty_kg.rdf import jsonld
from treaty_kg.rdf.formats import BY_NAME, FORMATS, Format, content_type, format_names, serialize
from treaty_kg.rdf.namespaces import BASE, ONTOLOGY_IRI, PREFIXES
from treaty_kg.rdf.negotiation import HTML, HTML_OFFER, format_offers, negotiate
from treaty_kg.rdf.reader import GraphReader

blueprint = Blueprint("void", __name__)

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
RDFS_SEE_ALSO = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
EXAMPLES = 5
VOID_PREFIXES = {"void": VOID, "sd": SD, "dcterms": DCT, **PREFIXES}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


def service_description(endpoint: str, info: dict[str, Any], allow_service: bool) -> list[ox.Triple]:
    """SPARQL 1.1 Service Description of the endpoint: languages, formats, features, dataset."""
    service, dataset, default = _n(endpoint), ox.BlankNode(), ox.BlankNode()
    triples = [
        ox.Triple(service, RDF_TYPE, _n(SD + "Service")),
        ox.Triple(service, _n(SD + "endpoint"), service),
        ox.Triple(service, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query")),
        ox.Triple(service, _n(SD + "feature"), _n(SD + "UnionDefaultGraph")),
        ox.Triple(service, _n(SD + "defaultDataset"), dataset),
        ox.Triple(
            service,
            _n(DCT + "description"),
            ox.Literal(
                "Read-only SPARQL 1.1 Query endpoint of treaty-kg. The default graph is the merge of "
                "every named graph (ontology, asserted, inferred). "
                + ("SERVICE is enabled." if allow_service else "SERVICE is disabled."),
                language="en",
            ),
        ),
        ox.Triple(dataset, RDF_TYPE, _n(SD + "Dataset")),
        ox.Triple(dataset, _n(SD + "defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _n(SD + "Graph")),
        ox.Triple(default, _n(VOID + "triples"), _int(info["triples"].get("default", 0))),
    ]
    triples += [ox.Triple(service, _n(SD + "resultFormat"), _n(f.iri)) for f in FORMATS]
    for graph, count in sorted(info["triples"].items()):
        if graph == "default":
            continue
        named, described = ox.BlankNode(), ox.BlankNode()
        triples += [
            ox.Triple(dataset, _n(SD + "namedGraph"), named),
            ox.Triple(named, RDF_TYPE, _n(SD + "NamedGraph")),
            ox.Triple(named, _n(SD + "name"), _n(graph)),
            ox.Triple(named, _n(SD + "graph"), described),
            ox.Triple(described, RDF_TYPE, _n(SD + "Graph")),
            ox.Triple(described, _n(VOID + "triples"), _int(count)),
        ]
    return triples


def _count(store: GraphReader, pattern: str) -> int:
    (row,) = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(row["n"].value)


def void_description(store: GraphReader, root: str, info: dict[str, Any]) -> list[ox.Triple]:
    """VoID of the served data: size, classes, properties, entities, partitions, examples."""
    dataset = _n(root + "/.well-known/void#treaty-kg")
    v = lambda name: _n(VOID + name)  # noqa: E731 - a short constructor keeps the table readable
    triples = [
        ox.Triple(dataset, RDF_TYPE, v("Dataset")),
        ox.Triple(dataset, _n(DCT + "title"), ox.Literal("treaty-kg", language="en")),
        ox.Triple(dataset, v("sparqlEndpoint"), _n(root + "/sparql")),
        ox.Triple(dataset, v("uriSpace"), ox.Literal(BASE)),
        ox.Triple(dataset, v("vocabulary"), _n(ONTOLOGY_IRI)),
        ox.Triple(dataset, v("triples"), _int(info["triples"].get("default", 0))),
        ox.Triple(dataset, v("classes"), _int(_count(store, "SELECT DISTINCT ?c { ?s a ?c }"))),
        ox.Triple(dataset, v("properties"), _int(_count(store, "SELECT DISTINCT ?p { ?s ?p ?o }"))),
        ox.Triple(dataset, v("entities"), _int(_count(store, "SELECT DISTINCT ?s { ?s ?p ?o FILTER isIRI(?s) }"))),
        ox.Triple(dataset, v("distinctSubjects"), _int(_count(store, "SELECT DISTINCT ?s { ?s ?p ?o }"))),
        ox.Triple(dataset, v("distinctObjects"), _int(_count(store, "SELECT DISTINCT ?o { ?s ?p ?o }"))),
        ox.Triple(dataset, _n(DCT + "modified"), ox.Literal(info["loaded_at"])),
    ]
    context = _n(root + jsonld.CONTEXT_PATH)
    triples += [
        ox.Triple(dataset, RDFS_SEE_ALSO, context),
        ox.Triple(context, _n(DCT + "format"), _n(BY_NAME["jsonld"].iri)),
        ox.Triple(
            context,
            _n(DCT + "description"),
            ox.Literal("The JSON-LD context of every JSON-LD answer: the project's prefixes.", language="en"),
        ),
    ]
    examples = store.select(
        f"SELECT DISTINCT ?s {{ ?s a ?c FILTER STRSTARTS(STR(?s), '{BASE}id/') }} ORDER BY ?s LIMIT {EXAMPLES}"
    )
    triples += [ox.Triple(dataset, v("exampleResource"), row["s"]) for row in examples]
    for graph, count in sorted(info["triples"].items()):
        if graph != "default":
            subset = _n(root + "/.well-known/void#graph-" + graph.rstrip("/").rsplit("/", 1)[-1])
            triples += [
                ox.Triple(dataset, v("subset"), subset),
                ox.Triple(subset, RDF_TYPE, v("Dataset")),
                ox.Triple(subset, _n(SD + "name"), _n(graph)),
                ox.Triple(subset, v("triples"), _int(count)),
            ]
    partitions = (  # (partition, what it is of, its size, the query giving ?x and its size ?n)
        (
            "classPartition",
            "class",
            "entities",
            "SELECT ?x (COUNT(DISTINCT ?s) AS ?n) { ?s a ?x FILTER isIRI(?x) } GROUP BY ?x ORDER BY ?x",
        ),
        ("propertyPartition", "property", "triples", "SELECT ?x (COUNT(*) AS ?n) { ?s ?x ?o } GROUP BY ?x ORDER BY ?x"),
    )
    for link, of, size, query in partitions:
        for row in store.select(query):
            part = ox.BlankNode()
            triples += [
                ox.Triple(dataset, v(link), part),
                ox.Triple(part, v(of), row["x"]),
                ox.Triple(part, v(size), _int(int(row["n"].value))),
            ]
    return triples


@blueprint.route(jsonld.CONTEXT_PATH, methods=["GET"])
def context() -> Response:
    """The JSON-LD context (the project's prefixes) at a stable URL; each answer also inlines it."""
    body = json.dumps(jsonld.context_document(), indent=2, ensure_ascii=False) + "\n"
    response = Response(body, 200, content_type="application/ld+json; charset=utf-8")
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


@blueprint.route("/.well-known/void", methods=["GET"])
def void() -> Response:
    if not request.args.get("format") and prefers_html(request.headers.get("Accept")):
        page = _void_page(_void_bytes(BY_NAME["turtle"]).decode("utf-8"))
        return Response(page, 200, content_type="text/html; charset=utf-8", headers={"Vary": "Accept"})
    try:
        formats = acceptable(request, request.args.get("format"), ("graph",))
    except ProtocolError as exc:
        return plain_text(exc.status, exc.message)
    if not formats:
        return plain_text(406, f"no acceptable format; available: {format_names('graph')}")
    fmt = formats[0]
    response = Response(_void_bytes(fmt), 200, content_type=content_type(fmt.media_type))
    response.vary.add("Accept")
    return response


def _void_bytes(fmt: Format) -> bytes:
    """The VoID of the loaded build in one format, kept per build and format."""
    graph = current_app.extensions["treaty_kg"]
    settings = current_app.extensions["treaty_kg_settings"]
    info = graph.info()
    # Computed once per build (its full-store aggregates are costly) and kept per format; the
    # base URL is a setting, not the request's Host header, so no header can make it miss.
    cache = current_app.extensions.setdefault("treaty_kg_void", {})
    if cache.get("sha256") != info["sha256"]:
        cache.clear()
        cache["sha256"] = info["sha256"]
        cache["triples"] = void_description(graph, public_root(settings), info)
    if fmt.name not in cache:
        cache[fmt.name] = serialize(cache["triples"], fmt, prefixes=VOID_PREFIXES if fmt.name == "turtle" else None)
    return cache[fmt.name]


def public_root(settings: Any) -> str:
    """The server's public base URL: the `public_url` setting (set by `treaty-kg serve` to its own
    address unless given), never the request's Host header, which any client can forge."""
    return settings.public_url or "http://127.0.0.1:8000"


def prefers_html(accept_header: str | None) -> bool:
    """Whether a client prefers HTML to every RDF format (a browser). RDF is offered first, so a
    tie, `*/*` alone as curl and most RDF clients send it, still gets RDF."""
    return negotiate(accept_header, (*format_offers("graph"), HTML_OFFER))[:1] == (HTML,)


def _void_page(turtle: str) -> str:
    """VoID for a browser: the Turtle in a page, with links to every format."""
    links = " · ".join(
        f'<a href="?format={key}">{name}</a>'
        for key, name in (("ttl", "Turtle"), ("nt", "N-Triples"), ("jsonld", "JSON-LD"), ("rdf", "RDF/XML"))
    )
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>VoID description · treaty-kg</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "pre{white-space:pre-wrap;background:#f6f8fa;padding:1rem;overflow-x:auto}</style>\n"
        "</head>\n<body>\n<h1>VoID description of treaty-kg</h1>\n"
        "<p>What the dataset holds (size, classes, properties, graphs, examples), as RDF clients get it from "
        f'this address. Download: {links}. Back to <a href="/">the query page</a>.</p>\n'
        f"<pre>{escape(turtle)}</pre>\n</body>\n</html>\n"
    )
