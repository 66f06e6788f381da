"""OWL 2 RL on any SPARQL 1.1 Update store: the rules as `INSERT … WHERE`, evaluated semi-naively.

owlrl applies every rule to every triple in every cycle until a cycle adds nothing; most of that
work re-derives what is known (docs/reasoning.md). Here each rule of `rl_rules` becomes SPARQL
updates once, and each round joins only against what the previous round added:

- the input graphs are copied into a work graph; a rule with premises P1 … Pn runs as n updates,
  the i-th reading Pi from the delta graph (last round's new triples) and the others from the work
  graph, writing its conclusion into a `new` graph;
- at the end of a round, what `new` holds that the work graph already has is deleted; if nothing is
  left the closure is complete, else `new` is added to the work graph and becomes the delta;
- the rules over RDF lists (property chains, intersections, keys, …) are expanded once per axiom
  (`compile_rules`), with the list's members written in as constants. That is why the ontology's
  blank nodes (restrictions, lists, inverse properties in chains) must come in skolemised, as IRIs
  under `SKOLEM`: a query can name an IRI, not a blank node of the store (`skolemise`).

Only standard SPARQL 1.1 Query/Update is sent (GRAPH, INSERT/DELETE … WHERE, ADD, MOVE, DROP,
FILTER, BIND, COUNT), through a two-method interface (`SparqlStore`), so the same rules run inside
Oxigraph, Virtuoso or any other SPARQL 1.1 store.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import pyoxigraph as ox

from treaty_kg.reasoning.rl_rules import (
    CONTRADICTIONS,
    FIXED,
    OWL,
    PREFIXES,
    RDF,
    RDFS,
    XSD,
    Rule,
    all_different_rules,
    all_disjoint_classes_rules,
    all_disjoint_properties_rules,
    chain_rule,
    ill_typed_literals,
    intersection_rules,
    key_rule,
    one_of_rules,
    union_rules,
)

SKOLEM = "urn:treaty-kg:skolem:"
DELTA = "urn:treaty-kg:reasoning:delta-a"
NEW = "urn:treaty-kg:reasoning:delta-b"

PROLOGUE = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())

# Datatypes a someValuesFrom filler may name; a literal is in the filler if its datatype is
# the filler or below it (the XSD hierarchy as owlrl's dt-type2 uses it).
# the datatypes derived from xsd:integer, which are therefore also below xsd:decimal
_INTEGER_BELOW = (
    "nonPositiveInteger",
    "negativeInteger",
    "long",
    "int",
    "short",
    "byte",
    "nonNegativeInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
    "positiveInteger",
)
XSD_BELOW: dict[str, tuple[str, ...]] = {
    "decimal": ("integer", *_INTEGER_BELOW),
    "integer": _INTEGER_BELOW,
    "string": ("normalizedString", "token", "language", "Name", "NCName", "NMTOKEN"),
}


class SparqlStore(Protocol):
    """What the engine needs from a store: SPARQL 1.1 updates, and SELECT rows with each value in
    N-Triples syntax (`<iri>`, `"lexical"^^<datatype>`, `"text"@lang`, `_:label`) or None."""

    def update(self, sparql: str) -> None: ...

    def query(self, sparql: str) -> list[tuple[str | None, ...]]: ...


class OxigraphStore:
    """The `SparqlStore` interface over an embedded `pyoxigraph.Store`."""

    def __init__(self, store: ox.Store):
        self.store = store

    def update(self, sparql: str) -> None:
        self.store.update(sparql)

    def query(self, sparql: str) -> list[tuple[str | None, ...]]:
        return [tuple(None if v is None else str(v) for v in row) for row in self.store.query(sparql)]  # type: ignore[union-attr]


@dataclass(frozen=True)
class Inconsistency:
    """A contradiction: the rule that found it, and what it says (naming the triples involved)."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


@dataclass
class Run:
    """What one closure did: rounds, updates sent, triples added per round, seconds per phase."""

    rules: int = 0
    rounds: int = 0
    updates: int = 0
    added: list[int] = field(default_factory=list)
    inconsistencies: list[Inconsistency] = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)
    inferred: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    rule_seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))  # "rule[premise read from the delta]" -> s


# progress(what, done, total): e.g. ("round 3", 40, 95)
Progress = Callable[[str, int, int], None]


def _quiet(what: str, done: int, total: int) -> None:
    pass


