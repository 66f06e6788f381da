"""Review of candidates: show each with its sentence and what the graph already knows beside it;
accept (it moves into the curated file of its source, graph/<stem>.ttl), reject (recorded, so a
second ingest does not propose it again) or edit (change one property of the candidate first).

An accepted entity reference becomes what a curator writes by hand: the entity
`prov:wasDerivedFrom` the mention. An accepted fact or event keeps its triples and mentions and
its `prov:wasGeneratedBy` (the extraction activity, copied along), without its confidence or
alternatives. Entities and events the graph did not know are accepted with the first candidate
that needs them. The terminal command and the web page both call this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from treaty_kg import paths
from treaty_kg.errors import InputError
from treaty_kg.ingest import decisions
from treaty_kg.ingest.candidates import drop_mention, roots
from treaty_kg.ingest.pipeline import candidates_file, write
from treaty_kg.rdf.load import load_graph
from treaty_kg.rdf.namespaces import OA, PREFIXES, PROV, SCHEMA, SOURCE, TKG, bind_prefixes, prefixed_name

MACHINE_ONLY = (TKG.confidence, TKG.alternative)  # dropped when a person accepts


@dataclass
class Item:
    """One candidate as a reviewer sees it."""

    number: int
    iri: str
    curie: str
    kind: str
    summary: str
    confidence: float
    quote: str
    start: int
    end: int
    sentence: tuple[int, int]  # offsets of the sentence around the quote
    known: list[str] = field(default_factory=list)  # what the graph already says beside it


def curated_graph() -> Graph:
    return load_graph(paths.turtle_files(paths.graph_dir()))


def source_text(curated: Graph, stem: str) -> str:
    text = curated.value(SOURCE[stem], SCHEMA.text)
    if text is None:
        raise InputError(f"unknown source {stem!r}: no schema:text for source:{stem} in graph/")
    return str(text)


def load(stem: str) -> Graph:
    path = candidates_file(stem)
    if not path.is_file():
        raise InputError(f"no candidates for source:{stem} ({path} does not exist; run treaty-kg ingest first)")
    return load_graph([path])


def _label(graph: Graph, curated: Graph, node: Node) -> str:
    if isinstance(node, Literal):
        return str(node)
    for g in (curated, graph):
        labels = [o for p in (SKOS.prefLabel, RDFS.label) for o in g.objects(node, p) if isinstance(o, Literal)]
        if labels:
            best = next((x for x in labels if x.language == "fr"), labels[0])
            return f"{best} ({prefixed_name(str(node)) or node})"
    return prefixed_name(str(node)) or str(node)


def _mention(graph: Graph, node: URIRef, curated: Graph) -> tuple[str, int, int]:
    found = []
    for m in graph.objects(node, PROV.wasDerivedFrom):
        # a mention moved to the curated graph with an accepted candidate is defined there
        holder = graph if (m, OA.hasSelector, None) in graph else curated
        exact = start = end = None
        for selector in holder.objects(m, OA.hasSelector):
            exact = holder.value(selector, OA.exact) if holder.value(selector, OA.exact) is not None else exact
            start = holder.value(selector, OA.start) if holder.value(selector, OA.start) is not None else start
            end = holder.value(selector, OA.end) if holder.value(selector, OA.end) is not None else end
        if exact is not None and start is not None and end is not None:
            found.append((str(exact), int(str(start)), int(str(end))))
    return min(found, key=lambda f: (f[2] - f[1], f[1]), default=("", 0, 0))


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The line or sentence holding [start, end), for display."""
    left = max(text.rfind("\n", 0, start), max(text.rfind(". ", 0, start) + 1, 0) - 1)
    right_candidates = [i for i in (text.find("\n", end), text.find(". ", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return left + 1, min(right, len(text))


def _summary(graph: Graph, curated: Graph, node: URIRef) -> tuple[str, list[str]]:
    kind = str(graph.value(node, RDF.type)).rsplit("/", 1)[-1]
    lab = lambda n: _label(graph, curated, n)  # noqa: E731
    known: list[str] = []
    if kind == "EntityReference":
        target = graph.value(node, TKG.refersTo)
        others = [lab(o) for o in graph.objects(node, TKG.alternative)]
        text = f"names {lab(target)}" + (f"; or: {', '.join(others)}" if others else "")
        if target is not None and (target, RDF.type, None) in curated:
            known.append(
                f"known: {lab(target)} a {', '.join(prefixed_name(str(t)) or str(t) for t in curated.objects(target, RDF.type))}"
            )
        elif target is not None:
            known.append(f"new entity, a {prefixed_name(str(graph.value(target, RDF.type)))}")
        return text, known
    if kind == "Participation":
        agent = next(
            (
                o
                for p, o in graph.predicate_objects(node)
                if p not in (TKG.inEvent, TKG.role)
                and str(p).startswith(str(TKG))
                and isinstance(o, URIRef)
                and p not in MACHINE_ONLY
            ),
            None,
        )
        text = f"{lab(agent)} — {prefixed_name(str(graph.value(node, TKG.role)))} — {lab(graph.value(node, TKG.inEvent))}"
        return text, known
    if kind == "PostHolding":
        post = graph.value(node, TKG.post)
        text = f"{lab(graph.value(node, TKG.holder))} holds {lab(post)} as of {graph.value(node, TKG.asOf)}"
        for holding in curated.subjects(TKG.post, post):
            known.append(
                f"known: {lab(curated.value(holding, TKG.holder))} holds it as of {curated.value(holding, TKG.asOf)} ({prefixed_name(str(holding))})"
            )
        return text, known
    if kind == "StatedFigure":
        counts = graph.value(node, TKG.counts)
        value = graph.value(node, TKG.value)
        parts = [
            prefixed_name(str(graph.value(node, TKG.qualifier))) or "",
            str(value) if value is not None else "",
            prefixed_name(str(counts)) or "",
        ]
        about = graph.value(node, TKG.figureOf)
        as_of = graph.value(node, TKG.asOf)
        text = " ".join(p for p in parts if p) + (f" of {lab(about)}" if about else "") + (f", as of {as_of}" if as_of else "")
        for figure in curated.subjects(TKG.counts, counts):
            k_value = curated.value(figure, TKG.value)
            k_about = curated.value(figure, TKG.figureOf)
            known.append(
                f"known figure {prefixed_name(str(figure))}: {prefixed_name(str(curated.value(figure, TKG.qualifier)))} "
                f"{k_value if k_value is not None else ''} {prefixed_name(str(counts))}"
                + (f" of {lab(k_about)}" if k_about else "")
            )
        return text, known
    # a new event (or any other node)
    dates = [str(d) for p in (TKG.startDate, TKG.endDate) for d in graph.objects(node, p)]
    place = graph.value(node, TKG.place)
    text = f"new {kind} {lab(node)}" + (f" on {' to '.join(dates)}" if dates else "") + (f" at {lab(place)}" if place else "")
    return text, known


def items(stem: str, graph: Graph | None = None, curated: Graph | None = None) -> list[Item]:
    graph = graph if graph is not None else load(stem)
    curated = curated if curated is not None else curated_graph()
    text = str(curated.value(SOURCE[stem], SCHEMA.text) or "")
    found = []
    for number, node in enumerate(roots(graph), start=1):
        quote, start, end = _mention(graph, node, curated)
        summary, known = _summary(graph, curated, node)
        confidence = graph.value(node, TKG.confidence)
        found.append(
            Item(
                number,
                str(node),
                prefixed_name(str(node)) or str(node),
                str(graph.value(node, RDF.type)).rsplit("/", 1)[-1],
                summary,
                float(str(confidence)) if confidence is not None else 0.0,
                quote,
                start,
                end,
                sentence_around(text, start, end) if text else (start, end),
                known,
            )
        )
    return found


def resolve(stem: str, given: str, graph: Graph) -> URIRef:
    """A candidate named by its IRI, prefixed name, local name or number in the list."""
    candidates = roots(graph)
    if given.isdigit() and 1 <= int(given) <= len(candidates):
        return candidates[int(given) - 1]
    for node in candidates:
        if given in (str(node), prefixed_name(str(node)), str(node).rsplit("/", 1)[-1]):
            return node
    raise InputError(f"source:{stem} has no open candidate {given!r} (see treaty-kg review {stem} --list)")


def _subgraph(graph: Graph, node: Node, into: Graph, drop: tuple = ()) -> None:
    """`node`'s triples and the blank nodes under it."""
    for p, o in graph.predicate_objects(node):
        if p in drop:
            continue
        into.add((node, p, o))
        if isinstance(o, BNode):
            _subgraph(graph, o, into)


def _copy_mentions(graph: Graph, node: URIRef, into: Graph) -> None:
    for m in graph.objects(node, PROV.wasDerivedFrom):
        _subgraph(graph, m, into)


def accepted_triples(graph: Graph, curated: Graph, node: URIRef) -> tuple[Graph, list[URIRef]]:
    """What accepting `node` adds to the curated graph, and the candidates it takes along."""
    out = Graph()
    taken: list[URIRef] = []
    todo = [node]
    while todo:
        current = todo.pop()
        if current in taken:
            continue
        taken.append(current)
        if (current, RDF.type, TKG.EntityReference) in graph:
            target = graph.value(current, TKG.refersTo)
            if not isinstance(target, URIRef):
                raise InputError(f"{current} refers to nothing: edit its tkg:refersTo first")
            for m in graph.objects(current, PROV.wasDerivedFrom):
                out.add((target, PROV.wasDerivedFrom, m))
            _copy_mentions(graph, current, out)
            targets = [target]
        else:
            _subgraph(graph, current, out, drop=MACHINE_ONLY)
            _copy_mentions(graph, current, out)
            targets = [o for o in graph.objects(current, None) if isinstance(o, URIRef)]
        for target in targets:
            # an entity or event the curated graph does not know comes along
            if (
                isinstance(target, URIRef)
                and (target, RDF.type, None) in graph
                and (target, RDF.type, None) not in curated
                and target != node
            ):
                if (target, RDF.type, TKG.ExtractionActivity) in graph or (target, RDF.type, TKG.Mention) in graph:
                    continue
                todo.append(target)
    for activity in set(out.objects(None, PROV.wasGeneratedBy)):
        _subgraph(graph, activity, out)
    return out, [t for t in taken if t != node]


def _remove(graph: Graph, nodes: list[URIRef]) -> None:
    for node in nodes:
        for p, o in list(graph.predicate_objects(node)):
            graph.remove((node, p, o))
    # mentions and activities nothing cites any more go too
    for m in list(graph.subjects(RDF.type, TKG.Mention)):
        if not set(graph.subjects(PROV.wasDerivedFrom, m)):
            drop_mention(graph, m)


def _append(stem: str, triples: Graph) -> Path:
    path = paths.graph_dir() / f"{stem}.ttl"
    bind_prefixes(triples)
    body = triples.serialize(format="turtle")
    if not path.exists():
        header = (
            f"# The facts source:{stem} states, as reviewers accepted them from treaty-kg ingest's\n"
            f"# candidates (`treaty-kg review {stem}`). Each cites its mention at exact offsets.\n\n"
        )
        path.write_text(header + body, encoding="utf-8")
    else:
        with path.open("a", encoding="utf-8") as out:
            out.write(f"\n# accepted in review (treaty-kg review {stem})\n" + body)
    return path


class Session:
    """The candidates of one source and the curated graph, loaded once for several decisions;
    every decision is written at once (graph file, decisions log) and the candidate file by `save`."""

    def __init__(self, stem: str):
        self.stem = stem
        self.graph = load(stem)
        self.curated = curated_graph()

    def accept(self, given: str) -> list[str]:
        """Move a candidate (and the new entities it needs) into graph/<stem>.ttl; the IRIs moved
        (none when it was already accepted, taken along by an earlier candidate that needed it)."""
        if any(d == "accepted" and iri == given for d, iri, _, _ in decisions.read(self.stem)):
            return []
        node = resolve(self.stem, given, self.graph)
        triples, along = accepted_triples(self.graph, self.curated, node)
        _append(self.stem, triples)
        self.curated += triples
        moved = [node, *along]
        open_candidates = set(roots(self.graph))
        _remove(self.graph, moved)
        # a mention now in the curated graph is defined there only (its selectors are blank
        # nodes: defined twice, a union of the two files would give it two pairs of selectors)
        for m in set(triples.subjects(RDF.type, TKG.Mention)):
            drop_mention(self.graph, m)
        for n in moved:
            if n in open_candidates:
                decisions.record(self.stem, "accepted", str(n))
        return [str(n) for n in moved]

    def reject(self, given: str, note: str = "") -> str:
        node = resolve(self.stem, given, self.graph)
        _remove(self.graph, [node])
        decisions.record(self.stem, "rejected", str(node), note)
        return str(node)

    def edit(self, given: str, prop: str, value: str) -> str:
        """Replace the values of one property of a candidate (e.g. tkg:refersTo id:hanoi-authorities)."""
        node = resolve(self.stem, given, self.graph)
        predicate = _term(prop)
        if not isinstance(predicate, URIRef):
            raise InputError(f"{prop!r} is not a property")
        if predicate in (RDF.type, PROV.wasGeneratedBy, PROV.wasDerivedFrom, TKG.confidence):
            raise InputError(f"{prop} is not edited in review (it records what the candidate is and where it comes from)")
        term = _term(value)
        self.graph.remove((node, predicate, None))
        self.graph.add((node, predicate, term))
        if predicate == TKG.refersTo:
            self.graph.remove((node, TKG.alternative, term))
        return str(node)

    def is_open(self, iri: str) -> bool:
        return URIRef(iri) in set(roots(self.graph))

    def save(self) -> None:
        write(self.graph, candidates_file(self.stem), self.stem)


def accept(stem: str, given: str) -> list[str]:
    session = Session(stem)
    moved = session.accept(given)
    session.save()
    return moved


def reject(stem: str, given: str, note: str = "") -> str:
    session = Session(stem)
    node = session.reject(given, note)
    session.save()
    return node


def edit(stem: str, given: str, prop: str, value: str) -> str:
    session = Session(stem)
    node = session.edit(given, prop, value)
    session.save()
    return node


def _term(value: str) -> Node:
    """A value as written in Turtle: a prefixed name, <IRI>, or a literal ("…"@fr, "…"^^xsd:date, 12)."""
    prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    probe = Graph()
    try:
        probe.parse(data=f"{prefixes}<urn:s> <urn:p> {value} .", format="turtle")
    except Exception as exc:  # rdflib raises several kinds; the message is the user's answer
        raise InputError(
            f"{value!r} is not a Turtle term (a prefixed name such as id:hanoi, an <IRI> or a literal): {exc}"
        ) from None
    return next(iter(probe.objects()))


class Reviewer:
    """The review operations for the web page (treaty_kg.web.review), which may not import this layer."""

    def sources(self) -> list[tuple[str, int]]:
        folder = candidates_file("x").parent
        found = []
        for path in sorted(folder.glob("*.ttl")) if folder.is_dir() else []:
            found.append((path.stem, len(roots(load_graph([path])))))
        return found

    def items(self, stem: str) -> list[Item]:
        return items(stem)

    def text(self, stem: str) -> str:
        return source_text(curated_graph(), stem)

    def accept(self, stem: str, given: str) -> list[str]:
        return accept(stem, given)

    def reject(self, stem: str, given: str) -> str:
        return reject(stem, given)
