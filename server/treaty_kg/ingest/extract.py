"""Read one French article and propose candidates: entity references, events, participations,
post holdings and stated figures, each with the sentence that states it.

The reading is spaCy's French pipeline (tokens, lemmas, dependency parse, named entities)
plus rules of this module, written for French news prose in general, not for any one
article: names are linked to the graph by its labels (case and diacritics ignored), titles
by the posts the graph knows, dates by `dates`, figures by the counted kinds of the concept
scheme, roles by the verbs and nouns that state them. What a rule cannot decide it proposes
with its alternatives (an ambiguous name) or leaves out; a person reviews everything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS, XSD

from treaty_kg.ingest.candidates import CandidateGraph, local, slug
from treaty_kg.ingest.dates import DateMention, find_dates, literal
from treaty_kg.ingest.knowledge import Knowledge, singular
from treaty_kg.ingest.normalize import Folded, find_label, fold
from treaty_kg.rdf.namespaces import CONCEPT, FACT, ID, ROLE, SOURCE, TKG

# Confidence of each rule, as the program's own estimate (a person decides in review).
CONFIDENCE = {
    "name": 0.95,  # a known label, one entity
    "ambiguous": 0.5,  # a known label of several entities
    "surname": 0.75,  # the last name(s) of one known person
    "title": 0.65,  # a title naming the one holder the graph knows
    "new": 0.6,  # a name the graph does not know (spaCy's entity recogniser)
    "event-dated": 0.85,  # an event phrase linked by type and date
    "event-near": 0.6,  # linked by type, date near the article's
    "event-new": 0.6,
    "holding": 0.85,  # apposition of a title and a name
    "participation-arg": 0.8,  # role verb with agent and event among its own arguments
    "participation-sentence": 0.55,  # event only found elsewhere in the sentence
    "figure": 0.85,
}
AGENT_KINDS = {"person", "organisation", "group", "agent"}

# Event phrases (folded), most specific first; each names the ontology class of the event.
EVENT_PHRASES: list[tuple[str, str]] = [
    (r"ouvertures? a la signature", "OpeningForSignature"),
    (r"ceremonies? (?:officielles? )?de signature", "SigningCeremony"),
    (r"ceremonies? (?:officielles? )?d'accueil(?: officielles?)?", "WelcomeCeremony"),
    (r"seances? (?:pleniere )?d'ouverture", "OpeningSession"),
    (r"seances? (?:pleniere )?de cloture", "ClosingSession"),
    (r"seances? (?:de discussion )?plenieres?|discussions? plenieres?", "PlenarySession"),
    (r"seances? de signature", "SigningSession"),
    (r"discussions? de haut niveau", "HighLevelDiscussion"),
    (r"reunions? de haut niveau|sommets?", "HighLevelMeeting"),
    (r"discussions?", "Discussion"),
    (r"tables? rondes?", "RoundTable"),
    (r"diners? de gala", "GalaDinner"),
    (r"photos? de groupe", "GroupPhoto"),
    (r"expositions?(?: de photos| technologiques?)?", "Exhibition"),
    (r"ateliers?", "Workshop"),
    (r"sessions? (?:officielles? )?de negociations?(?: officielles?)?", "NegotiationSession"),
    (r"processus de negociations?", "NegotiationProcess"),
    (r"reunions? (?:a mi-parcours|intersessions?)", "IntersessionalMeeting"),
    (r"programmes? artistiques?", "ArtProgramme"),
    (r"entree en vigueur", "EntryIntoForce"),
    (r"ratifications?", "Ratification"),
    (r"visites?", "Visit"),
    (r"decisions?", "Decision"),
    (r"elaborations?|redactions?", "Drafting"),
    (r"preparatifs|preparations?|finalisations?", "Preparation"),
    (r"evenement", "Event"),
    (r"reunions?|conferences?|forums?|colloques?|seminaires?|congres|symposiums?|dialogues?", "Meeting"),
    (r"ceremonies?", "Ceremony"),
    (r"seances?", "Session"),
]
GENERIC_EVENTS = {"Meeting", "Ceremony", "Session", "Event"}  # a definite one refers back to a more specific one
# Verbs that name an act: the verb itself is the event ("a adopté", "préparaient l'événement"),
# with the French noun a reviewer reads as its label.
VERB_EVENTS = {
    "adopter": "Adoption", "ratifier": "Ratification", "préparer": "Preparation", "finaliser": "Preparation",
    "créer": "Establishment", "fonder": "Establishment", "instituer": "Establishment", "décider": "Decision",
    "signer": "Signature", "visiter": "Visit",
}  # fmt: skip
ACT_NOUNS = {"Adoption": "Adoption", "Ratification": "Ratification", "Preparation": "Préparation",
             "Establishment": "Création", "Decision": "Décision", "Signature": "Signature", "Visit": "Visite"}  # fmt: skip
# An act's agent named as the complement of its noun ("la décision de l'ONU", "les préparatifs des ministères").
ACT_ROLES = {"Decision": "decider", "Preparation": "preparer", "Establishment": "establisher", "Adoption": "adopter"}
# Verbs under which an infinitive names no act that took place: "appeler les pays à ratifier",
# also through other infinitives ("a demandé de poursuivre leur travail afin de finaliser le plan").
NOT_DONE = {"appeler", "exhorter", "inviter", "demander", "souhaiter", "espérer", "devoir", "pouvoir", "vouloir", "encourager"}
# "se préparer à / s'apprêter à + infinitive" says an act is near (aspect, as "être sur le point de"):
# the act is the infinitive's ("se prépare à accueillir le sommet": the summit), not a preparation.
ABOUT_TO = {"préparer", "apprêter"}
# Verbs whose object is a practice chosen or promoted, not a meeting held: "choisir le dialogue
# plutôt que la confrontation", "promouvoir le dialogue"; only a generic noun is read so.
PRACTICE_VERBS = {"choisir", "préférer", "privilégier", "promouvoir", "favoriser", "prôner", "encourager", "renforcer"}
# Verbs whose object, not subject, does what an infinitive under them says ("accueillir les délégués pour assister").
OBJECT_CONTROL = {"accueillir", "inviter", "convier", "appeler", "exhorter", "encourager", "autoriser"}
_EVENT_RE = [(re.compile(rf"\b(?:{pattern})\b"), cls) for pattern, cls in EVENT_PHRASES]

# Verbs (lemma) that state a role; "prononcer" only with a speech as its object.
ROLE_VERBS = {
    "présider": "chair",
    "coprésider": "co-chair",
    "assister": "attendee",
    "participer": "attendee",
    "signer": "signatory",
    "organiser": "organiser",
    "coorganiser": "co-organiser",
    "prononcer": "speaker",
    "exprimer": "speaker",  # "s'exprimer lors de"
    "accueillir": "host",
    "visiter": "visitor",
    "adopter": "adopter",
    "préparer": "preparer",
    "finaliser": "preparer",
    "créer": "establisher",
    "fonder": "establisher",
    "instituer": "establisher",
    "décider": "decider",
    "soutenir": "supporter",
    "appuyer": "supporter",
    "accompagner": "supporter",
    "contribuer": "contributor",
}
# Verbs of saying: a speaker only of an event named among the verb's own complements
# ("lors de la réunion, X a déclaré"), never of one merely elsewhere in the sentence.
SPEECH_VERBS = {"déclarer", "affirmer", "souligner", "indiquer", "annoncer", "dire", "ajouter", "insister", "estimer",
                "rappeler", "expliquer", "saluer"}  # fmt: skip
# Verbs whose subject is the event and whose object the people it brings ("l'événement a réuni 300 délégués").
GATHER_VERBS = {"attirer", "réunir", "rassembler"}
# Events whose "pour X" complement names their guests ("une cérémonie d'accueil pour les chefs de délégation").
GUEST_EVENTS = {"WelcomeCeremony", "GalaDinner"}
# "X, aux côtés de Y, a soutenu": Y acts beside the subject (same role); "en collaboration avec Y": a partner.
BESIDE = re.compile(r"^(?:aux côtés d[eu'’]|aux côtés des|ainsi que)", re.IGNORECASE)
PARTNER = re.compile(r"\b(?:en (?:étroite )?(?:collaboration|coopération|partenariat|coordination) avec)\s*$", re.IGNORECASE)

SPEECH_NOUNS = {"discours", "allocution", "déclaration"}
# Nouns that state a role with the agent as their complement ("avec la participation de X").
ROLE_NOUNS = {
    "participation": "attendee", "présence": "attendee", "présidence": "chair", "coprésidence": "co-chair",
    "contribution": "contributor",
}  # fmt: skip

# Generic titles (folded), for posts the graph does not know yet; a complement names the body.
TITLE_RE = re.compile(
    r"\b(?:vice-|vice )?(?:premier ministre|president(?:e)?|ministre|secretaire general(?:e)?|secretaire|"
    r"directeur (?:general|executif)|directrice (?:generale|executive)|directeur|directrice|chef|"
    r"ambassadeur|ambassadrice|maire|gouverneur|porte-parole|commissaire|haut-commissaire|"
    r"representant(?:e)? permanent(?:e)?)\b"
)
# Nationality adjectives (folded) -> the country's name, for titles such as "président laotien".
DEMONYMS = {
    "vietnamien": "vietnam", "vietnamienne": "vietnam", "laotien": "laos", "laotienne": "laos",
    "cambodgien": "cambodge", "cambodgienne": "cambodge", "thailandais": "thailande", "thailandaise": "thailande",
    "chinois": "chine", "chinoise": "chine", "japonais": "japon", "japonaise": "japon", "francais": "france",
    "francaise": "france", "americain": "etats-unis", "americaine": "etats-unis", "indonesien": "indonesie",
    "indonesienne": "indonesie", "malaisien": "malaisie", "malaisienne": "malaisie", "philippin": "philippines",
    "philippine": "philippines", "singapourien": "singapour", "singapourienne": "singapour",
    "australien": "australie", "australienne": "australie", "russe": "russie", "allemand": "allemagne",
    "allemande": "allemagne", "britannique": "royaume-uni", "indien": "inde", "indienne": "inde",
}  # fmt: skip

QUALIFIERS = [  # folded words right before a number -> qualifier concept
    ("au moins", "at-least"), ("pres de", "nearly"), ("pres d'", "nearly"), ("plus de", "more-than"),
    ("plus d'", "more-than"), ("environ", "about"), ("quelque", "about"), ("presque", "nearly"),
]  # fmt: skip
MAGNITUDES = [("des dizaines de", "tens-of"), ("des dizaines d'", "tens-of"), ("des milliers de", "thousands-of"),
              ("des milliers d'", "thousands-of"), ("des milliards de", "billions-of"), ("de nombreux", "many"),
              ("de nombreuses", "many"), ("nombreux", "many"), ("nombreuses", "many")]  # fmt: skip
NUMBER_WORDS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20,
    "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100, "mille": 1000,
}  # fmt: skip
NER_CLASSES = {"PER": TKG.Person, "ORG": TKG.Organization, "LOC": TKG.Place}
NOT_NAMES = {"photo", "source", "comment", "francais", "president", "premier ministre", "vice-premier ministre"}


@dataclass
class Link:
    """A span of the text that names an entity (known, or proposed new)."""

    start: int
    end: int
    iri: URIRef
    kind: str
    via: str
    alternatives: list[URIRef] = field(default_factory=list)
    new_class: URIRef | None = None  # set for a proposed new entity
    in_title: bool = False  # names the body of a post ("vice-ministre des Affaires étrangères"): not an actor here


@dataclass
class Title:
    """A span naming a post: a known one, or a new one with the body it belongs to."""

    start: int
    end: int
    post: URIRef
    bare: bool  # the label names no body ("président"): trusted only for a known holder
    new_in: URIRef | None = None  # the body of a new post


@dataclass
class EventMention:
    start: int
    end: int
    iri: URIRef
    cls: str
    new: bool
    confidence: float


def _clause(token: Any) -> Any:
    """The verb whose clause a token is in (itself if a verb), else the sentence's root."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _new_iri(name: str, taken: Knowledge) -> URIRef:
    base = ID[slug(name)]
    return base if base not in taken.entities else ID[slug(name) + "-2"]