# --- compiling ----------------------------------------------------------------------------------


def _unwrap(term: str) -> str:
    """`<iri>` -> iri; any other N-Triples term as it is."""
    return term[1:-1] if term.startswith("<") and term.endswith(">") else term


def _from(graphs: Graphs) -> str:
    return " ".join(f"FROM <{g}>" for g in graphs.inputs)


def read_lists(store: SparqlStore, graphs: Graphs) -> dict[str, list[str]]:
    """Every RDF list of the inputs: head -> members (IRIs bare, other terms in N-Triples form)."""
    cells: dict[str, tuple[str, str]] = {}
    rows = store.query(f"{PROLOGUE}SELECT ?cell ?first ?rest {_from(graphs)} WHERE {{ ?cell rdf:first ?first ; rdf:rest ?rest }}")
    for cell, first, rest in rows:
        if cell and first and rest:
            cells[cell] = (first, rest)
    lists: dict[str, list[str]] = {}
    for head in cells:
        members, cell, seen = [], head, set()
        while cell in cells and cell not in seen:
            seen.add(cell)
            first, cell = cells[cell]
            members.append(_unwrap(first))
        lists[_unwrap(head)] = members
    return lists


def _axioms(store: SparqlStore, graph: Graphs, predicate: str) -> list[tuple[str, str]]:
    rows = store.query(f"{PROLOGUE}SELECT DISTINCT ?s ?o {_from(graph)} WHERE {{ ?s {predicate} ?o }}")
    return [(_unwrap(s), _unwrap(o)) for s, o in rows if s and o]


def compile_rules(store: SparqlStore, graph: Graphs) -> tuple[list[Rule], list[Rule]]:
    """(rules that conclude triples, rules that find contradictions), list axioms expanded.

    A list axiom whose subject or members are blank nodes (not skolemised) cannot be named in a
    query; it raises ValueError rather than being silently ignored."""
    lists = read_lists(store, graph)

    def members(head: str, axiom: str) -> list[str]:
        if head == RDF + "nil":
            return []
        if head not in lists:
            raise ValueError(f"{axiom}: {head} is not a well-formed RDF list")
        found = lists[head]
        for m in found:
            if m.startswith("_:"):
                raise ValueError(f"{axiom}: the list member {m} is a blank node; skolemise the ontology first")
        return found

    def named(subject: str, axiom: str) -> str:
        if subject.startswith("_:"):
            raise ValueError(f"{axiom}: {subject} is a blank node; skolemise the ontology first")
        return subject

    rules = list(FIXED)
    contradictions = list(CONTRADICTIONS) + [ill_typed_literals()]
    for prop, head in _axioms(store, graph, "owl:propertyChainAxiom"):
        chain = members(head, "owl:propertyChainAxiom")
        if chain:
            rules.append(chain_rule(named(prop, "owl:propertyChainAxiom"), chain))
    for cls, head in _axioms(store, graph, "owl:intersectionOf"):
        items = members(head, "owl:intersectionOf")
        if items:
            rules.extend(intersection_rules(named(cls, "owl:intersectionOf"), items))
    for cls, head in _axioms(store, graph, "owl:unionOf"):
        rules.extend(union_rules(named(cls, "owl:unionOf"), members(head, "owl:unionOf")))
    for cls, head in _axioms(store, graph, "owl:oneOf"):
        rules.extend(one_of_rules(named(cls, "owl:oneOf"), members(head, "owl:oneOf")))
    for cls, head in _axioms(store, graph, "owl:hasKey"):
        keys = members(head, "owl:hasKey")
        if keys:
            rules.append(key_rule(named(cls, "owl:hasKey"), keys))
    members_of_kind: dict[tuple[str, str], set[str]] = {}
    rows = store.query(
        f"{PROLOGUE}SELECT DISTINCT ?axiom ?head ?type {_from(graph)} WHERE {{ ?axiom owl:members ?head ; rdf:type ?type }}"
    )
    for axiom_node, list_head, kind in rows:  # the axiom node is usually a blank node: found by its type, never named
        if axiom_node and list_head and kind:
            members_of_kind.setdefault((axiom_node, _unwrap(list_head)), set()).add(_unwrap(kind))
    for (_, head), types in members_of_kind.items():
        items = members(head, "owl:members")
        if OWL + "AllDisjointClasses" in types:
            contradictions.extend(all_disjoint_classes_rules(items))
        if OWL + "AllDisjointProperties" in types:
            contradictions.extend(all_disjoint_properties_rules(items))
        if OWL + "AllDifferent" in types:
            contradictions.extend(all_different_rules(items))
    for _, head in _axioms(store, graph, "owl:distinctMembers"):
        contradictions.extend(all_different_rules(members(head, "owl:distinctMembers")))
    rules.extend(_datatype_fillers(store, graph))
    if not _thing_used(store, graph):
        rules = [_no_thing_typing(r) for r in rules]
    return rules, contradictions


