"""The OWL 2 RL rules read backwards: for a conclusion, the premises that would give it.

Each rule is named as in the rule tables of the W3C OWL 2 RL profile (OWL 2 Profiles,
section 4.3: eq-*, prp-*, cls-*, cax-*, scm-*). `steps(kb, goal)` yields every rule
instance whose conclusion is `goal` and whose premises are all in the knowledge base
(the built dataset) or are memberships in an anonymous class, which the build does not
keep (see docs/reasoning.md) and which `explain` therefore proves in turn.
owlrl records no derivations, so this is how `treaty-kg explain` recovers one.
Rules that can only report a contradiction (cax-dw, prp-irp, ...) conclude nothing and
are left out, as are prp-fp, prp-ifp, prp-key and cls-maxc*, which the project's
ontology does not use (design decision 5).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

Triple = tuple[Node, Node, Node]

# What each rule does, for readers who do not know the table by heart.
TITLES: dict[str, str] = {
    "eq-sym": "owl:sameAs is symmetric",
    "eq-trans": "owl:sameAs is transitive",
    "eq-rep-s": "a subject may be replaced by an owl:sameAs",
    "eq-rep-o": "an object may be replaced by an owl:sameAs",
    "prp-dom": "domain of a property",
    "prp-rng": "range of a property",
    "prp-symp": "symmetric property",
    "prp-trp": "transitive property",
    "prp-spo1": "sub-property",
    "prp-spo2": "property chain",
    "prp-eqp1": "equivalent property",
    "prp-eqp2": "equivalent property",
    "prp-inv1": "inverse property",
    "prp-inv2": "inverse property",
    "cls-int1": "member of every class of an intersection",
    "cls-int2": "member of an intersection",
    "cls-uni": "member of a union",
    "cls-svf1": "some values from",
    "cls-svf2": "some values from owl:Thing",
    "cls-avf": "all values from",
    "cls-hv1": "has value: members have the value",
    "cls-hv2": "has value: having the value makes a member",
    "cls-oo": "one of",
    "cax-sco": "sub-class",
    "cax-eqc1": "equivalent class",
    "cax-eqc2": "equivalent class",
    "scm-cls": "every class is a sub-class of itself and of owl:Thing",
    "scm-op": "every object property is a sub-property of itself",
    "scm-dp": "every datatype property is a sub-property of itself",
    "scm-sco": "sub-class is transitive",
    "scm-eqc1": "equivalent classes are sub-classes of each other",
    "scm-eqc2": "mutual sub-classes are equivalent",
    "scm-spo": "sub-property is transitive",
    "scm-eqp1": "equivalent properties are sub-properties of each other",
    "scm-eqp2": "mutual sub-properties are equivalent",
    "scm-dom1": "a domain's super-class is a domain",
    "scm-dom2": "a super-property's domain is a domain",
    "scm-rng1": "a range's super-class is a range",
    "scm-rng2": "a super-property's range is a range",
    "scm-hv": "has-value restrictions on sub-properties",
    "scm-svf1": "some-values-from restrictions on sub-classes",
    "scm-svf2": "some-values-from restrictions on sub-properties",
    "scm-avf1": "all-values-from restrictions on sub-classes",
    "scm-avf2": "all-values-from restrictions on sub-properties",
    "scm-int": "an intersection is a sub-class of each of its classes",
    "scm-uni": "each class of a union is a sub-class of it",
}


@dataclass(frozen=True)
class Step:
    """One rule instance: `rule` concludes the goal from `premises`."""

    rule: str
    premises: tuple[Triple, ...]


class KnowledgeBase:
    """The built dataset as one graph, and which blank nodes are anonymous classes."""

    def __init__(self, graph: Graph, anonymous: set[BNode]):
        self.graph = graph
        self.anonymous = anonymous

    def holds(self, triple: Triple) -> bool:
        """In the dataset, or a membership in an anonymous class (never kept, proved on demand)."""
        return triple in self.graph or (triple[1] == RDF.type and triple[2] in self.anonymous)

    def items(self, head: Node) -> list[Node]:
        return list(Collection(self.graph, head)) if head != RDF.nil else []


def _sco(kb: KnowledgeBase, s: Node, c: Node) -> Iterator[Step]:
    """Goal `s rdf:type c`."""
    g = kb.graph
    if c == OWL.Thing:  # `C rdfs:subClassOf owl:Thing` is not kept: derive it from scm-cls
        for sub in g.objects(s, RDF.type):
            if sub != c and (sub, RDF.type, OWL.Class) in g:
                yield Step("cax-sco", ((sub, RDFS.subClassOf, c), (s, RDF.type, sub)))
    for sub in g.subjects(RDFS.subClassOf, c):
        if sub != c and kb.holds((s, RDF.type, sub)):
            yield Step("cax-sco", ((sub, RDFS.subClassOf, c), (s, RDF.type, sub)))
    for other in g.objects(c, OWL.equivalentClass):
        if other != c and kb.holds((s, RDF.type, other)):
            yield Step("cax-eqc2", ((c, OWL.equivalentClass, other), (s, RDF.type, other)))
    for other in g.subjects(OWL.equivalentClass, c):
        if other != c and kb.holds((s, RDF.type, other)):
            yield Step("cax-eqc1", ((other, OWL.equivalentClass, c), (s, RDF.type, other)))
    for prop in g.subjects(RDFS.domain, c):
        for y in g.objects(s, prop):
            yield Step("prp-dom", ((prop, RDFS.domain, c), (s, prop, y)))
    for prop in g.subjects(RDFS.range, c):
        for x in g.subjects(prop, s):
            yield Step("prp-rng", ((prop, RDFS.range, c), (x, prop, s)))
    for value in g.objects(c, OWL.hasValue):
        for prop in g.objects(c, OWL.onProperty):
            if (s, prop, value) in g:
                yield Step("cls-hv2", ((c, OWL.hasValue, value), (c, OWL.onProperty, prop), (s, prop, value)))
    for head in g.objects(c, OWL.intersectionOf):
        members = kb.items(head)
        if members and all(kb.holds((s, RDF.type, m)) for m in members):
            yield Step("cls-int1", ((c, OWL.intersectionOf, head), *((s, RDF.type, m) for m in members)))
    for head in g.subjects(RDF.first, c):
        yield from _in_list_of_class(kb, s, c, head)
    for head in g.objects(c, OWL.unionOf):
        for m in kb.items(head):
            if kb.holds((s, RDF.type, m)):
                yield Step("cls-uni", ((c, OWL.unionOf, head), (s, RDF.type, m)))
    for filler in g.objects(c, OWL.someValuesFrom):
        for prop in g.objects(c, OWL.onProperty):
            for v in g.objects(s, prop):
                axioms = ((c, OWL.someValuesFrom, filler), (c, OWL.onProperty, prop), (s, prop, v))
                if filler == OWL.Thing:
                    yield Step("cls-svf2", axioms)
                elif kb.holds((v, RDF.type, filler)):
                    yield Step("cls-svf1", (*axioms, (v, RDF.type, filler)))
    for restriction in g.subjects(OWL.allValuesFrom, c):
        for prop in g.objects(restriction, OWL.onProperty):
            for u in g.subjects(prop, s):
                if kb.holds((u, RDF.type, restriction)):
                    yield Step(
                        "cls-avf",
                        (
                            (restriction, OWL.allValuesFrom, c),
                            (restriction, OWL.onProperty, prop),
                            (u, RDF.type, restriction),
                            (u, prop, s),
                        ),
                    )
    for head in g.objects(c, OWL.oneOf):
        if s in kb.items(head):
            yield Step("cls-oo", ((c, OWL.oneOf, head),))


def _in_list_of_class(kb: KnowledgeBase, s: Node, c: Node, cell: Node) -> Iterator[Step]:
    """cls-int2: `s` is a member of an intersection that lists `c`."""
    g = kb.graph
    head = cell
    while True:  # walk back to the list's head
        previous = next(g.subjects(RDF.rest, head), None)
        if previous is None:
            break
        head = previous
    for inter in g.subjects(OWL.intersectionOf, head):
        if kb.holds((s, RDF.type, inter)):
            yield Step("cls-int2", ((inter, OWL.intersectionOf, head), (s, RDF.type, inter)))


def _property(kb: KnowledgeBase, s: Node, p: Node, o: Node) -> Iterator[Step]:
    """Goal `s p o` for any property `p`."""
    g = kb.graph
    for sub in g.subjects(RDFS.subPropertyOf, p):
        if sub != p and (s, sub, o) in g:
            yield Step("prp-spo1", ((sub, RDFS.subPropertyOf, p), (s, sub, o)))
    for other in g.objects(p, OWL.equivalentProperty):
        if other != p and (s, other, o) in g:
            yield Step("prp-eqp2", ((p, OWL.equivalentProperty, other), (s, other, o)))
    for other in g.subjects(OWL.equivalentProperty, p):
        if other != p and (s, other, o) in g:
            yield Step("prp-eqp1", ((other, OWL.equivalentProperty, p), (s, other, o)))
    for other in g.subjects(OWL.inverseOf, p):
        if (o, other, s) in g:
            yield Step("prp-inv1", ((other, OWL.inverseOf, p), (o, other, s)))
    for other in g.objects(p, OWL.inverseOf):
        if (o, other, s) in g:
            yield Step("prp-inv2", ((p, OWL.inverseOf, other), (o, other, s)))
    if (p, RDF.type, OWL.SymmetricProperty) in g and (o, p, s) in g:
        yield Step("prp-symp", ((p, RDF.type, OWL.SymmetricProperty), (o, p, s)))
    if (p, RDF.type, OWL.TransitiveProperty) in g:
        for z in g.objects(s, p):
            if z not in (s, o) and (z, p, o) in g:
                yield Step("prp-trp", ((p, RDF.type, OWL.TransitiveProperty), (s, p, z), (z, p, o)))
    for head in g.objects(p, OWL.propertyChainAxiom):
        chain = kb.items(head)
        for links in _chain_paths(g, s, chain, o):
            yield Step("prp-spo2", ((p, OWL.propertyChainAxiom, head), *links))
    for restriction in g.subjects(OWL.onProperty, p):
        if (restriction, OWL.hasValue, o) in g and kb.holds((s, RDF.type, restriction)):
            yield Step(
                "cls-hv1",
                ((restriction, OWL.hasValue, o), (restriction, OWL.onProperty, p), (s, RDF.type, restriction)),
            )
    for same in g.subjects(OWL.sameAs, s):
        if same != s and (same, p, o) in g:
            yield Step("eq-rep-s", ((same, OWL.sameAs, s), (same, p, o)))
    for same in g.subjects(OWL.sameAs, o):
        if same != o and (s, p, same) in g:
            yield Step("eq-rep-o", ((same, OWL.sameAs, o), (s, p, same)))


def _chain_paths(g: Graph, start: Node, chain: list[Node], end: Node) -> Iterator[tuple[Triple, ...]]:
    """Every path `start -chain[0]-> ... -chain[-1]-> end` in the graph."""
    if not chain:
        return
    first, rest = chain[0], chain[1:]
    for middle in g.objects(start, first):
        if not rest:
            if middle == end:
                yield ((start, first, end),)
            continue
        for tail in _chain_paths(g, middle, rest, end):
            yield ((start, first, middle), *tail)


def _same_as(kb: KnowledgeBase, s: Node, o: Node) -> Iterator[Step]:
    g = kb.graph
    if (o, OWL.sameAs, s) in g:
        yield Step("eq-sym", ((o, OWL.sameAs, s),))
    for z in g.objects(s, OWL.sameAs):
        if z not in (s, o) and (z, OWL.sameAs, o) in g:
            yield Step("eq-trans", ((s, OWL.sameAs, z), (z, OWL.sameAs, o)))


def _sub_class(kb: KnowledgeBase, c1: Node, c2: Node) -> Iterator[Step]:
    g = kb.graph
    if c2 in (c1, OWL.Thing) and (c1, RDF.type, OWL.Class) in g:
        yield Step("scm-cls", ((c1, RDF.type, OWL.Class),))
    if c1 == OWL.Nothing and (c2, RDF.type, OWL.Class) in g:
        yield Step("scm-cls", ((c2, RDF.type, OWL.Class),))
    for mid in g.objects(c1, RDFS.subClassOf):
        if mid not in (c1, c2) and (mid, RDFS.subClassOf, c2) in g:
            yield Step("scm-sco", ((c1, RDFS.subClassOf, mid), (mid, RDFS.subClassOf, c2)))
    for a, b in ((c1, c2), (c2, c1)):
        if (a, OWL.equivalentClass, b) in g:
            yield Step("scm-eqc1", ((a, OWL.equivalentClass, b),))
    for head in g.objects(c1, OWL.intersectionOf):
        if c2 in kb.items(head):
            yield Step("scm-int", ((c1, OWL.intersectionOf, head),))
    for head in g.objects(c2, OWL.unionOf):
        if c1 in kb.items(head):
            yield Step("scm-uni", ((c2, OWL.unionOf, head),))
    for p1 in g.objects(c1, OWL.onProperty):
        for p2 in g.objects(c2, OWL.onProperty):
            props = (c1, OWL.onProperty, p1), (c2, OWL.onProperty, p2)
            for value in g.objects(c1, OWL.hasValue):
                if (c2, OWL.hasValue, value) in g and (p1, RDFS.subPropertyOf, p2) in g:
                    yield Step(
                        "scm-hv", ((c1, OWL.hasValue, value), (c2, OWL.hasValue, value), *props, (p1, RDFS.subPropertyOf, p2))
                    )
            for y1 in g.objects(c1, OWL.someValuesFrom):
                for y2 in g.objects(c2, OWL.someValuesFrom):
                    fillers = (c1, OWL.someValuesFrom, y1), (c2, OWL.someValuesFrom, y2)
                    if p1 == p2 and (y1, RDFS.subClassOf, y2) in g:
                        yield Step("scm-svf1", (*fillers, *props, (y1, RDFS.subClassOf, y2)))
                    if y1 == y2 and (p1, RDFS.subPropertyOf, p2) in g:
                        yield Step("scm-svf2", (*fillers, *props, (p1, RDFS.subPropertyOf, p2)))
            for y1 in g.objects(c1, OWL.allValuesFrom):
                for y2 in g.objects(c2, OWL.allValuesFrom):
                    fillers = (c1, OWL.allValuesFrom, y1), (c2, OWL.allValuesFrom, y2)
                    if p1 == p2 and (y1, RDFS.subClassOf, y2) in g:
                        yield Step("scm-avf1", (*fillers, *props, (y1, RDFS.subClassOf, y2)))
                    if y1 == y2 and (p2, RDFS.subPropertyOf, p1) in g:
                        yield Step("scm-avf2", (*fillers, *props, (p2, RDFS.subPropertyOf, p1)))


def _equivalent_class(kb: KnowledgeBase, c1: Node, c2: Node) -> Iterator[Step]:
    g = kb.graph
    if c1 == c2 and (c1, RDF.type, OWL.Class) in g:
        yield Step("scm-cls", ((c1, RDF.type, OWL.Class),))
    if (c1, RDFS.subClassOf, c2) in g and (c2, RDFS.subClassOf, c1) in g:
        yield Step("scm-eqc2", ((c1, RDFS.subClassOf, c2), (c2, RDFS.subClassOf, c1)))


def _sub_property(kb: KnowledgeBase, p1: Node, p2: Node) -> Iterator[Step]:
    g = kb.graph
    yield from _reflexive_property(kb, p1, p2)
    for mid in g.objects(p1, RDFS.subPropertyOf):
        if mid not in (p1, p2) and (mid, RDFS.subPropertyOf, p2) in g:
            yield Step("scm-spo", ((p1, RDFS.subPropertyOf, mid), (mid, RDFS.subPropertyOf, p2)))
    for a, b in ((p1, p2), (p2, p1)):
        if (a, OWL.equivalentProperty, b) in g:
            yield Step("scm-eqp1", ((a, OWL.equivalentProperty, b),))


def _reflexive_property(kb: KnowledgeBase, p1: Node, p2: Node) -> Iterator[Step]:
    """scm-op and scm-dp: every declared property is a sub-property and equivalent of itself."""
    if p1 == p2:
        for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
            if (p1, RDF.type, kind) in kb.graph:
                yield Step("scm-op" if kind == OWL.ObjectProperty else "scm-dp", ((p1, RDF.type, kind),))


def _equivalent_property(kb: KnowledgeBase, p1: Node, p2: Node) -> Iterator[Step]:
    g = kb.graph
    yield from _reflexive_property(kb, p1, p2)
    if (p1, RDFS.subPropertyOf, p2) in g and (p2, RDFS.subPropertyOf, p1) in g:
        yield Step("scm-eqp2", ((p1, RDFS.subPropertyOf, p2), (p2, RDFS.subPropertyOf, p1)))


def _domain_range(kb: KnowledgeBase, p: Node, axis: Node, c: Node) -> Iterator[Step]:
    """scm-dom1/2 and scm-rng1/2: goal `p rdfs:domain c` or `p rdfs:range c`."""
    g = kb.graph
    kind = "dom" if axis == RDFS.domain else "rng"
    for c1 in g.objects(p, axis):
        if c1 != c and (c1, RDFS.subClassOf, c) in g:
            yield Step(f"scm-{kind}1", ((p, axis, c1), (c1, RDFS.subClassOf, c)))
    for p2 in g.objects(p, RDFS.subPropertyOf):
        if p2 != p and (p2, axis, c) in g:
            yield Step(f"scm-{kind}2", ((p2, axis, c), (p, RDFS.subPropertyOf, p2)))


_SCHEMA: dict[Node, Callable[[KnowledgeBase, Node, Node], Iterator[Step]]] = {
    OWL.sameAs: _same_as,
    RDFS.subClassOf: _sub_class,
    OWL.equivalentClass: _equivalent_class,
    RDFS.subPropertyOf: _sub_property,
    OWL.equivalentProperty: _equivalent_property,
}


def steps(kb: KnowledgeBase, goal: Triple) -> Iterator[Step]:
    """Every rule instance concluding `goal` whose premises hold in the knowledge base."""
    s, p, o = goal
    if p == RDF.type:
        yield from _sco(kb, s, o)
    if p in _SCHEMA:
        yield from _SCHEMA[p](kb, s, o)
    if p in (RDFS.domain, RDFS.range):
        yield from _domain_range(kb, s, p, o)
    yield from _property(kb, s, p, o)
