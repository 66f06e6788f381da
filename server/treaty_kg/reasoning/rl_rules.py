"""The OWL 2 RL/RDF rules as data: premises, conclusion, filters, named as in OWL 2 Profiles §4.3.

A rule is a list of triple patterns (SPARQL syntax, prefixed names from `PREFIXES`), a conclusion
(one triple pattern) or, for the rules that only detect a contradiction, a message. Rules whose
premises walk an RDF list (property chains, intersections, unions, keys, AllDisjointClasses,
AllDifferent, AllDisjointProperties, oneOf) cannot be one fixed pattern: `list_rules` expands them
once per axiom found in the ontology, with the list's members written in as constants.

What is left out, and why (docs/reasoning.md says the same to users):
- eq-ref, cls-thing, cls-nothing1, prp-ap, dt-type1/2, dt-eq, dt-diff: axiomatic triples that hold
  of every term (`?x owl:sameAs ?x`, datatype declarations, literal typings). The build drops them
  from owlrl's output anyway ("reflexive", "standard-vocabulary", "literal-subject"), and none of
  them lets another rule conclude anything new.
- A conclusion with a literal as subject (`"2025"^^xsd:date rdf:type xsd:date`) is not written
  (RDF 1.1 has no literal subjects); `cls-svf1` with a datatype as filler checks the literal's
  datatype instead of such a typing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"

PREFIXES = {"rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD}


@dataclass(frozen=True)
class Rule:
    """`premises` (triple patterns) and `filters` (SPARQL expressions) give `conclusion`, or,
    for a contradiction rule (conclusion None), an inconsistency described by `message`, a
    SPARQL string expression over the premises' variables."""

    name: str
    premises: tuple[str, ...]
    conclusion: str | None = None
    filters: tuple[str, ...] = ()
    message: str | None = None
    # premises that only ever match the ontology's axioms: no need to join them against the delta
    schema: frozenset[int] = field(default_factory=frozenset)
    binds: tuple[str, ...] = ()  # `BIND(expression AS ?var)` clauses, after the premises

    @property
    def variables(self) -> set[str]:
        return {t for p in self.premises for t in p.split() if t.startswith("?")}


def show(variable: str) -> str:
    """A SPARQL expression writing a term in a message: `<iri>` (check-ontology and the build print
    them as CURIEs), `[]` for a blank node, a literal in quotes."""
    return f'IF(isIRI({variable}), CONCAT("<", STR({variable}), ">"), IF(isBlank({variable}), "[]", CONCAT("\\"", STR({variable}), "\\"")))'


def _shown(message: str | None) -> str | None:
    return None if message is None else re.sub(r"STR\((\?\w+)\)", lambda m: show(m.group(1)), message)


def rule(name: str, body: str, head: str | None = None, *filters: str, message: str | None = None) -> Rule:
    """`body` is triple patterns separated by ' . '; in `message`, `STR(?x)` is written as `show` does."""
    return Rule(name, tuple(p.strip() for p in body.split(" . ") if p.strip()), head, tuple(filters), _shown(message))


NOT_LITERAL = "!isLiteral({})"

# --- the fixed rules (no list in their premises) -------------------------------------------------

EQUALITY = [
    rule("eq-sym", "?x owl:sameAs ?y", "?y owl:sameAs ?x"),
    rule("eq-trans", "?x owl:sameAs ?y . ?y owl:sameAs ?z", "?x owl:sameAs ?z"),
    rule("eq-rep-s", "?s owl:sameAs ?s2 . ?s ?p ?o", "?s2 ?p ?o", "!isLiteral(?s2)"),
    rule("eq-rep-p", "?p owl:sameAs ?p2 . ?s ?p ?o", "?s ?p2 ?o", "isIRI(?p2)"),
    rule("eq-rep-o", "?o owl:sameAs ?o2 . ?s ?p ?o", "?s ?p ?o2"),
]

