"""A deterministic synthetic graph in treaty-kg's own patterns, for benchmarks and shape tests.

The real graph is a few thousand triples; to measure validation (and reasoning, serving)
at 10k-1M triples we need data shaped like it: sources with their full text, mentions
whose offsets select exactly their quote, labelled persons, organisations, states, cities
and posts, nested dated events with places, participations with role-specific agent
properties, post holdings and stated figures, each fact citing a mention. The graph
conforms to `shapes/` (tests/shapes proves it for a small size), so the figures measure
the work of validating conforming data, which is the common case in CI.

    python bench/synthetic.py --triples 100000 --out bench/out/synthetic-100k.ttl
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from treaty_kg.rdf.namespaces import CONCEPT, FACT, ID, MENTION, OA, PROV, ROLE, SCHEMA, SOURCE, TKG, bind_prefixes

# role concept local name -> its agent property (as roles.ttl declares with tkg:agentProperty)
ROLES: dict[str, str] = {
    "chair": "chair",
    "co-chair": "coChair",
    "speaker": "speaker",
    "attendee": "attendee",
    "organiser": "organiser",
    "host": "host",
    "signatory": "signatory",
}
EVENT_CLASSES = ["Meeting", "Ceremony", "SigningCeremony", "OpeningSession", "RoundTable", "Workshop"]
ORG_CLASSES = ["Organization", "Ministry", "Committee", "OrganizationalUnit"]
QUALIFIERS = ["exactly", "about", "nearly", "more-than"]
COUNTED = ["delegation", "country", "organisation", "workshop"]
# Vietnamese diacritics make character offsets differ from byte offsets, as in the articles.
GIVEN = ["Lương", "Bùi", "Phạm", "Đặng", "Nguyễn", "Phan", "Hồ", "Trần"]
FAMILY = ["Cường", "Sơn", "Chính", "Giang", "Thắng", "Trạc", "Quang", "Tùng"]
SENTENCES_PER_SOURCE = 150


@dataclass
class _Builder:
    """Accumulates triples and the text of each source, so mention offsets are exact."""

    rng: random.Random
    graph: Graph = field(default_factory=Graph)
    texts: list[list[str]] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)

    def add(self, s, p, o) -> None:
        self.graph.add((s, p, o))

    def source(self, index: int) -> URIRef:
        return SOURCE[f"synthetic-{index:04d}"]

    def mention(self, sentence: str) -> URIRef:
        """Append a sentence to the current source and return a mention of exactly it."""
        if not self.texts or len(self.texts[-1]) >= SENTENCES_PER_SOURCE:
            self.texts.append([])
            self.lengths.append(0)
        index = len(self.texts) - 1
        start = self.lengths[index] + (1 if self.texts[index] else 0)  # sentences joined by " "
        end = start + len(sentence)
        self.texts[index].append(sentence)
        self.lengths[index] = end
        stem = f"synthetic-{index:04d}"
        node = MENTION[f"{stem}/{start}-{end}"]
        # labelled, so the same seed gives the same blank nodes (reasoning references compare N-Triples)
        quote, position = BNode(f"quote-{index:04d}-{start}"), BNode(f"position-{index:04d}-{start}")
        self.add(node, RDF.type, TKG.Mention)
        self.add(node, OA.hasSource, self.source(index))
        self.add(node, OA.hasSelector, quote)
        self.add(node, OA.hasSelector, position)
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(sentence))
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, Literal(start))
        self.add(position, OA.end, Literal(end))
        return node

    def labels(self, node: URIRef, en: str, fr: str, vi: str | None = None) -> None:
        self.add(node, SKOS.prefLabel, Literal(en, lang="en"))
        self.add(node, SKOS.prefLabel, Literal(fr, lang="fr"))
        if vi:
            self.add(node, SKOS.prefLabel, Literal(vi, lang="vi"))

    def date(self, year: int = 2025) -> Literal:
        return Literal(f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}", datatype=XSD.date)


def _pools(n_triples: int) -> dict[str, int]:
    """How many entities of each kind, so facts (most of the triples) link a realistic pool."""
    return {
        "person": max(6, n_triples // 250),
        "org": max(3, n_triples // 500),
        "state": max(2, n_triples // 2500),
        "city": max(2, n_triples // 2500),
        "post": max(2, n_triples // 600),
        "event": max(4, n_triples // 300),
    }


def _entities(b: _Builder, pools: dict[str, int]) -> dict[str, list[URIRef]]:
    rng, ent = b.rng, {kind: [] for kind in pools}
    for i in range(pools["state"]):
        node = ID[f"state-{i}"]
        b.add(node, RDF.type, TKG.State)
        b.labels(node, f"State {i}", f"État {i}", f"Quốc gia {i}")
        b.add(node, PROV.wasDerivedFrom, b.mention(f"L'État {i} a envoyé une délégation."))
        ent["state"].append(node)
    for i in range(pools["city"]):
        node = ID[f"city-{i}"]
        b.add(node, RDF.type, TKG.City)
        b.labels(node, f"City {i}", f"Ville {i}", f"Thành phố {i}")
        b.add(node, TKG.locatedIn, rng.choice(ent["state"]))
        b.add(node, PROV.wasDerivedFrom, b.mention(f"La ville {i} accueille l'événement."))
        ent["city"].append(node)
    for i in range(pools["org"]):
        node = ID[f"organisation-{i}"]
        b.add(node, RDF.type, TKG[rng.choice(ORG_CLASSES)])
        b.labels(node, f"Organisation {i}", f"Organisation {i}", f"Tổ chức {i}")
        if ent["org"]:
            b.add(node, TKG.subOrganizationOf, rng.choice(ent["org"]))
        b.add(node, PROV.wasDerivedFrom, b.mention(f"L'organisation {i} a participé."))
        ent["org"].append(node)
    for i in range(pools["person"]):
        node = ID[f"person-{i}"]
        name = f"{GIVEN[i % len(GIVEN)]} {FAMILY[(i // len(GIVEN)) % len(FAMILY)]} {i}"
        b.add(node, RDF.type, TKG.Person)
        b.labels(node, name, name, name)
        b.add(node, SKOS.altLabel, Literal(name.upper(), lang="fr"))
        b.add(node, PROV.wasDerivedFrom, b.mention(f"{name} était présent."))
        ent["person"].append(node)
    holders = ent["org"] + ent["state"]  # once: a concatenation per choice copies the lists (10M: minutes)
    for i in range(pools["post"]):
        node = ID[f"post-{i}"]
        b.add(node, RDF.type, TKG.Post)
        b.labels(node, f"Minister {i}", f"Ministre {i}", f"Bộ trưởng {i}")
        b.add(node, TKG.postIn, rng.choice(holders))
        b.add(node, PROV.wasDerivedFrom, b.mention(f"Le poste de ministre {i} existe."))
        ent["post"].append(node)
    for i in range(pools["event"]):
        node = ID[f"event-{i}"]
        b.add(node, RDF.type, TKG[rng.choice(EVENT_CLASSES)])
        b.labels(node, f"Event {i}", f"Événement {i}", f"Sự kiện {i}")
        start = rng.randint(1, 20)
        b.add(node, TKG.startDate, Literal(f"2025-10-{start:02d}", datatype=XSD.date))
        b.add(node, TKG.endDate, Literal(f"2025-10-{start + rng.randint(0, 5):02d}", datatype=XSD.date))
        b.add(node, TKG.place, rng.choice(ent["city"]))
        if i:  # a forest of events four wide: event-i is part of event-(i-1)//4
            b.add(node, TKG.partOf, ent["event"][(i - 1) // 4])
        b.add(node, PROV.wasDerivedFrom, b.mention(f"L'événement {i} a eu lieu le {start} octobre 2025."))
        ent["event"].append(node)
    return ent


def _roles(b: _Builder) -> None:
    """The role concepts used, with the agent property each names (as ontology/roles.ttl does)."""
    for name, prop in ROLES.items():
        b.add(ROLE[name], RDF.type, SKOS.Concept)
        b.add(ROLE[name], TKG.agentProperty, TKG[prop])


def _facts(b: _Builder, ent: dict[str, list[URIRef]], n_triples: int) -> None:
    rng, i = b.rng, 0
    roles = list(ROLES)
    # Built once (the entity lists are complete by now): `rng.choice(a + b + c)` per fact copied
    # 64k references each time at 10M triples, most of the 688 s the 10M graph took. The same
    # list and the same draws, so the same graph for the same seed.
    agents = ent["person"] + ent["org"] + ent["state"]
    while len(b.graph) < n_triples:
        kind = i % 5
        if kind < 3:
            role = roles[rng.randrange(len(roles))]
            agent = rng.choice(agents)
            event = rng.choice(ent["event"])
            node = FACT[f"participation-{i}"]
            b.add(node, RDF.type, TKG.Participation)
            b.add(node, TKG.inEvent, event)
            b.add(node, TKG.role, ROLE[role])
            b.add(node, TKG[ROLES[role]], agent)
            sentence = f"{agent.split('/')[-1]} : {role} de {event.split('/')[-1]} ({i})."
        elif kind == 3:
            node = FACT[f"post-holding-{i}"]
            person, post = rng.choice(ent["person"]), rng.choice(ent["post"])
            b.add(node, RDF.type, TKG.PostHolding)
            b.add(node, TKG.holder, person)
            b.add(node, TKG.post, post)
            b.add(node, TKG.asOf, b.date())
            sentence = f"{person.split('/')[-1]} occupe {post.split('/')[-1]} ({i})."
        else:
            node = FACT[f"figure-{i}"]
            value = rng.randint(2, 200)
            b.add(node, RDF.type, TKG.StatedFigure)
            b.add(node, TKG.value, Literal(value))
            b.add(node, TKG.qualifier, CONCEPT[rng.choice(QUALIFIERS)])
            b.add(node, TKG.counts, CONCEPT[rng.choice(COUNTED)])
            b.add(node, TKG.figureOf, rng.choice(ent["event"]))
            sentence = f"Environ {value} délégations étaient présentes ({i})."
        b.add(node, PROV.wasDerivedFrom, b.mention(sentence))
        i += 1


def _publisher(b: _Builder) -> URIRef:
    publisher = ID["synthetic-news-agency"]
    b.add(publisher, RDF.type, TKG.NewsOrganization)
    b.labels(publisher, "Synthetic News Agency", "Agence de presse synthétique", "Thông tấn xã tổng hợp")
    b.add(publisher, PROV.wasDerivedFrom, b.mention("Agence de presse synthétique."))
    return publisher


def _sources(b: _Builder, publisher: URIRef) -> None:
    """Each source's metadata and full text, written once every mention is placed."""
    for index, sentences in enumerate(b.texts):
        node = b.source(index)
        b.add(node, RDF.type, TKG.NewsArticle)
        b.add(node, RDF.type, SCHEMA.NewsArticle)
        b.add(node, SCHEMA.headline, Literal(f"Article synthétique {index}", lang="fr"))
        b.add(node, SCHEMA.datePublished, b.date())
        b.add(node, SCHEMA.inLanguage, Literal("fr"))
        b.add(node, SCHEMA.publisher, publisher)
        b.add(node, SCHEMA.url, URIRef(f"https://example.org/synthetic/{index:04d}"))
        b.add(node, SCHEMA.text, Literal(" ".join(sentences)))


def generate(n_triples: int, seed: int = 0) -> Graph:
    """A conforming synthetic graph of about `n_triples` triples (within 1%), the same for the same seed."""
    b = _Builder(random.Random(seed))
    bind_prefixes(b.graph)
    _roles(b)
    publisher = _publisher(b)
    ent = _entities(b, _pools(n_triples))
    _facts(b, ent, n_triples - 10 * (n_triples // (SENTENCES_PER_SOURCE * 12) + 1))
    _sources(b, publisher)
    return b.graph


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=10_000, help="about how many triples (default 10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="Turtle file to write")
    args = parser.parse_args(argv)
    graph = generate(args.triples, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    graph.serialize(args.out, format="turtle")
    print(f"{args.out}: {len(graph)} triples")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
