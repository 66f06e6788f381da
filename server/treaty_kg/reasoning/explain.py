"""`treaty-kg explain S P O`: how a triple of the built dataset follows, rule by rule.

owlrl does not record why it added a triple, so the explanation is recovered by
backward chaining: for the triple, find an OWL 2 RL rule instance (`rules.steps`)
whose premises all hold in the built dataset, and prove each premise the same way,
down to asserted facts and ontology axioms. Iterative deepening finds the shallowest
derivation; a premise already on the path is never used again (cycle protection, e.g.
`holds` ↔ `heldBy`), and `--depth` bounds the search.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node, _is_valid_uri
from rdflib.util import from_n3

from treaty_kg import paths
from treaty_kg.errors import InputError
from treaty_kg.rdf.load import load_dataset
from treaty_kg.rdf.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, PREFIXES, bind_prefixes
from treaty_kg.rdf.reader import GraphReader
from treaty_kg.reasoning.owlrl_closure import class_expression_nodes, external_identity, noise
from treaty_kg.reasoning.rules import TITLES, KnowledgeBase, Triple, steps

DEFAULT_DEPTH = 24
LABEL_LANGUAGES = ("en", "fr", "vi")


@dataclass(frozen=True)
class Derivation:
    """A triple and why it holds: `source` is asserted, ontology or inferred (by `rule` from `premises`)."""

    triple: Triple
    source: str
    rule: str | None = None
    premises: tuple[Derivation, ...] = ()


@dataclass(frozen=True)
class Answer:
    """What `explain` found for one triple.

    status: asserted | ontology | inferred | not-kept (follows, but the build drops it) |
    not-found (in the inferred graph, but no derivation within the depth) | does-not-follow.
    """

    triple: Triple
    status: str
    derivation: Derivation | None
    note: str = ""


class Explainer:
    """Backward chaining over the OWL 2 RL rules against one built dataset."""

    def __init__(self, ontology: Graph, asserted: Graph, inferred: Graph, max_depth: int = DEFAULT_DEPTH):
        union = Graph()
        bind_prefixes(union)
        # without links to other datasets: the build reasons without them (reason.py)
        union += (t for g in (ontology, asserted, inferred) for t in g if not external_identity(t))
        self.ontology, self.asserted, self.inferred = ontology, asserted, inferred
        self.kb = KnowledgeBase(union, class_expression_nodes(ontology))
        self.max_depth = max_depth
        self._proved: dict[Triple, Derivation] = {}
        self._failed: dict[tuple[Triple, int], bool] = {}  # (goal, depth) -> depth-bounded
        self._never: set[Triple] = set()

    def explain(self, triple: Triple) -> Answer:
        leaf = self._leaf(triple)
        if leaf is not None:
            return Answer(triple, leaf.source, leaf)
        derivation = self.derive(triple)
        if triple in self.inferred:
            if derivation is None:
                return Answer(triple, "not-found", None, f"no derivation within depth {self.max_depth}")
            return Answer(triple, "inferred", derivation)
        if derivation is not None:
            why = noise(triple, self.kb.anonymous) or "not in the build"
            return Answer(triple, "not-kept", derivation, f"the build does not keep it ({why}, see docs/reasoning.md)")
        return Answer(triple, "does-not-follow", None)

    def derive(self, triple: Triple) -> Derivation | None:
        """The shallowest derivation of `triple`, or None when none exists within the depth."""
        for depth in range(1, self.max_depth + 1):
            proof, cut, bounded = self._prove(triple, depth, frozenset())
            if proof is not None or not (cut or bounded):
                return proof
        return None

    def _leaf(self, triple: Triple) -> Derivation | None:
        if triple in self.asserted:
            return Derivation(triple, "asserted")
        if triple in self.ontology:
            return Derivation(triple, "ontology")
        return None

    def _prove(self, goal: Triple, depth: int, path: frozenset) -> tuple[Derivation | None, bool, bool]:
        """(derivation, cut by the path, cut by the depth). Failures not cut are memoised."""
        leaf = self._leaf(goal)
        if leaf is not None:
            return leaf, False, False
        if goal in self._proved:
            return self._proved[goal], False, False
        if goal in self._never:
            return None, False, False
        if (goal, depth) in self._failed:
            return None, False, self._failed[(goal, depth)]
        if depth == 0:
            return None, False, True
        path = path | {goal}
        cut = bounded = False
        for step in steps(self.kb, goal):
            premises = []
            for premise in step.premises:
                if premise in path:
                    cut = True
                    break
                proof, c, b = self._prove(premise, depth - 1, path)
                cut, bounded = cut or c, bounded or b
                if proof is None:
                    break
                premises.append(proof)
            else:
                derivation = Derivation(goal, "inferred", step.rule, tuple(premises))
                self._proved[goal] = derivation
                return derivation, False, False
        if not cut:
            if bounded:
                self._failed[(goal, depth)] = True
            else:
                self._never.add(goal)
        return None, cut, bounded


# --- reading the triple from the command line -------------------------------------------

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def parse_term(text: str, graph: Graph) -> Node:
    """A CURIE with the project's prefixes, <IRI>, a bare IRI, `a`, or a quoted literal."""
    text = text.strip()
    if text == "a":
        return RDF.type
    iri = text[1:-1] if text.startswith("<") and text.endswith(">") else text if _SCHEME.match(text) else None
    if iri is not None:
        if not iri or not _is_valid_uri(iri):
            raise InputError(f"{text}: not a valid IRI")
        return URIRef(iri)
    if not text.startswith(('"', "'", "<", "_:")) and ":" in text:
        prefix = text.split(":", 1)[0]
        if prefix not in PREFIXES:
            raise InputError(f"{text}: unknown prefix {prefix!r} (known: {', '.join(PREFIXES)})")
    try:
        term = from_n3(text, nsm=graph.namespace_manager)
    except Exception as exc:  # from_n3 raises several types for bad syntax
        raise InputError(f"{text}: not a term ({exc})") from None
    if term is None or not isinstance(term, (URIRef, Literal)) or isinstance(term, BNode):
        raise InputError(f"{text}: not an IRI, CURIE or quoted literal")
    return term