PROPERTIES = [
    rule("prp-dom", "?p rdfs:domain ?c . ?x ?p ?y", "?x rdf:type ?c"),
    rule("prp-rng", "?p rdfs:range ?c . ?x ?p ?y", "?y rdf:type ?c", "!isLiteral(?y)"),
    rule(
        "prp-fp",
        "?p rdf:type owl:FunctionalProperty . ?x ?p ?y1 . ?x ?p ?y2",
        "?y1 owl:sameAs ?y2",
        "?y1 != ?y2",
        "!isLiteral(?y1)",
    ),
    rule("prp-ifp", "?p rdf:type owl:InverseFunctionalProperty . ?x1 ?p ?y . ?x2 ?p ?y", "?x1 owl:sameAs ?x2", "?x1 != ?x2"),
    rule("prp-symp", "?p rdf:type owl:SymmetricProperty . ?x ?p ?y", "?y ?p ?x", "!isLiteral(?y)"),
    rule("prp-trp", "?p rdf:type owl:TransitiveProperty . ?x ?p ?y . ?y ?p ?z", "?x ?p ?z"),
    rule("prp-spo1", "?p1 rdfs:subPropertyOf ?p2 . ?x ?p1 ?y", "?x ?p2 ?y", "?p1 != ?p2"),
    rule("prp-eqp1", "?p1 owl:equivalentProperty ?p2 . ?x ?p1 ?y", "?x ?p2 ?y", "?p1 != ?p2"),
    rule("prp-eqp2", "?p1 owl:equivalentProperty ?p2 . ?x ?p2 ?y", "?x ?p1 ?y", "?p1 != ?p2"),
    rule("prp-inv1", "?p1 owl:inverseOf ?p2 . ?x ?p1 ?y", "?y ?p2 ?x", "!isLiteral(?y)"),
    rule("prp-inv2", "?p1 owl:inverseOf ?p2 . ?x ?p2 ?y", "?y ?p1 ?x", "!isLiteral(?y)"),
]

CLASSES = [
    rule("cls-svf1", "?r owl:someValuesFrom ?y . ?r owl:onProperty ?p . ?u ?p ?v . ?v rdf:type ?y", "?u rdf:type ?r"),
    rule("cls-svf2", "?r owl:someValuesFrom owl:Thing . ?r owl:onProperty ?p . ?u ?p ?v", "?u rdf:type ?r"),
    rule(
        "cls-avf",
        "?r owl:allValuesFrom ?y . ?r owl:onProperty ?p . ?u rdf:type ?r . ?u ?p ?v",
        "?v rdf:type ?y",
        "!isLiteral(?v)",
    ),
    rule("cls-hv1", "?r owl:hasValue ?y . ?r owl:onProperty ?p . ?u rdf:type ?r", "?u ?p ?y"),
    rule("cls-hv2", "?r owl:hasValue ?y . ?r owl:onProperty ?p . ?u ?p ?y", "?u rdf:type ?r"),
    rule(
        "cls-maxc2",
        "?r owl:maxCardinality ?n . ?r owl:onProperty ?p . ?u rdf:type ?r . ?u ?p ?y1 . ?u ?p ?y2",
        "?y1 owl:sameAs ?y2",
        'STR(?n) = "1"',
        "?y1 != ?y2",
        "!isLiteral(?y1)",
    ),
    rule(
        "cls-maxqc3",
        "?r owl:maxQualifiedCardinality ?n . ?r owl:onProperty ?p . ?r owl:onClass ?c . "
        "?u rdf:type ?r . ?u ?p ?y1 . ?y1 rdf:type ?c . ?u ?p ?y2 . ?y2 rdf:type ?c",
        "?y1 owl:sameAs ?y2",
        'STR(?n) = "1"',
        "?y1 != ?y2",
    ),
    rule(
        "cls-maxqc4",
        "?r owl:maxQualifiedCardinality ?n . ?r owl:onProperty ?p . ?r owl:onClass owl:Thing . "
        "?u rdf:type ?r . ?u ?p ?y1 . ?u ?p ?y2",
        "?y1 owl:sameAs ?y2",
        'STR(?n) = "1"',
        "?y1 != ?y2",
        "!isLiteral(?y1)",
    ),
]

