"""Validation of data against SHACL shapes (`shacl`), the engines it runs (`engines`), the shapes
as the spec reads them (`shapes`), the report writers (`reports`) and progress (`progress`)."""