def parse_triple(subject: str, predicate: str, obj: str, graph: Graph) -> Triple:
    s, p, o = (parse_term(t, graph) for t in (subject, predicate, obj))
    if isinstance(s, Literal) or not isinstance(p, URIRef):
        raise InputError("the subject must be an IRI and the predicate an IRI")
    for text, term in ((subject, s), (predicate, p), (obj, o)):
        # A misspelt IRI would otherwise read as "does not follow" (exit 1), as if it were a finding.
        if isinstance(term, URIRef) and not str(term).startswith(BUILT_IN) and not _mentioned(term, graph):
            raise InputError(f"{text}: not in the graph (no triple of the build mentions {term.n3()}); check its spelling")
    return s, p, o


# OWL 2 RL's own vocabulary (owl:Thing, rdfs:Resource, …) holds without being stated anywhere.
BUILT_IN = tuple(PREFIXES[p] for p in ("owl", "rdf", "rdfs", "xsd"))


def _mentioned(term: URIRef, graph: Graph) -> bool:
    return (
        any(True for _ in graph.triples((term, None, None)))
        or any(True for _ in graph.triples((None, term, None)))
        or any(True for _ in graph.triples((None, None, term)))
    )


# --- writing the answer ----------------------------------------------------------------


class Renderer:
    """Terms as CURIEs, anonymous classes and lists inline, labels of IRIs collected for a legend."""

    def __init__(self, kb: KnowledgeBase):
        self.graph = kb.graph
        self.labels: dict[str, str] = {}

    def term(self, node: Node, depth: int = 0) -> str:
        if isinstance(node, BNode) and depth < 4:
            if (node, RDF.first, None) in self.graph:
                return "( " + " ".join(self.term(i, depth + 1) for i in self.graph.items(node)) + " )"
            pairs = sorted(self.graph.predicate_objects(node), key=lambda po: (po[0] != OWL.onProperty, po))
            parts = [f"{self.term(p)} {self.term(o, depth + 1)}" for p, o in pairs if p != RDF.type]
            return "[ " + " ; ".join(parts) + " ]" if parts else node.n3()
        text = node.n3(self.graph.namespace_manager)
        if isinstance(node, URIRef) and text not in self.labels:
            label = self.label(node)
            if label:
                self.labels[text] = label
        return text

    def label(self, node: URIRef) -> str | None:
        found: dict[str, str] = {}
        for prop in (SKOS.prefLabel, RDFS.label):
            for value in self.graph.objects(node, prop):
                if isinstance(value, Literal):
                    found.setdefault(value.language or "", str(value))
        for lang in (*LABEL_LANGUAGES, ""):
            if lang in found:
                return found[lang]
        return next(iter(found.values()), None)

    def triple(self, triple: Triple) -> str:
        return " ".join(self.term(t) for t in triple)


