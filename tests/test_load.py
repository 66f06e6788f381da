"""Loading user files: syntax errors come back as `file:line:column: reason`, never a traceback."""

from pathlib import Path

import pytest

from treaty_kg.cli import main
from treaty_kg.errors import InputError
from treaty_kg.rdf.load import load_graph


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_turtle_loads(tmp_path: Path) -> None:
    path = write(tmp_path, "ok.ttl", "@prefix a: <http://x/> .\na:b a:c a:d .\n")
    assert len(load_graph([path])) == 1


@pytest.mark.parametrize(
    ("text", "where", "reason"),
    [
        ('@prefix a: <http://x/> .\na:b a:c a:d .\na:e a:f "x .\n', ":3:13:", "newline found in string literal"),
        ("@prefix a: <http://x/> .\na:b a:c a:d .\na:e a:f b:g .\n", ":3:9:", 'Prefix "b:" not bound'),
    ],
)
def test_syntax_error_names_file_line_and_column(tmp_path: Path, text: str, where: str, reason: str) -> None:
    path = write(tmp_path, "bad.ttl", text)
    with pytest.raises(InputError) as info:
        load_graph([path])
    assert str(info.value).startswith(str(path) + where)
    assert reason in str(info.value)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_graph([tmp_path / "absent.ttl"])


def test_cli_without_command_exits_with_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    assert "usage: treaty-kg" in capsys.readouterr().err


def test_an_iri_rdf_forbids_is_an_input_error_with_its_position(tmp_path: Path) -> None:
    """rdflib accepts `<http://example.org/a b>`; the build's store did not, and crashed the build."""
    path = write(tmp_path, "space.ttl", "@prefix ex: <http://example.org/> .\nex:x ex:p <http://example.org/a b> .\n")
    with pytest.raises(InputError) as info:
        load_graph([path])
    assert str(info.value).startswith(f"{path}:2:11:") and "Invalid IRI code point" in str(info.value)


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/null"])
def test_a_device_is_not_read(special: str) -> None:
    with pytest.raises(InputError, match="not a regular file"):
        load_graph([Path(special)])


def test_a_symlink_loop_is_an_input_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.ttl"
    loop.symlink_to(loop)
    with pytest.raises(InputError, match="cannot read"):
        load_graph([loop])


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TREATY_KG_MAX_INPUT_MB", "1")
    big = write(tmp_path, "big.ttl", "# " + "x" * (2 << 20) + "\n")
    with pytest.raises(InputError, match="over the limit of 1 MB"):
        load_graph([big])


def test_validate_dev_zero_exits_2_without_a_traceback(capsys) -> None:
    assert main(["validate", "/dev/zero"]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_check_ontology_with_a_binary_check_exits_2(tmp_path: Path, capsys) -> None:
    (tmp_path / "binary.rq").write_bytes(bytes(range(256)))
    assert main(["check-ontology", "--checks", str(tmp_path)]) == 2
    assert "binary.rq: not UTF-8 text" in capsys.readouterr().err
