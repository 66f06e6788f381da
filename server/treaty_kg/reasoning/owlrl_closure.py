"""OWL 2 RL materialisation with owlrl, kept apart from the asserted facts and cleaned.

owlrl writes every consequence it draws, including the axiomatic noise of OWL 2 RL
(reflexive `owl:sameAs` for every term, `owl:Thing` typing, datatype declarations,
triples with a literal subject that RDF 1.1 and pyoxigraph refuse). Users query the
inferred graph, so it keeps only consequences that say something; `noise` names why
a triple is dropped and docs/reasoning.md explains each reason.
"""

from __future__ import annotations

import time
import warnings
from collections import Counter
from dataclasses import dataclass, field

from owlrl import DeductiveClosure, OWLRL_Semantics
from owlrl.Namespaces import ERRNS
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from treaty_kg.rdf.namespaces import BASE, GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, bind_prefixes

Triple = tuple

# The vocabularies of RDF, RDFS, OWL and XML Schema themselves: what owlrl says about
# them (datatypes are datatypes, rdfs:label is an annotation property) holds everywhere.
STANDARD_VOCABULARIES = (str(RDF), str(RDFS), str(OWL), str(XSD))

_TRIVIAL_SCHEMA = {
    # predicate -> objects that make a schema triple true of every class or property
    RDFS.subClassOf: {OWL.Thing, RDFS.Resource},
    RDFS.domain: {OWL.Thing, RDFS.Resource},
    RDFS.range: {OWL.Thing, RDFS.Resource},
}
_REFLEXIVE_TRIVIAL = {OWL.sameAs, RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty}


class InconsistentError(Exception):
    """The ontology and the facts contradict each other (owlrl reported errors)."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class Closure:
    """The cleaned inferred triples, how many of owlrl's raw triples each reason dropped, and timings."""

    inferred: Graph
    dropped: Counter = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)  # owlrl, cleaning


def class_expression_nodes(ontology: Graph) -> set[BNode]:
    """Blank nodes of the ontology: anonymous classes (restrictions) and RDF lists."""
    return {term for triple in ontology for term in triple if isinstance(term, BNode)}


def noise(triple: Triple, anonymous: set[BNode]) -> str | None:
    """Why the inferred graph drops this triple, or None if it keeps it."""
    s, p, o = triple
    if isinstance(s, Literal):
        return "literal-subject"
    if s == o and p in _REFLEXIVE_TRIVIAL:
        return "reflexive"
    if p == RDF.type and o in (OWL.Thing, RDFS.Resource):
        return "thing-typing"
    if o in _TRIVIAL_SCHEMA.get(p, ()) or (p == RDFS.subClassOf and s == OWL.Nothing):
        return "trivial-schema"
    if isinstance(s, URIRef) and str(s).startswith(STANDARD_VOCABULARIES):
        return "standard-vocabulary"
    if s in anonymous or o in anonymous:
        return "anonymous-class"
    return None


def reasoning_input(ontology: Graph, asserted: Graph) -> Dataset:
    """The ontology and the facts as two named graphs of one store, as owlrl's destination needs.

    `owl:sameAs` links from the project's IRIs to other datasets (Wikidata) are left out:
    they identify the same thing for consumers, but letting the reasoner copy every fact
    onto the external IRI would give every query two answers for each person.
    """
    dataset = Dataset()
    bind_prefixes(dataset)
    target = dataset.graph(GRAPH_ONTOLOGY)
    target += ontology
    target = dataset.graph(GRAPH_ASSERTED)
    target += (triple for triple in asserted if not external_identity(triple))
    return dataset


def external_identity(triple: Triple) -> bool:
    """An `owl:sameAs` between a project IRI and an IRI of another dataset."""
    s, p, o = triple
    if p != OWL.sameAs:
        return False
    return str(s).startswith(BASE) != str(o).startswith(BASE)


def closure(ontology: Graph, asserted: Graph) -> Closure:
    """Run owlrl's OWL 2 RL closure and keep the informative new triples.

    Raises InconsistentError when owlrl finds a contradiction (disjoint classes
    sharing a member, a literal not of its datatype, ...).
    """
    dataset = reasoning_input(ontology, asserted)
    raw = dataset.graph(GRAPH_INFERRED)
    start = time.perf_counter()
    with warnings.catch_warnings():  # rdflib warns on each of owlrl's Dataset lookups (default_context)
        warnings.simplefilter("ignore", DeprecationWarning)
        DeductiveClosure(OWLRL_Semantics).expand(dataset, destination=raw)
    owlrl_seconds = time.perf_counter() - start
    errors = sorted(str(m) for m in raw.objects(None, ERRNS.error))  # owlrl's inconsistency reports
    if errors:
        raise InconsistentError(errors)
    anonymous = class_expression_nodes(ontology)
    inferred = Graph()
    bind_prefixes(inferred)
    dropped: Counter = Counter()
    for triple in raw:
        if triple in asserted or triple in ontology:
            dropped["already-stated"] += 1
            continue
        why = noise(triple, anonymous)
        if why:
            dropped[why] += 1
        else:
            inferred.add(triple)
    seconds = {"owlrl": round(owlrl_seconds, 4), "cleaning": round(time.perf_counter() - start - owlrl_seconds, 4)}
    return Closure(inferred, dropped, seconds)


def materialise(ontology: Graph, asserted: Graph) -> Graph:
    """Only the inferred triples, cleaned (see `closure` for the counts of what was dropped)."""
    return closure(ontology, asserted).inferred