CLASS_AXIOMS = [
    rule("cax-sco", "?c1 rdfs:subClassOf ?c2 . ?x rdf:type ?c1", "?x rdf:type ?c2", "?c1 != ?c2"),
    rule("cax-eqc1", "?c1 owl:equivalentClass ?c2 . ?x rdf:type ?c1", "?x rdf:type ?c2", "?c1 != ?c2"),
    rule("cax-eqc2", "?c1 owl:equivalentClass ?c2 . ?x rdf:type ?c2", "?x rdf:type ?c1", "?c1 != ?c2"),
]

SCHEMA = [
    # scm-cls and scm-op/dp: reflexive and trivial, dropped from the output, but the scm-* rules
    # below read them (scm-hv, scm-svf2 and scm-avf2 with p1 = p2), as owlrl's do.
    rule("scm-cls", "?c rdf:type owl:Class", "?c rdfs:subClassOf ?c"),
    rule("scm-cls", "?c rdf:type owl:Class", "?c owl:equivalentClass ?c"),
    rule("scm-cls", "?c rdf:type owl:Class", "?c rdfs:subClassOf owl:Thing"),
    rule("scm-cls", "?c rdf:type owl:Class", "owl:Nothing rdfs:subClassOf ?c"),
    rule("scm-op", "?p rdf:type owl:ObjectProperty", "?p rdfs:subPropertyOf ?p"),
    rule("scm-op", "?p rdf:type owl:ObjectProperty", "?p owl:equivalentProperty ?p"),
    rule("scm-dp", "?p rdf:type owl:DatatypeProperty", "?p rdfs:subPropertyOf ?p"),
    rule("scm-dp", "?p rdf:type owl:DatatypeProperty", "?p owl:equivalentProperty ?p"),
    # owlrl does the same for rdf:Property (not in the OWL 2 RL tables)
    rule("scm-op", "?p rdf:type rdf:Property", "?p rdfs:subPropertyOf ?p"),
    rule("scm-op", "?p rdf:type rdf:Property", "?p owl:equivalentProperty ?p"),
    rule("scm-sco", "?c1 rdfs:subClassOf ?c2 . ?c2 rdfs:subClassOf ?c3", "?c1 rdfs:subClassOf ?c3"),
    rule("scm-eqc1", "?c1 owl:equivalentClass ?c2", "?c1 rdfs:subClassOf ?c2"),
    rule("scm-eqc1", "?c1 owl:equivalentClass ?c2", "?c2 rdfs:subClassOf ?c1"),
    rule("scm-eqc2", "?c1 rdfs:subClassOf ?c2 . ?c2 rdfs:subClassOf ?c1", "?c1 owl:equivalentClass ?c2"),
    rule("scm-spo", "?p1 rdfs:subPropertyOf ?p2 . ?p2 rdfs:subPropertyOf ?p3", "?p1 rdfs:subPropertyOf ?p3"),
    rule("scm-eqp1", "?p1 owl:equivalentProperty ?p2", "?p1 rdfs:subPropertyOf ?p2"),
    rule("scm-eqp1", "?p1 owl:equivalentProperty ?p2", "?p2 rdfs:subPropertyOf ?p1"),
    rule("scm-eqp2", "?p1 rdfs:subPropertyOf ?p2 . ?p2 rdfs:subPropertyOf ?p1", "?p1 owl:equivalentProperty ?p2"),
    rule("scm-dom1", "?p rdfs:domain ?c1 . ?c1 rdfs:subClassOf ?c2", "?p rdfs:domain ?c2"),
    rule("scm-dom2", "?p2 rdfs:domain ?c . ?p1 rdfs:subPropertyOf ?p2", "?p1 rdfs:domain ?c"),
    rule("scm-rng1", "?p rdfs:range ?c1 . ?c1 rdfs:subClassOf ?c2", "?p rdfs:range ?c2"),
    rule("scm-rng2", "?p2 rdfs:range ?c . ?p1 rdfs:subPropertyOf ?p2", "?p1 rdfs:range ?c"),
    rule(
        "scm-hv",
        "?c1 owl:hasValue ?i . ?c1 owl:onProperty ?p1 . ?c2 owl:hasValue ?i . ?c2 owl:onProperty ?p2 . "
        "?p1 rdfs:subPropertyOf ?p2",
        "?c1 rdfs:subClassOf ?c2",
    ),
    rule(
        "scm-svf1",
        "?c1 owl:someValuesFrom ?y1 . ?c1 owl:onProperty ?p . ?c2 owl:someValuesFrom ?y2 . "
        "?c2 owl:onProperty ?p . ?y1 rdfs:subClassOf ?y2",
        "?c1 rdfs:subClassOf ?c2",
    ),
    rule(
        "scm-svf2",
        "?c1 owl:someValuesFrom ?y . ?c1 owl:onProperty ?p1 . ?c2 owl:someValuesFrom ?y . "
        "?c2 owl:onProperty ?p2 . ?p1 rdfs:subPropertyOf ?p2",
        "?c1 rdfs:subClassOf ?c2",
    ),
    rule(
        "scm-avf1",
        "?c1 owl:allValuesFrom ?y1 . ?c1 owl:onProperty ?p . ?c2 owl:allValuesFrom ?y2 . "
        "?c2 owl:onProperty ?p . ?y1 rdfs:subClassOf ?y2",
        "?c1 rdfs:subClassOf ?c2",
    ),
    rule(
        "scm-avf2",
        "?c1 owl:allValuesFrom ?y . ?c1 owl:onProperty ?p1 . ?c2 owl:allValuesFrom ?y . "
        "?c2 owl:onProperty ?p2 . ?p1 rdfs:subPropertyOf ?p2",
        "?c2 rdfs:subClassOf ?c1",
    ),
]

