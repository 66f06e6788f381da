"""`treaty-kg build` on a small project: outputs, named graphs, atomic replacement, errors."""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from treaty_kg.build import build
from treaty_kg.cli import main
from treaty_kg.errors import InputError
from treaty_kg.rdf.namespaces import GRAPH_ASSERTED, GRAPH_INFERRED, GRAPH_ONTOLOGY, ID, TKG


def test_build_writes_dataset_reports_and_stats(small_project: Path) -> None:
    result = build(quiet=True)
    out = small_project / "build"
    assert result.ok and result.out == out
    for name in ("dataset.nq", "report.txt", "report.ttl", "report.junit.xml", "report.sarif.json", "stats.json"):
        assert (out / name).is_file(), name
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert stats["triples"]["asserted"] > 0 and stats["triples"]["inferred"] > 0
    assert stats["entities_per_class"]["schema:Event"] == 3
    assert stats["entities_per_class"]["tkg:Person"] == 1
    assert set(stats["versions"]) >= {"python", "rdflib", "owlrl", "pyshacl", "pyoxigraph", "ontology"}
    assert stats["versions"]["ontology"] == "0.1.0"
    assert {"load ontology", "load graph", "validate", "reason", "write", "total"} <= set(stats["seconds"])
    assert stats["validation"] == {"conforms": True, "violation": 0, "warning": 0, "info": 0}
    assert stats["reasoner"] == "rules"
    assert stats["dropped_from_inferred"]["reflexive"] > 0  # the cleaning ran (docs/reasoning.md)
    # no temporary folder is left beside the build
    assert sorted(p.name for p in small_project.iterdir() if p.name.startswith(".build")) == []


def inferred_lines(path: Path) -> set[str]:
    """The inferred graph's triples as text; a blank node (each build parses graph/ anew, so labels
    differ) written `_:b` (the fixture's data has one blank node)."""
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
    graph = pyoxigraph.NamedNode(str(GRAPH_INFERRED))

    def text(term) -> str:
        return "_:b" if isinstance(term, pyoxigraph.BlankNode) else str(term)

    return {f"{text(q.subject)} {q.predicate} {text(q.object)}" for q in store.quads_for_pattern(None, None, None, graph)}


def test_owlrl_reasoner_on_request_gives_the_same_inferred_graph(small_project: Path, capsys) -> None:
    assert main(["build", "--quiet", "--out", str(small_project / "rules")]) == 0
    assert main(["build", "--quiet", "--reasoner", "owlrl", "--out", str(small_project / "owlrl")]) == 0
    stats = json.loads((small_project / "owlrl" / "stats.json").read_text(encoding="utf-8"))
    assert stats["reasoner"] == "owlrl" and stats["dropped_from_inferred"]["literal-subject"] > 0
    rules, owlrl = inferred_lines(small_project / "rules" / "dataset.nq"), inferred_lines(small_project / "owlrl" / "dataset.nq")
    assert rules and rules == owlrl


def test_pyoxigraph_loads_the_three_named_graphs(small_project: Path) -> None:
    build(quiet=True)
    store = pyoxigraph.Store()
    store.bulk_load(path=str(small_project / "build" / "dataset.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    graphs = {str(g.value) for g in store.named_graphs()}
    assert graphs == {str(GRAPH_ONTOLOGY), str(GRAPH_ASSERTED), str(GRAPH_INFERRED)}
    chaired = pyoxigraph.Quad(
        pyoxigraph.NamedNode(str(ID["signing-ceremony-2025-10-25"])),
        pyoxigraph.NamedNode(str(TKG.chairedBy)),
        pyoxigraph.NamedNode(str(ID["luong-cuong"])),
        pyoxigraph.NamedNode(str(GRAPH_INFERRED)),
    )
    assert chaired in store
    asserted = list(store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(GRAPH_ASSERTED))))
    assert len(asserted) == json.loads((small_project / "build" / "stats.json").read_text())["triples"]["asserted"]