# Where owl:Thing may stand without any rule reading `?x rdf:type owl:Thing`: as a superclass, a
# domain or range, a filler (cls-svf2 needs no typing; cls-avf only concludes it), a type.
THING_HARMLESS = ("rdfs:subClassOf", "rdfs:domain", "rdfs:range", "owl:someValuesFrom", "owl:allValuesFrom", "rdf:type")
TYPING_RULES = {"prp-dom", "prp-rng", "cax-sco", "cax-eqc1", "cax-eqc2", "cls-avf"}


def _thing_used(store: SparqlStore, graph: Graphs) -> bool:
    """Whether owl:Thing occurs where membership in it could let a rule conclude something (a
    subject of an axiom, a member of a list, a disjoint class…)."""
    rows = store.query(
        f"{PROLOGUE}SELECT ?s ?p ?o {_from(graph)} WHERE {{ {{ owl:Thing ?p ?o BIND(owl:Thing AS ?s) "
        f"FILTER(!(?p = rdf:type && ?o = owl:Class)) }} UNION {{ ?s ?p owl:Thing BIND(owl:Thing AS ?o) "
        f"FILTER(?p NOT IN ({', '.join(THING_HARMLESS)})) }} }} LIMIT 1"
    )
    return bool(rows)


def _no_thing_typing(rule: Rule) -> Rule:
    """`?x rdf:type owl:Thing` holds of every individual and the build drops it ("thing-typing"):
    when no rule can read it (`_thing_used`), the typing rules do not write it — a fifth of the
    triples derived at 100k."""
    if rule.name not in TYPING_RULES or rule.conclusion is None:
        return rule
    cls = rule.conclusion.split()[2]
    return replace(rule, filters=(*rule.filters, f"{cls} != owl:Thing"))


def _datatype_fillers(store: SparqlStore, graph: Graphs) -> list[Rule]:
    """cls-svf1 for a datatype filler: a literal value of that datatype (or one below it) is enough."""
    rules = []
    for r, filler in _axioms(store, graph, "owl:someValuesFrom"):
        if filler == RDFS + "Literal":
            test = "isLiteral(?v)"
        elif filler.startswith(XSD):
            names = (filler[len(XSD) :], *XSD_BELOW.get(filler[len(XSD) :], ()))
            test = "isLiteral(?v) && datatype(?v) IN (" + ", ".join(f"xsd:{n}" for n in names) + ")"
        else:
            continue
        rules.append(Rule("cls-svf1", (f"<{r}> owl:onProperty ?p", "?u ?p ?v"), f"?u rdf:type <{r}>", (test,)))
    return rules


# --- rules as SPARQL ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Graphs:
    """Where a closure reads and writes. The premises are matched in the merge of `inputs` and
    `inferred` (SPARQL's `USING`, so the inputs are never copied); `delta` holds what the last
    round added and `next` what this round adds."""

    inputs: tuple[str, ...]
    inferred: str
    delta: str = DELTA
    next: str = NEW

    def using(self) -> str:
        return " ".join(f"USING <{g}>" for g in (*self.inputs, self.inferred)) + f" USING NAMED <{self.delta}>"


SCHEMA_PREDICATES = {
    "rdfs:subClassOf",
    "rdfs:subPropertyOf",
    "rdfs:domain",
    "rdfs:range",
    "owl:equivalentClass",
    "owl:equivalentProperty",
    "owl:inverseOf",
    "owl:onProperty",
    "owl:hasValue",
    "owl:someValuesFrom",
    "owl:allValuesFrom",
    "owl:maxCardinality",
    "owl:maxQualifiedCardinality",
    "owl:onClass",
}


