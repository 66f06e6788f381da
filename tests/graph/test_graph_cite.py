"""`treaty-kg cite`: the mention it writes points at the quote, reads back as Turtle, and it refuses
absent or ambiguous quotes clearly."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF

from treaty_kg.cite import QuoteError, cite, mention_turtle, source_stem
from treaty_kg.cli import main
from treaty_kg.rdf.namespaces import OA, PREFIXES, SOURCE, TKG

TEXT = 'Il a dit « oui ».\nLe "président" a présidé\tla réunion. Le président a parlé.'
HEADER = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())


def test_cite_gives_the_offsets_of_the_quote() -> None:
    m = cite(TEXT, "a présidé\tla réunion", "s1")
    assert TEXT[m.start : m.end] == "a présidé\tla réunion"
    assert m.prefix == TEXT[max(0, m.start - 30) : m.start]
    assert m.suffix == TEXT[m.end : m.end + 30]
    assert str(m.iri) == f"https://w3id.org/treaty-kg/mention/s1/{m.start}-{m.end}"


def test_mention_turtle_reads_back_exactly() -> None:
    m = cite(TEXT, 'Le "président" a présidé', "s1")
    g = Graph().parse(data=HEADER + mention_turtle(m), format="turtle")
    assert (m.iri, RDF.type, TKG.Mention) in g
    assert (m.iri, OA.hasSource, SOURCE["s1"]) in g
    quote = g.value(predicate=RDF.type, object=OA.TextQuoteSelector)
    position = g.value(predicate=RDF.type, object=OA.TextPositionSelector)
    assert g.value(quote, OA.exact) == Literal('Le "président" a présidé')
    assert str(g.value(quote, OA.prefix)) == m.prefix  # holds a newline: escaped, read back
    assert (g.value(position, OA.start).toPython(), g.value(position, OA.end).toPython()) == (m.start, m.end)


def test_absent_quote_is_refused() -> None:
    with pytest.raises(QuoteError, match="does not occur"):
        cite(TEXT, "la séance", "s1")


def test_wrong_apostrophe_gets_a_hint() -> None:
    with pytest.raises(QuoteError, match="with ’ for ' it does"):
        cite("l’événement attirera", "l'événement", "s1")


def test_repeated_quote_says_how_many_and_occurrence_picks_one() -> None:
    with pytest.raises(QuoteError, match="occurs 2 times.*--occurrence"):
        cite(TEXT, "président", "s1")
    second = cite(TEXT, "président", "s1", occurrence=2)
    assert second.start == TEXT.rindex("président")
    with pytest.raises(QuoteError, match="--occurrence 3"):
        cite(TEXT, "président", "s1", occurrence=3)


@pytest.mark.parametrize("given", ["000_x", "source:000_x", "https://w3id.org/treaty-kg/source/000_x"])
def test_source_named_three_ways(given: str) -> None:
    assert source_stem(given) == "000_x"


def test_command_prints_a_mention_of_the_article(capsys: pytest.CaptureFixture[str]) -> None:
    quote = "Le vice-Premier ministre Bùi Thanh Son a présidé une réunion"
    assert main(["cite", "source:000_afbaf1751a8ce4ce", quote]) == 0
    out = capsys.readouterr().out
    g = Graph().parse(data=HEADER + out, format="turtle")
    assert set(g.objects(None, OA.exact)) == {Literal(quote)}
    assert main(["cite", "000_afbaf1751a8ce4ce", quote, "--id-only"]) == 0
    assert capsys.readouterr().out.strip() == "mention:000_afbaf1751a8ce4ce\\/106-166"


def test_command_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "000_afbaf1751a8ce4ce", "pas dans le texte"]) == 1
    assert "does not occur" in capsys.readouterr().err
    assert main(["cite", "002_24b1f94ed58a9280", "Luong Cuong"]) == 1
    assert "occurs 15 times" in capsys.readouterr().err
    assert main(["cite", "no-such-source", "Hanoi"]) == 2
    assert "unknown source" in capsys.readouterr().err
