"""Where the project's files are: ontology/, graph/, shapes/, queries/, build/.

`releases/` holds the ontology's published releases.

The root is, in order: the TREATY_KG_ROOT environment variable; the current directory or
one of its parents if it is a treaty-kg checkout; the checkout this package was installed
from in editable mode; else the copy of ontology/, graph/, shapes/ and queries/ that a wheel
carries in `treaty_kg/data/` (read through importlib.resources), so an installed package works
anywhere. `build/` is under a checkout, or under the current directory otherwise (an
installed package's folder may not be writable).

A checkout is recognised by its pyproject.toml naming the project treaty-kg, not merely by
an `ontology/` folder beside a pyproject.toml: other teams' repositories, where the
pre-commit hook runs `treaty-kg validate`, have those too, and must get the bundled shapes.
"""

from __future__ import annotations

import os
import tomllib
from importlib.resources import files
from pathlib import Path

ROOT_ENV = "TREATY_KG_ROOT"
PROJECT_NAME = "treaty-kg"
BUNDLED = Path(str(files("treaty_kg").joinpath("data")))


def _is_checkout(path: Path) -> bool:
    """Whether `path` is a treaty-kg checkout: ontology/ and a pyproject.toml of project treaty-kg."""
    pyproject = path / "pyproject.toml"
    if not (path / "ontology").is_dir() or not pyproject.is_file():
        return False
    try:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(project, dict) and project.get("name") == PROJECT_NAME


def project_root() -> Path:
    env = os.environ.get(ROOT_ENV)
    if env:
        return Path(env).resolve()
    cwd = Path.cwd().resolve()
    for candidate in (cwd, *cwd.parents):
        if _is_checkout(candidate):
            return candidate
    here = Path(__file__).resolve().parents[2]
    if _is_checkout(here):
        return here
    if (BUNDLED / "ontology").is_dir():
        return BUNDLED
    return cwd


def ontology_dir() -> Path:
    return project_root() / "ontology"


def graph_dir() -> Path:
    return project_root() / "graph"


def shapes_dir() -> Path:
    return project_root() / "shapes"


def queries_dir() -> Path:
    return project_root() / "queries"


def releases_dir() -> Path:
    """Published ontology releases (`treaty-kg release`), one folder per version."""
    return project_root() / "releases"


def build_dir() -> Path:
    root = project_root()
    return (Path.cwd() if root == BUNDLED else root) / "build"


DATASET_NAME = "dataset.nq"  # the built dataset's file name inside a build folder


def dataset_file() -> Path:
    """The dataset `treaty-kg build` writes and `treaty-kg serve` serves by default."""
    return build_dir() / DATASET_NAME


def turtle_files(directory: Path) -> list[Path]:
    """The Turtle files directly in a folder, sorted so every run loads them in the same order."""
    return sorted(p for p in directory.glob("*.ttl") if p.is_file())
