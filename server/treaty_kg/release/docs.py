"""The release's HTML documentation, made by pyLODE (OntPub profile) from the merged ontology.

pyLODE writes every label and definition of a term side by side without saying which language
each is in (a class's heading read "personpersonnengười"). So pyLODE is given a documentation
copy of the ontology in which each term has one title, "English · French" label, and one
description that names the language of each definition and lists the other labels.

pyLODE also takes every SKOS concept scheme for the ontology itself (the page's title and IRI
became the role scheme's) and lists the standard terms `alignment.ttl` declares for OWL 2 RL
(schema:Person, org:Post…) as if the ontology defined them. So in the documentation copy the
schemes are not typed `skos:ConceptScheme` and terms outside the project's namespace are not
declared: pyLODE documents the ontology's own classes and properties, and links to the rest.

pyLODE iterates Python sets, so its page changes with the hash seed; it runs in a child process
with PYTHONHASHSEED fixed, which makes the page byte-stable. pyLODE reads nothing from the
network for an rdflib graph (its background vocabularies ship with it).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from rdflib import DCTERMS, OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from treaty_kg.errors import InputError
from treaty_kg.rdf.namespaces import BASE
from treaty_kg.release.serialize import turtle

LANGUAGES = ("en", "fr")  # the title's languages, in order; other labels are listed in the description
TITLES = (RDFS.label, SKOS.prefLabel, DCTERMS.title)
DEFINITIONS = (SKOS.definition, RDFS.comment, DCTERMS.description)
HASH_SEED = "0"
# Ids pyLODE's OntPub gives its own elements (sections, table of contents, legend).
_PAGE_IDS = (
    "content",
    "metadata",
    "classes",
    "properties",
    "objectproperties",
    "datatypeproperties",
    "annotationproperties",
    "functionalproperties",
    "namespaces",
    "legend",
    "toc",
    "pylode",
)


def _by_language(graph: Graph, node: Node, predicates: tuple) -> dict[str, list[str]]:
    values: dict[str, list[str]] = defaultdict(list)
    for predicate in predicates:
        for value in graph.objects(node, predicate):
            if isinstance(value, Literal) and str(value) not in values[value.language or ""]:
                values[value.language or ""].append(str(value))
    return {language: sorted(texts) for language, texts in values.items()}


# Kinds pyLODE gives a section (or takes for the ontology): kept only for the project's own nodes.
_SECTION_KINDS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    SKOS.ConceptScheme,
}


def _hidden(s: Node, p: Node, o: Node) -> bool:
    if p != RDF.type or o not in _SECTION_KINDS:
        return False
    return o == SKOS.ConceptScheme or not (isinstance(s, URIRef) and str(s).startswith(BASE))


def documentation_graph(ontology: Graph) -> Graph:
    """A copy of the ontology with one bilingual title and one description per described node."""
    doc = Graph()
    for prefix, namespace in ontology.namespaces():
        doc.bind(prefix, namespace, override=True)
    described = {s for p in TITLES + DEFINITIONS for s in ontology.subjects(p, None)}
    doc += ((s, p, o) for s, p, o in ontology if not (s in described and p in TITLES + DEFINITIONS) and not _hidden(s, p, o))
    for node in described:
        labels = _by_language(ontology, node, TITLES)
        definitions = _by_language(ontology, node, DEFINITIONS)
        title = [labels[lang][0] for lang in LANGUAGES if lang in labels]
        title = [t for i, t in enumerate(title) if t not in title[:i]] or [t for ts in labels.values() for t in ts][:1]
        if title:
            doc.add((node, DCTERMS.title, Literal(" · ".join(title))))
        parts = [f"**{lang or '-'}** {text}" for lang in sorted(definitions) for text in definitions[lang]]
        others = [f"{text} ({lang or '-'})" for lang in sorted(labels) for text in labels[lang]]
        if len(others) > 1:
            parts.append("Labels: " + ", ".join(others))
        if parts:
            doc.add((node, DCTERMS.description, Literal("\n\n".join(parts))))
    return doc


def make_html(ontology: Graph) -> bytes:
    """The pyLODE page of the ontology, byte-stable for the same ontology and pyLODE version."""
    if importlib.util.find_spec("pylode") is None:
        raise InputError("pyLODE is not installed: pip install 'treaty-kg[release]' (or -e '.[release]')")
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "doc.ttl", Path(tmp) / "doc.html"
        source.write_bytes(turtle(documentation_graph(ontology)))
        env = {**os.environ, "PYTHONHASHSEED": HASH_SEED}
        done = subprocess.run(
            [sys.executable, "-m", __name__, str(source), str(target)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise InputError(f"pyLODE could not document the ontology: {done.stderr.strip().splitlines()[-1:]}")
        return target.read_bytes()


def _main(source: str, target: str) -> None:
    logging.disable(logging.CRITICAL)  # pyLODE logs its background loading at INFO
    from pylode import OntPub  # only the child process needs pyLODE

    graph = Graph().parse(source, format="turtle")
    page = OntPub(ontology=graph, sort_subjects=True)
    # pyLODE names a term's anchor by its local name, unless the name is taken in `fids`; its own
    # elements' ids (the page's "content" div, one per namespace prefix) are not in `fids`, so
    # tkg:content and tkg:role got the ids of a <div> and of the `role:` prefix. Taken up front,
    # they make pyLODE number the terms' anchors instead (#content1), and every id is unique.
    reserved = {*_PAGE_IDS, *(prefix for prefix, _ in graph.namespaces())}
    page.fids.update({f"urn:treaty-kg:pylode-id:{name}": name for name in sorted(reserved)})
    html = page.make_html()
    Path(target).write_text(html if html.endswith("\n") else html + "\n", encoding="utf-8")


if __name__ == "__main__":
    _main(sys.argv[1], sys.argv[2])
