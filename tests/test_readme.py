"""The README's quick start is what CI runs: the test command in README.md and .ci/run stay the same."""

from itertools import pairwise
from pathlib import Path

README_TEST_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test,ingest]' && .venv/bin/python -m pytest -q -n auto"
)


def test_readme_test_command_is_what_ci_runs(root: Path) -> None:
    readme = (root / "README.md").read_text(encoding="utf-8")
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    assert README_TEST_COMMAND in readme
    assert README_TEST_COMMAND in ci


def _commands_shown(readme: str) -> set[str]:
    """The subcommand after each `treaty-kg` in the README's fenced code blocks."""
    shown: set[str] = set()
    in_code = False
    for line in readme.splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if not in_code:
            continue
        words = line.replace("&&", " ").split()
        for word, after in pairwise(words):
            if (word == "treaty-kg" or word.endswith("/treaty-kg")) and not after.startswith("-"):
                shown.add(after)
    return shown


def test_every_cli_command_in_readme_exists(root: Path) -> None:
    """A `treaty-kg X` the README shows is a real subcommand."""
    from treaty_kg.cli import parser

    readme = (root / "README.md").read_text(encoding="utf-8")
    subparsers = next(a for a in parser()._actions if a.__class__.__name__ == "_SubParsersAction")
    shown = _commands_shown(readme)
    assert shown, "the README shows no treaty-kg command"
    assert shown <= set(subparsers.choices), f"README shows unknown commands: {sorted(shown - set(subparsers.choices))}"
