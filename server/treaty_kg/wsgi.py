"""The whole site's app factory: the endpoint plus the linked-data pages.

`treaty_kg.endpoint.app.create_app` builds the endpoint and registers the blueprints it is
given; this module, above both the endpoint and the web layer, gives it the pages' one. Run it
under any WSGI server as a factory, e.g. `gunicorn 'treaty_kg.wsgi:create_app()'`;
`treaty-kg serve` runs `rsgi_app` under granian.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from treaty_kg.endpoint import app as endpoint_app
from treaty_kg.endpoint import server
from treaty_kg.endpoint.rsgi_bridge import BufferedWSGI
from treaty_kg.web import pages
from treaty_kg.web.page_limits import bound_pages


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The endpoint (/sparql, VoID, /health, /admin/reload) with the pages (/, /id/..., /ontology/...)."""
    app = endpoint_app.create_app(config, blueprints=[pages.bp])
    bound_pages(app, pages.bp.name)
    return app


def rsgi_app() -> BufferedWSGI:
    """A granian worker's app (settings from TREATY_KG_* variables): `treaty-kg serve`'s target."""
    return server.rsgi_app(create_app)