def _order(premise: str, is_delta: bool) -> tuple[int, int]:
    """Join order: axioms of the ontology first (a few thousand triples at most), then the delta,
    then the rest; a premise with a constant predicate before one with a variable predicate.
    Stores evaluate a basic graph pattern roughly as written, and starting from the data side
    (`?x ?p ?y`, every triple) instead of from `?p rdfs:domain ?c` costs 10x at 100k triples."""
    _, predicate, obj = premise.split(maxsplit=2)
    schema = predicate in SCHEMA_PREDICATES or (predicate == "rdf:type" and obj.startswith("owl:"))
    return (0 if schema else 1 if is_delta else 2, 1 if predicate.startswith("?") else 0)


def _where(rule: Rule, delta_index: int | None, delta: str | None) -> str:
    """The WHERE body: premise `delta_index` read from the delta graph, the others from the default
    graph (inputs and inferred so far), in the order of `_order`."""
    ordered = sorted(range(len(rule.premises)), key=lambda i: _order(rule.premises[i], i == delta_index))
    parts = []
    for i in ordered:
        if i == delta_index:
            parts.append(f"GRAPH <{delta}> {{ {rule.premises[i]} }}")
        else:
            parts.append(f"{rule.premises[i]} .")
    parts.extend(rule.binds)
    parts.extend(f"FILTER({f})" for f in rule.filters)
    return " ".join(parts)


def insert(rule: Rule, delta_index: int | None, graphs: Graphs) -> str:
    """The update for one rule (one semi-naive variant, or the whole rule when delta_index is None).

    Conclusions go into `next` unchecked: a graph is a set, so the many rules that conclude the same
    triple in a round store it once, and `Reasoner._fixpoint` removes what was known in one pass.
    (A `FILTER NOT EXISTS` per conclusion cost twice the CPU on pyoxigraph at 100k triples.)"""
    assert rule.conclusion is not None
    head = rule.conclusion
    return f"{PROLOGUE}INSERT {{ GRAPH <{graphs.next}> {{ {head} }} }} {graphs.using()} WHERE {{ {_where(rule, delta_index, graphs.delta)} }}"


def forget_known(graphs: Graphs) -> str:
    """Remove from `next` what the inputs or the inferred graph already hold."""
    return ";\n".join(
        f"DELETE {{ GRAPH <{graphs.next}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graphs.next}> {{ ?s ?p ?o }} "
        f"FILTER EXISTS {{ GRAPH <{g}> {{ ?s ?p ?o }} }} }}"
        for g in (graphs.inferred, *graphs.inputs)
    )


def forget_known_some(graphs: Graphs, known: str, rows: int) -> str:
    """Remove from `next` at most `rows` of the triples `known` holds (standard SPARQL 1.1: a
    sub-select with LIMIT), for a store that cannot delete millions of rows in one update."""
    return (
        f"DELETE {{ GRAPH <{graphs.next}> {{ ?s ?p ?o }} }} WHERE {{ {{ SELECT ?s ?p ?o WHERE {{ "
        f"GRAPH <{graphs.next}> {{ ?s ?p ?o }} FILTER EXISTS {{ GRAPH <{known}> {{ ?s ?p ?o }} }} }} LIMIT {rows} }} }}"
    )


def contradiction_query(rule: Rule, graphs: Graphs) -> str:
    assert rule.message is not None
    sources = " ".join(f"FROM <{g}>" for g in (*graphs.inputs, graphs.inferred))
    return f"{PROLOGUE}SELECT DISTINCT ?message {sources} WHERE {{ {_where(rule, None, None)} BIND({rule.message} AS ?message) }}"


# --- the loop -----------------------------------------------------------------------------------


def count(store: SparqlStore, graph: str) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(_literal_value(rows[0][0] or '"0"')) if rows else 0


def variants(rule: Rule) -> list[int]:
    """Premise positions a new triple can enter through (all but those fixed by the ontology)."""
    return [i for i in range(len(rule.premises)) if i not in rule.schema]


