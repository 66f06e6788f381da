"""The project's namespaces, in one place so every module spells them the same way.

The IRI scheme is documented in README.md ("IRI scheme"). Every IRI below BASE
is answered by the server at the same path on its own host.
"""

from collections.abc import Mapping

from rdflib import Namespace

BASE = "https://w3id.org/treaty-kg/"

TKG = Namespace(BASE + "ontology/")  # classes and properties
ID = Namespace(BASE + "id/")  # entities: people, bodies, places, events, posts, treaties
FACT = Namespace(BASE + "fact/")  # n-ary fact nodes (participations, post holdings, figures, ...)
MENTION = Namespace(BASE + "mention/")  # a quoted span of a source that states a fact
SOURCE = Namespace(BASE + "source/")  # the source documents (news articles)
ROLE = Namespace(BASE + "role/")  # SKOS concept scheme of participation roles
CONCEPT = Namespace(BASE + "concept/")  # other SKOS concept schemes (qualifiers, counted kinds, topics)
GRAPH = Namespace(BASE + "graph/")  # named graphs of the built dataset
ACTIVITY = Namespace(BASE + "activity/")  # runs of `treaty-kg ingest` that proposed candidates

ONTOLOGY_IRI = BASE + "ontology"

# Named graphs in build/dataset.nq
GRAPH_ONTOLOGY = GRAPH["ontology"]
GRAPH_ASSERTED = GRAPH["asserted"]
GRAPH_INFERRED = GRAPH["inferred"]
GRAPH_CANDIDATE = GRAPH["candidate"]  # machine proposals, served only when a build is asked to

# Standard vocabularies the ontology aligns with (one prefix per namespace).
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
PROV = Namespace("http://www.w3.org/ns/prov#")
TIME = Namespace("http://www.w3.org/2006/time#")
OA = Namespace("http://www.w3.org/ns/oa#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")

PREFIXES: dict[str, str] = {
    "tkg": str(TKG),
    "id": str(ID),
    "fact": str(FACT),
    "mention": str(MENTION),
    "source": str(SOURCE),
    "role": str(ROLE),
    "concept": str(CONCEPT),
    "activity": str(ACTIVITY),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "sem": str(SEM),
    "prov": str(PROV),
    "time": str(TIME),
    "oa": str(OA),
    "eli": str(ELI),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def bind_prefixes(graph) -> None:
    """Bind the project's prefixes on an rdflib graph so serialisations read well."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)


def prefixed_name(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str | None:
    """`prefix:local` with the longest namespace of `prefixes` that `iri` extends, else None.

    For reports and messages people read; the local name is not checked against Turtle's
    grammar (Turtle output goes through rdflib's namespace manager instead).
    """
    matches = [p for p, ns in prefixes.items() if iri.startswith(ns) and len(iri) > len(ns)]
    best = max(matches, key=lambda p: len(prefixes[p]), default=None)
    return None if best is None else f"{best}:{iri[len(prefixes[best]) :]}"
