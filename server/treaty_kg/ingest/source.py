"""Register an article as a source, the way graph/sources.ttl holds the seed articles: a
`schema:NewsArticle` and `tkg:NewsArticle` named `source:<file stem>`, with its date, language,
headline, author, publisher and address when given, and its full text, byte for byte, in
`schema:text` (so every mention's offsets can be checked against it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Graph, URIRef

from treaty_kg.errors import InputError
from treaty_kg.ingest.candidates import slug
from treaty_kg.ingest.knowledge import Knowledge
from treaty_kg.ingest.normalize import fold
from treaty_kg.rdf.namespaces import SCHEMA, SOURCE

STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")


@dataclass(frozen=True)
class ArticleMeta:
    published: date
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    lang: str = "fr"


def read_article(path: Path) -> tuple[str, str]:
    """The stem and the exact text of an article file (UTF-8; line ends kept as they are)."""
    stem = path.stem
    if not STEM.match(stem):
        raise InputError(f"{path}: the file name {stem!r} cannot name a source (letters, digits, '_' and '-' only)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the article ({exc.strerror})") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: byte {exc.start}: not UTF-8 ({exc.reason})") from exc
    if not text.strip():
        raise InputError(f"{path}: the article is empty")
    return stem, text


def _long_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    return f'"""{escaped}"""'


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _agent(name: str, kb: Knowledge, cls: str) -> tuple[str, str]:
    """The IRI of a known agent named `name`, else a new one declared with it (its Turtle)."""
    known = sorted(i for i in kb.names_of(fold(name)) if kb.entities[i].kind in ("person", "organisation", "agent"))
    if len(known) == 1:
        return f"<{known[0]}>", ""
    iri = f"id:{slug(name)}"
    declaration = (
        f"{iri} a {cls} ;\n"
        f"    rdfs:label {_string(name)}@fr ;\n"
        f"    skos:prefLabel {_string(name)}@fr ;\n"
        f'    skos:note "Declared by treaty-kg ingest from the name given for the article\'s {"author" if cls == "tkg:Person" else "publisher"}."@en .\n'
    )
    return iri, declaration


def source_turtle(stem: str, text: str, meta: ArticleMeta, kb: Knowledge) -> str:
    """The Turtle block registering the article (prefixes of graph/sources.ttl assumed)."""
    lines = [f"source:{stem} a schema:NewsArticle, tkg:NewsArticle ;"]
    label = meta.title or f"Article {stem} ({meta.published.isoformat()})"
    lang = meta.lang if meta.title else "en"
    lines.append(f"    rdfs:label {_string(label)}@{lang} ;")
    lines.append(f'    dcterms:identifier "{stem}" ;')
    if meta.title:
        lines.append(f"    schema:headline {_string(meta.title)}@{meta.lang} ;")
    lines.append(f'    schema:datePublished "{meta.published.isoformat()}"^^xsd:date ;')
    lines.append(f"    schema:inLanguage {_string(meta.lang)} ;")
    extra = []
    if meta.author:
        iri, decl = _agent(meta.author, kb, "tkg:Person")
        lines.append(f"    schema:author {iri} ;")
        extra.append(decl)
    if meta.publisher:
        iri, decl = _agent(meta.publisher, kb, "tkg:NewsOrganization")
        lines.append(f"    schema:publisher {iri} ;")
        extra.append(decl)
    if meta.url:
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", meta.url):
            raise InputError(f"--url {meta.url!r}: not an http(s) address")
        lines.append(f"    schema:url <{meta.url}> ;")
    lines.append('    skos:note "Registered by treaty-kg ingest; the metadata are as given on its command line."@en ;')
    lines.append(f"    schema:text {_long_string(text)} .")
    return "\n".join(lines) + "\n" + "".join("\n" + d for d in extra if d)


def register(sources_file: Path, graph: Graph, stem: str, text: str, meta: ArticleMeta, kb: Knowledge) -> bool:
    """Append the source to `sources_file` unless it is there; False when it already was.
    The same stem with another text is refused: a source's text never changes under its mentions."""
    held = graph.value(SOURCE[stem], SCHEMA.text)
    if held is not None:
        if str(held) != text:
            raise InputError(f"source:{stem} is registered with another text; give the new article another file name")
        return False
    if not re.match(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$", meta.lang):
        raise InputError(f"--lang {meta.lang!r}: not a language tag such as 'fr'")
    block = source_turtle(stem, text, meta, kb)
    with sources_file.open("a", encoding="utf-8", newline="") as out:
        out.write("\n" + block)
    return True


def source_iri(stem: str) -> URIRef:
    return SOURCE[stem]
