"""The SPARQL endpoint and what it reads the graph through (backends/)."""
