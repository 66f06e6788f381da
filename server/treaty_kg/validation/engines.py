"""The SHACL engines behind `treaty-kg validate`: pyshacl-turbo (the default) and pyshacl.

Both take the data, the ontology to mix into it and the shapes as rdflib graphs and give
SHACL's verdict and the validation report graph; `validate` reads the results from that graph, so
the engine is invisible past this module. Why two: pyshacl-turbo (SHACL in Rust) gave the same
reports as pyshacl in a fifth to a tenth of its time (docs/validation.md), pyshacl is the
reference it is checked against (`--engine pyshacl`, the bench, the W3C suite run on both).

A SHACL *failure* (the processor refuses the shapes, e.g. a SHACL-SPARQL query it must not run)
becomes an InputError with one line: pyshacl returns a `ValidationFailure` in place of the report
instead of raising it, pyshacl-turbo raises its own.
"""

from __future__ import annotations

from collections.abc import Callable

import pyshacl
import pyshacl_turbo
from pyparsing import ParseException
from pyshacl.errors import ReportableRuntimeError, ValidationFailure
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from treaty_kg.errors import InputError

DEFAULT_ENGINE = "turbo"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class _QueryCachingGraph(Graph):
    """A graph that parses each SPARQL text once (for pyshacl).

    pyshacl runs a SHACL-SPARQL constraint once per focus node, passing the same query text with
    `$this` pre-bound; rdflib parses the text on every call (about 0.1 s for our constraints), which
    made the mention check cost minutes at 100k triples. Caching the parsed query keeps the
    results identical and the cost linear in the evaluation itself.
    """

    def __init__(self) -> None:
        super().__init__()
        self._prepared: dict[tuple, Query] = {}

    def query(
        self, query_object, processor="sparql", result="sparql", initNs=None, initBindings=None, use_store_provided=True, **kwargs
    ):
        if isinstance(query_object, str) and processor == "sparql":
            key = (query_object, kwargs.get("base"), frozenset((initNs or {}).items()))
            prepared = self._prepared.get(key)
            if prepared is None:
                try:
                    prepared = prepareQuery(query_object, initNs=initNs or dict(self.namespaces()), base=kwargs.get("base"))
                except ParseException as exc:
                    raise InputError(f"shapes: a SHACL-SPARQL query does not parse: {_one_line(str(exc))}") from None
                self._prepared[key] = prepared
            query_object = prepared
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)


def _work_graph(data: Graph, ontology: Graph | None) -> Graph:
    """A private copy of the data with the ontology mixed in: pyshacl may then work in place."""
    work = _QueryCachingGraph()
    for prefix, namespace in data.namespaces():
        work.bind(prefix, namespace, override=False)
    work += data
    if ontology is not None:
        work += ontology
    return work


class _Union(Graph):
    """The data and the ontology read as one graph, without copying either (for pyshacl-turbo).

    pyshacl-turbo reads an rdflib graph by iterating its triples into its own native store, so a
    copy made first only to be iterated once cost more than the validation itself (44 of 122 s at
    100k triples, and its write-back of `inplace` 17 s more). Duplicates between the two are
    merged by the native store. Read-only: it is only iterated.
    """

    def __init__(self, *parts: Graph) -> None:
        super().__init__()
        self._parts = parts
        for part in parts:
            for prefix, namespace in part.namespaces():
                self.bind(prefix, namespace, override=False)

    def triples(self, triple, context=None):
        for part in self._parts:
            yield from part.triples(triple)

    def __len__(self) -> int:
        return sum(len(part) for part in self._parts)

    def add(self, triple):
        raise TypeError("the union of the data and the ontology is read-only")


def _pyshacl(data: Graph, ontology: Graph | None, shapes: Graph, inference: str) -> tuple[bool, Graph]:
    work = _work_graph(data, ontology)
    try:
        conforms, report, _ = pyshacl.validate(work, shacl_graph=shapes, inference=inference, inplace=True)
    except ReportableRuntimeError as exc:
        raise InputError(f"shapes: {_one_line(exc.message)}") from None
    except NotImplementedError as exc:
        raise InputError(f"shapes: pyshacl cannot run this: {_one_line(str(exc))}") from None
    if isinstance(report, ValidationFailure):
        raise InputError(f"shapes: SHACL failure: {_one_line(report.message)}")
    return bool(conforms), report


def _turbo(data: Graph, ontology: Graph | None, shapes: Graph, inference: str) -> tuple[bool, Graph]:
    work = data if ontology is None else _Union(data, ontology)
    try:
        conforms, report, _ = pyshacl_turbo.validate(
            work, shacl_graph=shapes, inference=inference, inplace=False, _normalize_report_literals=False
        )
    except (pyshacl_turbo.ReportableRuntimeError, ValueError) as exc:
        # a malformed shape or SPARQL query; the SPARQL parser's message lists every token it
        # expected, dozens of lines: its position is what a person needs
        message = _one_line(str(exc))
        if message.startswith("SPARQL parse error"):
            message = "a SHACL-SPARQL query does not parse: " + message.split(": expected")[0].removeprefix(
                "SPARQL parse error: "
            )
        raise InputError(f"shapes: {message}") from None
    except NotImplementedError as exc:
        raise InputError(f"shapes: pyshacl-turbo cannot run this: {_one_line(str(exc))}") from None
    if isinstance(report, pyshacl_turbo.ValidationFailure):
        raise InputError(f"shapes: SHACL failure: {_one_line(str(report))}")
    return bool(conforms), report


ENGINES: dict[str, Callable[[Graph, Graph | None, Graph, str], tuple[bool, Graph]]] = {
    "turbo": _turbo,
    "pyshacl": _pyshacl,
}


def run(engine: str, data: Graph, ontology: Graph | None, shapes: Graph, inference: str) -> tuple[bool, Graph]:
    """SHACL's verdict and the report graph of `engine` on `data` with `ontology` mixed in.
    Neither graph is modified (inference, if asked, works on the engine's own copy)."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    return ENGINES[engine](data, ontology, shapes, inference)
