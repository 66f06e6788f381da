"""`ingest`: register an article as a source and write what the machine reads in it as
candidates, `graph/candidates/<stem>.ttl`, apart from the curated graph.

A candidate already decided for this source (accepted or rejected, `decisions.py`) is not
proposed again, so a second ingest of the same text shows only what is still open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.namespace import RDF

from treaty_kg import __version__, paths
from treaty_kg.build import CANDIDATES
from treaty_kg.ingest import decisions, nlp
from treaty_kg.ingest.candidates import CandidateGraph, Extraction, drop_mention, roots
from treaty_kg.ingest.extract import Reader
from treaty_kg.ingest.knowledge import Knowledge, load_knowledge
from treaty_kg.ingest.source import ArticleMeta, read_article, register
from treaty_kg.ontology.modules import load_ontology
from treaty_kg.rdf.load import load_graph
from treaty_kg.rdf.namespaces import TKG


def candidates_dir() -> Path:
    return paths.graph_dir() / CANDIDATES


def candidates_file(stem: str) -> Path:
    return candidates_dir() / f"{stem}.ttl"


def propose(
    text: str, published: date, stem: str, kb: Knowledge, model: Any, model_name: str, skip: set[str] | None = None
) -> Graph:
    """The candidate graph of one article (no file written): the library call behind ingest and the bench."""
    extraction = Extraction(stem, __version__, model_name, nlp.version(model_name), datetime.now(UTC))
    out = CandidateGraph(extraction, text)
    Reader(text, published, kb, model, out, skip or set()).run()
    out.finish(datetime.now(UTC))
    for mention in set(out.graph.subjects(RDF.type, TKG.Mention)):
        if mention in kb.facts:  # defined in the curated graph already (an accepted candidate cites it)
            drop_mention(out.graph, mention)
    return out.graph


@dataclass
class IngestResult:
    stem: str
    registered: bool
    path: Path
    counts: dict[str, int] = field(default_factory=dict)


def ingest(article: Path, meta: ArticleMeta, model: Any = None, model_name: str = nlp.MODEL) -> IngestResult:
    stem, text = read_article(article)
    # the model first: without the ingest extra nothing is written, not even the source
    model = model if model is not None else nlp.load(model_name)
    files = paths.turtle_files(paths.graph_dir())
    graph = load_graph(files)
    ontology = load_ontology()
    kb = load_knowledge(graph, ontology)
    registered = register(paths.graph_dir() / "sources.ttl", graph, stem, text, meta, kb)
    skip = decisions.decided(stem)
    candidates = propose(text, meta.published, stem, kb, model, model_name, skip)
    path = candidates_file(stem)
    path.parent.mkdir(parents=True, exist_ok=True)
    write(candidates, path, stem)
    counts: dict[str, int] = {}
    for node in roots(candidates):
        kind = str(candidates.value(node, RDF.type)).rsplit("/", 1)[-1]
        counts[kind] = counts.get(kind, 0) + 1
    return IngestResult(stem, registered, path, counts)


def write(candidates: Graph, path: Path, stem: str) -> None:
    header = (
        f"# Candidates for source:{stem}, proposed by treaty-kg ingest: NOT reviewed, NOT part of the\n"
        f"# curated graph. Review them with `treaty-kg review {stem}`; accepted ones move to graph/{stem}.ttl.\n\n"
    )
    body = candidates.serialize(format="turtle")
    path.write_text(header + body, encoding="utf-8")


def is_candidate_type(graph: Graph, node: Any) -> bool:
    return (node, TKG.confidence, None) in graph
