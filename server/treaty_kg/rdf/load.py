"""Load RDF files into rdflib graphs, turning parser failures into `file:line:column: reason`.

Every command that reads user files goes through here, so that a syntax error is
reported the same way everywhere (exit code 2, no traceback).
"""

from __future__ import annotations

import os
import stat
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Dataset, Graph
from rdflib.term import Node

from treaty_kg.errors import InputError
from treaty_kg.rdf.namespaces import bind_prefixes
from treaty_kg.rdf.terms import from_ox

FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}


# The same syntaxes as pyoxigraph reads them, for the strict check (rdflib accepts IRIs that RDF
# forbids, such as `<http://example.org/a b>`, which then broke the build's store).
_STRICT = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
}
MAX_INPUT_MB_ENV = "TREATY_KG_MAX_INPUT_MB"
MAX_INPUT_MB = 512  # one file; a bigger graph is split into several


def rdf_format(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InputError(f"{path}: unknown RDF file type {path.suffix!r} (known: {', '.join(FORMATS)})") from None


def _position(exc: Exception, text: str) -> tuple[int, int] | None:
    """1-based line and column of a parser error, where the parser tells it."""
    index = getattr(exc, "_i", None)
    raw = getattr(exc, "_str", None)
    if isinstance(index, int) and isinstance(raw, (bytes, str)):
        if isinstance(raw, bytes):  # rdflib keeps the text UTF-8 encoded but counts `_i` in characters
            raw = raw.decode("utf-8", errors="replace")
        prefix = raw[:index]
        line = prefix.count("\n") + 1
        column = len(prefix) - (prefix.rfind("\n") + 1) + 1
        return line, column
    lines = getattr(exc, "lines", None)
    if isinstance(lines, int):
        return lines + 1, 1
    line_number = getattr(exc, "getLineNumber", None)  # SAX errors (RDF/XML)
    if callable(line_number):
        return line_number(), exc.getColumnNumber() + 1  # type: ignore[attr-defined]
    return None


def _reason(exc: Exception) -> str:
    why = getattr(exc, "_why", None)
    if why:
        return str(why)
    message = str(exc).strip().splitlines()
    return message[0] if message else type(exc).__name__


@contextmanager
def literals_as_written() -> Iterator[None]:
    """Parse literals with their lexical form kept as the file writes it.

    rdflib normalises literals by default, and rewrites an ill-typed one: `"none"^^xsd:boolean`
    becomes `"false"^^xsd:boolean` (flagged ill-typed), so a validator can no longer name the
    value the data holds, and an engine reading rdflib's output sees a valid boolean (W3C SHACL
    test core/property/or-datatypes-001). rdflib reads the switch when it makes each literal."""
    previous = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = previous


def parse_into(graph: Graph, path: Path, fmt: str | None = None) -> Graph:
    """Parse one file into `graph`; raise InputError with `file:line:column: reason` on failure."""
    path = Path(path)
    text = read_text(path)
    fmt = fmt or rdf_format(path)
    if fmt in _INTO_GRAPH and not isinstance(graph, Dataset):
        return _parse_with_oxigraph(graph, path, text, fmt)
    _parse_with_rdflib(graph, path, text, fmt)
    check_strictly(path, text, fmt)  # after rdflib, whose messages people know; it catches the rest
    return graph


def _parse_with_rdflib(graph: Graph, path: Path, text: str, fmt: str) -> None:
    """Parse with rdflib (JSON-LD, datasets; and the messages of syntax errors)."""
    try:
        with literals_as_written(), warnings.catch_warnings():
            # rdflib 7.6 warns about its own deprecated API used inside its own code, which no caller
            # can change: the JSON-LD parser builds a ConjunctiveGraph (RDFLib/rdflib#3064, fixed by
            # #3495, unreleased) and Dataset.parse reads Dataset.default_context.
            for message in ("ConjunctiveGraph is deprecated", "Dataset.default_context is deprecated"):
                warnings.filterwarnings("ignore", message, DeprecationWarning)
            graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many unrelated types for syntax errors
        where = _position(exc, text)
        location = f"{path}:{where[0]}:{where[1]}" if where else str(path)
        raise InputError(f"{location}: {_reason(exc)}") from None


# Graph syntaxes read by pyoxigraph and copied into the rdflib graph: its parser is ~15x rdflib's
# (100k triples of Turtle: 0.4 s against 6.4 s; with the copy 3.1 s; docs/decisions.md) and holds
# to RDF 1.1 itself. The rest (JSON-LD, and datasets) goes through rdflib, then the strict check.
_INTO_GRAPH = {"turtle", "nt", "xml"}


def _parse_with_oxigraph(graph: Graph, path: Path, text: str, fmt: str) -> Graph:
    """Parse with pyoxigraph into `graph`. Each file's blank nodes are new nodes, as rdflib's
    parser makes them (pyoxigraph keeps the labels as written, so `_:a` of two files would be
    one node); literals keep their lexical form as written (`literals_as_written`); the file's
    prefixes are bound where the graph has none of that name."""
    parser = _strict_parse(path, text, _STRICT[fmt])
    terms: dict[object, Node] = {}
    blanks: dict[str, BNode] = {}

    def term(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        found = terms.get(t)
        if found is None:
            found = blanks.setdefault(t.value, BNode()) if isinstance(t, ox.BlankNode) else from_ox(t)
            terms[t] = found
        return found

    add = graph.add
    with literals_as_written():
        try:
            for quad in parser:
                add((term(quad.subject), term(quad.predicate), term(quad.object)))
        except SyntaxError as exc:
            # rdflib's reading of the error first, whose messages people know ("newline found in
            # string literal" where pyoxigraph says "Unexpected end of file"); then pyoxigraph's
            _parse_with_rdflib(Graph(), path, text, fmt)
            raise InputError(_syntax_error(path, exc)) from None
    known = {prefix for prefix, _ in graph.namespaces()}
    for prefix, namespace in parser.prefixes.items():
        if prefix not in known:
            graph.bind(prefix, namespace)
    return graph


def read_text(path: Path) -> str:
    """A user's file as text: a regular file (not /dev/zero, a FIFO or a folder), within the
    size limit, in UTF-8; InputError saying which and why otherwise."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:  # a symbolic link loop, a permission…
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file")
    limit = int(os.environ.get(MAX_INPUT_MB_ENV) or MAX_INPUT_MB)
    if info.st_size > limit << 20:
        raise InputError(f"{path}: {info.st_size >> 20} MB is over the limit of {limit} MB per file ({MAX_INPUT_MB_ENV})")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def check_strictly(path: Path, text: str, fmt: str) -> None:
    """Parse with pyoxigraph too, which holds to RDF 1.1 where rdflib does not (IRIs with spaces or
    other forbidden characters): what passes here loads in the build's and the server's store."""
    strict = _STRICT.get(fmt)
    if strict is None:
        return
    try:
        for _ in _strict_parse(path, text, strict):
            pass
    except SyntaxError as exc:
        raise InputError(_syntax_error(path, exc)) from None


def _strict_parse(path: Path, text: str, fmt: ox.RdfFormat) -> ox.QuadParser:
    return ox.parse(text.encode("utf-8"), format=fmt, base_iri=path.resolve().as_uri())


def _syntax_error(path: Path, exc: SyntaxError) -> str:
    """pyoxigraph's syntax error as `file:line:column: reason`."""
    line, column = exc.lineno or 0, exc.offset or 0
    message = str(exc.msg)
    reason = message.split(": ", 1)[1] if message.startswith("Parser error") and ": " in message else message
    return f"{path}:{line}:{column}: {reason}" if line else f"{path}: {reason}"


def load_graph(paths: Iterable[Path]) -> Graph:
    """Parse files into one graph (their union), with the project's prefixes bound."""
    graph = Graph()
    bind_prefixes(graph)
    for path in paths:
        parse_into(graph, path)
    return graph


def load_dataset(path: Path) -> Dataset:
    """Parse an N-Quads or TriG file into an rdflib Dataset."""
    dataset = Dataset()
    bind_prefixes(dataset)
    parse_into(dataset, path)
    return dataset