class Reasoner:
    """The OWL 2 RL closure of some named graphs of a store, into another graph of that store."""

    def __init__(
        self,
        store: SparqlStore,
        progress: Progress | None = None,
        max_rounds: int = 1000,
        work: tuple[str, str] = (DELTA, NEW),
        batch: int = 1,
        max_update_rows: int | None = None,
    ):
        """`work`: the two graphs a round alternates between (the delta read, the next written),
        emptied before and dropped after. A shared store needs names of its own per closure
        (store_build uses the build's), so that two builds, or a killed one, never mix.

        `batch`: rule updates sent per request, as one SPARQL Update of `;`-separated operations.
        The updates of a round are independent (each reads the inputs, the inferred graph and the
        delta, and writes only `next`, which none reads), so grouping them changes nothing but
        the round trips: ~4 ms each over HTTP to Virtuoso, 1,000 for the project's closure.

        `max_update_rows`: the most rows one "forget known" DELETE may remove (None: the store's
        `max_update_rows` attribute if it has one, else no bound). Virtuoso fails a DELETE of
        more than about a million rows ("FRVEC: array in for vectored over max vector length",
        then "The array extend 1048576 is less than requested"): at 10M triples, round 2 re-derives
        millions of known triples. Bounded, the DELETE is repeated until one removes fewer than
        the bound, each repetition reading `next` again: slower, so only where needed."""
        self.store = store
        self.progress = progress or _quiet
        self.max_rounds = max_rounds
        self.work = work
        self.batch = max(1, batch)
        self.max_update_rows = max_update_rows if max_update_rows is not None else getattr(store, "max_update_rows", None)

    def closure(self, inputs: Sequence[str], inferred: str) -> Run:
        """Reason over the union of the `inputs` graphs; every new triple (uncleaned) goes into
        `inferred` (emptied first). Contradictions are listed in the result, not raised."""
        run = Run()
        store = self.store
        start = time.perf_counter()
        cpu = time.process_time()
        a, b = self.work
        for graph in (inferred, a, b):
            store.update(f"DROP SILENT GRAPH <{graph}>")
        graphs = Graphs(tuple(inputs), inferred, delta=a, next=b)
        rules, contradictions = compile_rules(store, graphs)
        run.rules = len(rules)
        run.seconds["compile"] = time.perf_counter() - start
        phase = time.perf_counter()
        # The schema first (scm-* rules over the ontology's few thousand triples), so that the
        # instance rules then meet the closed class and property hierarchies at once, instead of
        # reading the data again each time the hierarchy grows by one level.
        schema = [r for r in rules if r.name.startswith("scm-")]
        graphs = self._fixpoint(run, schema, graphs, "schema")
        graphs = self._fixpoint(run, rules, graphs, "round")
        run.seconds["rounds"] = time.perf_counter() - phase
        phase = time.perf_counter()
        for rule in contradictions:
            for (message,) in store.query(contradiction_query(rule, graphs)):
                if message:
                    run.inconsistencies.append(Inconsistency(rule.name, _literal_value(message)))
        run.seconds["contradictions"] = time.perf_counter() - phase
        run.seconds["cpu"] = time.process_time() - cpu
        for graph in self.work:
            store.update(f"DROP SILENT GRAPH <{graph}>")
        return run

    def _fixpoint(self, run: Run, rules: list[Rule], graphs: Graphs, what: str) -> Graphs:
        """Rounds until one adds nothing: the first runs each rule over everything, the next ones
        each semi-naive variant against the delta."""
        updates = [(f"{r.name}[*]", insert(r, None, graphs)) for r in rules]
        rounds = 0
        while True:
            rounds += 1
            run.rounds += 1
            for start in range(0, len(updates), self.batch):
                group = updates[start : start + self.batch]
                began = time.perf_counter()
                self.store.update(group[0][1] if len(group) == 1 else _one_request([update for _, update in group]))
                spent = time.perf_counter() - began
                for name, _ in group:  # a batch's time is shared evenly by its rules
                    run.rule_seconds[name] += spent / len(group)
                run.updates += len(group)
                self.progress(f"{what} {rounds}", start + len(group), len(updates))
            began = time.perf_counter()
            self._forget_known(graphs)
            run.rule_seconds["(forget known)"] += time.perf_counter() - began
            added = count(self.store, graphs.next)
            run.added.append(added)
            self.store.update(f"DROP SILENT GRAPH <{graphs.delta}>")
            began = time.perf_counter()
            self.store.update(f"ADD SILENT <{graphs.next}> TO <{graphs.inferred}>")
            run.rule_seconds["(add new)"] += time.perf_counter() - began
            if added == 0:
                return graphs
            if run.rounds >= self.max_rounds:
                raise RuntimeError(f"no fixpoint after {self.max_rounds} rounds")
            graphs = Graphs(graphs.inputs, graphs.inferred, delta=graphs.next, next=graphs.delta)
            updates = [(f"{r.name}[{i}]", insert(r, i, graphs)) for r in rules for i in variants(r)]

    def _forget_known(self, graphs: Graphs) -> None:
        """Remove from `next` what the inputs or the inferred graph hold: one update, or pieces
        of at most `max_update_rows` rows each."""
        bound = self.max_update_rows
        if bound is None:
            self.store.update(forget_known(graphs))
            return
        for known in (graphs.inferred, *graphs.inputs):
            left = count(self.store, graphs.next)
            while left:
                self.store.update(forget_known_some(graphs, known, bound))
                now = count(self.store, graphs.next)
                if left - now < bound:  # fewer than a full piece: none of `known` is left
                    break
                left = now


