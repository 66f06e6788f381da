"""What a resource page shows: names, types, grouped properties, incoming links, facts and quotes.

Built from the pyoxigraph store the endpoint serves (named graphs ontology,
asserted, inferred); a statement found only in the inferred graph is marked
inferred so the page can flag or hide it. Facts get a readable line and the
sentence of the source they come from, linked to that sentence on the source page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from treaty_kg.rdf.labels import NAME_PROPERTIES, Labeller, local_name
from treaty_kg.rdf.namespaces import GRAPH_ASSERTED, GRAPH_CANDIDATE, PREFIXES, prefixed_name
from treaty_kg.rdf.reader import GraphReader
from treaty_kg.web.linked_data import GRAPH_INFERRED_NODE, Statement, blank_closure, incoming, outgoing, path_for_iri
from treaty_kg.web.ui_text import translator

TKG = PREFIXES["tkg"]
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
XSD = PREFIXES["xsd"]
OA = PREFIXES["oa"]
DERIVED_FROM = ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom")
LONG_LITERAL = 400  # characters shown of a literal before it is cut (a source's full text)
INCOMING_LIMIT = 300
FACTS_LIMIT = 100


@dataclass
class Value:
    """One RDF term as the page shows it."""

    text: str
    kind: str  # "local" (link on this host), "external", "literal" or "blank"
    href: str | None = None
    curie: str = ""
    lang: str = ""
    datatype: str = ""
    cut: bool = False  # a long literal shown shortened
    rows: list[Row] = field(default_factory=list)  # a blank node's own properties
    labelled: bool = False  # an IRI with a name of its own (else its text is the IRI's last segment)


@dataclass
class Cell:
    value: Value
    inferred: bool


@dataclass
class Row:
    """One property with its values (outgoing) or its subjects (incoming)."""

    predicate: Value
    cells: list[Cell]


@dataclass
class Quote:
    """A mention's exact text, linked to its sentence on the source page."""

    exact: str
    href: str  # /source/<stem>#m-<start>-<end>
    source: str  # the source's label
    mention_href: str | None
    lang: str = ""  # the source's language (schema:inLanguage)


@dataclass(frozen=True)
class FactLine:
    text: str
    href: str | None
    quotes: list[Quote]
    inferred: bool = False
    unreviewed: bool = False  # a candidate of `treaty-kg ingest`, not accepted by a person


@dataclass
class ResourceView:
    iri: str
    label: str
    names: list[tuple[str, str, str]]
    types: list[Cell]
    rows: list[Row]
    incoming: list[Row]
    incoming_more: bool
    fact: FactLine | None  # when the resource is itself a fact
    quotes: list[Quote]  # the mentions the resource is derived from
    facts: list[FactLine]  # facts that point at the resource
    inferred_count: int
    unreviewed: bool = False  # only in the candidate graph: proposed by ingest, not reviewed


def curie(iri: str) -> str:
    """`https://w3id.org/treaty-kg/id/x` → `id:x` (namespaces.prefixed_name), else the IRI itself."""
    return prefixed_name(iri) or iri


