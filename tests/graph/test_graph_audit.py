"""What the fact-check of the graph against the articles settled stays settled: names spelled
right and the articles' spellings kept, only certain Wikidata links, one node per fact however
many articles state it, and no speaker or event given to what the article says in its own voice."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from treaty_kg.rdf.namespaces import ID, PROV, SCHEMA, TKG

WIKIDATA = "http://www.wikidata.org/entity/"
PREFIXES = {"tkg": TKG, "rdf": RDF, "prov": PROV, "skos": SKOS}

# The only Wikidata identifiers checked as certain; any other link must be checked before it is added.
CONFIRMED_WIKIDATA = {
    "vietnam": "Q881",
    "laos": "Q819",
    "hanoi": "Q1858",
    "united-nations": "Q1065",
    "antonio-guterres": "Q311440",
}

# Correct Vietnamese spellings (skos:prefLabel @vi) of the people and bodies the articles name
# without, or with only some, diacritics.
VIETNAMESE_NAMES = {
    "luong-cuong": "Lương Cường",
    "bui-thanh-son": "Bùi Thanh Sơn",
    "pham-minh-chinh": "Phạm Minh Chính",
    "pham-the-tung": "Phạm Thế Tùng",
    "dang-hoang-giang": "Đặng Hoàng Giang",
    "phan-dinh-trac": "Phan Đình Trạc",
    "nguyen-xuan-thang": "Nguyễn Xuân Thắng",
    "luong-tam-quang": "Lương Tam Quang",
    "hanoi": "Hà Nội",
    "ministry-of-public-security": "Bộ Công an",
    "ministry-of-foreign-affairs": "Bộ Ngoại giao",
    "ministry-of-finance": "Bộ Tài chính",
    "politburo": "Bộ Chính trị",
    "central-internal-affairs-commission": "Ban Nội chính Trung ương",
    "central-theoretical-council": "Hội đồng Lý luận Trung ương",
    "ho-chi-minh-national-academy-of-politics": "Học viện Chính trị quốc gia Hồ Chí Minh",
    "unodc": "Văn phòng Liên Hợp Quốc về Ma túy và Tội phạm",
}


def article_texts(kg: Graph) -> list[str]:
    return [str(text) for text in kg.objects(None, SCHEMA.text)]


def local(node: URIRef) -> str:
    return str(node).rsplit("/", 1)[-1]


def test_wikidata_links_are_only_the_confirmed_ones(kg: Graph) -> None:
    links = {
        (local(entity), str(target)[len(WIKIDATA) :])
        for entity, target in kg.subject_objects(SCHEMA.sameAs)
        if str(target).startswith(WIKIDATA)
    }
    assert links <= set(CONFIRMED_WIKIDATA.items()), f"unconfirmed Wikidata links: {links - set(CONFIRMED_WIKIDATA.items())}"


@pytest.mark.parametrize(("name", "spelling"), sorted(VIETNAMESE_NAMES.items()))
def test_vietnamese_name_is_spelled_with_its_diacritics(kg: Graph, name: str, spelling: str) -> None:
    assert Literal(spelling, lang="vi") in set(kg.objects(ID[name], SKOS.prefLabel))


def test_people_are_also_named_as_the_articles_spell_them(kg: Graph) -> None:
    texts = article_texts(kg)
    missing = []
    for name in VIETNAMESE_NAMES:
        person = ID[name]
        if (person, RDF.type, TKG.Person) not in kg:
            continue
        spellings = [str(label) for label in kg.objects(person, SKOS.altLabel) if label.language == "fr"]
        if not spellings or not all(any(s in text for text in texts) for s in spellings):
            missing.append(name)
    assert not missing, f"people without the articles' spelling as skos:altLabel @fr: {missing}"


def test_every_french_alternative_name_is_in_an_article(kg: Graph) -> None:
    texts = article_texts(kg)
    invented = sorted(
        f"{local(entity)}: {label}"
        for entity, label in kg.subject_objects(SKOS.altLabel)
        if str(entity).startswith(str(ID)) and label.language == "fr" and not any(str(label) in t for t in texts)
    )
    assert not invented, f"skos:altLabel @fr is the articles' spelling, but these are in no article: {invented}"


@pytest.mark.parametrize("name", ["duc-tuan", "nhat-bac", "hai-minh"])
def test_unsure_diacritics_are_noted_not_guessed(kg: Graph, name: str) -> None:
    person = ID[name]
    assert not [label for label in kg.objects(person, SKOS.prefLabel) if label.language == "vi"]
    assert any("diacritic" in str(note) for note in kg.objects(person, SKOS.note))


def duplicates(kg: Graph, query: str) -> list[str]:
    counts = Counter(tuple(str(value) for value in row) for row in kg.query(query, initNs=PREFIXES))
    return [" ".join(key) for key, n in counts.items() if n > 1]


def test_a_participation_both_articles_state_is_one_node(kg: Graph) -> None:
    query = """SELECT ?event ?role (GROUP_CONCAT(STR(?agent); separator=",") AS ?agents) WHERE {
        ?p a tkg:Participation ; tkg:inEvent ?event ; tkg:role ?role ; ?property ?agent .
        FILTER (?property NOT IN (rdf:type, tkg:inEvent, tkg:role, tkg:status, prov:wasDerivedFrom, skos:note))
    } GROUP BY ?p ?event ?role"""
    assert not duplicates(kg, query)


def test_a_relation_both_articles_state_is_one_node(kg: Graph) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?r a tkg:RelationStatement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }"
    assert not duplicates(kg, query)


def test_a_post_holding_is_one_node_per_date_stated(kg: Graph) -> None:
    query = "SELECT ?holder ?post ?asOf WHERE { ?h a tkg:PostHolding ; tkg:holder ?holder ; tkg:post ?post ; tkg:asOf ?asOf }"
    assert not duplicates(kg, query)


def test_a_figure_both_articles_state_is_one_node(kg: Graph) -> None:
    query = """SELECT ?of ?counts ?value ?qualifier WHERE {
        ?f a tkg:StatedFigure ; tkg:figureOf ?of ; tkg:counts ?counts ; tkg:qualifier ?qualifier .
        OPTIONAL { ?f tkg:value ?value }
    }"""
    assert not duplicates(kg, query)


def test_what_an_article_says_in_its_own_voice_is_not_said_at_an_event(kg: Graph) -> None:
    query = """SELECT ?s WHERE {
        ?s a tkg:Assessment ; tkg:atEvent ?event .
        FILTER NOT EXISTS { ?s tkg:statedBy ?speaker }
    }"""
    assert not [local(row[0]) for row in kg.query(query, initNs=PREFIXES)]
