"""Names of an ontology release: its IRIs and the files that answer them, in one place for the
builder (`treaty_kg.release`) and the server (`treaty_kg.web.releases`).

`…/releases/<V>/ontology` is the merged ontology (`ontology.<ext>`, `ontology.html` for
people), `…/releases/<V>/module/<name>` a module (`module/<name>.ttl`, beside the catalog) and
`…/releases/<V>/shapes` the shapes (`shapes.ttl`).
"""

from __future__ import annotations

import re

from treaty_kg.errors import InputError
from treaty_kg.rdf.namespaces import BASE

RELEASES_BASE = BASE + "releases/"
ONTOLOGY_STEM = "ontology"  # ontology.ttl, .rdf, .nt, .jsonld, .html
DOCS_FILE = "ontology.html"
MODULE_DIR = "module"
SHAPES_FILE = "shapes.ttl"
CATALOG_FILE = "catalog-v001.xml"
CHANGELOG_FILE = "CHANGELOG.md"
MANIFEST_FILE = "release.json"

# Semantic versions (with an optional pre-release part): also what keeps a version a single,
# harmless path segment.
_VERSION = re.compile(r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?")


def check_version(version: str) -> str:
    if not _VERSION.fullmatch(version):
        raise InputError(f"version {version!r}: expected MAJOR.MINOR.PATCH, e.g. 0.2.0")
    return version


def version_iri(version: str) -> str:
    return f"{RELEASES_BASE}{version}/{ONTOLOGY_STEM}"


def module_version_iri(version: str, name: str) -> str:
    return f"{RELEASES_BASE}{version}/{MODULE_DIR}/{name}"


def shapes_version_iri(version: str) -> str:
    return f"{RELEASES_BASE}{version}/shapes"
