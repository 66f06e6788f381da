"""Linked-data pages: every IRI of the namespace at its own path, as HTML or RDF, and the query page.

A browser gets HTML; an RDF client gets the resource's description in the format
its `Accept` header, a suffix (`.ttl`, `.jsonld`, `.nt`, `.rdf`) or `?format=`
asks for, from the same URL (no 303). Unknown IRIs and paths outside the
namespace get a 404 page with a name search; shape IRIs and published releases are answered
from their files (`web.releases`). The store is the endpoint's
(`app.extensions["treaty_kg"]`, read through rdf/reader.GraphReader).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, g, render_template, request
from markupsafe import Markup

from treaty_kg import paths
from treaty_kg.rdf.formats import BY_NAME, Format, content_type, named
from treaty_kg.rdf.labels import LANGUAGES, Labeller, language_order
from treaty_kg.rdf.namespaces import GRAPH_ONTOLOGY, ONTOLOGY_IRI, PREFIXES, SOURCE
from treaty_kg.rdf.negotiation import HTML, HTML_OFFER, format_offers, negotiate
from treaty_kg.rdf.reader import GraphReader
from treaty_kg.web.label_search import search
from treaty_kg.web.linked_data import SUFFIXES, describe, exists, iri_for_path, serialize, split_suffix, statements
from treaty_kg.web.ontology_view import ontology_terms, single_term
from treaty_kg.web.query_editor import editor_setup
from treaty_kg.web.query_examples import read_examples
from treaty_kg.web.releases import release_response, shapes_store
from treaty_kg.web.resource_view import RDF_TYPE, Viewer
from treaty_kg.web.source_view import highlight, mention_spans
from treaty_kg.web.ui_text import translator

bp = Blueprint("pages", __name__, template_folder="templates", static_folder="static", static_url_path="/pages-static")

LANG_COOKIE = "lang"
SCHEMA_TEXT = ox.NamedNode(PREFIXES["schema"] + "text")
# What the top of a source page says about it, before its text.
SOURCE_METADATA = (
    "schema:headline",
    "schema:datePublished",
    "schema:author",
    "schema:publisher",
    "schema:url",
    "schema:isBasedOn",
    "schema:inLanguage",
)
SOURCE_TYPES = (PREFIXES["schema"] + "NewsArticle", PREFIXES["tkg"] + "Source")


def _store() -> GraphReader:
    return current_app.extensions["treaty_kg"]


def _language() -> str:
    """The reader's language: `?lang=`, then the cookie the switch set, then `Accept-Language`."""
    for chosen in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
        if chosen in LANGUAGES:
            return chosen
    return request.accept_languages.best_match(LANGUAGES, default=LANGUAGES[0])


def _viewer(store: GraphReader | None = None) -> Viewer:
    store = store if store is not None else _store()
    show = request.args.get("inferred", "show") != "hide"
    return Viewer(store, Labeller(store, language_order(_language())), show_inferred=show)


def same_site_path(path: str) -> str:
    """A request path made safe to write back into a link: percent-encoded (a `\\` is no
    separator to us but is one to browsers, which follow `/\\evil.example` off-site) and with
    one leading slash (`//evil.example` is a link to another host)."""
    return "/" + quote(path, safe="/:@!$&'()*+,;=-._~").lstrip("/")


def _url_with(**changes: str | None) -> str:
    """This page's URL with some query parameters changed (None removes one): the lang and inferred switches."""
    args = {k: v for k, v in request.args.items() if k not in changes}
    args.update({k: v for k, v in changes.items() if v is not None})
    return same_site_path(request.path) + ("?" + urlencode(args) if args else "")


@bp.app_context_processor
def _template_helpers() -> dict:
    return {"url_with": _url_with, "languages": LANGUAGES}


@bp.app_template_global("_")
def _translate(text: str) -> str:
    """The pages' own words in the reader's language (a global, so macros need no context)."""
    if "translate" not in g:
        g.translate = translator(_language())
    return g.translate(text)


def _alternates(path: str) -> list[tuple[Format, str]]:
    return [(f, f"{path}.{suffix}") for suffix, f in SUFFIXES.items()]


def _finish(response: Response, path: str | None, *, html: bool) -> Response:
    response.headers["Vary"] = "Accept, Accept-Language" if html else "Accept"
    if path:
        response.headers["Link"] = ", ".join(f'<{href}>; rel="alternate"; type="{f.media_type}"' for f, href in _alternates(path))
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax")
    return response


def _rdf(found, fmt: Format, path: str) -> Response:
    return _finish(Response(serialize(found, fmt), content_type=content_type(fmt.media_type)), path, html=False)


def _negotiated() -> Format | None:
    """The RDF format the Accept header prefers, or None for HTML (also on ties and when it
    accepts nothing offered: a page is the friendliest answer)."""
    keys = negotiate(request.headers.get("Accept") or None, (HTML_OFFER, *format_offers("graph")))
    return BY_NAME[keys[0]] if keys and keys[0] != HTML else None


def _page(template: str, path: str | None, status: int = 200, **context) -> Response:
    html = render_template(template, lang=_language(), path=path, alternates=_alternates(path) if path else [], **context)
    return _finish(Response(html, status=status, content_type="text/html; charset=utf-8"), path, html=True)


