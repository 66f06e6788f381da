"""Validation of data against the SHACL shapes (`shacl`) and the report writers (`reports`)."""
