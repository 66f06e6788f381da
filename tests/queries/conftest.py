"""Fixtures for the competency-question queries: the knowledge graph with its OWL 2 RL closure.

The queries run with reasoning on, as on the endpoint: the union of the ontology, the facts of
`graph/` and what `treaty_kg.reasoning.owlrl_closure` infers from them. The closure takes tens of seconds, so it
is computed once per session.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.query import Result

from treaty_kg import paths
from treaty_kg.build import BuildResult
from treaty_kg.rdf.load import load_dataset, load_graph
from treaty_kg.rdf.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, bind_prefixes
from treaty_kg.reasoning import owlrl_closure as reason

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"

Row = dict[str, str]


@pytest.fixture(scope="session")
def reasoned_graph(project_build: BuildResult) -> Graph:
    """Ontology + asserted facts + their cleaned OWL 2 RL closure, as one graph: the session's
    shared build (its three named graphs), or the closure alone when validation stops the build."""
    union = Graph()
    bind_prefixes(union)
    if project_build.ok:
        dataset = load_dataset(project_build.out / paths.DATASET_NAME)
        parts = [dataset.graph(name) for name in (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED)]
    else:
        ontology = load_graph(sorted((ROOT / "ontology").glob("*.ttl")))
        asserted = load_graph(sorted((ROOT / "graph").glob("*.ttl")))
        parts = [ontology, asserted, reason.materialise(ontology, asserted)]
    for part in parts:
        union += part
    return union


@pytest.fixture(scope="session")
def run_query(reasoned_graph: Graph) -> Callable[[str], list[Row]]:
    """Run `queries/<name>.rq` on the reasoned graph; rows map variable names to strings."""
    cache: dict[str, list[Row]] = {}

    def run(name: str) -> list[Row]:
        if name not in cache:
            result: Result = reasoned_graph.query((QUERIES / f"{name}.rq").read_text(encoding="utf-8"))
            cache[name] = [{str(var): str(value) for var, value in row.asdict().items() if value is not None} for row in result]
        return cache[name]

    return run
