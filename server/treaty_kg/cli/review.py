"""`treaty-kg review SOURCE`: accept, reject or edit the candidates ingest proposed for a source
(treaty_kg.ingest.review). With --accept/--reject/--edit it acts and exits (scripts, tests);
without, it asks about each open candidate on the terminal (answers may come from a pipe)."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from treaty_kg.cite import source_stem
from treaty_kg.ingest import review
from treaty_kg.ingest.review import Item


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "review",
        help="accept, reject or edit the candidates proposed for a source",
        description="Show each open candidate of graph/candidates/<stem>.ttl with its sentence and what the graph "
        "already knows beside it. Accepted candidates move into graph/<stem>.ttl; rejected ones are recorded "
        "(graph/candidates/<stem>.decisions.tsv) so a second ingest does not propose them again. A candidate "
        "is named by its number in --list, its prefixed name or its IRI.",
    )
    parser.add_argument("source", help="source IRI, source:<stem> or the bare file stem")
    parser.add_argument("--list", action="store_true", help="list the open candidates and exit")
    parser.add_argument("--accept", nargs="+", default=[], metavar="ID", help="accept these candidates")
    parser.add_argument("--reject", nargs="+", default=[], metavar="ID", help="reject these candidates")
    parser.add_argument(
        "--edit",
        nargs=3,
        action="append",
        default=[],
        metavar=("ID", "PROPERTY", "VALUE"),
        help='set PROPERTY of a candidate to VALUE (Turtle: id:hanoi, role:speaker, "2025-10-25"^^xsd:date)',
    )
    parser.set_defaults(func=run)


def _bold(text: str, stream: TextIO) -> str:
    return f"\033[1m{text}\033[0m" if stream.isatty() else f"[[{text}]]"


def show(item: Item, text: str, stream: TextIO) -> None:
    left, right = item.sentence
    sentence = text[left : item.start] + _bold(text[item.start : item.end], stream) + text[item.end : right]
    print(f"\n#{item.number} {item.kind} {item.curie} (confidence {item.confidence:.2f})", file=stream)
    print(f"  {item.summary}", file=stream)
    print(f"  « {sentence.strip()} »  [{item.start}-{item.end}]", file=stream)
    for line in item.known:
        print(f"  beside it: {line}", file=stream)


def run(args: argparse.Namespace) -> int:
    stem = source_stem(args.source)
    out = sys.stdout
    session = review.Session(stem)
    try:
        if args.accept or args.reject or args.edit:
            return act(session, args, out)
        text = review.source_text(session.curated, stem)
        items = review.items(stem, session.graph, session.curated)
        if args.list:
            for item in items:
                show(item, text, out)
            print(f"\n{len(items)} open candidate(s) for source:{stem}", file=out)
            return 0
        return interactive(session, items, text, out)
    finally:
        session.save()


def act(session: review.Session, args: argparse.Namespace, out: TextIO) -> int:
    # numbers refer to the list as it was when the command started
    named = {given: str(review.resolve(session.stem, given, session.graph)) for given in [*args.accept, *args.reject]}
    for given, prop, value in args.edit:
        print(f"edited {session.edit(given, prop, value)}", file=out)
    for given in args.accept:
        moved = session.accept(named[given])
        for iri in moved:
            print(f"accepted {iri}", file=out)
        if not moved:
            print(f"already accepted {named[given]} (with a candidate that needed it)", file=out)
    for given in args.reject:
        print(f"rejected {session.reject(named[given])}", file=out)
    return 0


def interactive(session: review.Session, items: list[Item], text: str, out: TextIO) -> int:
    for item in items:
        if not session.is_open(item.iri):
            continue  # accepted with an earlier candidate that needed it
        show(item, text, out)
        while True:
            print("  [a]ccept, [r]eject, [e]dit, [s]kip, [q]uit > ", end="", file=out, flush=True)
            answer = sys.stdin.readline()
            if not answer:
                return 0  # end of input: stop, nothing more decided
            choice = answer.strip().lower()[:1]
            if choice == "a":
                for iri in session.accept(item.iri):
                    print(f"  accepted {iri}", file=out)
            elif choice == "r":
                print(f"  rejected {session.reject(item.iri)}", file=out)
            elif choice == "e":
                print("  property value > ", end="", file=out, flush=True)
                prop, _, value = sys.stdin.readline().strip().partition(" ")
                session.edit(item.iri, prop, value.strip())
                print("  edited; accept, reject or skip it now", file=out)
                continue
            elif choice == "q":
                return 0
            elif choice != "s":
                continue
            break
    return 0
