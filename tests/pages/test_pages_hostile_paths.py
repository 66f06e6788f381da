"""Paths a browser or an attacker sends that the pages must answer with a 4xx, never a 500, and
never with a link off this site."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize("path", ["/id/%FF", "/id/%EE%80%80", "/source/%EF%BF%BF", "/fact/%EF%BF%BE", "/id/a%00b"])
def test_a_path_naming_no_valid_iri_is_a_404(client, path) -> None:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/\\evil.example", "//evil.example", "/\\/evil.example/x", "/%5Cevil.example"])
def test_links_on_a_404_page_stay_on_this_site(client, path) -> None:
    # the raw path as a server hands it over (the test client would read `//host` as a host)
    response = client.get("/", environ_overrides={"PATH_INFO": path.replace("%5C", "\\")}, headers={"Accept": "text/html"})
    assert response.status_code == 404
    for href in re.findall(r'href="([^"]*)"', response.get_data(as_text=True)):
        assert href.startswith("/") and not href.startswith("//"), href
        assert "\\" not in href, href