# Contradictions: each row found is one inconsistency, its message naming the triples involved.
CONTRADICTIONS = [
    rule(
        "eq-diff1",
        "?x owl:sameAs ?y . ?x owl:differentFrom ?y",
        None,
        message='CONCAT("owl:sameAs and owl:differentFrom on the same pair: ", STR(?x), " and ", STR(?y))',
    ),
    rule(
        "eq-diff1",
        "?x owl:sameAs ?y . ?y owl:differentFrom ?x",
        None,
        message='CONCAT("owl:sameAs and owl:differentFrom on the same pair: ", STR(?x), " and ", STR(?y))',
    ),
    rule(
        "prp-irp",
        "?p rdf:type owl:IrreflexiveProperty . ?x ?p ?x",
        None,
        message='CONCAT("Irreflexive property ", STR(?p), " used on ", STR(?x), " with itself")',
    ),
    rule(
        "prp-asyp",
        "?p rdf:type owl:AsymmetricProperty . ?x ?p ?y . ?y ?p ?x",
        None,
        message='CONCAT("Asymmetric property ", STR(?p), " used both ways between ", STR(?x), " and ", STR(?y))',
    ),
    rule(
        "prp-pdw",
        "?p1 owl:propertyDisjointWith ?p2 . ?x ?p1 ?y . ?x ?p2 ?y",
        None,
        message='CONCAT("Disjoint properties ", STR(?p1), " and ", STR(?p2), " both link ", STR(?x), " to ", STR(?y))',
    ),
    rule(
        "prp-npa1",
        "?n owl:sourceIndividual ?i1 . ?n owl:assertionProperty ?p . ?n owl:targetIndividual ?i2 . ?i1 ?p ?i2",
        None,
        message='CONCAT("Negative property assertion violated: ", STR(?i1), " ", STR(?p), " ", STR(?i2))',
    ),
    rule(
        "prp-npa2",
        "?n owl:sourceIndividual ?i1 . ?n owl:assertionProperty ?p . ?n owl:targetValue ?v . ?i1 ?p ?v",
        None,
        message='CONCAT("Negative property assertion violated: ", STR(?i1), " ", STR(?p), " ", STR(?v))',
    ),
    rule("cls-nothing2", "?x rdf:type owl:Nothing", None, message='CONCAT(STR(?x), " is a member of owl:Nothing")'),
    rule(
        "cls-com",
        "?c1 owl:complementOf ?c2 . ?x rdf:type ?c1 . ?x rdf:type ?c2",
        None,
        message='CONCAT("Complementary classes ", STR(?c1), " and ", STR(?c2), " have a common individual ", STR(?x))',
    ),
    rule(
        "cls-maxc1",
        "?r owl:maxCardinality ?n . ?r owl:onProperty ?p . ?u rdf:type ?r . ?u ?p ?y",
        None,
        'STR(?n) = "0"',
        message='CONCAT("Maximum cardinality 0 on ", STR(?p), " broken by ", STR(?u), " ", STR(?p), " ", STR(?y))',
    ),
    rule(
        "cls-maxqc1",
        "?r owl:maxQualifiedCardinality ?n . ?r owl:onProperty ?p . ?r owl:onClass ?c . "
        "?u rdf:type ?r . ?u ?p ?y . ?y rdf:type ?c",
        None,
        'STR(?n) = "0"',
        message='CONCAT("Maximum qualified cardinality 0 on ", STR(?p), " broken by ", STR(?u), " ", STR(?p), " ", STR(?y))',
    ),
    rule(
        "cls-maxqc2",
        "?r owl:maxQualifiedCardinality ?n . ?r owl:onProperty ?p . ?r owl:onClass owl:Thing . ?u rdf:type ?r . ?u ?p ?y",
        None,
        'STR(?n) = "0"',
        message='CONCAT("Maximum qualified cardinality 0 on ", STR(?p), " broken by ", STR(?u), " ", STR(?p), " ", STR(?y))',
    ),
    rule(
        "cax-dw",
        "?c1 owl:disjointWith ?c2 . ?x rdf:type ?c1 . ?x rdf:type ?c2",
        None,
        message='CONCAT("Disjoint classes ", STR(?c1), " and ", STR(?c2), " have a common individual ", STR(?x))',
    ),
]

