"""Where the project's files are: ontology/, graph/, shapes/, queries/, build/.

`releases/` holds the ontology's published releases.

The root is, in order: the TREATY_KG_ROOT environment variable; the current directory or
one of its parents holding `ontology/` and `pyproject.toml` (a checkout); the checkout this
package was installed from in editable mode; else the copy of ontology/, graph/, shapes/
and queries/ that a wheel carries in `treaty_kg/data/`, so an installed package works
anywhere. `build/` is under a checkout, or under the current directory otherwise (an
installed package's folder may not be writable).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT_ENV = "TREATY_KG_ROOT"
BUNDLED = Path(__file__).resolve().parent / "data"


def _is_checkout(path: Path) -> bool:
    return (path / "ontology").is_dir() and (path / "pyproject.toml").is_file()


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
