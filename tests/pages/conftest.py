"""Fixtures for the page tests: the pages blueprint on a tiny dataset (tests/pages/fixtures)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask

from treaty_kg.wsgi import create_app

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def mini_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture TriG as N-Quads, the format `treaty-kg build` writes."""
    store = ox.Store()
    store.load(path=str(FIXTURES / "pages-mini.trig"), format=ox.RdfFormat.TRIG)
    path = tmp_path_factory.mktemp("pages") / "dataset.nq"
    store.dump(str(path), format=ox.RdfFormat.N_QUADS)
    return path


@pytest.fixture(scope="session")
def mini_app(mini_dataset: Path, serve_config) -> Flask:
    """The project's app (endpoint and pages) over the fixture dataset, with the fixture queries,
    served from the backend under test (tests/conftest.py)."""
    app = create_app({**serve_config(mini_dataset), "query_workers": 1, "reload_interval": 0})
    app.config["TREATY_KG_QUERIES_DIR"] = str(FIXTURES / "queries")
    yield app
    app.extensions["treaty_kg"].close()


@pytest.fixture()
def client(mini_app: Flask):
    return mini_app.test_client()


class _TagBalance(HTMLParser):
    """Collects nesting errors and ids; void elements need no end tag."""

    VOID = {"meta", "link", "br", "hr", "img", "input", "source", "wbr", "area", "base", "col", "embed", "track"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.ids += [v for k, v in attrs if k == "id"]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> while open: {self.stack[-3:]}")
        else:
            self.stack.pop()


@pytest.fixture(scope="session")
def html_problems() -> Callable[[str], list[str]]:
    """A check of a page: end tags that do not match, elements left open, ids used twice.
    A function of the text alone, so a page seen before is not parsed again (the project's nine
    release IRIs answer the same 0.7 MB pyLODE page: a third of what the every-page test reads)."""

    @functools.lru_cache(maxsize=64)
    def problems(page: str) -> list[str]:
        checker = _TagBalance()
        checker.feed(page)
        checker.close()
        found = list(checker.errors)
        if checker.stack:
            found.append(f"left open: {checker.stack}")
        found += [f"duplicate id {i}" for i in sorted({i for i in checker.ids if checker.ids.count(i) > 1})]
        return found

    return lambda page: list(problems(page))
