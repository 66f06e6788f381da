"""Dereferencing: request path ↔ IRI, the RDF formats a resource is served in, and its description.

Every IRI under BASE is answered at the same path on the server's own host, so a
path maps to an IRI by prefixing the base. Only the project's namespaces map;
any path that tries to leave them (`..`, `.`, empty segments, characters an IRI
cannot hold) maps to nothing, and the caller answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import pyoxigraph as ox

from .endpoint.backends.base import GraphReader
from .namespaces import BASE, GRAPH_INFERRED, PREFIXES

# The first path segments the server answers for (docs/modelling.md, "IRI scheme"; `releases`
# holds the ontology's version IRIs).
SPACES = ("id", "fact", "mention", "source", "role", "concept", "ontology", "graph", "releases")

# Characters RFC 3987 forbids in an IRI, plus the backslash some clients treat as a separator.
_FORBIDDEN = set(' <>"{}|\\^`') | {chr(c) for c in range(0x20)} | {"\x7f"}


@dataclass(frozen=True)
class RdfFormat:
    """One serialisation a resource is offered in."""

    key: str  # the suffix and the value of ?format=
    media_type: str
    name: str  # for people, in the page's list of alternates
    oxigraph: ox.RdfFormat


FORMATS: dict[str, RdfFormat] = {
    f.key: f
    for f in (
        RdfFormat("ttl", "text/turtle", "Turtle", ox.RdfFormat.TURTLE),
        RdfFormat("jsonld", "application/ld+json", "JSON-LD", ox.RdfFormat.JSON_LD),
        RdfFormat("nt", "application/n-triples", "N-Triples", ox.RdfFormat.N_TRIPLES),
        RdfFormat("rdf", "application/rdf+xml", "RDF/XML", ox.RdfFormat.RDF_XML),
    )
}
HTML = "text/html"
# Other names clients send for the same formats.
_ALIASES = {"turtle": "ttl", "json-ld": "jsonld", "json": "jsonld", "ntriples": "nt", "xml": "rdf", "rdfxml": "rdf"}

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
    return BASE + local


def path_for_iri(iri: str) -> str | None:
    """The local path of one of our IRIs (for links on our own host), None for external IRIs."""
    if not iri.startswith(BASE):
        return None
    local = iri[len(BASE):]
    return "/" + local if local.split("/", 1)[0] in SPACES else None


def split_suffix(path: str) -> tuple[str, RdfFormat | None]:
    """`/id/x.ttl` → (`/id/x`, Turtle); a path without a known suffix is returned as is."""
    stem, dot, suffix = path.rpartition(".")
    if dot and "/" not in suffix and suffix in FORMATS:
        return stem, FORMATS[suffix]
    return path, None


def format_named(name: str | None) -> RdfFormat | None:
    """The format a `?format=` value names (a suffix, an alias or a media type)."""
    if not name:
        return None
    name = name.strip().lower()
    name = _ALIASES.get(name, name)
    if name in FORMATS:
        return FORMATS[name]
    return next((f for f in FORMATS.values() if f.media_type == name), None)


def negotiate(accept) -> RdfFormat | None:
    """The RDF format a werkzeug `Accept` header prefers, or None for HTML (also on ties)."""
    offers = [HTML, "application/xhtml+xml", *(f.media_type for f in FORMATS.values())]
    best = accept.best_match(offers, default=HTML)
    return next((f for f in FORMATS.values() if f.media_type == best), None)


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


def _any(quads: Iterator) -> bool:
    return next(iter(quads), None) is not None


def statements(quads: Iterator[ox.Quad]) -> list[Statement]:
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
    quads = []
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


def serialize(found: list[Statement], fmt: RdfFormat) -> bytes:
    """The description in one RDF format, with the project's prefixes where the format has them."""
    return ox.serialize((s.triple for s in found), format=fmt.oxigraph, prefixes=PREFIXES)
