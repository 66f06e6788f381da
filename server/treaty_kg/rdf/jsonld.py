"""Compact JSON-LD: keys and IRIs written with the project's prefixes instead of full IRIs.

pyoxigraph writes expanded JSON-LD only (every key a full IRI), which people cannot read. The
general compaction algorithm is in rdflib's serializer and in pyld, but both take 28–33 ms for a
person's description of 155 triples (pyoxigraph's expanded output: 0.1 ms), most of a page's
50 ms budget. With a context made of prefixes only, compaction is a rewrite of each IRI into
`prefix:local` (the longest namespace that fits, JSON-LD 1.1's rule for prefixes ending in `/` or
`#`), of rdf:type into `@type`, and of one-element arrays into their element; that is done here,
on pyoxigraph's output. Tests read every answer back with pyoxigraph and compare it with the
Turtle.

The context is the project's prefixes, nothing more, so no term can silently change what a key
means. It is inlined in each document (a client needs no second request, or network, to read
one) and published at `/context.jsonld`, linked from the VoID.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from treaty_kg.rdf.namespaces import PREFIXES

CONTEXT: dict[str, str] = dict(PREFIXES)
CONTEXT_PATH = "/context.jsonld"
RDF_TYPE = PREFIXES["rdf"] + "type"
# Longest namespace first, so `tkg:` is not taken for an IRI of a namespace nested inside another.
_BY_LENGTH = sorted(CONTEXT.items(), key=lambda item: -len(item[1]))


def context_document() -> dict[str, dict[str, str]]:
    """The document served at `/context.jsonld`."""
    return {"@context": CONTEXT}


def compact_iri(iri: str) -> str:
    """`prefix:local` when a namespace of the context starts the IRI, else the IRI itself.

    A local part starting with `//` would read as an absolute IRI, and an empty one as the
    prefix alone: both stay in full.
    """
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local and not local.startswith("//"):
                return f"{prefix}:{local}"
    return iri


def _value(value: dict[str, Any]) -> Any:
    if "@id" in value:
        return {"@id": compact_iri(value["@id"])}
    if "@type" in value:
        return {**value, "@type": compact_iri(value["@type"])}
    return value["@value"] if set(value) == {"@value"} else value  # a plain string


def _one_or_many(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def _node(node: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"@id": compact_iri(node["@id"])} if "@id" in node else {}
    types = node.get(RDF_TYPE, [])
    if types and all("@id" in t and not t["@id"].startswith("_:") for t in types):
        out["@type"] = _one_or_many([compact_iri(t["@id"]) for t in types])
    elif types:
        out[compact_iri(RDF_TYPE)] = _one_or_many([_value(t) for t in types])
    for key, values in node.items():
        if key not in ("@id", RDF_TYPE):
            out[compact_iri(key)] = _one_or_many([_value(v) for v in values])
    return out


def compact(triples: Iterable[ox.Triple]) -> bytes:
    """The triples as compact JSON-LD (UTF-8), the project's context inlined."""
    expanded = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"[]")
    document = {"@context": CONTEXT, "@graph": [_node(node) for node in expanded]}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