@dataclass
class Viewer:
    """Turns store terms into page values for one request (one store, one reader language)."""

    store: GraphReader
    labeller: Labeller
    show_inferred: bool = True
    _terms: dict = field(default_factory=dict)
    _quotes: dict = field(default_factory=dict)
    _facts: dict = field(default_factory=dict)

    # -- terms -------------------------------------------------------------------------------
    def value(self, term, depth: int = 0) -> Value:
        if isinstance(term, ox.NamedNode):
            href = path_for_iri(term.value)
            kind = "local" if href else "external"
            text = self.labeller.label(term)
            return Value(text, kind, href or term.value, curie(term.value), labelled=text != local_name(term.value))
        if isinstance(term, ox.Literal):
            text = term.value
            cut = len(text) > LONG_LITERAL
            datatype = "" if term.language else curie(term.datatype.value)
            if datatype in ("xsd:string", "rdf:langString"):
                datatype = ""
            return Value(
                text[:LONG_LITERAL] + "…" if cut else text, "literal", lang=term.language or "", datatype=datatype, cut=cut
            )
        rows = self.rows(outgoing(self.store, term), depth + 1) if depth < 3 else []
        return Value("", "blank", rows=rows)

    def rows(self, found: list[Statement], depth: int = 0, *, subjects: bool = False) -> list[Row]:
        """Group statements by predicate (values, or subjects for incoming ones), sorted by label."""
        groups: dict[ox.NamedNode, list[Cell]] = {}
        for s in found:
            if s.inferred and not self.show_inferred:
                continue
            term = s.triple.subject if subjects else s.triple.object
            groups.setdefault(s.triple.predicate, []).append(Cell(self.value(term, depth), s.inferred))
        rows = [Row(self.value(p), sorted(cells, key=lambda c: (c.inferred, c.value.text))) for p, cells in groups.items()]
        return sorted(rows, key=lambda r: r.predicate.text.lower())

    # -- questions the ontology answers -----------------------------------------------------------
    def _below(self, relation: str, top: str) -> frozenset:
        """The terms `relation`* reaches `top` from (the top included), one query per request."""
        key = (relation, top)
        if key not in self._terms:
            rows = self.store.select(f"SELECT DISTINCT ?t WHERE {{ ?t <{relation}>* <{top}> }}")
            self._terms[key] = frozenset(row[0] for row in rows)
        return self._terms[key]

    def is_fact(self, node) -> bool:
        """Typed with tkg:Fact or a subclass (asserted types suffice: no reasoner needed)."""
        if not isinstance(node, ox.NamedNode):
            return False
        classes = self._below(PREFIXES["rdfs"] + "subClassOf", TKG + "Fact")
        return any(q.object in classes for q in self.store.quads(node, RDF_TYPE, None, None))

    def is_participant_property(self, predicate: ox.NamedNode) -> bool:
        return predicate in self._below(PREFIXES["rdfs"] + "subPropertyOf", TKG + "participant")

    # -- facts and quotes -----------------------------------------------------------------------
    def quote(self, mention) -> Quote | None:
        """The exact text and position of a mention, from its two selectors (once per request)."""
        if mention not in self._quotes:
            self._quotes[mention] = self._read_quote(mention)
        return self._quotes[mention]

    def _read_quote(self, mention) -> Quote | None:
        source = self._first(mention, OA + "hasSource")
        selectors = {q.object for q in self.store.quads(mention, ox.NamedNode(OA + "hasSelector"), None, None)}
        parts = {}
        for name in ("exact", "start", "end"):
            parts[name] = next((v for v in (self._first(sel, OA + name) for sel in selectors) if v is not None), None)
        if source is None or parts["exact"] is None:
            return None
        href = path_for_iri(source.value) or source.value
        if parts["start"] is not None and parts["end"] is not None:
            href += f"#m-{parts['start'].value}-{parts['end'].value}"
        mention_href = path_for_iri(mention.value) if isinstance(mention, ox.NamedNode) else None
        return Quote(parts["exact"].value, href, self.labeller.label(source), mention_href, self.language_of(source))

    def _first(self, node, predicate: str):
        """One value of the property, or None."""
        quads = self.store.quads(node, ox.NamedNode(predicate), None, None)
        return next((q.object for q in quads), None)

    def language_of(self, source) -> str:
        """The language a source is written in, as its `schema:inLanguage` says ("" if unsaid)."""
        return next((o.value for o in self._objects(source, PREFIXES["schema"] + "inLanguage") if isinstance(o, ox.Literal)), "")

    def quotes(self, node) -> list[Quote]:
        found = (self.quote(q.object) for q in self.store.quads(node, DERIVED_FROM, None, None))
        unique = {q.href: q for q in found if q is not None}
        return sorted(unique.values(), key=lambda q: q.href)

    def fact_line(self, node) -> FactLine:
        """A fact in one line (once per request: a source page reaches most facts through several mentions)."""
        if node not in self._facts:
            self._facts[node] = self._read_fact_line(node)
        return self._facts[node]

    def _read_fact_line(self, node) -> FactLine:
        """Who — what — where/when — as of — what was said.

        Reads the node's quads directly (a page holds dozens of facts): a value repeated in
        several graphs is harmless here, as every part below is a set.
        """
        by: dict[str, list] = {}
        participants = []
        kinds: dict[ox.NamedNode, set] = {}  # tkg: types and the named graphs stating them
        for q in self.store.quads(node, None, None, None):
            p, o = q.predicate, q.object
            by.setdefault(p.value, []).append(o)
            if p == RDF_TYPE and isinstance(o, ox.NamedNode) and o.value.startswith(TKG) and o.value != TKG + "Fact":
                named = kinds.setdefault(o, set())
                if not isinstance(q.graph_name, ox.DefaultGraph):
                    named.add(q.graph_name)
            elif p.value != TKG + "participant" and p.value.startswith(TKG) and self.is_participant_property(p):
                participants.append(o)
        if not participants:
            participants = by.get(TKG + "participant", [])

        def names(*props: str) -> str:
            """Labels of the values; of language-tagged literals only the one in the reader's language."""
            terms = [t for p in props for t in by.get(p, [])]
            tagged = [t for t in terms if isinstance(t, ox.Literal) and t.language]
            best = self.labeller.pick(tagged)
            kept = [t for t in terms if t not in tagged or t == best]
            return ", ".join(sorted({self.labeller.label(t) for t in kept}))

        rdf = PREFIXES["rdf"]
        who = ", ".join(sorted({self.labeller.label(t) for t in participants})) or names(
            TKG + "holder", TKG + "statedBy", rdf + "subject"
        )
        figure = " ".join(x for x in (names(TKG + "qualifier"), names(TKG + "value"), self._counted(by)) if x)
        asserted = [k for k, graphs in kinds.items() if graphs != {GRAPH_INFERRED_NODE}]
        what = (
            names(TKG + "role", TKG + "post", rdf + "predicate")
            or figure
            or ", ".join(sorted({self.labeller.label(k) for k in asserted}))
        )
        targets = [t for p in (TKG + "inEvent", TKG + "atEvent", TKG + "figureOf", rdf + "object") for t in by.get(p, [])]
        where = ", ".join(sorted({self.labeller.label(t) for t in targets}))
        dates = [self.date(d) for t in targets for d in self._objects(t, TKG + "startDate")]
        if where and dates and dates[0][-4:] not in where:  # unless the event's name gives its year
            where += ", " + dates[0]
        as_of = [self.date(d) for d in by.get(TKG + "asOf", [])]
        said = names(TKG + "content", TKG + "wording")
        as_of_text = translator(self.labeller.languages[0])("as of {}")
        parts = [who, what, where, *(as_of_text.format(d) for d in as_of[:1]), f"« {said} »" if said else ""]
        text = " — ".join(p for p in parts if p) or self.labeller.label(node)
        href = path_for_iri(node.value) if isinstance(node, ox.NamedNode) else None
        return FactLine(text, href, self.quotes(node))

    def _counted(self, by: dict[str, list]) -> str:
        """What a figure counts, plural unless its value is one ("about 110 countries", "1 gala dinner"),
        then the unit it is counted per ("billions of US dollars per year")."""
        one = [v.value for v in by.get(TKG + "value", [])] == ["1"]
        kinds = sorted({self.labeller.label(k) if one else self.labeller.plural(k) for k in by.get(TKG + "counts", [])})
        per = sorted({self.labeller.label(u) for u in by.get(TKG + "perUnit", [])})
        per_text = translator(self.labeller.languages[0])("per {}")
        return " ".join([", ".join(kinds), *(per_text.format(u) for u in per)]).strip()

    def _objects(self, node, predicate: str) -> list:
        if not isinstance(node, (ox.NamedNode, ox.BlankNode)):
            return []
        return [q.object for q in self.store.quads(node, ox.NamedNode(predicate), None, None)]

    def date(self, term) -> str:
        """An xsd:date, gYearMonth or gYear as people write it in the reader's language."""
        if not isinstance(term, ox.Literal):
            return self.labeller.label(term)
        return human_date(term.value, term.datatype.value[len(XSD) :], self.labeller.languages[0])

    def is_candidate(self, node) -> bool:
        """Stated only in the candidate graph (a build made with --candidates): not reviewed."""

        def said_in(graph) -> bool:
            return next(iter(self.store.quads(node, None, None, ox.NamedNode(str(graph)), limit=1)), None) is not None

        return said_in(GRAPH_CANDIDATE) and not said_in(GRAPH_ASSERTED)

    # -- the whole page -----------------------------------------------------------------------------
    def resource(self, iri: str) -> ResourceView:
        node = ox.NamedNode(iri)
        out = outgoing(self.store, node)
        closure = blank_closure(self.store, out)
        inc, more = incoming(self.store, node, INCOMING_LIMIT)
        shown = [s for s in out if s.triple.predicate != RDF_TYPE and s.triple.predicate not in NAME_PROPERTIES]
        types = [s for s in out if s.triple.predicate == RDF_TYPE and (self.show_inferred or not s.inferred)]
        fact_subjects = []
        for s in inc:
            subject = s.triple.subject
            if subject != node and subject not in fact_subjects and self.is_fact(subject):
                fact_subjects.append(subject)
        facts = []
        for subject in fact_subjects[:FACTS_LIMIT]:
            line = replace(
                self.fact_line(subject),
                inferred=all(s.inferred for s in inc if s.triple.subject == subject),
                unreviewed=self.is_candidate(subject),
            )
            if self.show_inferred or not line.inferred:
                facts.append(line)
        fact = self.fact_line(node) if self.is_fact(node) else None
        label = self.labeller.label(node)
        if fact is not None and label == local_name(iri):
            label = fact.text  # an unlabelled fact node is best named by what it states
        return ResourceView(
            iri=iri,
            label=label,
            names=self.labeller.names(node),
            types=sorted(
                (Cell(self.value(s.triple.object), s.inferred) for s in types), key=lambda c: (c.inferred, c.value.text)
            ),
            rows=self.rows(shown),
            incoming=self.rows([s for s in inc if s.triple.subject != node], subjects=True),
            incoming_more=more,
            fact=fact,
            quotes=self.quotes(node),
            facts=sorted(facts, key=lambda f: f.text),
            inferred_count=sum(s.inferred for s in out + closure + inc),
            unreviewed=self.is_candidate(node),
        )


MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    "vi": [f"tháng {m}" for m in range(1, 13)],
}


def human_date(lexical: str, datatype: str, lang: str) -> str:
    """`2025-10-25` (date) → `25 Oct 2025`; `2022-02` (gYearMonth) → `Feb 2022`; others as written."""
    months = MONTHS.get(lang, MONTHS["en"])
    parts = lexical.split("-")
    try:
        if datatype == "date" and len(parts) == 3:
            return f"{int(parts[2])} {months[int(parts[1]) - 1]} {parts[0]}"
        if datatype == "gYearMonth" and len(parts) == 2:
            return f"{months[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return lexical
