"""The server's answers for published releases and for shape IRIs.

`…/releases/<V>/ontology` (the version IRI), `…/releases/<V>/module/<name>` and
`…/releases/<V>/shapes` are answered from the release folder `releases/<V>/` that
`treaty-kg release` wrote: the pyLODE page for browsers, RDF in the format the request asks for
(Accept, a suffix or `?format=`); the folder's files themselves (`ontology.ttl`,
`module/catalog-v001.xml`, `release.json`, …) at their own paths. The files are the release, so
the merged ontology is sent byte for byte; a module or the shapes in a format other than Turtle
is converted by pyoxigraph.

Shape IRIs (`https://w3id.org/treaty-kg/shapes/…`, the `helpUri`s of SARIF reports) are
answered from the shapes the server was started with (`shapes/`), loaded once.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from flask import Flask, Response

from treaty_kg import paths
from treaty_kg.errors import InputError
from treaty_kg.rdf import formats
from treaty_kg.rdf import releases as layout
from treaty_kg.rdf.formats import Format, content_type
from treaty_kg.rdf.namespaces import PREFIXES
from treaty_kg.rdf.reader import StoreReader
from treaty_kg.web.linked_data import SUFFIXES, split_suffix

# Files of a release folder that are not RDF, by suffix.
_OTHER_TYPES = {".html": "text/html", ".md": "text/markdown", ".json": "application/json", ".xml": "application/xml"}


def _release_folder(version: str) -> Path | None:
    try:
        layout.check_version(version)
    except InputError:
        return None
    folder = paths.releases_dir() / version
    return folder if folder.is_dir() else None


def _answer(body: bytes, media_type: str) -> Response:
    response = Response(body, content_type=content_type(media_type))
    response.headers["Vary"] = "Accept"
    return response


def _file(path: Path) -> Response:
    rdf = SUFFIXES.get(path.suffix.lstrip("."))
    media_type = rdf.media_type if rdf else _OTHER_TYPES.get(path.suffix, "application/octet-stream")
    return _answer(path.read_bytes(), media_type)


def _turtle_of(folder: Path, resource: str) -> Path | None:
    """The Turtle file holding a release resource (`ontology`, `shapes`, `module/<name>`)."""
    if resource == layout.ONTOLOGY_STEM:
        candidate = folder / f"{layout.ONTOLOGY_STEM}.ttl"
    elif resource == "shapes":
        candidate = folder / layout.SHAPES_FILE
    else:
        directory, _, name = resource.partition("/")
        if directory != layout.MODULE_DIR or not name or "/" in name:
            return None
        candidate = folder / layout.MODULE_DIR / f"{name}.ttl"
    return candidate if candidate.is_file() else None


def release_response(path: str, chosen: Format | None) -> Response | None:
    """The answer for `/releases/<V>/…` in the format `chosen` (None: a browser), or None when no
    published release holds that path. A suffix in the path wins over `chosen`."""
    parts = path.strip("/").split("/")
    if len(parts) < 3 or parts[0] != "releases" or any(p in ("", ".", "..") for p in parts):
        return None
    folder = _release_folder(parts[1])
    if folder is None:
        return None
    rest = "/".join(parts[2:])
    if (folder / rest).is_file():
        return _file(folder / rest)
    stem, suffix = split_suffix(rest)
    source = _turtle_of(folder, stem)
    if source is None:
        return None
    fmt = suffix or chosen
    if fmt is None:  # a browser: the documentation page covers the ontology and its modules
        if stem == "shapes":  # no page for the shapes graph: its Turtle, shown as text
            return _answer(source.read_bytes(), "text/plain")
        return _file(folder / layout.DOCS_FILE)
    written = folder / f"{stem}.{fmt.extension}"
    if written.is_file():  # the release's own file, byte for byte
        body = written.read_bytes()
    else:
        body = formats.serialize(ox.parse(source.read_bytes(), format=ox.RdfFormat.TURTLE), fmt, PREFIXES)
    response = _answer(body, fmt.media_type)
    if not suffix:
        base = "/" + "/".join(parts[:2])
        response.headers["Link"] = ", ".join(
            f'<{base}/{stem}.{ext}>; rel="alternate"; type="{f.media_type}"' for ext, f in SUFFIXES.items()
        )
    return response


def shapes_store(app: Flask) -> StoreReader:
    """The shapes graph as a store (loaded on first use; the shapes do not change while serving)."""
    store = app.extensions.get("treaty_kg_shapes")
    if store is None:
        store = ox.Store()
        for file in paths.turtle_files(paths.shapes_dir()):
            store.load(file.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=file.as_uri())
        app.extensions["treaty_kg_shapes"] = store = StoreReader(store)
    return store