def _json_ld(found) -> Markup:
    """The description as JSON-LD, safe inside `<script>`: no `</` or `<!--` can end it early."""
    return _script_json(serialize(found, BY_NAME["jsonld"]).decode("utf-8"))


def _script_json(text: str) -> Markup:
    """JSON for a `<script>` element: `<` occurs only inside JSON strings, where `\\u003c` means the same."""
    return Markup(text.replace("<", "\\u003c"))


def _search(message: str | None, status: int) -> Response:
    """The name search (`?q=`) with its results: the search page, or the 404 page with a message."""
    query = request.args.get("q", "")
    labeller = _viewer().labeller  # each hit under its preferred name, the name that matched beside it
    hits = [(path, labeller.label(ox.NamedNode(iri)), name, iri) for path, name, iri in search(_store(), query)]
    return _page("not_found.html", None, status=status, message=message, q=query, hits=hits)


def not_found() -> Response:
    return _search("No resource has this address.", 404)


def _rdf_not_found(fmt: Format) -> Response:
    """A 404 for a client that asked for RDF: plain text it can log, not a page meant for people."""
    message = f"404 Not Found: no resource has the address {request.path}; the data asked for as {fmt.name} does not exist.\n"
    response = Response(message, status=404, content_type="text/plain; charset=utf-8")
    response.headers["Vary"] = "Accept"
    return response


@bp.route("/")
def query_page() -> Response:
    directory = current_app.config.get("TREATY_KG_QUERIES_DIR") or paths.queries_dir()
    examples = read_examples(Path(directory))
    viewer = _viewer()
    sources = sorted(
        {
            q.subject
            for t in SOURCE_TYPES
            for q in _store().quads(None, RDF_TYPE, ox.NamedNode(t), None)
            if isinstance(q.subject, ox.NamedNode)
        },
        key=lambda n: n.value,
    )
    setup = editor_setup(_store(), examples, request.args.get("query"), request.args.get("example"))
    return _page(
        "query.html",
        None,
        examples=examples,
        setup=setup,
        editor_json=_script_json(json.dumps(setup.config, ensure_ascii=False)),
        sources=[viewer.value(s) for s in sources],
    )


@bp.route("/search")
def search_page() -> Response:
    return _search(None, 200)


def dereference(path: str) -> Response:
    """Serve the resource a request path names, in the format the request asks for."""
    asked = request.args.get("format")
    fmt = next(iter(named(asked, ("graph",))), None) if asked else None
    if asked and fmt is None and asked.strip().lower() not in ("html", "text/html"):
        known = ", ".join(SUFFIXES)
        return Response(
            f"Unknown format {asked!r}; use one of: html, {known}.\n", status=400, content_type="text/plain; charset=utf-8"
        )
    if path.startswith("/releases/"):
        released = release_response(path, fmt if asked else _negotiated())
        if released is not None:
            return released
    iri = iri_for_path(path)
    store = shapes_store(current_app) if path.startswith("/shapes/") else _store()
    if iri is None or not exists(store, ox.NamedNode(iri)):
        stem, suffix = split_suffix(path)
        iri = iri_for_path(stem) if suffix else None
        if iri is None or not exists(store, ox.NamedNode(iri)):
            wanted = fmt or suffix or (None if asked else _negotiated())
            return not_found() if wanted is None else _rdf_not_found(wanted)
        path, fmt = stem, suffix
    elif fmt is None and not asked:
        fmt = _negotiated()
    viewer = _viewer(store)
    if iri == ONTOLOGY_IRI:
        return ontology(viewer, fmt, path)
    found = describe(store, iri, show_inferred=viewer.show_inferred)
    if fmt is not None:
        return _rdf(found, fmt, path)
    view = viewer.resource(iri)
    context: dict[str, Any] = {"view": view, "json_ld": _json_ld(found), "term": single_term(viewer, iri)}
    if iri.startswith(str(SOURCE)):
        texts = store.quads(ox.NamedNode(iri), SCHEMA_TEXT, None, None)
        text = next((q.object.value for q in texts if isinstance(q.object, ox.Literal)), None)
        if text is not None:
            spans = mention_spans(viewer, iri)
            return _page(
                "source.html",
                path,
                text=highlight(text, spans),
                spans=spans,
                meta_keys=SOURCE_METADATA,
                text_lang=viewer.language_of(ox.NamedNode(iri)),
                **context,
            )
    return _page("resource.html", path, **context)


def ontology(viewer: Viewer, fmt: Format | None, path: str) -> Response:
    """`/ontology`: every term on one page with a table of contents, or the ontology graph as RDF."""
    if fmt is not None:
        found = statements(_store().quads(None, None, None, ox.NamedNode(str(GRAPH_ONTOLOGY))))
        return _rdf(found, fmt, path)
    found = describe(_store(), ONTOLOGY_IRI, show_inferred=viewer.show_inferred)
    return _page("ontology.html", path, view=viewer.resource(ONTOLOGY_IRI), terms=ontology_terms(viewer), json_ld=_json_ld(found))


bp.add_url_rule("/<path:path>", "resource", lambda path: dereference("/" + path), merge_slashes=False)