class Reader:
    """One article read against the graph; `run()` fills a CandidateGraph."""

    def __init__(self, text: str, published: date, kb: Knowledge, nlp: Any, out: CandidateGraph, skip: set[str]):
        self.text = text
        self.published = published
        self.kb = kb
        self.nlp = nlp
        self.out = out
        self.skip = skip  # candidate IRIs rejected before, or already in the curated graph
        self.stem = out.extraction.stem
        self.folded = Folded.of(text)
        self.links: list[Link] = []
        self.titles: list[Title] = []
        self.events: list[EventMention] = []
        self.dates: list[DateMention] = []
        self.doc: Any = None
        self.counts: dict[str, int] = {}
        self.discourse: DateMention | None = None  # the date of the last dated event named
        self.event_spans: list[tuple[int, int]] = []  # every event phrase found, before any is resolved
        self.elided: dict[int, str] = {}  # "(séances d'ouverture et) de clôture": the words it stands for

    # ---- candidates -----------------------------------------------------------------------

    def _candidate(self, iri: URIRef, cls: URIRef, confidence: float, span: tuple[int, int]) -> bool:
        if str(iri) in self.skip:
            return False
        self.out.candidate(iri, cls, confidence, span)
        return True

    def _declare(self, link: Link) -> None:
        if link.new_class is not None:
            self.out.new_entity(link.iri, link.new_class, self.text[link.start : link.end], (link.start, link.end))

    # ---- 1. names -------------------------------------------------------------------------

    def link_names(self) -> None:
        """Known labels, longest first, as whole words; a label of several entities keeps them all."""
        spans: list[tuple[int, int, set[URIRef]]] = []
        for name, iris in self.kb.by_name.items():
            kinds = {self.kb.entities[i].kind for i in iris}
            if len(name) < 3 or kinds <= {"event", "post"}:
                continue
            iris = {i for i in iris if self.kb.entities[i].kind not in ("event", "post")}
            for start, end in find_label(self.folded, name):
                spans.append((start, end, iris))
        for start, end, iris in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
            if any(start < link.end and link.start < end for link in self.links):
                continue
            ranked = self._rank(sorted(iris), start)
            kind = self.kb.entities[ranked[0]].kind
            via = "name" if len(ranked) == 1 else "ambiguous"
            self.links.append(Link(start, end, ranked[0], kind, via, ranked[1:]))
        self.links.sort(key=lambda link: link.start)

    def _rank(self, iris: list[URIRef], start: int) -> list[URIRef]:
        """A place first after "à"/"au"/"en"/"dans", an agent first otherwise; never drops one."""
        before = fold(self.text[max(0, start - 6) : start]).strip()
        place_first = before.endswith((" a", " au", " en", " dans", "vers")) or before in ("a", "au", "en")
        return sorted(
            iris, key=lambda i: (self.kb.entities[i].kind != "place") if place_first else (self.kb.entities[i].kind == "place")
        )

    def link_titles(self) -> None:
        """Posts named by a label the graph knows, then generic titles with a body named after them."""
        found: list[Title] = []
        for post, known in self.kb.entities.items():
            if known.kind != "post":
                continue
            for name in known.names:
                bare = not re.search(r"\b(?:de|du|des|d')\b|\bd'", name) and not any(w in DEMONYMS for w in name.split())
                for start, end in find_label(self.folded, name):
                    found.append(Title(start, end, post, bare))
        for m in TITLE_RE.finditer(self.folded.text):
            start, end = self.folded.span(m.start(), m.end())
            body = self._title_body(end)
            if body is None:
                continue
            body_end, org = body
            name = self.text[start:body_end]
            found.append(Title(start, body_end, ID[slug(f"{name}")], False, new_in=org))
        for title in sorted(found, key=lambda t: (-(t.end - t.start), t.new_in is not None, t.start)):
            if any(title.start < t.end and t.start < title.end for t in self.titles):
                continue
            self.titles.append(title)
        self.titles.sort(key=lambda t: t.start)
        for link in self.links:
            link.in_title = any(t.start <= link.start and link.end <= t.end and not t.bare for t in self.titles)
        for link in self.links:  # "directrice exécutive de l'Office ... (ONUDC)": the abbreviation is the title's too
            if any(
                t.end <= link.start and re.fullmatch(r"\s*\(\s*", self.text[t.end : link.start])
                for t in self.titles
                if not t.bare
            ):
                link.in_title = True
        # a nationality adjective in a title names its country ("président laotien")
        for title in self.titles:
            for m in re.finditer(r"\w+", self.text[title.start : title.end]):
                country = DEMONYMS.get(fold(m.group(0)))
                states = sorted(self.kb.names_of(country)) if country else []
                if len(states) == 1:
                    start = title.start + m.start()
                    self.links.append(
                        Link(start, start + len(m.group(0)), states[0], self.kb.entities[states[0]].kind, "title", in_title=True)
                    )
        self.links.sort(key=lambda link: link.start)

    def _title_body(self, end: int) -> tuple[int, URIRef] | None:
        """After a generic title: "de/du/des X" where X is a known body, or a nationality adjective."""
        rest = self.text[end : end + 80]
        m = re.match(r"\s+(?:de la |de l['’]|du |des |de |d['’])", rest)
        if m:
            # the complement runs to the first known body or country named before a comma or a verb
            stop = re.search(r"[,;:()«»]|\s(?:a|ont|est|sont|et)\s", rest)
            limit = end + (stop.start() if stop else len(rest))
            link = next(
                (
                    k
                    for k in self.links
                    if end + m.end() <= k.start and k.end <= limit and k.kind in ("organisation", "place", "agent")
                ),
                None,
            )
            if link is not None:
                return link.end, link.iri
            return None
        m = re.match(r"\s+(\w+)", rest)
        if m and fold(m.group(1)) in DEMONYMS:
            country = self.kb.names_of(DEMONYMS[fold(m.group(1))])
            if len(country) == 1:
                return end + m.end(), next(iter(country))
        return None

    def link_ner(self) -> None:
        """spaCy's persons, organisations and places not linked by a label: a known person by
        their last name(s), else a proposed new entity."""
        taken = [(link.start, link.end) for link in self.links] + [(t.start, t.end) for t in self.titles]
        persons = [k for k in self.kb.entities.values() if k.kind == "person"]
        for ent in self.doc.ents:
            if ent.label_ not in NER_CLASSES:
                continue
            start, end = ent.start_char, ent.end_char
            if any(start < e and s < end for s, e in taken):
                continue
            name = fold(ent.text)
            if name in NOT_NAMES or len(name) < 3 or not any(t.pos_ == "PROPN" for t in ent) or not ent.text[0].isupper():
                continue
            if any(d.start < end and start < d.end for d in self.dates):
                continue
            if ent.label_ == "PER":
                matches = sorted(k.iri for k in persons if any(n.endswith(" " + name) for n in k.names))
                if matches:
                    self.links.append(
                        Link(start, end, matches[0], "person", "surname" if len(matches) == 1 else "ambiguous", matches[1:])
                    )
                    taken.append((start, end))
                    continue
            cls = NER_CLASSES[ent.label_]
            kind = {"PER": "person", "ORG": "organisation", "LOC": "place"}[ent.label_]
            if self._beside_title(start, end):  # "le ministre ..., Bounmy Phommachanh": a person, whatever NER says
                cls, kind = TKG.Person, "person"
            self.links.append(Link(start, end, _new_iri(ent.text, self.kb), kind, "new", new_class=cls))
            taken.append((start, end))
        self.links.sort(key=lambda link: link.start)

    def _beside_title(self, start: int, end: int) -> bool:
        before = any(t.end <= start and re.fullmatch(r"\s*,?\s*", self.text[t.end : start]) for t in self.titles)
        after = any(
            t.start >= end and re.fullmatch(r"\s*,\s*(?:(?:le|la)\s+|l['’])?", self.text[end : t.start]) for t in self.titles
        )
        return before or after

    # ---- 2. parse -------------------------------------------------------------------------

    def parse(self) -> None:
        """Tokenise, merge each linked name into one token (the parser then sees a proper noun,
        not "Son" as a pronoun), start a sentence at each line break, and run the pipeline."""
        doc = self.nlp.make_doc(self.text)
        with doc.retokenize() as retokenizer:
            for link in self.links:
                if link.kind == "group":
                    continue  # a common-noun phrase ("60 pays signataires"): its words still count
                span = doc.char_span(link.start, link.end)
                if span is not None and len(span) > 1:
                    retokenizer.merge(span)
        # Sentences by rule, before the parser (which then keeps them): a line break ends one, and
        # so does . ! ? before a capital; a title such as "M." or "Dr." is not an end.
        for token in doc[1:]:
            previous = doc[token.i - 1]
            ends = "\n" in previous.text or "\n" in previous.whitespace_
            if previous.text in (".", "!", "?", "…") and (token.text[:1].isupper() or token.text[:1] in '«"“'):
                before = doc[token.i - 2].text if token.i >= 2 else ""
                ends = ends or before not in ("M", "Mme", "Dr", "Pr", "St")
            token.is_sent_start = ends or (token.is_space and False)
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        self.doc = doc

    def rerank(self) -> None:
        """A name of both a place and an agent ("Hanoï": the city, its authorities) puts the agent
        first only where the parse has it act: the subject of an active verb, or listed with
        agents ("les préparatifs des ministères et de Hanoï"); elsewhere the place first."""
        for link in self.links:
            if link.via != "ambiguous":
                continue
            options = [link.iri, *link.alternatives]
            kinds = {i: self.kb.entities[i].kind for i in options}
            if "place" not in kinds.values() or not any(k in AGENT_KINDS for k in kinds.values()):
                continue
            span = self.doc.char_span(link.start, link.end, alignment_mode="expand")
            if span is None:
                continue
            token = span.root
            acts = token.dep_ == "nsubj" and token.head.pos_ == "VERB"
            listed = any(
                k is not link and k.kind in AGENT_KINDS and not k.in_title
                and any(k.start <= c.idx < k.end for c in token.conjuncts)
                for k in self.links
            )  # fmt: skip
            agent_first = acts or listed
            options.sort(key=lambda i: (kinds[i] == "place") if agent_first else (kinds[i] != "place"))
            link.iri, link.alternatives, link.kind = options[0], options[1:], kinds[options[0]]

    def sentence(self, offset: int) -> tuple[int, int]:
        token = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        if token is None or len(token) == 0:
            return offset, offset + 1
        sent = token[0].sent
        return sent.start_char, sent.end_char

    def _in(self, span: tuple[int, int], items: Iterable[Any]) -> list[Any]:
        return [x for x in items if span[0] <= x.start and x.end <= span[1]]

    # ---- 3. events ------------------------------------------------------------------------

    def find_events(self) -> None:
        spans: list[tuple[int, int, str]] = []
        modifiers: list[tuple[int, int, str]] = []
        for pattern, cls in _EVENT_RE:
            for m in pattern.finditer(self.folded.text):
                start, end = self.folded.span(m.start(), m.end())
                if re.search(r"(?:\bd['’]|\bde\s)$", self.text[max(0, start - 4) : start], re.IGNORECASE):
                    modifiers.append((start, end, cls))  # "stand d'exposition": a modifier, unless listed with events
                    continue
                if not any(start < e and s < end for s, e, _ in spans):
                    spans.append((start, end, cls))
        for start, end, cls in modifiers:
            listed = self._listed_with_events(start, spans)
            if listed is not None and not any(listed < e and s < end for s, e, _ in spans):
                spans.append((listed, end, cls))
        # "les séances d'ouverture et de clôture": the second complement names an event of its own
        for start, end, _ in list(spans):
            phrase = fold(self.text[start:end])
            noun = phrase.split(" ")[0]
            other = re.match(r"\s+et\s+((?:de |d['’])[\w-]+)", self.text[end : end + 40], re.IGNORECASE)
            if " " not in phrase or other is None:
                continue
            second = f"{singular(noun)} {fold(other.group(1))}"
            elided = next((c for r, c in _EVENT_RE if r.fullmatch(second)), None)
            if elided is not None:
                s2, e2 = end + other.start(1), end + other.end(1)
                if not any(s2 < e and s < e2 for s, e, _ in spans):
                    spans.append((s2, e2, elided))
                    self.elided[s2] = f"{self.text[start:end].split(' ')[0]} {other.group(1)}"  # "séances de clôture"
        for token in self.doc:
            act = VERB_EVENTS.get(token.lemma_.lower()) if token.pos_ == "VERB" else None
            if act and self._not_done(token):
                continue  # "appeler les pays à ratifier": asked for, not done
            if act and self._about_to(token):
                continue  # "se prépare à accueillir": the act to come is the infinitive's
            bare_participle = "Part" in token.morph.get("VerbForm") and not any(
                c.dep_.startswith("aux") or c.dep_ == "obl:agent" or any(g.lower_ == "par" for g in c.children)
                for c in token.children
            )
            if act and bare_participle:
                continue  # "un ordre fondé sur des règles": an adjective, no act
            if act and not any(s <= token.idx < e for s, e, _ in spans):
                spans.append((token.idx, token.idx + len(token), act))
        self.event_spans = sorted((s, e) for s, e, _ in spans)
        for start, end, cls in sorted(spans):
            mention = self._event(start, end, cls)
            if mention is not None:
                self.events.append(mention)
        self.events += self._occurrences()
        self.events.sort(key=lambda e: e.start)

    def _listed_with_events(self, start: int, spans: list[tuple[int, int, str]]) -> int | None:
        """ "huit discussions, 32 ateliers et plus de 20 stands d'exposition": a noun whose event
        word is its complement ("d'exposition") names an event when it is listed with events.
        Returns where the noun starts, else None (alone, "une salle d'exposition" is a room)."""
        word = self.doc.char_span(start, start + 1, alignment_mode="expand")
        if word is None:
            return None
        noun = word.root.head
        if noun.pos_ != "NOUN" or noun.idx >= start or word.root.dep_ != "nmod":
            return None
        if any(s <= c.idx < e for c in noun.conjuncts for s, e, _ in spans):
            return int(noun.idx)
        return None

    def _occurrences(self) -> list[EventMention]:
        """A noun that is not an event word but the subject of a verb of occurrence ("se dérouler",
        "se tenir", "avoir lieu") dated to the day is an event: "le programme, qui se déroulera du
        25 au 26 octobre". It is linked to the known event held on exactly those days that the
        others held then are part of (what runs over the days is the whole, not one of its parts);
        none or several: nothing is proposed (a reviewer would have no name to give it)."""
        found: list[EventMention] = []
        for verb in self.doc:
            lemma = verb.lemma_.lower()
            reflexive = any(c.lower_ in ("se", "s'", "s’") for c in verb.children)
            occurs = (lemma in ("dérouler", "tenir") and reflexive) or (
                lemma == "avoir" and any(c.dep_ == "obj" and c.lower_ == "lieu" for c in verb.children)
            )
            if not occurs:
                continue
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.lower_ == "qui" and verb.dep_.startswith("acl"):
                subject = verb.head
            if subject is None or subject.pos_ != "NOUN" or any(s <= subject.idx < e for s, e in self.event_spans):
                continue
            own = [d for d in self.dates if not d.as_of and self._date_of_clause(d) == verb]
            if len(own) != 1 or not isinstance(own[0].value, date):
                continue
            first = own[0].value.isoformat()
            last = own[0].end_value.isoformat() if isinstance(own[0].end_value, date) else None
            held = [
                iri
                for iri, k in self.kb.entities.items()
                if k.kind == "event" and self.kb.event_dates.get(iri, (None, None)) in ((first, last), (first, last or first))
            ]
            held = [iri for iri in held if not self.kb.part_of.get(iri, set()) & set(held)]
            if len(held) == 1:
                cls = sorted(local(c) for c in self.kb.entities[held[0]].classes)[0]
                found.append(
                    EventMention(subject.idx, subject.idx + len(subject), held[0], cls, False, CONFIDENCE["event-dated"])
                )
        return found

    def _date_of_clause(self, mention: DateMention) -> Any:
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        return None if span is None else _clause(span.root)

    @staticmethod
    def _not_done(verb: Any) -> bool:
        """An infinitive under a verb of asking or wishing, directly or through other infinitives
        and their purpose markers ("afin de"): the act is asked for, not done. A finite verb or a
        participle on the way up ends the search (its clause states what was done)."""
        token = verb
        while token.head.i != token.i:
            if token.pos_ in ("VERB", "AUX") and "Inf" not in token.morph.get("VerbForm"):
                return False
            if token.head.lemma_.lower() in NOT_DONE:
                return True
            token = token.head
        return False

    @staticmethod
    def _about_to(verb: Any) -> bool:
        """ "se préparer à / s'apprêter à" + an infinitive: reflexive, with an infinitive after "à"."""
        reflexive = any(c.lower_ in ("se", "s'", "s’") for c in verb.children)
        infinitive = any(
            "Inf" in c.morph.get("VerbForm") and any(m.lower_ == "à" for m in c.children if m.dep_ == "mark")
            for c in verb.children
        )
        return verb.lemma_.lower() in ABOUT_TO and reflexive and infinitive

    def _event(self, start: int, end: int, cls: str) -> EventMention | None:
        sent = self.sentence(start)
        phrase = self.doc.char_span(start, end, alignment_mode="expand")
        if cls in GENERIC_EVENTS and phrase is not None and self._practice(phrase.root):
            return None  # "choisir le dialogue plutôt que la confrontation": a practice, not a meeting
        when = self._event_date(sent, start, end)
        cls_iri = TKG[cls]
        known = [iri for iri, k in self.kb.entities.items() if k.kind == "event" and cls_iri in k.classes]
        matches: list[URIRef] = []
        confidence = CONFIDENCE["event-dated"]
        if when is not None and isinstance(when.value, date):
            matches = [iri for iri in known if self._on(iri, when.value) and self._qualified_alike(iri, start, end)]
        elif when is not None:  # a month or a year: the known event dated the same, at the same precision
            matches = [iri for iri in known if self._same_period(iri, when)]
        if not matches and when is not None and cls not in GENERIC_EVENTS:
            # the graph knows an event of this specific type without a date: the text may date it
            matches = [
                iri
                for iri in known
                if self.kb.event_dates.get(iri, (None, None))[0] is None and self._names_same(iri, sent, (start, end))
            ]
        elif when is None and cls not in GENERIC_EVENTS:  # "la réunion" alone is too vague to link by date
            matches = [iri for iri in known if self._near(iri) and self._qualified_alike(iri, start, end)]
        if when is not None:
            self.discourse = when
            confidence = CONFIDENCE["event-near"]
        definite = re.search(
            r"\b(?:la|le|l['’]|les|du|des|au|aux|cette|ce|cet|ces|son|sa|ses|leur|leurs)\s*$",
            self.text[max(0, start - 8) : start],
            re.IGNORECASE,
        )
        if cls == "Event":  # "l'événement" alone: the article's main event, the first specific one it names
            if not definite or when is not None:
                return None
            named = [e for e in self.events if e.cls not in ACT_NOUNS]
            topic = next((e for e in named if e.cls not in GENERIC_EVENTS), named[0] if named else None)
            return None if topic is None else EventMention(start, end, topic.iri, topic.cls, topic.new, CONFIDENCE["event-near"])
        if not matches and when is None and definite:
            earlier = [
                e
                for e in self.events
                if e.cls == cls or (cls in GENERIC_EVENTS and cls_iri in self.kb.superclasses.get(TKG[e.cls], set()))
            ]
            if cls in GENERIC_EVENTS:  # "le forum" refers back to a forum, "la réunion" to a réunion
                word = singular(fold(self.text[start:end]).split(" ")[0])
                earlier = [e for e in earlier if singular(fold(self.text[e.start : e.end]).split(" ")[0]) == word] or [
                    e for e in earlier if e.cls != cls
                ]
            same = [e for e in earlier if e.cls == cls]  # "la réunion" is the last réunion before a séance
            # "préparaient l'événement … finaliser le programme … les préparatifs": an act's noun
            # takes up the act its own word named ("préparer"), before another of the same kind
            word = fold(self.text[start:end])[:5]
            same = [e for e in same if fold(self.text[e.start : e.end])[:5] == word] or same
            if earlier:
                back = (same or earlier)[-1]
                return EventMention(start, end, back.iri, back.cls, back.new, CONFIDENCE["event-near"])
        if not matches and when is None and cls in GENERIC_EVENTS:
            return None  # "la réunion" with nothing to refer back to: not enough to propose an event
        if not matches and when is None and definite:
            # "le processus de négociation" of a long process: the known events of this type that
            # no day dates (several are proposed with their alternatives, never one chosen)
            matches = [
                iri
                for iri in known
                if len(self.kb.event_dates.get(iri, (None, None))[0] or "") != 10 and self._names_same(iri, sent, (start, end))
            ]
        if not matches and definite and cls not in GENERIC_EVENTS:
            before = self._named_before(cls, when, phrase, end)
            if before is not None:  # "la réunion de haut niveau ..." then "le sommet": the one the text named
                return EventMention(start, end, before.iri, before.cls, before.new, CONFIDENCE["event-near"])
        if len(matches) == 1:
            return EventMention(start, end, matches[0], cls, False, confidence)
        if len(matches) > 1:
            self.links.append(Link(start, end, matches[0], "event", "ambiguous", matches[1:]))
            return EventMention(start, end, matches[0], cls, False, CONFIDENCE["ambiguous"])
        span = self.doc.char_span(start, end, alignment_mode="expand")
        counted = span is not None and any(c.dep_ == "nummod" for c in span.root.children)
        if when is None and not definite and cls in ACT_NOUNS and span is not None and span.root.pos_ == "NOUN":
            return None  # "un forum en préparation": a state, not an act to record
        if when is None and not definite and not counted and fold(self.text[start:end]).endswith("s"):
            return None  # a plural with neither date nor article: a kind, not one event ("des ateliers")
        day = when.value if when is not None else None
        tag = day.isoformat() if isinstance(day, date) else (str(day[0]) if isinstance(day, tuple) else str(day or self.stem))
        kebab = re.sub(r"(?<!^)(?=[A-Z])", "-", cls).lower()
        if when is None and self.doc[self.doc.char_span(start, end, alignment_mode="expand").start].pos_ == "VERB":
            tag = f"{self.stem}-{start}"  # an undated act: one per verb ("préparaient", "finaliser")
        iri = ID[f"{kebab}-{tag}"]
        if iri in self.kb.entities:
            if cls_iri in self.kb.entities[iri].classes:  # proposed before from this text, and accepted
                return EventMention(start, end, iri, cls, False, confidence)
            iri = ID[f"{kebab}-{tag}-{self.stem}"]
        return EventMention(start, end, iri, cls, True, CONFIDENCE["event-new"])

    @staticmethod
    def _practice(noun: Any) -> bool:
        """The object of a verb of choosing or promoting (directly or as a conjunct)."""
        while noun.dep_ == "conj" and noun.head.i != noun.i:
            noun = noun.head
        return noun.dep_ == "obj" and noun.head.lemma_.lower() in PRACTICE_VERBS

    def _named_before(self, cls: str, when: DateMention | None, phrase: Any, end: int) -> EventMention | None:
        """A definite phrase of a specific kind without a complement of its own ("le sommet") is the
        one event of that kind the text proposed before, unless the two dates differ: the article
        is not announcing a second one. Two or more earlier ones: which is not said, so none."""
        if phrase is None or any(c.dep_ == "nmod" and c.idx >= end for c in phrase.root.children):
            return None  # "le sommet de l'ASEAN": its complement may name another
        earlier = [e for e in self.events if e.cls == cls]
        if len({e.iri for e in earlier}) != 1 or not earlier[0].new:
            return None
        back = earlier[0]
        then = self._event_date(self.sentence(back.start), back.start, back.end)
        if when is not None and then is not None and (then.value, then.end_value) != (when.value, when.end_value):
            return None
        return back

    def _names_same(self, iri: URIRef, sent: tuple[int, int], phrase: tuple[int, int]) -> bool:
        """Without a date to go by, a known event is only the one meant if its name says what the
        phrase's complement says ("le processus de négociation de la Convention": the known
        "processus de négociation de la Convention des Nations unies ...") or names something
        the sentence names too."""
        names = self.kb.entities[iri].names
        if not names:
            return True  # a known event with no name: nothing to contradict its type

        def bare(text: str) -> str:  # without articles and determiners: "de cette Convention" = "de la Convention"
            return re.sub(r"\b(?:la|le|les|l'|un|une|des|cette|ce|cet|ces|son|sa|ses|leur|leurs)\s*", "", fold(text))

        known = [bare(n) for n in names]
        span = self.doc.char_span(*phrase, alignment_mode="expand")
        for child in span.root.subtree if span is not None else []:
            if child.dep_ == "nmod" and child.idx >= phrase[1]:
                said = bare(self.text[phrase[0] : child.idx + len(child)])  # the phrase up to its complement's noun
                if any(said in n for n in known):
                    return True
        for link in self._in(sent, self.links):
            said = fold(self.text[link.start : link.end])
            if link.kind not in ("event", "post") and " " in said and any(said in n for n in names):
                return True
        return False

    def _qualified_alike(self, iri: URIRef, start: int, end: int) -> bool:
        """Same type and date is not enough when the phrase's own adjective says which one ("une
        exposition technologique"): a known event whose names lack it is another one."""
        names = self.kb.entities[iri].names
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if not names or span is None:
            return True
        words = {singular(w) for n in names for w in re.findall(r"[\w-]+", n)}
        # "stands d'exposition": when the event word is a complement, the noun it qualifies must be named too
        head_is_event = any(r.fullmatch(fold(span.root.text)) for r, _ in _EVENT_RE)
        return all(
            singular(fold(t.text)) in words for t in span if t.pos_ in ("ADJ", "NOUN") and (t != span.root or not head_is_event)
        )

    def _on(self, iri: URIRef, day: date) -> bool:
        start, end = self.kb.event_dates.get(iri, (None, None))
        if start is None or len(start) != 10:
            return False
        return start == day.isoformat() or (end is not None and len(end) == 10 and start <= day.isoformat() <= end)

    def _same_period(self, iri: URIRef, when: DateMention) -> bool:
        start, end = self.kb.event_dates.get(iri, (None, None))
        if start != str(literal(when.value)):
            return False
        return when.end_value is None or end == str(literal(when.end_value))

    def _near(self, iri: URIRef, days: int = 45) -> bool:
        """An undated "la séance d'ouverture" is the known one held when the text is: in the days of
        the last dated event the text named, else within `days` of the article's date."""
        start, end = self.kb.event_dates.get(iri, (None, None))
        if start is None or len(start) != 10:
            return False
        first = date.fromisoformat(start)
        last = date.fromisoformat(end) if end and len(end) == 10 else first
        if self.discourse is not None and isinstance(self.discourse.value, date):
            d_first = self.discourse.value
            d_last = self.discourse.end_value if isinstance(self.discourse.end_value, date) else d_first
            return first <= d_last and d_first <= last
        return abs((first - self.published).days) <= days

    def _event_date(self, sent: tuple[int, int], start: int, end: int) -> DateMention | None:
        """The date of an event phrase, read from the parse: one right after it ("la réunion du
        13 octobre") or inside its phrase ("la cérémonie, prévue le 25 octobre"); else a date of
        its own clause ("X a présidé une réunion le 13 octobre", "mardi, la cérémonie s'est
        tenue"); else the date of the subject its clause lists it under ("le programme, qui se
        déroulera du 25 au 26 octobre, comprend A et B"). A relative date ("mardi", "le 13 octobre") is read against
        the article's date (`dates`), so an event proposed from it is dated like any other."""
        inside = [d for d in self.dates if sent[0] <= d.start and d.end <= sent[1] and not d.as_of]
        right_after = [d for d in inside if 0 <= d.start - end <= 25]
        if right_after:
            return right_after[0]
        event = self.doc.char_span(start, end, alignment_mode="expand")
        if event is None or not inside:
            return None
        root = event.root
        verb_act = root.pos_ == "VERB"
        home = _clause(root)
        outer = [self.doc.char_span(s, e, alignment_mode="expand") for s, e in self.event_spans if (s, e) != (start, end)]
        # a complement of another event's noun ("une réunion pour l'ouverture"); an act's verb is a clause, not a noun
        nested = any(o is not None and o.root.pos_ != "VERB" and root in o.root.subtree and o.root != root for o in outer)
        # "après/avant/depuis la réunion": another time than its clause's
        elsewhen = any(c.dep_ == "case" and c.lower_ in ("après", "avant", "depuis") for c in root.children)
        # listed with it: a conjunct, or a sibling joined by "et" the parser left unlinked
        listed = [*root.conjuncts] + [
            t for t in root.head.children if t != root and t.dep_ == root.dep_ and any(c.dep_ == "cc" for c in t.children)
        ]
        for d in inside:
            span = self.doc.char_span(d.start, d.end, alignment_mode="expand")
            if span is None:
                continue
            d_root = span.root
            if not verb_act and self._apposed_participle(root, _clause(d_root)):
                return d  # "le forum régional sur X, prévu le 4 décembre": the participle agrees with the event
            if not verb_act and any(d_root in r.subtree for r in (root, *listed)):
                return d  # inside the event's own phrase, or a conjunct's ("huit sessions et cinq réunions tenues de ... à ...")
            clause = _clause(d_root)
            if (
                clause == home and not nested and not elsewhen
            ):  # a complement of another event ("une réunion pour l'ouverture") is not dated by its clause
                return d
            if not verb_act and clause.dep_.startswith("acl") and clause.head.dep_ == "nsubj":
                if clause.head.head in (home, home.head):  # "le programme, qui se déroulera D, inclut A"
                    return d
        return None

    def _apposed_participle(self, noun: Any, verb: Any) -> bool:
        """A participle set after the noun's phrase by a comma, agreeing with it in gender and
        number: it qualifies the noun whatever head the parser gave it."""
        if "Part" not in verb.morph.get("VerbForm") or any(c.dep_.startswith("aux") for c in verb.children):
            return False
        end = self._span_of(noun)[1]
        if not re.fullmatch(r"\s*,\s*", self.text[end : verb.idx]):
            return False
        return all(noun.morph.get(f) == verb.morph.get(f) for f in ("Gender", "Number") if verb.morph.get(f))

    def propose_events(self) -> None:
        seen: set[URIRef] = set()
        for event in self.events:
            if event.iri in seen:
                continue
            seen.add(event.iri)
            if not event.new:
                link = next((k for k in self.links if k.start == event.start and k.kind == "event"), None)
                if link is None:
                    self.links.append(Link(event.start, event.end, event.iri, "event", "event"))
                continue
            sent = self.sentence(event.start)
            if not self._candidate(event.iri, TKG[event.cls], event.confidence, sent):
                continue
            name = self._act_label(event) or self.elided.get(event.start) or self.text[event.start : event.end]
            self.out.add(event.iri, SKOS.prefLabel, Literal(name[0].upper() + name[1:], lang="fr"))
            self.out.add(event.iri, RDFS.label, Literal(name[0].upper() + name[1:], lang="fr"))
            when = self._event_date(sent, event.start, event.end)
            if when is not None:
                self.out.add(event.iri, TKG.startDate, literal(when.value))
                if when.end_value is not None:
                    self.out.add(event.iri, TKG.endDate, literal(when.end_value))
            place = self._place(sent)
            if place is not None:
                self._declare(place)
                self.out.add(event.iri, TKG.place, place.iri)

    def _act_label(self, event: EventMention) -> str | None:
        """A verb that names an act is labelled by its noun and its object: "Préparation de l'événement"."""
        span = self.doc.char_span(event.start, event.end, alignment_mode="expand")
        if span is None or span[0].pos_ != "VERB" or event.cls not in ACT_NOUNS:
            return None
        verb = span[0]
        what = next((c for c in verb.children if c.dep_ in ("obj", "nsubj:pass")), None)
        if what is not None:
            words = self.text[slice(*self._span_of(what))]
        elif verb.dep_ in ("acl", "amod", "advcl"):
            # "Créé par X, ce comité": what is created is the noun the participle qualifies
            words = self.text[verb.head.left_edge.idx : verb.head.idx + len(verb.head)]
        else:
            return ACT_NOUNS[event.cls]
        if len(words) > 60:
            words = words[:60].rsplit(" ", 1)[0] + "…"
        return f"{ACT_NOUNS[event.cls]} : {words}"

    def _place(self, sent: tuple[int, int]) -> Link | None:
        for link in self._in(sent, self.links):
            if link.kind == "place":
                before = fold(self.text[max(0, link.start - 5) : link.start])
                if re.search(r"\b(?:a|au|en|dans)\s*$", before):
                    return link
        return None

    # ---- 4. references ---------------------------------------------------------------------

    def propose_references(self) -> None:
        """One reference per entity the article names (its first mention), with alternatives."""
        seen: set[URIRef] = set()
        for link in sorted(self.links, key=lambda k: k.start):
            if link.iri in seen or link.kind == "post" or str(SOURCE[self.stem]) in self.kb.cited_in.get(link.iri, set()):
                continue  # the graph already records that this article names it
            seen.add(link.iri)
            iri = FACT[f"{self.stem}-reference-{local(link.iri)}"]
            confidence = CONFIDENCE.get(link.via, CONFIDENCE["event-near"])
            if not self._candidate(iri, TKG.EntityReference, confidence, (link.start, link.end)):
                continue
            self._declare(link)
            self.out.add(iri, TKG.refersTo, link.iri)
            for other in link.alternatives:
                self.out.add(iri, TKG.alternative, other)
            self.counts["reference"] = self.counts.get("reference", 0) + 1

    # ---- 5. post holdings -------------------------------------------------------------------

    def propose_holdings(self) -> None:
        for title in self.titles:
            holder, span = self._apposed_person(title)
            if holder is None:
                if not title.bare and title.new_in is None:
                    self._title_reference(title)
                continue
            if title.bare and title.post not in self.kb.posts_of(holder.iri):
                continue  # "le président X": which presidency is not said
            post = title.post
            if title.new_in is not None:
                if not self._candidate_ok(post):
                    continue
            iri = FACT[f"{self.stem}-post-holding-{local(holder.iri)}-{local(post)}"]
            if not self._candidate(iri, TKG.PostHolding, CONFIDENCE["holding"], span):
                continue
            self._declare(holder)
            if title.new_in is not None:
                name = self.text[title.start : title.end]
                self.out.new_entity(post, TKG.Post, name, (title.start, title.end))
                self.out.add(post, TKG.postIn, title.new_in)
            self.out.add(iri, TKG.holder, holder.iri)
            self.out.add(iri, TKG.post, post)
            self.out.add(iri, TKG.asOf, Literal(self.published.isoformat(), datatype=XSD.date))

    def _candidate_ok(self, iri: URIRef) -> bool:
        return str(iri) not in self.skip

    def _apposed_person(self, title: Title) -> tuple[Link | None, tuple[int, int]]:
        persons = [k for k in self.links if k.kind == "person"]
        after = next(
            (p for p in persons if p.start >= title.end and re.fullmatch(r"\s*,?\s*", self.text[title.end : p.start])), None
        )
        if after is not None:
            return after, (title.start, after.end)
        before = next(
            (
                p
                for p in persons
                if p.end <= title.start and re.fullmatch(r"\s*,\s*(?:(?:le|la)\s+|l['’])?", self.text[p.end : title.start])
            ),
            None,
        )
        if before is not None:
            return before, (before.start, title.end)
        # a chain of titles after a name, separated by commas: each is held by that name
        previous = next((t for t in reversed(self.titles) if t.end <= title.start), None)
        if previous is not None and re.fullmatch(r"\s*,\s*(?:et\s+)?", self.text[previous.end : title.start]):
            holder, span = self._apposed_person(previous)
            if holder is not None and holder.end <= previous.start:
                return holder, (span[0], title.end)
        return None, (title.start, title.end)

    def _title_reference(self, title: Title) -> None:
        """ "le secrétaire général de l'ONU" alone names whoever the graph says holds the post."""
        holders = self.kb.holders(title.post, self.published)
        if not holders:
            return
        via = "title" if len(holders) == 1 else "ambiguous"
        self.links.append(Link(title.start, title.end, holders[0], "person", via, holders[1:]))

    # ---- 6. participations ------------------------------------------------------------------

    def propose_participations(self) -> None:
        for token in self.doc:
            role = None
            if token.pos_ in ("VERB", "AUX") or token.dep_ in ("acl", "amod"):
                role = ROLE_VERBS.get(token.lemma_.lower())
                if role == "speaker" and token.lemma_.lower() == "prononcer":
                    if not any(c.lemma_.lower() in SPEECH_NOUNS for c in token.children if c.dep_ == "obj"):
                        role = None
                if role == "speaker" and token.lemma_.lower() == "exprimer":
                    if not any(c.lower_ in ("se", "s'", "s’") for c in token.children):
                        role = None
            if role == "preparer" and self._about_to(token):
                role = None  # "se prépare à accueillir": the infinitive says what its subject does
            if role == "host" and any(c.dep_ == "obj" and self._agents(c) for c in token.children):
                role = "welcomer"  # "a accueilli les délégués": welcomed people, not hosted an event
            if role == "organiser" and any(c.lower_ in ("conjointement", "ensemble") for c in token.children):
                role = "co-organiser"
            verb = token.pos_ in ("VERB", "AUX")
            if (
                verb
                and token.lemma_.lower() == "prendre"
                and any(c.dep_ == "obj" and (c.lower_ == "part" or self._events_in(c)) for c in token.children)
            ):
                role = "attendee"  # "ont pris part aux travaux", "a pris une photo de groupe avec X"
            if role is not None:
                self._verb_participation(token, role)
            elif verb and token.lemma_.lower() in SPEECH_VERBS:
                self._verb_participation(token, "speaker", own_complements=("obl", "obl:mod", "advmod"))  # "lors de"
            elif verb and token.lemma_.lower() in GATHER_VERBS:
                self._gathered(token)
            elif token.pos_ == "NOUN" and token.lemma_.lower() in ROLE_NOUNS:
                self._noun_participation(token, ROLE_NOUNS[token.lemma_.lower()])
        for event in self.events:
            head = self._head_at(event)
            if head is None or head.pos_ != "NOUN":
                continue
            if event.cls in ACT_ROLES:  # "la décision de l'ONU": the act's agent as its noun's complement
                for agent in self._complement_agents(head, ("de", "du", "des", "d'", "d’")):
                    self._participation(agent, ACT_ROLES[event.cls], event, head.sent, CONFIDENCE["participation-arg"])
            if event.cls in GUEST_EVENTS:  # "une cérémonie d'accueil pour les chefs de délégation"
                for agent in self._complement_agents(head, ("pour",), deep=True):
                    self._participation(agent, "guest", event, head.sent, CONFIDENCE["participation-arg"])

    def _head_at(self, event: EventMention) -> Any:
        span = self.doc.char_span(event.start, event.end, alignment_mode="expand")
        return None if span is None else span.root

    def _complement_agents(self, noun: Any, cases: tuple[str, ...], deep: bool = False) -> list[Link]:
        """Agents named by the noun's complements introduced by `cases` (and their conjuncts);
        `deep`: also complements of the noun's own modifiers ("cérémonie d'accueil ... pour X")."""
        heads = list(noun.subtree) if deep else [noun]
        agents: list[Link] = []
        for head in heads:
            if head.i != noun.i and not deep:
                continue
            for child in head.children:
                if child.dep_ in ("nmod", "obl", "obl:mod") and any(
                    c.dep_ == "case" and c.lower_ in cases for c in child.children
                ):
                    for token in (child, *child.conjuncts):
                        agents += [a for a in self._agents(token) if a not in agents]
        return agents

    def _gathered(self, verb: Any) -> None:
        """ "L'événement a réuni des représentants de 100 pays": the subject is the event, the object attends."""
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None and verb.dep_ == "xcomp":  # "le forum devrait réunir ..."
            subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        events = self._events_in(subject) if subject is not None else []
        if not events:
            return
        for child in verb.children:
            if child.dep_ == "obj":
                for token in (child, *child.conjuncts):
                    for agent in self._agents(token):
                        self._participation(agent, "attendee", events[0], verb.sent, CONFIDENCE["participation-arg"])

    def propose_photographers(self) -> None:
        """A caption's credit, "... - Photo : AGENCY/Name", names who photographed the event the
        caption shows (the first event it names)."""
        for m in re.finditer(r"Photo\s*:\s*(?:[^/\n|]{1,40}/)?([^\n|/]+?)\s*(?=\||\n|$)", self.text):
            start, end = m.span(1)
            person = next((k for k in self.links if k.start >= start and k.end <= end and k.kind == "person"), None)
            if person is None:
                continue
            line_start = self.text.rfind("\n", 0, m.start()) + 1
            shown = [e for e in self.events if line_start <= e.start and e.end <= m.start()]
            if shown:
                self._participation(
                    person,
                    "photographer",
                    shown[0],
                    self.doc.char_span(line_start, m.end(), alignment_mode="expand"),
                    CONFIDENCE["participation-sentence"],
                )

    def _span_of(self, token: Any) -> tuple[int, int]:
        sub = list(token.subtree)
        return sub[0].idx, sub[-1].idx + len(sub[-1])

    def _agents(self, token: Any) -> list[Link]:
        start, end = self._span_of(token)
        return [k for k in self._in((start, end), self.links) if not k.in_title and (k.kind in AGENT_KINDS or self._state(k))]

    def _state(self, link: Link) -> bool:
        return link.new_class is None and self.kb.is_a(link.iri, TKG.Agent)

    def _events_in(self, token: Any) -> list[EventMention]:
        """The events whose phrase starts in the token's phrase (the parser may hang the event's
        own complement elsewhere: "accueillir l'ouverture | à la signature")."""
        start, end = self._span_of(token)
        return [e for e in self.events if start <= e.start < end]

    def _verb_participation(self, verb: Any, role: str, own_complements: tuple[str, ...] = ()) -> None:
        """Who (the subject, or the "par" agent of a passive) took which part in which event (the
        verb's object or complement, else the nearest event of the sentence). `own_complements`:
        the event must be among these complements of the verb itself, or there is none."""
        agents: list[Link] = []
        event: EventMention | None = None
        act = next((e for e in self.events if e.start == verb.idx), None)  # "préparaient": the verb is the act
        by = [
            c
            for c in verb.children
            if c.dep_ == "obl:agent" or (c.dep_.startswith("obl") and any(g.lower_ == "par" for g in c.children))
        ]
        participle = "Part" in verb.morph.get("VerbForm") and not any(c.dep_.startswith("aux") for c in verb.children)
        just_before = [
            e for e in self.events if e.end <= verb.idx and verb.idx - e.end <= 30 and "\n" not in self.text[e.end : verb.idx]
        ]
        if participle and by and just_before:
            # "une exposition technologique organisée conjointement par X et Y": the participle
            # qualifies the event named right before it, whatever head the parser gave it
            event = just_before[-1]
            for child in by:
                agents += [a for a in self._agents(child) if a not in agents]
                for conj in child.conjuncts:
                    agents += [a for a in self._agents(conj) if a not in agents]
        elif verb.dep_ in ("acl", "amod") or (by and (participle or any(c.dep_ == "nsubj:pass" for c in verb.children))):
            # passive: "une séance ... coprésidée par X", "La séance a été coprésidée par X et par Y"
            for child in by:
                agents += [a for a in self._agents(child) if a not in agents]
                for conj in child.conjuncts:
                    agents += [a for a in self._agents(conj) if a not in agents]
            subject = next((c for c in verb.children if c.dep_ == "nsubj:pass"), None)
            if subject is not None:
                found = self._events_in(subject)
                event = found[0] if found else None
            else:
                head = verb.head
                event = next((e for e in self.events if e.start <= head.idx < e.end), None)
        else:
            event = act  # "a adopté": the act itself
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)  # a passive's subject is no agent
            controller = verb.head.lemma_.lower() in OBJECT_CONTROL and "Inf" in verb.morph.get("VerbForm")
            if subject is None and controller:  # "a accueilli les délégués ... pour assister à": the delegates attend
                subject = next((c for c in verb.head.children if c.dep_ == "obj"), None)
            if subject is None and verb.dep_ in ("conj", "advcl", "xcomp"):  # "S'exprimant ..., le président a ..."
                subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
            if subject is None and "Fin" in verb.morph.get("VerbForm"):
                # a finite verb needs a subject: a bare noun before it the parser gave another label
                subject = next(
                    (
                        c
                        for c in verb.lefts
                        if c.pos_ in ("PROPN", "NOUN")
                        and c.dep_.startswith("obl")
                        and not any(g.dep_ == "case" for g in c.children)
                    ),
                    None,
                )
            if subject is not None and subject.lower_ == "qui" and verb.dep_.startswith("acl"):
                agents = self._antecedent_agents(verb.head)  # "le Vietnam, qui accueille ...": the antecedent
            elif subject is not None:
                agents = self._agents(subject)
                for conj in subject.conjuncts:
                    agents += [a for a in self._agents(conj) if a not in agents]
                for beside in (*verb.children, *subject.children):  # "X, aux côtés de Y, a soutenu": Y too
                    if beside.dep_.startswith(("obl", "nmod")) and BESIDE.match(self.text[self._span_of(beside)[0] :]):
                        agents += [a for a in self._agents(beside) if a not in agents]
            else:  # "Ont assisté à la cérémonie : A, B et C" - the agents listed after a colon
                sent = verb.sent
                colon = self.text.find(":", verb.idx, sent.end_char)
                if colon != -1:
                    agents = [
                        k
                        for k in self._in((colon, sent.end_char), self.links)
                        if not k.in_title and (k.kind in AGENT_KINDS or self._state(k))
                    ]
            for dep in own_complements or ("obj", "obl:arg", "iobj", "obl", "obl:mod"):  # the object first, then complements
                for child in verb.children:
                    if child.dep_ == dep and event is None:
                        found = [e for e in self._events_in(child) if e is not act]
                        if found:
                            event = found[0]
        # "a signé la Convention lors d'une cérémonie": the act, and the event it took place at
        at = self._held_at(verb, act) if act is not None and not own_complements else None
        if act is not None and not own_complements:
            event = act
        confidence = CONFIDENCE["participation-arg"]
        if event is None and own_complements:
            return
        if event is None:
            sent = verb.sent
            inside = [e for e in self.events if sent.start_char <= e.start and e.end <= sent.end_char]
            if not inside:
                return
            event = min(inside, key=lambda e: abs(e.start - verb.idx))
            confidence = CONFIDENCE["participation-sentence"]
        if role == "attendee":  # "a pris une photo de groupe avec les chefs de délégation": they too
            for child in verb.children:
                if child.dep_.startswith("obl") and any(c.dep_ == "case" and c.lower_ == "avec" for c in child.children):
                    agents += [a for a in self._agents(child) if a not in agents]
        for agent in agents:
            self._participation(agent, role, event, verb.sent, confidence)
            if at is not None:
                self._participation(agent, role, at, verb.sent, confidence)
        if act is not None and event is act:
            for partner in self._partners(verb):
                if partner not in agents:
                    self._participation(partner, "partner", event, verb.sent, CONFIDENCE["participation-sentence"])

    def _held_at(self, verb: Any, act: EventMention) -> EventMention | None:
        """The event a complement of the act's verb (not its object) names: "lors d'une cérémonie"
        (the parser may hang it under the adverb "lors"); not one the act came after or before
        ("après huit sessions et cinq réunions, l'Assemblée a adopté", also a sibling joined by
        "et" that the parser did not link as a conjunct)."""
        found: list[EventMention] = []
        elsewhen = False
        for c in verb.children:
            if c.dep_ not in ("obl", "obl:mod", "advmod"):
                continue
            if any(g.dep_ == "case" and g.lower_ in ("après", "avant", "depuis") for g in c.children):
                elsewhen = True
                continue
            if elsewhen and any(g.dep_ == "cc" for g in c.children):
                continue
            elsewhen = False
            found += [e for e in self._events_in(c) if e is not act]
        return found[0] if found else None

    def _antecedent_agents(self, noun: Any) -> list[Link]:
        """The agents a noun names itself (a merged name, or its words up to the noun), not those of its clauses."""
        start, end = noun.left_edge.idx, noun.idx + len(noun)
        return [k for k in self._in((start, end), self.links) if not k.in_title and (k.kind in AGENT_KINDS or self._state(k))]

    def _partners(self, verb: Any) -> list[Link]:
        """ "X a travaillé en étroite collaboration avec Y pour finaliser ...": Y is the act's partner."""
        sent = verb.sent
        found = []
        for link in self._in((sent.start_char, sent.end_char), self.links):
            before = self.text[sent.start_char : link.start]
            before = re.sub(r"(?:l['’]|le |la |les |du |des )$", "", before, flags=re.IGNORECASE)
            if PARTNER.search(before) and (link.kind in AGENT_KINDS or self._state(link)) and not link.in_title:
                found.append(link)
        return found

    def _noun_participation(self, noun: Any, role: str) -> None:
        agents: list[Link] = []
        for child in noun.children:
            if child.dep_ in ("nmod", "obl") and any(c.lower_ in ("de", "du", "des", "d'", "d’") for c in child.children):
                agents += self._agents(child)
                for conj in child.conjuncts:
                    agents += self._agents(conj)
        if not agents:
            return
        sent = noun.sent
        own = [e for e in self._events_in(noun) if e.start > noun.idx]  # "la contribution du Vietnam à son élaboration"
        inside = [e for e in self.events if sent.start_char <= e.start and e.end <= sent.end_char and e.end <= noun.idx]
        if role == "contributor":  # a contribution is to what its "à" complement names, nothing else
            inside = []
            to = re.compile(r"\b(?:à|au|aux)\s+(?:l['’]|la |le |les |son |sa |ses |leurs? )?$", re.IGNORECASE)
            own = (
                own
                or [e for e in self.events if noun.idx < e.start <= noun.idx + 60 and to.search(self.text[noun.idx : e.start])][
                    :1
                ]
            )
        if not inside and not own:
            return
        event = own[0] if own else max(inside, key=lambda e: e.start)
        for agent in agents:
            self._participation(agent, role, event, sent, CONFIDENCE["participation-sentence"])

    def _participation(self, agent: Link, role: str, event: EventMention, sent: Any, confidence: float) -> None:
        role_iri = ROLE[role]
        prop = self.kb.role_property.get(role_iri)
        if prop is None or agent.iri == event.iri:
            return
        iri = FACT[f"{self.stem}-participation-{local(agent.iri)}-{role}-{local(event.iri)}"]
        if not self._candidate(iri, TKG.Participation, confidence, (sent.start_char, sent.end_char)):
            return
        self._declare(agent)
        self.out.add(iri, TKG.inEvent, event.iri)
        self.out.add(iri, TKG.role, role_iri)
        self.out.add(iri, prop, agent.iri)

    # ---- 7. figures ------------------------------------------------------------------------

    def propose_figures(self) -> None:
        tokens = list(self.doc)
        for i, token in enumerate(tokens):
            value = self._number(token)
            qualifier, start = None, token.idx
            if value is None:
                magnitude = self._magnitude(token)
                if magnitude is None:
                    continue
                qualifier, start, next_i = magnitude
            else:
                if any(d.start <= token.idx < d.end for d in self.dates):
                    continue
                next_i = i + 1
                before = fold(self.text[max(0, token.idx - 12) : token.idx])
                for words, concept in QUALIFIERS:
                    if before.rstrip().endswith(words.rstrip()) and re.search(
                        rf"(?:^|\W){re.escape(words.rstrip())}\s*$", before
                    ):
                        qualifier = concept
                        start = token.idx - (len(before) - before.rstrip().rfind(words.rstrip()[:2]))
                        break
                qualifier = qualifier or "exactly"
            counted = self._counted(tokens, next_i)
            if counted is None:
                continue
            concept, end = counted
            start = max(0, min(start, token.idx))
            start = self._trim_start(start, token.idx)
            self._figure(value, qualifier, concept, (start, end))

    def _trim_start(self, start: int, number_at: int) -> int:
        # the qualifier's first word starts at a word boundary
        while start < number_at and not self.text[start].isalnum():
            start += 1
        while start > 0 and self.text[start - 1].isalpha():
            start -= 1
        return start

    def _number(self, token: Any) -> int | float | None:
        text = token.text.replace("\u202f", "").replace("\xa0", "")
        if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+|\d+", text):
            number = int(re.sub(r"\D", "", text))
            if 1900 <= number <= 2100 and token.i + 1 < len(token.doc) and token.nbor(1).pos_ != "NOUN":
                return None
            return number
        if re.fullmatch(r"\d+,\d+", text):
            return float(text.replace(",", "."))
        word = fold(token.text)
        if word in NUMBER_WORDS and word not in ("un", "une") and token.pos_ == "NUM":
            return NUMBER_WORDS[word]
        return None

    def _magnitude(self, token: Any) -> tuple[str, int, int] | None:
        first = fold(token.text)
        for words, concept in MAGNITUDES:
            if not words.startswith(first):
                continue
            n = len(words.split())
            if token.i + n > len(self.doc):
                continue
            span = self.doc[token.i : token.i + n]
            if fold(span.text).replace("d’", "d'") == words or fold(span.text) == words:
                if token.i > 0 and fold(self.doc[token.i - 1].text) in ("des", "de") and n == 1:
                    continue
                return concept, token.idx, token.i + n
        return None

    def _counted(self, tokens: list[Any], i: int) -> tuple[URIRef, int] | None:
        """The counted kind named right after a number: the longest known kind whose French
        label matches the following words (lemmas, so plurals count), up to four words."""
        words: list[tuple[str, int]] = []
        j = i
        if j < len(tokens) and fold(tokens[j].text) in ("de", "d'"):
            j += 1
        while j < len(tokens) and len(words) < 4 and not tokens[j].is_punct and not tokens[j].is_space:
            tok = tokens[j]
            words.append((fold(tok.lemma_ if tok.pos_ in ("NOUN", "ADJ") else tok.text), tok.idx + len(tok)))
            j += 1
        for n in range(len(words), 0, -1):
            phrase = " ".join(w for w, _ in words[:n]).replace("d' ", "d'")
            surface = fold(self.text[tokens[i].idx : words[n - 1][1]])
            for key in (phrase, surface):
                key = singular(re.sub(r"^(?:de |d')", "", key))
                if key in self.kb.counted_kinds:
                    return self.kb.counted_kinds[key], words[n - 1][1]
        return None

    def _figure(self, value: int | float | None, qualifier: str, concept: URIRef, span: tuple[int, int]) -> None:
        tag = f"{value if value is not None else qualifier}-{local(concept)}-{span[0]}"
        iri = FACT[f"{self.stem}-figure-{slug(tag)}"]
        sent = self.sentence(span[0])
        if not self._candidate(iri, TKG.StatedFigure, CONFIDENCE["figure"], span):
            return
        if value is not None:
            self.out.add(iri, TKG.value, Literal(value))
        self.out.add(iri, TKG.qualifier, CONCEPT[qualifier])
        self.out.add(iri, TKG.counts, concept)
        as_of = next((d for d in self.dates if sent[0] <= d.start < sent[1] and d.as_of), None)
        if as_of is not None:
            self.out.add(iri, TKG.asOf, literal(as_of.value))
        about = [e for e in self.events if sent[0] <= e.start and e.end <= sent[1]]
        target = min(about, key=lambda e: abs(e.start - span[0])).iri if about else None
        if target is None:
            things = [k for k in self._in(sent, self.links) if k.kind == "instrument"]
            target = things[0].iri if things else None
        if target is not None:
            self.out.add(iri, TKG.figureOf, target)
        for known in self.kb.figures:
            if known.counts == concept and (target is None or known.figure_of in (None, target)):
                differs = known.value != (str(value) if value is not None else None) or known.qualifier != CONCEPT[qualifier]
                if differs:
                    self.out.add(
                        iri,
                        SKOS.note,
                        Literal(
                            f"The graph already states a figure of this kind ({known.iri}); this one differs and is kept beside it.",
                            lang="en",
                        ),
                    )

    # ---- all -------------------------------------------------------------------------------

    def run(self) -> None:
        self.dates = find_dates(self.text, self.published)
        self.link_names()
        self.parse()
        self.rerank()
        self.link_titles()
        self.link_ner()
        self.find_events()
        self.propose_events()
        self.propose_holdings()
        self.propose_participations()
        self.propose_photographers()
        self.propose_figures()
        self.propose_references()