def _tag(d: Derivation) -> str:
    if d.source == "inferred":
        return f"[{d.rule}: {TITLES.get(d.rule or '', '')}]"
    return f"[{d.source}]"


def to_text(answer: Answer, renderer: Renderer) -> str:
    head = renderer.triple(answer.triple)
    lines = [head]
    messages = {
        "asserted": f"is asserted (graph <{GRAPH_ASSERTED}>).",
        "ontology": f"is an axiom of the ontology (graph <{GRAPH_ONTOLOGY}>).",
        "inferred": f"is inferred (graph <{GRAPH_INFERRED}>):",
        "not-kept": f"follows, but {answer.note}:",
        "not-found": f"is inferred, but {answer.note}.",
        "does-not-follow": "is not in the build and does not follow from the ontology and the asserted facts.",
    }
    lines.append(messages[answer.status])
    if answer.derivation is not None and answer.derivation.source == "inferred":
        lines.append(f"{_tag(answer.derivation)} {head}")
        _branches(answer.derivation, renderer, "", lines)
    if renderer.labels:
        lines.append("")
        lines.append("labels:")
        width = max(len(k) for k in renderer.labels)
        lines.extend(f"  {k.ljust(width)}  {v}" for k, v in sorted(renderer.labels.items()))
    return "\n".join(lines) + "\n"


def _branches(d: Derivation, renderer: Renderer, indent: str, lines: list[str]) -> None:
    shown = _shown_premises(d, renderer)
    for i, (premise, text) in enumerate(shown):
        last = i == len(shown) - 1
        lines.append(f"{indent}{'└── ' if last else '├── '}{_tag(premise)} {text}")
        _branches(premise, renderer, indent + ("    " if last else "│   "), lines)


def _shown_premises(d: Derivation, renderer: Renderer) -> list[tuple[Derivation, str]]:
    """Premises with their text; an anonymous class's axioms (onProperty, hasValue) show once, as the class."""
    shown, seen = [], set()
    for premise in d.premises:
        subject = premise.triple[0]
        if premise.source == "ontology" and isinstance(subject, BNode) and (subject, RDF.first, None) not in renderer.graph:
            if subject not in seen:
                seen.add(subject)
                shown.append((premise, renderer.term(subject)))
            continue
        shown.append((premise, renderer.triple(premise.triple)))
    return shown


def to_json(answer: Answer, renderer: Renderer) -> str:
    def node(d: Derivation) -> dict:
        out: dict = {"triple": [t.n3() for t in d.triple], "text": renderer.triple(d.triple), "source": d.source}
        if d.rule:
            out.update(rule=d.rule, title=TITLES.get(d.rule, ""), premises=[node(p) for p in d.premises])
        return out

    body = {
        "triple": [t.n3() for t in answer.triple],
        "status": answer.status,
        "note": answer.note,
        "derivation": node(answer.derivation) if answer.derivation else None,
    }
    body["labels"] = renderer.labels
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def explainer_from_reader(reader: GraphReader, max_depth: int = DEFAULT_DEPTH) -> Explainer:
    """An explainer over the build a backend serves (`explain --store URL`: the build published
    in a SPARQL store), its three graphs read through the reader as N-Triples."""
    ontology, asserted, inferred = (
        Graph().parse(data=reader.graph_ntriples(str(name)), format="nt")
        for name in (GRAPH_ONTOLOGY, GRAPH_ASSERTED, GRAPH_INFERRED)
    )
    return Explainer(ontology, asserted, inferred, max_depth)


def load_explainer(build: Path, max_depth: int = DEFAULT_DEPTH) -> Explainer:
    """An explainer over `build/dataset.nq`; a missing build is an input error."""
    path = build / paths.DATASET_NAME
    if not path.is_file():
        raise InputError(f"{path}: no such file; run `treaty-kg build` first")
    dataset = load_dataset(path)
    return Explainer(dataset.graph(GRAPH_ONTOLOGY), dataset.graph(GRAPH_ASSERTED), dataset.graph(GRAPH_INFERRED), max_depth)