# dt-not-type for the datatypes SPARQL 1.1 can cast to (a failed cast leaves the variable unbound).
CASTABLE = ("integer", "decimal", "float", "double", "boolean", "dateTime")
DATE_PATTERN = "^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?$"


def ill_typed_literals() -> Rule:
    """dt-not-type: a literal whose lexical form is not in its datatype (`"abc"^^xsd:integer`)."""
    casts = " || ".join(f"(?dt = xsd:{t} && !BOUND(?{t}))" for t in CASTABLE)
    return Rule(
        "dt-not-type",
        ("?s ?p ?o",),
        None,
        (f'{casts} || (?dt = xsd:date && !REGEX(STR(?o), "{DATE_PATTERN}"))',),
        _shown(
            'CONCAT("Lexical value of the literal ", STR(?o), " of ", STR(?s), " ", STR(?p), " does not match its datatype ", STR(?dt))'
        ),
        binds=(
            "BIND(IF(isLiteral(?o), datatype(?o), rdf:nil) AS ?dt)",
            *(f"BIND(IF(?dt = xsd:{t}, xsd:{t}(STR(?o)), true) AS ?{t})" for t in CASTABLE),
        ),
    )


FIXED: list[Rule] = EQUALITY + PROPERTIES + CLASSES + CLASS_AXIOMS + SCHEMA


# --- rules expanded once per list axiom ----------------------------------------------------------


def iri(term: str) -> str:
    return f"<{term}>"


def chain_rule(prop: str, chain: list[str]) -> Rule:
    """prp-spo2: `prop owl:propertyChainAxiom (p1 … pn)`: x p1 u1 … u(n-1) pn y gives x prop y."""
    steps = [f"?u{i} {iri(p)} ?u{i + 1}" for i, p in enumerate(chain)]
    return Rule("prp-spo2", tuple(steps), f"?u0 {iri(prop)} ?u{len(chain)}", ("!isLiteral(?u0)",))


