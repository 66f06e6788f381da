"""The whole site's app factory: the endpoint plus the linked-data pages.

`treaty_kg.endpoint.app.create_app` builds the endpoint and registers the blueprints it is
given; this module, above both the endpoint and the web layer, gives it the pages' one. Run it
under any WSGI server as a factory, e.g. `gunicorn 'treaty_kg.wsgi:create_app()'`;
`treaty-kg serve` runs `rsgi_app` under granian.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from treaty_kg.endpoint import app as endpoint_app
from treaty_kg.endpoint import server
from treaty_kg.endpoint.rsgi_bridge import BufferedWSGI
from treaty_kg.endpoint.settings import Settings
from treaty_kg.web import pages
from treaty_kg.web import review as review_page
from treaty_kg.web.page_limits import bound_pages


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The endpoint (/sparql, VoID, /health, /admin/reload) with the pages (/, /id/..., /ontology/...),
    and the review page when `review_pages` is on."""
    settings = Settings.read(config, os.environ)
    blueprints = [pages.bp] + ([review_page.blueprint] if settings.review_pages else [])
    app = endpoint_app.create_app(config, blueprints=blueprints)
    bound_pages(app, pages.bp.name)
    if settings.review_pages:
        # the review operations (pipeline layer) only when the page is on: a public endpoint does
        # not load the ingestion code (and what it imports) at all
        from treaty_kg.ingest.review import Reviewer

        app.extensions[review_page.EXTENSION] = Reviewer()
    return app


def rsgi_app() -> BufferedWSGI:
    """A granian worker's app (settings from TREATY_KG_* variables): `treaty-kg serve`'s target."""
    return server.rsgi_app(create_app)
