"""Ontology releases: `treaty-kg release VERSION` writes `releases/<VERSION>/` for importers.

A release is the ontology frozen under its version IRI (`…/releases/<VERSION>/ontology`): the
merged ontology in four RDF formats, each module, the shapes, an XML catalog for Protégé and
ROBOT, pyLODE documentation and a manifest. Same input, same bytes (`build`). Modules:
`changelog` (versions and dates, from ontology/CHANGELOG.md), `catalog` (XML catalogs),
`stamp` (version metadata), `serialize` (byte-stable writers), `docs` (pyLODE), `build`.
"""

from .layout import RELEASES_BASE, module_version_iri, shapes_version_iri, version_iri

__all__ = ["RELEASES_BASE", "module_version_iri", "shapes_version_iri", "version_iri"]