def _one_request(updates: list[str]) -> str:
    """Updates as one request: the prefixes once, then the operations separated by `;`. (The
    grammar lets each operation have its own prologue, but Oxigraph's parser refuses a PREFIX
    after `;`.)"""
    return PROLOGUE + " ;\n".join(u.removeprefix(PROLOGUE) for u in updates)


def _literal_value(term: str) -> str:
    """The lexical form of a literal in N-Triples syntax."""
    if not term.startswith('"'):
        return term
    end = term.rfind('"')
    text = term[1:end]
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


# --- cleaning -----------------------------------------------------------------------------------

STANDARD = (RDF, RDFS, OWL, XSD)
REFLEXIVE = ("owl:sameAs", "rdfs:subClassOf", "rdfs:subPropertyOf", "owl:equivalentClass", "owl:equivalentProperty")

# reason (as in reason.noise) -> patterns of the triples it drops, in a graph written {g}
NOISE: list[tuple[str, list[str]]] = [
    ("reflexive", [f"GRAPH <{{g}}> {{{{ ?s {p} ?s }}}} BIND(?s AS ?o) BIND({p} AS ?p)" for p in REFLEXIVE]),
    (
        "thing-typing",
        [f"GRAPH <{{g}}> {{{{ ?s rdf:type {c} }}}} BIND(rdf:type AS ?p) BIND({c} AS ?o)" for c in ("owl:Thing", "rdfs:Resource")],
    ),
    (
        "trivial-schema",
        [
            f"GRAPH <{{g}}> {{{{ ?s {p} {c} }}}} BIND({p} AS ?p) BIND({c} AS ?o)"
            for p in ("rdfs:subClassOf", "rdfs:domain", "rdfs:range")
            for c in ("owl:Thing", "rdfs:Resource")
        ]
        + ["GRAPH <{g}> {{ owl:Nothing rdfs:subClassOf ?o }} BIND(owl:Nothing AS ?s) BIND(rdfs:subClassOf AS ?p)"],
    ),
    (
        "standard-vocabulary",
        [
            "GRAPH <{g}> {{ ?s ?p ?o }} FILTER(isIRI(?s) && ("
            + " || ".join(f'STRSTARTS(STR(?s), "{ns}")' for ns in STANDARD)
            + "))"
        ],
    ),
    (
        "anonymous-class",
        [
            "GRAPH <{g}> {{ ?s ?p ?o }} FILTER("
            + " || ".join(f'(isIRI(?{v}) && STRSTARTS(STR(?{v}), "{SKOLEM}"))' for v in "spo")
            + ")"
        ],
    ),
]


def clean(store: SparqlStore, inferred: str, stated: Sequence[str] = ()) -> Counter:
    """Delete from `inferred` the triples that say nothing (docs/reasoning.md; the reasons of
    reason.noise, in its order); return how many each reason dropped.

    `stated`: graphs whose triples are not repeated as inferred. The engine never derives a triple
    its inputs hold, so only triples kept out of the inputs (links to other datasets) can be."""
    dropped: Counter = Counter()

    def drop(reason: str, where: str) -> None:
        rows = store.query(f"{PROLOGUE}SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        n = int(_literal_value(rows[0][0] or '"0"')) if rows else 0
        if n:
            dropped[reason] += n
            store.update(f"{PROLOGUE}DELETE {{ GRAPH <{inferred}> {{ ?s ?p ?o }} }} WHERE {{ {where} }}")

    for graph in stated:
        drop("already-stated", f"GRAPH <{graph}> {{ ?s ?p ?o }} GRAPH <{inferred}> {{ ?s ?p ?o }}")
    for reason, patterns in NOISE:
        for pattern in patterns:
            drop(reason, pattern.format(g=inferred))
    return dropped
