"""The graph keeps its promises: every quote is the article's text at its offsets, every fact and
event has a mention, every entity a label, no blank node a user would link to, and only declared
ontology terms."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from treaty_kg.rdf.load import parse_into
from treaty_kg.rdf.namespaces import ID, OA, PROV, SCHEMA, SOURCE, TKG


def subclasses(ontology: Graph, root: URIRef) -> set[URIRef]:
    """`root` and every class below it in the ontology (rdfs:subClassOf, transitively)."""
    return set(ontology.transitive_subjects(RDFS.subClassOf, root))


def instances(kg: Graph, classes: set[URIRef]) -> set[URIRef]:
    return {s for c in classes for s in kg.subjects(RDF.type, c)}


def mentions(kg: Graph) -> set[URIRef]:
    return set(kg.subjects(RDF.type, TKG.Mention))


def test_every_graph_file_parses(graph_files: list[Path]) -> None:
    assert graph_files, "graph/ holds no Turtle file"
    for path in graph_files:
        parse_into(Graph(), path)  # raises InputError with file:line:column


def test_sources_hold_the_articles_exactly(kg: Graph, shared_articles: Path) -> None:
    for article in sorted(shared_articles.glob("*.txt")):
        text = kg.value(SOURCE[article.stem], SCHEMA.text)
        assert text is not None, f"source:{article.stem} has no schema:text"
        assert str(text) == article.read_text(encoding="utf-8"), f"source:{article.stem}: text differs from {article}"


def test_every_quote_is_the_text_at_its_offsets(kg: Graph) -> None:
    assert mentions(kg)
    problems = []
    for mention in sorted(mentions(kg)):
        source = kg.value(mention, OA.hasSource)
        text = kg.value(source, SCHEMA.text) if source is not None else None
        selectors = list(kg.objects(mention, OA.hasSelector))
        quotes = [s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in kg]
        positions = [s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in kg]
        if text is None or len(quotes) != 1 or len(positions) != 1:
            problems.append(f"{mention}: needs a source with text and one quote and one position selector")
            continue
        text = str(text)
        start = kg.value(positions[0], OA.start).toPython()
        end = kg.value(positions[0], OA.end).toPython()
        exact = str(kg.value(quotes[0], OA.exact))
        if text[start:end] != exact:
            problems.append(f"{mention}: text[{start}:{end}] is {text[start:end]!r}, not {exact!r}")
        prefix, suffix = kg.value(quotes[0], OA.prefix), kg.value(quotes[0], OA.suffix)
        if prefix is not None and not text[:start].endswith(str(prefix)):
            problems.append(f"{mention}: oa:prefix does not precede the quote")
        if suffix is not None and not text[end:].startswith(str(suffix)):
            problems.append(f"{mention}: oa:suffix does not follow the quote")
        if str(mention) != f"{source}".replace(str(SOURCE), "https://w3id.org/treaty-kg/mention/") + f"/{start}-{end}":
            problems.append(f"{mention}: IRI does not match its source and offsets {start}-{end}")
    assert not problems, "\n".join(problems)


def test_every_fact_and_event_has_a_mention(kg: Graph, ontology: Graph) -> None:
    nodes = instances(kg, subclasses(ontology, TKG.Fact) | subclasses(ontology, TKG.Event))
    assert nodes
    known = mentions(kg)
    missing = sorted(str(n) for n in nodes if not set(kg.objects(n, PROV.wasDerivedFrom)) & known)
    assert not missing, "no mention (prov:wasDerivedFrom a tkg:Mention) for:\n" + "\n".join(missing)


def test_every_cited_mention_exists(kg: Graph) -> None:
    known = mentions(kg)
    dangling = sorted(
        {str(o) for o in kg.objects(None, PROV.wasDerivedFrom) if str(o).startswith("https://w3id.org/treaty-kg/mention/")}
        - {str(m) for m in known}
    )
    assert not dangling, "prov:wasDerivedFrom a mention that no graph file defines:\n" + "\n".join(dangling)


def test_every_entity_has_a_label_and_a_mention(kg: Graph) -> None:
    entities = {s for s in kg.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(ID))}
    assert ID["luong-cuong"] in entities
    unlabelled = sorted(str(e) for e in entities if kg.value(e, RDFS.label) is None and kg.value(e, SKOS.prefLabel) is None)
    assert not unlabelled, "no rdfs:label or skos:prefLabel:\n" + "\n".join(unlabelled)
    unsourced = sorted(str(e) for e in entities if not set(kg.objects(e, PROV.wasDerivedFrom)) & mentions(kg))
    assert not unsourced, "no prov:wasDerivedFrom a mention:\n" + "\n".join(unsourced)


def test_blank_nodes_only_as_selectors(kg: Graph) -> None:
    blanks = {n for triple in kg for n in (triple[0], triple[2]) if isinstance(n, BNode)}
    stray = sorted(str(b) for b in blanks if not set(kg.subjects(OA.hasSelector, b)))
    assert not stray, f"{len(stray)} blank node(s) that are not a mention's selector"


def test_every_tkg_term_is_declared(kg: Graph, ontology: Graph) -> None:
    declared = {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef)}
    used = {p for p in kg.predicates() if str(p).startswith(str(TKG))}
    used |= {o for o in kg.objects(None, RDF.type) if str(o).startswith(str(TKG))}
    undeclared = sorted(str(t) for t in used - declared)
    assert not undeclared, "tkg: terms used in graph/ but not declared in ontology/:\n" + "\n".join(undeclared)


def test_concepts_used_are_declared(kg: Graph, ontology: Graph) -> None:
    """Roles, qualifiers, counted kinds and topics the facts point to exist in the SKOS schemes."""
    schemes = ("https://w3id.org/treaty-kg/role/", "https://w3id.org/treaty-kg/concept/")
    used = {o for o in kg.objects() if isinstance(o, URIRef) and str(o).startswith(schemes)}
    declared = set(ontology.subjects(RDF.type, SKOS.Concept))
    missing = sorted(str(c) for c in used - declared)
    assert not missing, "concepts used in graph/ but not declared in ontology/:\n" + "\n".join(missing)


@pytest.mark.parametrize("stem", ["000_afbaf1751a8ce4ce", "002_24b1f94ed58a9280"])
def test_sources_are_news_articles_with_date_and_language(kg: Graph, stem: str) -> None:
    source = SOURCE[stem]
    assert (source, RDF.type, SCHEMA.NewsArticle) in kg
    assert (source, RDF.type, TKG.NewsArticle) in kg
    assert kg.value(source, SCHEMA.inLanguage) == Literal("fr")
    assert kg.value(source, SCHEMA.datePublished) is not None


def test_every_relation_between_entities_has_a_source(kg: Graph, graph_files: list[Path]) -> None:
    """A plain tkg: triple between two id: entities is backed by a RelationStatement with a mention
    (posts are linked to their body by tkg:postIn, sourced through the post holdings instead)."""
    entities = next(p for p in graph_files if p.name == "entities.ttl")
    stated = {
        (kg.value(st, RDF.subject), kg.value(st, RDF.predicate), kg.value(st, RDF.object))
        for st in kg.subjects(RDF.type, TKG.RelationStatement)
        if set(kg.objects(st, PROV.wasDerivedFrom)) & mentions(kg)
    }
    triples = parse_into(Graph(), entities)
    unsourced = sorted(
        f"{s} {p} {o}"
        for s, p, o in triples
        if str(p).startswith(str(TKG))
        and p != TKG.postIn
        and str(s).startswith(str(ID))
        and str(o).startswith(str(ID))
        and (s, p, o) not in stated
    )
    assert not unsourced, "relations without a RelationStatement:\n" + "\n".join(unsourced)


def test_at_most_one_preferred_name_per_language(kg: Graph) -> None:
    """SKOS allows one skos:prefLabel per language: two files naming the same entity must agree."""
    seen: dict[tuple[object, str | None], list[str]] = {}
    for subject, label in kg.subject_objects(SKOS.prefLabel):
        seen.setdefault((subject, getattr(label, "language", None)), []).append(str(label))
    clashes = sorted(f"{s} @{lang}: {names}" for (s, lang), names in seen.items() if len(names) > 1)
    assert not clashes, "several skos:prefLabel in one language:\n" + "\n".join(clashes)
