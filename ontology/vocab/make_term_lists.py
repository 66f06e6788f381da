"""Write the term lists of the standard vocabularies the ontology aligns with (one .txt per vocabulary).

`treaty-kg check-ontology` (check `standard-terms`) reports any IRI of these namespaces that the
ontology uses but the vocabulary does not define, so a misspelt `schema:Persn` cannot slip through.
The lists are generated once and kept in the repo, so the check never reaches the network.

Usage (from the project root):
    python ontology/vocab/make_term_lists.py [SCHEMA_FILE SEM_FILE OA_FILE ELI_FILE]

ORG, PROV-O, OWL-Time, SKOS and Dublin Core terms come from rdflib's bundled DefinedNamespace
term lists. schema.org (rdflib's list is older and lacks e.g. schema:PoliticalParty), SEM, Web
Annotation and ELI come from the vocabularies' published RDF files given on the command line
(PUBLISHED below says where each was taken from); without them only the rdflib lists are
rewritten.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import rdflib
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS, TIME

HERE = Path(__file__).resolve().parent

# file stem -> (namespace, DefinedNamespace) for the lists rdflib ships.
BUNDLED = {
    "org": ORG,
    "prov": PROV,
    "time": TIME,
    "skos": SKOS,
    "dcterms": DCTERMS,
}

# file stem -> (namespace, where the published file was taken from), in argv order.
PUBLISHED = {
    "schema": (
        "https://schema.org/",
        "schema.org release 30.0 data/releases/30.0/schemaorg-current-https.ttl, github.com/schemaorg/schemaorg at commit cc71c8e064859e912aac8b11ec06e6bc53255b6a",
    ),
    "sem": (
        "http://semanticweb.cs.vu.nl/2009/11/sem/",
        "SEM ontology sem.rdf, copy in github.com/enridaga/nao at commit b22540b61bdbeb5add981c5efeeff173d71cc823",
    ),
    "oa": (
        "http://www.w3.org/ns/oa#",
        "W3C Web Annotation ontology oa.ttl (2016-11-12), github.com/w3c/ns at commit 5a066fc4a8a7c5f421ebcb3ca6a5b55e044a87a1",
    ),
    "eli": (
        "http://data.europa.eu/eli/ontology#",
        "ELI ontology v1.2 (N-Triples) eli.ttl, github.com/linked-solutions/prefix.cc-harvest at commit 88d085a87e55e341b5934959f1f7c58bc8ed20cc",
    ),
}


def write_list(stem: str, namespace: str, terms: set[str], origin: str) -> None:
    today = datetime.date.today().isoformat()
    header = [
        f"# namespace: {namespace}",
        f"# source: {origin}",
        f"# generated: {today} by ontology/vocab/make_term_lists.py",
    ]
    body = sorted(t for t in terms if t.startswith(namespace) and t != namespace)
    (HERE / f"{stem}.txt").write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"{stem}.txt: {len(body)} terms")


def bundled_terms(ns) -> set[str]:
    names = list(ns.__annotations__) + list(getattr(ns, "_extras", []))
    return {str(ns._NS) + name for name in names}


def declared_terms(path: Path, namespace: str) -> set[str]:
    """Every IRI of the namespace that the file types (classes, properties, individuals, concepts)."""
    graph = Graph()
    fmt = rdflib.util.guess_format(str(path)) or ("nt" if path.suffix == ".nt" else "xml")
    graph.parse(path, format=fmt)
    return {str(s) for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(namespace)}


def main(argv: list[str]) -> int:
    for stem, ns in BUNDLED.items():
        write_list(stem, str(ns._NS), bundled_terms(ns), f"rdflib {rdflib.__version__} rdflib.namespace DefinedNamespace")
    if argv:
        for (stem, (namespace, origin)), path in zip(PUBLISHED.items(), argv, strict=True):
            write_list(stem, namespace, declared_terms(Path(path), namespace), origin)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
