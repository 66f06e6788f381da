"""Candidates as RDF: the graph of what one extraction proposed for one source.

A candidate is a node carrying `tkg:confidence` and `prov:wasGeneratedBy` the extraction
activity: an entity reference (a span names an entity), a new event, a participation, a post
holding or a stated figure. Entities the graph does not know yet are declared beside the
candidates that need them (with `prov:wasGeneratedBy` too, but no confidence of their own:
they are accepted with the first candidate that uses them). Every candidate and every new
entity cites a mention at exact offsets of the source text. The file is
`graph/candidates/<stem>.ttl`; the build never loads it into the asserted graph.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from treaty_kg.cite import CONTEXT, Mention
from treaty_kg.rdf.namespaces import ACTIVITY, OA, PROV, SOURCE, TKG, bind_prefixes

TOOL = "treaty-kg ingest"


@dataclass(frozen=True)
class Extraction:
    """Who proposed the candidates: the tool, the NLP model and their versions, and when."""

    stem: str
    tool_version: str
    model: str
    model_version: str
    started: datetime

    @property
    def iri(self) -> URIRef:
        return ACTIVITY[f"ingest-{self.stem}-{self.started.strftime('%Y%m%dT%H%M%SZ')}"]


def slug(text: str) -> str:
    """A kebab-case local name from a name: no diacritics, lower case, words joined by '-'."""
    plain = "".join(
        c for c in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")) if not unicodedata.combining(c)
    )
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "x"


def local(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def mention(text: str, stem: str, start: int, end: int) -> Mention:
    """The mention of text[start:end], trimmed of surrounding spaces (offsets stay exact)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Mention(stem, start, end, text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])


def add_mention(graph: Graph, m: Mention) -> URIRef:
    if (m.iri, RDF.type, TKG.Mention) in graph:
        return m.iri
    graph.add((m.iri, RDF.type, TKG.Mention))
    graph.add((m.iri, RDF.type, OA.SpecificResource))
    graph.add((m.iri, OA.hasSource, SOURCE[m.stem]))
    quote, position = BNode(), BNode()
    graph.add((m.iri, OA.hasSelector, quote))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(m.exact)))
    graph.add((quote, OA.prefix, Literal(m.prefix)))
    graph.add((quote, OA.suffix, Literal(m.suffix)))
    graph.add((m.iri, OA.hasSelector, position))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(m.start)))
    graph.add((position, OA.end, Literal(m.end)))
    return m.iri


class CandidateGraph:
    """Collects the candidates of one extraction into an rdflib graph."""

    def __init__(self, extraction: Extraction, source_text: str):
        self.extraction = extraction
        self.text = source_text
        self.graph = Graph()
        bind_prefixes(self.graph)
        activity = extraction.iri
        g = self.graph
        g.add((activity, RDF.type, TKG.ExtractionActivity))
        g.add((activity, RDFS.label, Literal(f"{TOOL} {extraction.tool_version} on source {extraction.stem}", lang="en")))
        g.add((activity, TKG.tool, Literal(TOOL)))
        g.add((activity, TKG.toolVersion, Literal(extraction.tool_version)))
        g.add((activity, TKG.model, Literal(extraction.model)))
        g.add((activity, TKG.modelVersion, Literal(extraction.model_version)))
        g.add((activity, PROV.used, SOURCE[extraction.stem]))
        g.add((activity, PROV.startedAtTime, Literal(extraction.started.isoformat(timespec="seconds"), datatype=XSD.dateTime)))

    def finish(self, ended: datetime) -> None:
        """Record when the extraction ended."""
        self.graph.set(
            (self.extraction.iri, PROV.endedAtTime, Literal(ended.isoformat(timespec="seconds"), datatype=XSD.dateTime))
        )

    def cite(self, start: int, end: int) -> URIRef:
        return add_mention(self.graph, mention(self.text, self.extraction.stem, start, end))

    def candidate(self, iri: URIRef, cls: URIRef, confidence: float, span: tuple[int, int]) -> URIRef:
        """Declare a candidate node (a second call on the same IRI only adds a mention)."""
        g = self.graph
        m = self.cite(*span)
        if (iri, TKG.confidence, None) not in g:
            g.add((iri, RDF.type, cls))
            g.add((iri, TKG.confidence, Literal(Decimal(str(round(confidence, 2))), datatype=XSD.decimal)))
            g.add((iri, PROV.wasGeneratedBy, self.extraction.iri))
        g.add((iri, PROV.wasDerivedFrom, m))
        return iri

    def new_entity(self, iri: URIRef, cls: URIRef, name: str, span: tuple[int, int]) -> URIRef:
        """Declare an entity the graph does not know, named as the article names it."""
        g = self.graph
        if (iri, RDF.type, None) not in g:
            g.add((iri, RDF.type, cls))
            g.add((iri, SKOS.prefLabel, Literal(name, lang="fr")))
            g.add((iri, RDFS.label, Literal(name, lang="fr")))
            g.add((iri, PROV.wasGeneratedBy, self.extraction.iri))
            g.add((iri, PROV.wasDerivedFrom, self.cite(*span)))
        return iri

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))


def roots(graph: Graph) -> list[URIRef]:
    """The candidates of a candidate graph (the nodes with a confidence), in document order."""

    def first_offset(node: URIRef) -> int:
        starts = [
            graph.value(sel, OA.start)
            for m in graph.objects(node, PROV.wasDerivedFrom)
            for sel in graph.objects(m, OA.hasSelector)
        ]
        return min((int(str(s)) for s in starts if s is not None), default=0)

    found = [s for s in graph.subjects(TKG.confidence, None) if isinstance(s, URIRef)]
    return sorted(set(found), key=lambda n: (first_offset(n), str(n)))


def drop_mention(graph: Graph, mention: Node) -> None:
    """Remove a mention's definition (its selectors are blank nodes: a mention defined in two
    files would get two pairs of selectors in their union), keeping what cites it."""
    for _, _, selector in list(graph.triples((mention, OA.hasSelector, None))):
        graph.remove((selector, None, None))
    graph.remove((mention, None, None))