def test_blank_nodes_stay_shared_across_graphs(small_project: Path) -> None:
    """A selector (blank node) of the asserted graph and the inferred typing of it must be one node after a reload."""
    build(quiet=True)
    store = pyoxigraph.Store()
    store.bulk_load(path=str(small_project / "build" / "dataset.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    rows = list(
        store.query(
            f"SELECT ?sel WHERE {{ GRAPH <{GRAPH_ASSERTED}> {{ ?m <http://www.w3.org/ns/oa#hasSelector> ?sel }} "
            f"GRAPH <{GRAPH_INFERRED}> {{ ?sel a <http://www.w3.org/ns/oa#Selector> }} }}"
        )
    )
    assert len(rows) == 1


def test_violations_stop_the_build_and_keep_the_previous_one(small_project: Path, capsys) -> None:
    assert main(["build", "--quiet"]) == 0
    before = (small_project / "build" / "dataset.nq").read_bytes()
    (small_project / "graph" / "more.ttl").write_text(
        "@prefix tkg: <https://w3id.org/treaty-kg/ontology/> .\n<https://w3id.org/treaty-kg/id/nameless> a tkg:Person .\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["build", "--quiet"]) == 1
    out, err = capsys.readouterr()
    assert "A person needs a name" in out and "id:nameless" in out
    assert "left as it was" in err
    assert (small_project / "build" / "dataset.nq").read_bytes() == before


def test_turtle_error_gives_position_exit_2_and_keeps_the_previous_build(small_project: Path, capsys) -> None:
    assert main(["build", "--quiet"]) == 0
    before = (small_project / "build" / "dataset.nq").read_bytes()
    (small_project / "graph" / "broken.ttl").write_text(
        "@prefix tkg: <https://w3id.org/treaty-kg/ontology/> .\n\n<https://w3id.org/treaty-kg/id/x> tkg:partOf .\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["build", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "broken.ttl:3:" in err and "Traceback" not in err
    assert (small_project / "build" / "dataset.nq").read_bytes() == before


def test_turtle_error_in_the_ontology_too(small_project: Path, capsys) -> None:
    with (small_project / "ontology" / "treaty-kg.ttl").open("a", encoding="utf-8") as f:
        f.write("tkg:Broken owl:Class .\n")
    assert main(["build"]) == 2
    assert "treaty-kg.ttl:" in capsys.readouterr().err


def test_a_crash_while_writing_keeps_the_previous_build(small_project: Path, monkeypatch) -> None:
    assert build(quiet=True).ok
    before = (small_project / "build" / "dataset.nq").read_bytes()

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("treaty_kg.build.write_nquads", fail)
    with pytest.raises(InputError, match="cannot write the build to .*disk full; the previous build is as it was"):
        build(quiet=True)
    assert (small_project / "build" / "dataset.nq").read_bytes() == before
    assert [p.name for p in small_project.iterdir() if p.name.startswith(".build")] == []


def test_progress_lines_unless_quiet(small_project: Path, capsys) -> None:
    assert main(["build", "--out", str(small_project / "elsewhere")]) == 0
    err = capsys.readouterr().err
    for step in ("load ontology", "load graph", "load shapes", "validate", "reason", "write"):
        assert f"build: {step}" in err
    assert "(0 violations, 0 warnings, 0 infos)" in err  # counts that say what they count
    assert "inferred triples (rules)" in err
    assert "\x1b[" not in err  # no live display (cursor control) when stderr is not a terminal
    assert (small_project / "elsewhere" / "dataset.nq").is_file()
    assert main(["build", "--quiet", "--out", str(small_project / "elsewhere")]) == 0
    assert capsys.readouterr().err == ""


def test_explain_command_reads_the_build(small_project: Path, capsys) -> None:
    assert main(["build", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["explain", "id:signing-ceremony-2025-10-25", "tkg:chairedBy", "id:luong-cuong"]) == 0
    out = capsys.readouterr().out
    assert "[prp-spo2: property chain]" in out
    assert "[asserted] fact:participation-luong-cuong-chair-signing-ceremony tkg:chair id:luong-cuong" in out
    assert main(["explain", "id:luong-cuong", "a", "tkg:Person", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "asserted"
    assert main(["explain", "<https://w3id.org/treaty-kg/id/luong-cuong>", "a", "tkg:Event"]) == 1
    assert "does not follow" in capsys.readouterr().out


def test_explain_bad_input_exits_2(small_project: Path, capsys) -> None:
    assert main(["explain", "id:x", "tkg:chairedBy", "id:y"]) == 2  # no build yet
    assert "run `treaty-kg build` first" in capsys.readouterr().err
    assert main(["build", "--quiet"]) == 0
    assert main(["explain", "nope:x", "tkg:chairedBy", "id:y"]) == 2
    err = capsys.readouterr().err
    assert "unknown prefix 'nope'" in err and "Traceback" not in err
    # A term the graph does not have is a mistake in the question, not "does not follow" (exit 1).
    assert main(["explain", "id:luong-cuong", "tkg:chairedBy", "id:luong-cuonq"]) == 2
    err = capsys.readouterr().err
    assert "id:luong-cuonq: not in the graph" in err and "Traceback" not in err


def test_a_contradiction_stops_the_build(small_project: Path, capsys, contradict) -> None:
    assert main(["build", "--quiet"]) == 0
    before = (small_project / "build" / "dataset.nq").read_bytes()
    contradict(small_project)
    capsys.readouterr()
    assert main(["build", "--quiet"]) == 1
    out = capsys.readouterr().out
    assert "contradictions" in out and "Disjoint classes" in out
    assert (small_project / "build" / "dataset.nq").read_bytes() == before


def _cli(*args: str, fsize: int) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, in its own process under a file size limit (ulimit -f).
    The other tests call `main()` in-process: the console script's code path, without paying an
    interpreter start-up and treaty_kg's imports (~1.5 s) each."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(
        [sys.executable, "-m", "treaty_kg", *args], capture_output=True, text=True, timeout=300, preexec_fn=limit
    )


def test_an_unwritable_output_is_said_before_any_work(small_project: Path, capsys) -> None:
    blocker = small_project / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["build", "--out", str(blocker / "build")]) == 2
    err = capsys.readouterr().err
    assert "cannot write the build to" in err and "load ontology" not in err


def test_a_file_size_limit_is_a_clear_error_and_the_last_build_stays(small_project: Path) -> None:
    assert build(quiet=True).ok
    before = (small_project / "build" / "dataset.nq").read_bytes()
    result = _cli("build", "--quiet", fsize=4096)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "cannot write the build" in result.stderr and "File too large" in result.stderr
    assert (small_project / "build" / "dataset.nq").read_bytes() == before


def test_a_project_without_graph_files_does_not_build_an_empty_dataset(small_project: Path, capsys) -> None:
    shutil.rmtree(small_project / "graph")
    assert main(["build", "--quiet"]) == 2
    assert "nothing to build" in capsys.readouterr().err
    assert not (small_project / "build").exists()


def test_an_iri_with_a_space_stops_the_build_at_load_with_its_position(small_project: Path, capsys) -> None:
    (small_project / "graph" / "bad.ttl").write_text("<http://example.org/a b> <http://example.org/p> 1 .\n", encoding="utf-8")
    assert main(["build", "--quiet"]) == 2
    assert "bad.ttl:1:1: Invalid IRI code point ' '" in capsys.readouterr().err
