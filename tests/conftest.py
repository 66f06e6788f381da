"""Shared pytest fixtures: where the project's files are, and the graphs loaded once per session."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from flask import Flask
from rdflib import Graph

from treaty_kg import paths
from treaty_kg.build import BuildResult, build
from treaty_kg.wsgi import create_app

ROOT = Path(__file__).resolve().parents[1]


# The test files this session collected (before -k/-m deselect), for tests/test_collection.py.
COLLECTED_FILES = pytest.StashKey[set[str]]()


def pytest_itemcollected(item: pytest.Item) -> None:
    item.config.stash.setdefault(COLLECTED_FILES, set()).add(item.path.relative_to(ROOT).as_posix())


# With workers (pytest-xdist, `-n auto` in the README's command), the tests that share something
# costly or stateful run on one worker, as in a session without workers: the spaCy model (loaded in
# seconds, tests/ingest), the session's release (tests/release), one Chromium (the browser tests'
# module fixture), and everything that talks to a real SPARQL store (one session publishes its
# builds there and reads them back). Every other test goes alone to whichever worker is free; each
# worker makes its own session fixtures (the project's build: about 2 s).
XDIST_GROUPS = {"tests/ingest/": "spacy", "tests/release/": "release", "tests/pages/test_pages_browser.py": "browser"}


def xdist_scope(nodeid: str) -> str:
    """The tests sharing a worker: a group named above, or the test alone (its node id)."""
    params = nodeid.rpartition("::")[2].partition("[")[2].removesuffix("]").split("-")  # the ids of its parameters
    if nodeid.startswith("tests/stores/") or set(params) & set(store_names()):
        return "stores"
    return next((group for prefix, group in XDIST_GROUPS.items() if nodeid.startswith(prefix)), nodeid)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, called only with workers
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`-n` alone (xdist's `--dist load`) or `--dist loadgroup`: xdist's own `loadgroup` reads groups
    from marks it writes into node ids, which pytest 9.2's node ids no longer take (xdist 3.8), so
    this is that scheduling with the groups above. Another `--dist` is taken as asked."""
    if config.getoption("dist") not in ("load", "loadgroup"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return xdist_scope(nodeid)

    return GroupScheduling(config, log)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def shared_articles() -> Path:
    """The original article files, copied under tests/ so a fresh clone runs every test."""
    return ROOT / "tests" / "fixtures" / "articles"


@pytest.fixture(autouse=True)
def _project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees this checkout as the project, wherever pytest was started."""
    monkeypatch.setenv(paths.ROOT_ENV, str(ROOT))


@pytest.fixture
def small_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout of a few triples (tests/pipeline_build/fixtures: ontology, facts, shapes) as
    the project root: builds in well under a second, on the embedded store or any other."""
    fixtures = ROOT / "tests" / "pipeline_build" / "fixtures"
    project = tmp_path / "project"
    for folder in ("ontology", "graph", "shapes"):
        (project / folder).mkdir(parents=True)
    (project / "pyproject.toml").write_text("", encoding="utf-8")
    shutil.copy(fixtures / "ontology.ttl", project / "ontology" / "treaty-kg.ttl")
    shutil.copy(fixtures / "data.ttl", project / "graph" / "data.ttl")
    shutil.copy(fixtures / "shapes.ttl", project / "shapes" / "shapes.ttl")
    monkeypatch.setenv(paths.ROOT_ENV, str(project))
    return project


def _evaluating_query_threads() -> set[int]:
    """The endpoint's query threads (store.ThreadEvaluator) that are inside a query now."""
    frames = sys._current_frames()
    busy = set()
    for thread in threading.enumerate():
        frame = frames.get(thread.ident) if thread.name == "treaty-kg query" and thread.ident else None
        while frame is not None:
            if frame.f_code.co_name == "evaluate" and frame.f_code.co_filename.endswith("evaluation.py"):
                busy.add(thread.ident)
                break
            frame = frame.f_back
    return busy


@pytest.fixture(autouse=True)
def _no_query_left_running() -> Iterator[None]:
    """A test must not leave a query computing on a thread of this process: pyoxigraph cannot stop
    a query, so a runaway abandoned at its time limit takes a core from every later test of the
    worker (serve retires the process; a test runs such a runaway in a process of its own,
    tests/server/conftest.py: in_own_process). A query that ends within 3 s is waited for."""
    before = _evaluating_query_threads()
    yield
    deadline = time.monotonic() + 3
    while (left := _evaluating_query_threads() - before) and time.monotonic() < deadline:
        time.sleep(0.05)
    if left:
        pytest.fail(f"{len(left)} query thread(s) still computing after the test: run its runaway in a process of its own")


@pytest.fixture(scope="session")
def project_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """`treaty-kg build` of this checkout, made once per session and shared: the real-graph
    build tests, the competency questions (rdflib and /sparql) and the project's pages read it.
    Validation and the OWL 2 RL closure take most of the suite's time, so never twice."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(paths.ROOT_ENV, str(ROOT))
        return build(tmp_path_factory.mktemp("project") / "build", quiet=True)


@pytest.fixture(scope="session")
def project_app(project_build: BuildResult, serve_config: Callable[[Path], dict[str, Any]]) -> Iterator[Flask]:
    """The whole site (endpoint and pages) over the reasoned build of the project, as served by
    the backend under test (below: the embedded store, or the build published into a store)."""
    if not project_build.ok:
        pytest.fail(f"the project does not build:\n{project_build.report}")
    dataset = project_build.out / paths.DATASET_NAME
    app = create_app({**serve_config(dataset), "query_workers": 1, "reload_interval": 0})
    yield app
    app.extensions["treaty_kg"].close()


@pytest.fixture(scope="session")
def json_ld_graph():
    """JSON-LD read by pyoxigraph, a parser independent of the rdflib serializer that writes it,
    as an rdflib Graph to compare (isomorphic). rdflib 7.6's own JSON-LD parser would also warn
    about its internal ConjunctiveGraph (RDFLib/rdflib#3064)."""

    def parse(text: str) -> Graph:
        triples = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.JSON_LD)
        return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")

    return parse


@pytest.fixture(scope="session")
def isomorphic() -> Callable[[Graph, Graph], bool]:
    """Whether two rdflib graphs are the same up to blank node labels, as rdflib.compare.isomorphic
    decides, by pyoxigraph's canonical blank node labelling (exact too: it searches when hashes
    tie). On the shapes' 669 triples, most of them about blank nodes, 0.01 s where rdflib took 1.8 s."""

    def canonical(graph: Graph) -> set[ox.Quad]:
        dataset = ox.Dataset(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)  # stable within a process, all a comparison needs
        return set(dataset)

    return lambda first, second: len(first) == len(second) and canonical(first) == canonical(second)


# -- the backend under test ---------------------------------------------------------------------
# Test modules marked `all_backends` run once per backend: the embedded store always, and each
# SPARQL store named in TREATY_KG_TEST_STORES (e.g. "oxigraph virtuoso", as .ci/stores.sh sets it),
# described by TREATY_KG_TEST_STORE_<NAME>_URL (query URL) and optionally _UPDATE, _GSP, _USER,
# _PASSWORD. Other modules run on the embedded store only.
STORES_ENV = "TREATY_KG_TEST_STORES"


def store_names() -> list[str]:
    return [name for name in os.environ.get(STORES_ENV, "").replace(",", " ").split() if name]


def store_environ(name: str) -> dict[str, str]:
    """The TREATY_KG_STORE_* variables a build into the store `name` would be run with."""
    prefix = f"TREATY_KG_TEST_STORE_{name.upper()}_"
    return {
        f"TREATY_KG_STORE_{key}": os.environ[prefix + key]
        for key in ("UPDATE", "GSP", "USER", "PASSWORD")
        if prefix + key in os.environ
    }


def store_url(name: str) -> str:
    key = f"TREATY_KG_TEST_STORE_{name.upper()}_URL"
    if key not in os.environ:
        raise pytest.UsageError(f"{STORES_ENV} names {name!r} but {key} is not set")
    return os.environ[key]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "all_backends: run the module on every backend (embedded and TREATY_KG_TEST_STORES)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        names = ["embedded", *store_names()] if metafunc.definition.get_closest_marker("all_backends") else ["embedded"]
        metafunc.parametrize("backend", names, scope="session")
    if "sparql_store" in metafunc.fixturenames:  # tests that need a real SPARQL store: each one configured
        skip = pytest.mark.skip(reason=f"no SPARQL store configured ({STORES_ENV}; .ci/stores.sh starts them)")
        metafunc.parametrize("sparql_store", store_names() or [pytest.param(None, marks=skip)], scope="session")


@pytest.fixture(scope="session")
def store_address(sparql_store: str) -> Any:
    """Where the store under test answers, with the update URL and credentials a build uses."""
    from treaty_kg.rdf.remote.client import StoreAddress

    return StoreAddress.from_env(store_url(sparql_store), store_environ(sparql_store))


@pytest.fixture(scope="session")
def serve_config(backend: str) -> Iterator[Callable[[Path], dict[str, Any]]]:
    """Settings for create_app serving an N-Quads file from the backend under test: the file itself
    (embedded), or the file published as a build into the store (once per file content)."""
    if backend == "embedded":
        yield lambda dataset: {"dataset": dataset}
        return
    import pyoxigraph as ox

    from treaty_kg.rdf.remote.client import StoreAddress, StoreClient
    from treaty_kg.rdf.remote.publisher import publish_quads

    address = StoreAddress.from_env(store_url(backend), store_environ(backend))
    url = address.query
    client = StoreClient(address)
    published: dict[str, str] = {}

    def config(dataset: Path) -> dict[str, Any]:
        digest = hashlib.sha256(dataset.read_bytes()).hexdigest()[:16]
        if digest not in published:
            name = f"test-{digest}"
            publish_quads(client, name, ox.parse(path=str(dataset), format=ox.RdfFormat.N_QUADS))
            published[digest] = name
        return {"store": url, "store_dataset": published[digest]}

    yield config
    client.close()


@pytest.fixture
def contradict() -> Callable[[Path], None]:
    """Make a project's copy contradict itself (the build and `build --store` must refuse it): the
    ontology now says events and persons are disjoint, and one entity is typed as both."""

    def write(project: Path) -> None:
        with (project / "ontology" / "treaty-kg.ttl").open("a", encoding="utf-8") as f:
            f.write("tkg:Event owl:disjointWith tkg:Person .\n")
        (project / "graph" / "odd.ttl").write_text(
            "@prefix tkg: <https://w3id.org/treaty-kg/ontology/> .\n"
            "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
            '<https://w3id.org/treaty-kg/id/x> a tkg:Person ; skos:prefLabel "X" ;\n'
            "    tkg:partOf <https://w3id.org/treaty-kg/id/opening-for-signature-2025> .\n",
            encoding="utf-8",
        )

    return write
