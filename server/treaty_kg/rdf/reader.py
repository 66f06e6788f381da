"""What code that reads the served graph asks of it, whichever backend holds it.

The endpoint's backends (endpoint/backends: the embedded pyoxigraph store, or a SPARQL 1.1 store
over HTTP) implement it; the pages, search, labels and VoID read only through it. Terms are
pyoxigraph's term classes (`NamedNode`, `Literal`, `BlankNode`, `Quad`): the package's one RDF
term model; only the embedded backend uses pyoxigraph's *store*.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Protocol

import pyoxigraph as ox

from treaty_kg.rdf.select import select

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class GraphReader(Protocol):
    """Quads of a pattern, rows of treaty-kg's own SELECTs, the graph names: no untrusted text."""

    def quads(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: ox.NamedNode | None = None,
        limit: int | None = None,
    ) -> Iterable[ox.Quad]:
        """Quads of the build's named graphs matching the pattern (None: any), at most `limit`;
        never the merged default graph, so a quad's graph says where the triple comes from."""
        ...

    def select(self, sparql: str) -> Sequence[ox.QuerySolution]:
        """Rows of a SELECT written by treaty-kg itself, over the served default graph (the set
        union of the build's graphs)."""
        ...

    def graph_names(self) -> frozenset[ox.NamedNode]:
        """The build's named graphs, by the names users know (graph/ontology, graph/asserted…)."""
        ...

    def graph_ntriples(self, graph: str) -> bytes:
        """One named graph of the build as N-Triples."""
        ...


class StoreReader:
    """A GraphReader over an in-memory pyoxigraph store: pages of data that is no build (the
    shapes, web/releases.py). Its default graph counts as a graph here."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def quads(
        self,
        subject: Term | None = None,
        predicate: ox.NamedNode | None = None,
        obj: Term | None = None,
        graph: ox.NamedNode | None = None,
        limit: int | None = None,
    ) -> Iterable[ox.Quad]:
        return islice(self.store.quads_for_pattern(subject, predicate, obj, graph), limit)  # type: ignore[arg-type]  # a literal subject matches nothing

    def select(self, sparql: str) -> Sequence[ox.QuerySolution]:
        return list(select(self.store, sparql))

    def graph_names(self) -> frozenset[ox.NamedNode]:
        return frozenset(g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_ntriples(self, graph: str) -> bytes:
        return self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph)) or b""
