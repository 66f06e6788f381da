"""Load RDF files into rdflib graphs, turning parser failures into `file:line:column: reason`.

Every command that reads user files goes through here, so that a syntax error is
reported the same way everywhere (exit code 2, no traceback).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Dataset, Graph

from treaty_kg.errors import InputError
from treaty_kg.rdf.namespaces import bind_prefixes

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


def parse_into(graph: Graph, path: Path, fmt: str | None = None) -> Graph:
    """Parse one file into `graph`; raise InputError with `file:line:column: reason` on failure."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    fmt = fmt or rdf_format(path)
    try:
        graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many unrelated types for syntax errors
        where = _position(exc, text)
        location = f"{path}:{where[0]}:{where[1]}" if where else str(path)
        raise InputError(f"{location}: {_reason(exc)}") from None
    return graph


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
