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
