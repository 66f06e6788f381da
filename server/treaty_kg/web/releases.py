"""The server's answers for published releases and for shape IRIs.

`…/releases/<V>/ontology` (the version IRI), `…/releases/<V>/module/<name>` and
`…/releases/<V>/shapes` are answered from the release folder `releases/<V>/` that
`treaty-kg release` wrote: HTML (the pyLODE page) for browsers, RDF in the format the request
asks for (Accept, a suffix or `?format=`); the folder's files themselves (`ontology.ttl`,
`module/catalog-v001.xml`, `release.json`, …) at their own paths. The files are the release, so
the server never re-serialises what a file already holds; a module or the shapes in a format
other than Turtle is converted by pyoxigraph.

Shape IRIs (`https://w3id.org/treaty-kg/shapes/…`, named by SARIF reports' `helpUri`) are
answered from the shapes the server's build was validated with (`shapes/`), loaded once.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

import pyoxigraph as ox
from flask import Flask, Response, request

from treaty_kg import paths
from treaty_kg.web.linked_data import FORMATS, RdfFormat, format_named, negotiate, split_suffix
from treaty_kg.errors import InputError
from treaty_kg.rdf.namespaces import BASE, PREFIXES
from treaty_kg.rdf import releases as layout

SHAPES = BASE + "shapes/"
_TYPES = {".ttl": "text/turtle; charset=utf-8", ".md": "text/markdown; charset=utf-8",
          ".json": "application/json", ".xml": "application/xml", ".html": "text/html; charset=utf-8",
          ".nt": "application/n-triples; charset=utf-8", ".jsonld": "application/ld+json", ".rdf": "application/rdf+xml"}


def _release_folder(version: str) -> Path | None:
    try:
        layout.check_version(version)
    except InputError:
        return None
    folder = paths.releases_dir() / version
    return folder if folder.is_dir() else None


def _file(path: Path) -> Response:
    media = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = Response(path.read_bytes(), content_type=media)
    response.headers["Vary"] = "Accept"
    return response


def _resource_file(folder: Path, resource: str) -> Path | None:
    """The Turtle file holding a release resource (`ontology`, `shapes`, `module/<name>`)."""
    if resource == layout.ONTOLOGY_STEM:
        return folder / f"{layout.ONTOLOGY_STEM}.ttl"
    if resource == "shapes":
        return folder / layout.SHAPES_FILE
    directory, _, name = resource.partition("/")
    if directory == layout.MODULE_DIR and name and "/" not in name:
        candidate = folder / layout.MODULE_DIR / f"{name}.ttl"
        return candidate if candidate.is_file() else None
    return None


def _rdf(folder: Path, resource: str, source: Path, fmt: RdfFormat) -> Response:
    written = folder / f"{resource}.{fmt.key}"
    if written.is_file() and resource == layout.ONTOLOGY_STEM:
        body = written.read_bytes()  # the release's own file, byte for byte
    elif fmt.key == "ttl":
        body = source.read_bytes()
    else:
        triples = ox.parse(source.read_bytes(), format=ox.RdfFormat.TURTLE)
        body = ox.serialize(triples, format=fmt.oxigraph, prefixes=PREFIXES)
    charset = "" if fmt.key == "rdf" else "; charset=utf-8"
    response = Response(body, content_type=fmt.media_type + charset)
    response.headers["Vary"] = "Accept"
    return response


def release_response(path: str) -> Response | None:
    """The answer for `/releases/<V>/…`, or None when no published release holds that path."""
    parts = path.strip("/").split("/")
    if len(parts) < 3 or parts[0] != "releases" or any(p in ("", ".", "..") for p in parts):
        return None
    folder = _release_folder(parts[1])
    if folder is None:
        return None
    rest = "/".join(parts[2:])
    as_file = folder / rest
    if as_file.is_file():
        return _file(as_file)
    stem, suffix = split_suffix(rest)
    source = _resource_file(folder, stem)
    if source is None or not source.is_file():
        return None
    asked = request.args.get("format")
    fmt = suffix or format_named(asked) or (None if asked else negotiate(request.accept_mimetypes))
    if fmt is None:  # a browser: the documentation page covers the ontology and its modules
        if stem == "shapes":  # no HTML of the shapes graph: its Turtle, shown as text
            return Response(source.read_bytes(), content_type="text/plain; charset=utf-8", headers={"Vary": "Accept"})
        return _file(folder / layout.DOCS_FILE)
    response = _rdf(folder, stem, source, fmt)
    if not suffix:
        response.headers["Link"] = ", ".join(
            f'</{"/".join(parts[:2])}/{stem}.{f.key}>; rel="alternate"; type="{f.media_type}"' for f in FORMATS.values())
    return response


def shapes_store(app: Flask) -> ox.Store:
    """The shapes graph as a store (loaded on first use; the shapes do not change while serving)."""
    store = app.extensions.get("treaty_kg_shapes")
    if store is None:
        store = ox.Store()
        for file in paths.turtle_files(paths.shapes_dir()):
            store.load(file.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=file.as_uri())
        app.extensions["treaty_kg_shapes"] = store
    return store
