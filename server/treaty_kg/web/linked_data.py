"""Dereferencing: request path ↔ IRI, the RDF formats a resource is served in, and its description.

Every IRI under BASE is answered at the same path on the server's own host, so a
path maps to an IRI by prefixing the base. Only the project's namespaces map;
any path that tries to leave them (`..`, `.`, empty segments, characters an IRI
cannot hold) maps to nothing, and the caller answers 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from treaty_kg.rdf import formats
from treaty_kg.rdf.formats import Format, of_kind
from treaty_kg.rdf.namespaces import BASE, GRAPH_INFERRED, PREFIXES
from treaty_kg.rdf.reader import GraphReader

# The first path segments the server answers for (docs/modelling.md, "IRI scheme"; `releases`
# holds the ontology's version IRIs, `module` its modules, `shapes` the SHACL shapes).
SPACES = ("id", "fact", "mention", "source", "role", "concept", "ontology", "module", "graph", "releases", "shapes")

# Characters RFC 3987 forbids in an IRI, plus the backslash some clients treat as a separator.
_FORBIDDEN = set(' <>"{}|\\^`') | {chr(c) for c in range(0x20)} | {"\x7f"}


GRAPH_INFERRED_NODE = ox.NamedNode(str(GRAPH_INFERRED))


def iri_for_path(path: str) -> str | None:
    """The IRI a request path names, or None when the path is outside the namespace."""
    local = path.lstrip("/") if path.startswith("/") and not path.startswith("//") else None
    if not local:
        return None
    segments = local.split("/")
    if segments[0] not in SPACES:
        return None
    if any(s in ("", ".", "..") for s in segments[1:]) or any(c in _FORBIDDEN for c in local):
        return None
    try:
        ox.NamedNode(BASE + local)  # RFC 3987 allows no private-use or non-character code points
    except ValueError:
        return None
    return BASE + local


def path_for_iri(iri: str) -> str | None:
    """The local path of one of our IRIs (for links on our own host), None for external IRIs."""
    if not iri.startswith(BASE):
        return None
    local = iri[len(BASE) :]
    return "/" + local if local.split("/", 1)[0] in SPACES else None


SUFFIXES = {f.extension: f for f in of_kind("graph")}  # ttl, nt, jsonld, rdf


def split_suffix(path: str) -> tuple[str, Format | None]:
    """`/id/x.ttl` → (`/id/x`, Turtle); a path without a known suffix is returned as is."""
    stem, dot, suffix = path.rpartition(".")
    if dot and "/" not in suffix and suffix in SUFFIXES:
        return stem, SUFFIXES[suffix]
    return path, None


@dataclass(frozen=True)
class Statement:
    """A triple of a description, and whether only the reasoner states it."""

    triple: ox.Triple
    inferred: bool


def exists(store: GraphReader, node: ox.NamedNode) -> bool:
    """Whether the store says anything about the IRI (as subject, object or graph name)."""
    return (
        _any(store.quads(node, None, None, None, limit=1))
        or _any(store.quads(None, None, node, None, limit=1))
        or node in set(store.graph_names())
    )


def _any(quads: Iterable[ox.Quad]) -> bool:
    return next(iter(quads), None) is not None


def statements(quads: Iterable[ox.Quad]) -> list[Statement]:
    """Merge quads into triples; a triple is inferred when the inferred graph is its only named graph.

    The served store also holds the merge of its named graphs as its default graph, which says
    nothing about where a triple comes from, so the default graph is not counted.
    """
    graphs: dict[ox.Triple, set] = {}
    for q in quads:
        named = graphs.setdefault(q.triple, set())
        if not isinstance(q.graph_name, ox.DefaultGraph):
            named.add(q.graph_name)
    return [Statement(t, g == {GRAPH_INFERRED_NODE}) for t, g in graphs.items()]


def outgoing(store: GraphReader, node) -> list[Statement]:
    return statements(store.quads(node, None, None, None))


def incoming(store: GraphReader, node, limit: int) -> tuple[list[Statement], bool]:
    """Up to `limit` triples pointing at the node, and whether there were more."""
    quads: list[ox.Quad] = []
    for i, q in enumerate(store.quads(None, None, node, None, limit=limit + 1)):
        if i >= limit:
            return statements(quads), True
        quads.append(q)
    return statements(quads), False


def blank_closure(store: GraphReader, roots: list[Statement]) -> list[Statement]:
    """The triples of every blank node reachable from the given triples' objects (selectors)."""
    seen: set[ox.BlankNode] = set()
    todo = [s.triple.object for s in roots if isinstance(s.triple.object, ox.BlankNode)]
    found: list[Statement] = []
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        more = outgoing(store, node)
        found.extend(more)
        todo.extend(s.triple.object for s in more if isinstance(s.triple.object, ox.BlankNode))
    return found


def describe(store: GraphReader, iri: str, *, show_inferred: bool = True, incoming_limit: int = 500) -> list[Statement]:
    """The resource's description: outgoing triples with their blank-node closure, then incoming ones."""
    node = ox.NamedNode(iri)
    out = outgoing(store, node)
    inc, _ = incoming(store, node, incoming_limit)
    found = out + blank_closure(store, out) + [s for s in inc if s.triple.subject != node]
    return [s for s in found if show_inferred or not s.inferred]


def serialize(found: list[Statement], fmt: Format) -> bytes:
    """The description in one RDF format, with the project's prefixes where the format has them."""
    return formats.serialize((s.triple for s in found), fmt, prefixes=PREFIXES)
