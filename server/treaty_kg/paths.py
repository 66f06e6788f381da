"""Where the project's files are: ontology/, graph/, shapes/, queries/, build/.

Commands run from a checkout of the project. The root is, in order: the
TREATY_KG_ROOT environment variable, the current directory or one of its parents
holding `ontology/` and `pyproject.toml`, or the checkout this package was
installed from (editable installs).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT_ENV = "TREATY_KG_ROOT"


def _is_root(path: Path) -> bool:
    return (path / "ontology").is_dir() and (path / "pyproject.toml").is_file()


def project_root() -> Path:
    env = os.environ.get(ROOT_ENV)
    if env:
        return Path(env).resolve()
    cwd = Path.cwd().resolve()
    for candidate in (cwd, *cwd.parents):
        if _is_root(candidate):
            return candidate
    here = Path(__file__).resolve().parents[2]
    if _is_root(here):
        return here
    return cwd


def ontology_dir() -> Path:
    return project_root() / "ontology"


def graph_dir() -> Path:
    return project_root() / "graph"


def shapes_dir() -> Path:
    return project_root() / "shapes"


def queries_dir() -> Path:
    return project_root() / "queries"


def build_dir() -> Path:
    return project_root() / "build"


def turtle_files(directory: Path) -> list[Path]:
    """The Turtle files directly in a folder, sorted so every run loads them in the same order."""
    return sorted(p for p in directory.glob("*.ttl") if p.is_file())
