"""The one registry of the formats treaty-kg reads and answers in.

Media types, file extensions and format IRIs are pyoxigraph's own (`RdfFormat`,
`QueryResultsFormat`); what is ours is which formats we offer, in which order of preference,
and one alias map of the other names clients use for them (`?format=json`, `application/json`,
`text/plain`...). /sparql, the service description, VoID and the linked-data pages all take
their formats from here, so they cannot disagree on what a name or a media type means.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import pyoxigraph as ox

from treaty_kg.rdf import jsonld

Kind = Literal["results", "graph"]  # SELECT/ASK answers, or RDF graphs (CONSTRUCT, DESCRIBE, pages, VoID)


@dataclass(frozen=True)
class Format:
    name: str  # our name for it: the value of `?format=` and the name in messages
    kind: Kind
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat

    @property
    def media_type(self) -> str:
        """The media type we answer with (pyoxigraph's, without parameters)."""
        return self.oxigraph.media_type.split(";")[0].strip()

    @property
    def media_types(self) -> tuple[str, ...]:
        """Every media type that names this format, ours first."""
        return (self.media_type, *(m for m, names in MEDIA_TYPE_ALIASES.items() if self.name in names))

    @property
    def extension(self) -> str:
        return self.oxigraph.file_extension

    @property
    def iri(self) -> str:
        """The format's IRI in the W3C formats namespace (service descriptions)."""
        return FORMAT_IRIS.get(self.name, self.oxigraph.iri)

    @property
    def rdf(self) -> ox.RdfFormat:
        """pyoxigraph's RDF format; a results format asked for as one is a programming error."""
        if not isinstance(self.oxigraph, ox.RdfFormat):
            raise TypeError(f"{self.name} is not an RDF format")
        return self.oxigraph

    @property
    def results(self) -> ox.QueryResultsFormat:
        """pyoxigraph's query results format; an RDF format asked for as one is a programming error."""
        if not isinstance(self.oxigraph, ox.QueryResultsFormat):
            raise TypeError(f"{self.name} is not a query results format")
        return self.oxigraph

    @property
    def label(self) -> str:
        """For people: Turtle, JSON-LD, N-Triples, RDF/XML, SPARQL Results in JSON..."""
        return self.oxigraph.name


R, G = ox.QueryResultsFormat, ox.RdfFormat
# In the server's order of preference when a client accepts several equally.
FORMATS: tuple[Format, ...] = (
    Format("json", "results", R.JSON),
    Format("xml", "results", R.XML),
    Format("csv", "results", R.CSV),
    Format("tsv", "results", R.TSV),
    Format("turtle", "graph", G.TURTLE),
    Format("ntriples", "graph", G.N_TRIPLES),
    Format("jsonld", "graph", G.JSON_LD),
    Format("rdfxml", "graph", G.RDF_XML),
)
BY_NAME = {f.name: f for f in FORMATS}
TABULAR = ("csv", "tsv")  # no syntax for a boolean answer

# The one alias map: other names of our formats, each naming at most one format per kind.
NAME_ALIASES: dict[str, tuple[str, ...]] = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "srj": ("json",),
    "srx": ("xml",),
    "ttl": ("turtle",),
    "nt": ("ntriples",),
    "n-triples": ("ntriples",),
    "json-ld": ("jsonld",),
    "rdf": ("rdfxml",),
}
MEDIA_TYPE_ALIASES: dict[str, tuple[str, ...]] = {
    "application/json": ("json", "jsonld"),
    "application/xml": ("xml", "rdfxml"),
    "text/xml": ("xml", "rdfxml"),
    "application/x-turtle": ("turtle",),
    "text/plain": ("ntriples",),
}
# pyoxigraph 0.5 names JSON-LD by the newer .../ns/formats/data/JSON-LD; SPARQL 1.1 Service
# Description clients know the registered http://www.w3.org/ns/formats/JSON-LD.
FORMAT_IRIS = {"jsonld": "http://www.w3.org/ns/formats/JSON-LD"}


def of_kind(*kinds: Kind) -> tuple[Format, ...]:
    return tuple(f for f in FORMATS if f.kind in kinds)


def named(text: str, kinds: tuple[Kind, ...] = ("results", "graph")) -> tuple[Format, ...]:
    """The formats (at most one per kind) a `?format=` value, a suffix or a media type names;
    () when it names none."""
    key = text.strip().lower().split(";")[0].strip()
    names = NAME_ALIASES.get(key) or MEDIA_TYPE_ALIASES.get(key) or ((key,) if key in BY_NAME else ())
    if not names:
        names = tuple(f.name for f in FORMATS if key in (f.media_type, f.extension))
    return tuple(BY_NAME[n] for n in names if BY_NAME[n].kind in kinds)


def format_names(kind: Kind, boolean: bool = False) -> str:
    """The formats of a kind (of a boolean answer with `boolean`), named for a 406 message."""
    return ", ".join(f.name for f in FORMATS if f.kind == kind and not (boolean and f.name in TABULAR))


def content_type(media_type: str) -> str:
    """The Content-Type header of an answer: textual formats say they are UTF-8."""
    textual = media_type.startswith("text/") or media_type.endswith(("json", "xml"))
    return f"{media_type}; charset=utf-8" if textual else media_type


def serialize(triples: Iterable[ox.Triple], fmt: Format, prefixes: Mapping[str, str] | None = None) -> bytes:
    """Triples in an RDF format, as bytes (pyoxigraph returns them when given no output).
    JSON-LD is compact, with the project's prefixes as its context (`rdf.jsonld`)."""
    if fmt.name == "jsonld":
        return jsonld.compact(triples)
    body = ox.serialize(triples, format=fmt.rdf, prefixes=dict(prefixes) if prefixes else None)
    assert body is not None
    return body


def serialize_results(results: ox.QuerySolutions | ox.QueryBoolean, fmt: Format) -> bytes:
    """Query results in a results format, as bytes."""
    body = results.serialize(format=fmt.results)
    assert body is not None
    return body