def intersection_rules(cls: str, members: list[str]) -> list[Rule]:
    """cls-int1 (a member of every class is a member of the intersection), cls-int2, scm-int."""
    rules = [Rule("cls-int1", tuple(f"?y rdf:type {iri(m)}" for m in members), f"?y rdf:type {iri(cls)}")]
    for m in members:
        rules.append(Rule("cls-int2", (f"?y rdf:type {iri(cls)}",), f"?y rdf:type {iri(m)}"))
        rules.append(Rule("scm-int", (f"{iri(cls)} owl:intersectionOf ?list",), f"{iri(cls)} rdfs:subClassOf {iri(m)}"))
    return rules


def union_rules(cls: str, members: list[str]) -> list[Rule]:
    """cls-uni and scm-uni."""
    rules = []
    for m in members:
        rules.append(Rule("cls-uni", (f"?y rdf:type {iri(m)}",), f"?y rdf:type {iri(cls)}"))
        rules.append(Rule("scm-uni", (f"{iri(cls)} owl:unionOf ?list",), f"{iri(m)} rdfs:subClassOf {iri(cls)}"))
    return rules


def one_of_rules(cls: str, members: list[str]) -> list[Rule]:
    """cls-oo: each listed individual is a member."""
    return [Rule("cls-oo", (f"{iri(cls)} owl:oneOf ?list",), f"{_term(m)} rdf:type {iri(cls)}") for m in members]


def key_rule(cls: str, keys: list[str]) -> Rule:
    """prp-key, as OWL 2 RL states it: same class, same value for *every* key property.

    (owlrl 7.6.2 compares only the first n-1 properties, so a one-property key makes every
    instance of the class the same as every other: design decision 5.)"""
    premises = [f"?x rdf:type {iri(cls)}", f"?y rdf:type {iri(cls)}"]
    premises += [f"?x {iri(k)} ?z{i} . ?y {iri(k)} ?z{i}" for i, k in enumerate(keys)]
    body = tuple(p for chunk in premises for p in chunk.split(" . "))
    return Rule("prp-key", body, "?x owl:sameAs ?y", ("?x != ?y",))


def all_disjoint_classes_rules(members: list[str]) -> list[Rule]:
    """cax-adc: every pair of the list is disjoint."""
    return [
        Rule(
            "cax-adc",
            (f"?x rdf:type {iri(a)}", f"?x rdf:type {iri(b)}"),
            None,
            (),
            _shown(f'CONCAT("Disjoint classes <{a}> and <{b}> (owl:AllDisjointClasses) have a common individual ", STR(?x))'),
        )
        for i, a in enumerate(members)
        for b in members[i + 1 :]
    ]


def all_disjoint_properties_rules(members: list[str]) -> list[Rule]:
    """prp-adp: no pair of the list links the same two nodes."""
    return [
        Rule(
            "prp-adp",
            (f"?x {iri(a)} ?y", f"?x {iri(b)} ?y"),
            None,
            (),
            _shown(
                f'CONCAT("Disjoint properties <{a}> and <{b}> (owl:AllDisjointProperties) both link ", STR(?x), " to ", STR(?y))'
            ),
        )
        for i, a in enumerate(members)
        for b in members[i + 1 :]
    ]


def all_different_rules(members: list[str]) -> list[Rule]:
    """eq-diff2/3: no two listed individuals are the same."""
    return [
        Rule(
            "eq-diff2",
            (f"{_term(a)} owl:sameAs {_term(b)}",),
            None,
            (),
            f'"owl:sameAs and owl:AllDifferent on the same pair: <{_escape(a)}> and <{_escape(b)}>"',
        )
        for i, a in enumerate(members)
        for b in members[i + 1 :]
        if a != b
    ]


def _term(ntriples_term: str) -> str:
    """A list member as written in a query: IRIs come bare, literals already in N-Triples form."""
    return ntriples_term if ntriples_term.startswith(('"', "<", "_:")) else iri(ntriples_term)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
