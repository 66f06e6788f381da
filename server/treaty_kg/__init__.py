"""treaty-kg: an RDF knowledge graph of treaties, actors, roles and events.

The package holds the pipeline (load, check, validate, reason, build) and the
SPARQL endpoint. Each step is a module named for what it does; `cli` ties them
to the `treaty-kg` command.
"""

__version__ = "0.1.0"
