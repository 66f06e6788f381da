"""The review page: the candidates `treaty-kg ingest` proposed for a source, each with its
highlighted sentence and what the graph already knows beside it, with accept and reject buttons.

It writes graph files, so it exists only when the `review_pages` setting is on
(TREATY_KG_REVIEW_PAGES=1, off by default: a public endpoint stays read-only). The web layer does
not import the pipeline: the site's factory (`treaty_kg.wsgi`) hands in the reviewer, an object
with `sources()`, `items(stem)`, `text(stem)`, `accept(stem, id)` and `reject(stem, id)`.
"""

from __future__ import annotations

from typing import Any, Protocol

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from markupsafe import Markup, escape

from treaty_kg.errors import InputError

EXTENSION = "treaty_kg_review"

blueprint = Blueprint("review", __name__, template_folder="templates")


class Reviewer(Protocol):
    def sources(self) -> list[tuple[str, int]]: ...
    def items(self, stem: str) -> list[Any]: ...
    def text(self, stem: str) -> str: ...
    def accept(self, stem: str, given: str) -> list[str]: ...
    def reject(self, stem: str, given: str) -> str: ...


def _reviewer() -> Reviewer:
    return current_app.extensions[EXTENSION]


def highlighted(text: str, item: Any) -> Markup:
    left, right = item.sentence
    return (
        escape(text[left : item.start])
        + Markup("<mark>")
        + escape(text[item.start : item.end])
        + Markup("</mark>")
        + escape(text[item.end : right])
    )


def _html(template: str, **context: Any) -> Response:
    html = render_template(template, lang="en", path=None, alternates=[], **context)
    response = Response(html, content_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/review/")
def index() -> Response:
    return _html("review_index.html", sources=_reviewer().sources())


@blueprint.get("/review/<stem>")
def source(stem: str) -> Response:
    reviewer = _reviewer()
    try:
        items = reviewer.items(stem)
        text = reviewer.text(stem)
    except InputError as exc:
        abort(404, str(exc))
    rows = [(item, highlighted(text, item)) for item in items]
    return _html("review.html", stem=stem, rows=rows, done=request.args.get("done"))


@blueprint.post("/review/<stem>")
def decide(stem: str) -> Response:
    action, given = request.form.get("action"), request.form.get("id", "")
    reviewer = _reviewer()
    try:
        if action == "accept":
            done = f"accepted {', '.join(reviewer.accept(stem, given))}"
        elif action == "reject":
            done = f"rejected {reviewer.reject(stem, given)}"
        else:
            abort(400, "action must be accept or reject")
    except InputError as exc:
        abort(400, str(exc))
    return redirect(url_for("review.source", stem=stem, done=done), code=303)  # type: ignore[return-value]
