"""SHACL validation: the engines `treaty-kg validate` runs, the checks it makes on anyone's shapes
before any engine sees them, and how it shows its progress."""
