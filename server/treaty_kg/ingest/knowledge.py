"""What the graph already knows, indexed for reading a new article: names, posts and who holds
them, events with their dates, stated figures, and the counted kinds and roles of the schemes.

Built once per run from the curated graph (graph/*.ttl) and the ontology (for the class
hierarchy and the concept labels); nothing here reads the article.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from treaty_kg.ingest.normalize import fold
from treaty_kg.rdf.namespaces import CONCEPT, ID, OA, PROV, TKG

NAME_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, RDFS.label, TKG.shortName)
# The kinds a mention is scored and reviewed by, from the most specific class up.
KINDS = (
    ("event", TKG.Event),
    ("post", TKG.Post),
    ("person", TKG.Person),
    ("group", TKG.AgentGroup),
    ("place", TKG.Place),  # cities, states (a tkg:State is also a tkg:Place)
    ("organisation", TKG.Organization),
    ("instrument", TKG.LegalInstrument),
    ("agent", TKG.Agent),
)


@dataclass
class Known:
    iri: URIRef
    kind: str
    classes: set[URIRef]
    names: set[str]  # folded
    label: str  # a name to show


@dataclass
class KnownFigure:
    iri: URIRef
    value: str | None
    qualifier: URIRef | None
    counts: URIRef | None
    figure_of: URIRef | None


@dataclass
class Knowledge:
    entities: dict[URIRef, Known] = field(default_factory=dict)
    by_name: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    superclasses: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    post_in: dict[URIRef, URIRef] = field(default_factory=dict)
    holdings: dict[URIRef, list[tuple[URIRef, date | None]]] = field(default_factory=lambda: defaultdict(list))
    event_dates: dict[URIRef, tuple[str | None, str | None]] = field(default_factory=dict)
    part_of: dict[URIRef, set[URIRef]] = field(default_factory=dict)  # event -> the events it is part of (transitive)
    figures: list[KnownFigure] = field(default_factory=list)
    counted_kinds: dict[str, URIRef] = field(default_factory=dict)  # folded French label -> concept
    facts: set[URIRef] = field(default_factory=set)  # every subject of the curated graph
    role_property: dict[URIRef, URIRef] = field(default_factory=dict)  # role:chair -> tkg:chair
    cited_in: dict[URIRef, set[str]] = field(default_factory=lambda: defaultdict(set))  # entity -> sources of its mentions

    def is_a(self, iri: URIRef, cls: URIRef) -> bool:
        known = self.entities.get(iri)
        return known is not None and any(cls in self.superclasses.get(c, {c}) for c in known.classes)

    def names_of(self, folded: str) -> set[URIRef]:
        return self.by_name.get(folded, set())

    def holders(self, post: URIRef, on: date) -> list[URIRef]:
        """Who the graph says holds `post`: the holders of its latest statement on or before `on`."""
        dated = [(d, person) for person, d in self.holdings.get(post, []) if d is None or d <= on]
        if not dated:
            return []
        latest = max((d for d, _ in dated if d is not None), default=None)
        return sorted({person for d, person in dated if d == latest})

    def posts_of(self, person: URIRef) -> set[URIRef]:
        return {post for post, held in self.holdings.items() if any(p == person for p, _ in held)}


def singular(phrase: str) -> str:
    """A folded French noun phrase with each word's plural -s/-x dropped ("réunions intersessions"
    and the label "réunion intersessions" both give "reunion intersession")."""
    return " ".join(w[:-1] if len(w) > 3 and w[-1] in "sx" and not w.endswith("ss") else w for w in phrase.split(" "))


def _superclasses(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    result: dict[URIRef, set[URIRef]] = {}
    for cls in set(ontology.subjects(RDF.type, None)) | set(ontology.objects(None, RDFS.subClassOf)):
        if isinstance(cls, URIRef):
            result[cls] = {c for c in ontology.transitive_objects(cls, RDFS.subClassOf) if isinstance(c, URIRef)}
    return result


def _kind(classes: set[URIRef], supers: dict[URIRef, set[URIRef]]) -> str | None:
    closure = set().union(*(supers.get(c, {c}) for c in classes)) if classes else set()
    return next((name for name, cls in KINDS if cls in closure), None)


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def load_knowledge(graph: Graph, ontology: Graph) -> Knowledge:
    """Index `graph` (the curated facts) with the class hierarchy and schemes of `ontology`."""
    kb = Knowledge(superclasses=_superclasses(ontology))
    for subject in graph.subjects(RDF.type, None):
        if not isinstance(subject, URIRef):
            continue
        kb.facts.add(subject)
        if not str(subject).startswith(str(ID)):
            continue
        classes = {c for c in graph.objects(subject, RDF.type) if isinstance(c, URIRef)}
        kind = _kind(classes, kb.superclasses)
        if kind is None:
            continue
        labels = [o for p in NAME_PROPERTIES for o in graph.objects(subject, p) if isinstance(o, Literal)]
        names = {fold(str(label)) for label in labels if len(str(label)) >= 2}
        fr = next((str(label) for label in labels if label.language == "fr"), None)
        kb.entities[subject] = Known(subject, kind, classes, names, fr or (str(labels[0]) if labels else str(subject)))
        for name in names:
            kb.by_name[name].add(subject)
        if kind == "event":
            start, end = graph.value(subject, TKG.startDate), graph.value(subject, TKG.endDate)
            kb.event_dates[subject] = (str(start) if start else None, str(end) if end else None)
    for event in kb.event_dates:
        kb.part_of[event] = {p for p in graph.transitive_objects(event, TKG.partOf) if isinstance(p, URIRef) and p != event}
    # an event the graph gives no date takes the dates of the event it is part of ("the
    # signing ceremony" of a programme dated 25-26 October), so it can still be matched by date
    for event in [e for e, (start, _) in kb.event_dates.items() if start is None]:
        for parent in graph.transitive_objects(event, TKG.partOf):
            dates = kb.event_dates.get(parent)  # type: ignore[call-overload]
            if parent != event and dates and dates[0]:
                kb.event_dates[event] = dates
                break
    for entity, m in graph.subject_objects(PROV.wasDerivedFrom):
        source = graph.value(m, OA.hasSource)
        if isinstance(entity, URIRef) and source is not None:
            kb.cited_in[entity].add(str(source))
    for post, org in graph.subject_objects(TKG.postIn):
        if isinstance(post, URIRef) and isinstance(org, URIRef):
            kb.post_in[post] = org
    for holding in graph.subjects(RDF.type, TKG.PostHolding):
        holder, held = graph.value(holding, TKG.holder), graph.value(holding, TKG.post)
        if isinstance(holder, URIRef) and isinstance(held, URIRef):
            kb.holdings[held].append((holder, _date(graph.value(holding, TKG.asOf))))
    for figure in graph.subjects(RDF.type, TKG.StatedFigure):
        value = graph.value(figure, TKG.value)
        kb.figures.append(
            KnownFigure(
                figure,  # type: ignore[arg-type]
                str(value) if value is not None else None,
                graph.value(figure, TKG.qualifier),  # type: ignore[arg-type]
                graph.value(figure, TKG.counts),  # type: ignore[arg-type]
                graph.value(figure, TKG.figureOf),  # type: ignore[arg-type]
            )
        )
    for role, prop in ontology.subject_objects(TKG.agentProperty):
        if isinstance(role, URIRef) and isinstance(prop, URIRef):
            kb.role_property[role] = prop
    counted = CONCEPT["counted-kinds"]
    for concept in ontology.subjects(SKOS.inScheme, counted):
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for label in ontology.objects(concept, p):
                if isinstance(label, Literal) and label.language == "fr" and isinstance(concept, URIRef):
                    kb.counted_kinds[singular(fold(str(label)))] = concept
    return kb
