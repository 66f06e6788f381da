"""Ontology releases: `treaty-kg release VERSION` writes `releases/<VERSION>/` for importers.

A release is the ontology frozen under its version IRI (`…/releases/<VERSION>/ontology`): the
merged ontology in four RDF formats, each module, the shapes, an XML catalog for Protégé and
ROBOT, pyLODE documentation and a manifest. Same input, same bytes. Modules: `changelog`
(versions and dates, from ontology/CHANGELOG.md), `catalog` (XML catalogs), `stamp` (version
metadata), `serialize` (byte-stable writers), `docs` (pyLODE), `build` (write and check). The
release's IRIs and file names are in `treaty_kg.rdf.releases`, shared with the server.
"""
