"""The shapes graph as the SHACL spec reads it, whichever engine runs it.

`sh:uniqueLang` is activated only by `true` (SHACL §4.4.5: "if $uniqueLang is true"), so
`"1"^^xsd:boolean`, another lexical form with the same value, leaves the constraint inactive
(W3C test core/property/uniqueLang-002). pyshacl 0.40.1 and pyshacl-turbo 0.6.5 both compare the
value and activate it (docs/decisions.md). Rather than carry a patch of each engine, the engine
gets a copy of the shapes without the `sh:uniqueLang` triples that do not activate it; dropping
them changes nothing else, as an inactive constraint has no other effect.
"""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import SH, XSD

_TRUE = Literal("true", datatype=XSD.boolean, normalize=False)


def _inactive(shapes: Graph) -> list[tuple]:
    return [triple for triple in shapes.triples((None, SH.uniqueLang, None)) if triple[2] != _TRUE]


def as_specified(shapes: Graph) -> Graph:
    """`shapes` itself when the engines read it as the spec does, else a corrected copy."""
    inactive = _inactive(shapes)
    if not inactive:
        return shapes
    copy = Graph()
    for prefix, namespace in shapes.namespaces():
        copy.bind(prefix, namespace, override=False)
    copy += shapes
    for triple in inactive:
        copy.remove(triple)
    return copy
