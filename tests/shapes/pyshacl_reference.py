"""pyshacl's report on every shape fixture, stored for test_shapes_engines.py (the reference the
default engine must equal), so the suite does not run pyshacl 62 times (~6-14 s) when nothing it
depends on changed.

Each report is stored with the digest of what it depends on: the fixture file, shapes/*.ttl,
ontology/*.ttl and the versions of pyshacl and rdflib. A report whose digest no longer matches is
computed again by pyshacl in the test (a warning names this command). Regenerate after changing
shapes, ontology or fixtures:

    python tests/shapes/pyshacl_reference.py
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from importlib import metadata
from pathlib import Path

from rdflib import BNode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIXTURES = HERE / "fixtures"
STORED = FIXTURES / "pyshacl-reports.json"
COMMAND = "python tests/shapes/pyshacl_reference.py"


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*/*.ttl"))


def key(data_file: Path) -> str:
    return data_file.relative_to(FIXTURES).as_posix()


def digest(data_file: Path) -> str:
    """What pyshacl's report on `data_file` depends on."""
    h = hashlib.sha256()
    for name in ("pyshacl", "rdflib"):
        h.update(f"{name}={metadata.version(name)}\n".encode())
    for path in [data_file, *sorted((ROOT / "shapes").glob("*.ttl")), *sorted((ROOT / "ontology").glob("*.ttl"))]:
        h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def report(outcome) -> dict:
    """The results as people read them, comparable across parses: a blank node (focus, path,
    value or shape) stands for any blank node."""

    def term(node) -> str:
        return "_:" if isinstance(node, BNode) else str(node)

    rows = sorted(
        [term(r.focus), term(r.path), term(r.value), r.severity.name, r.message, term(r.source_shape), str(r.component)]
        for r in outcome.results
    )
    return {"conforms": outcome.conforms, "results": rows}


def read() -> dict[str, dict]:
    return json.loads(STORED.read_text(encoding="utf-8")) if STORED.is_file() else {}


def main() -> int:
    os.environ.setdefault("TREATY_KG_ROOT", str(ROOT))
    from treaty_kg.rdf.load import load_graph
    from treaty_kg.validation.shacl import load_project_ontology, load_shapes, validate

    shapes, ontology = load_shapes(ROOT / "shapes"), load_project_ontology()
    stored = {
        key(f): {"digest": digest(f)} | report(validate(load_graph([f]), shapes, ontology, engine="pyshacl"))
        for f in fixture_files()
    }
    STORED.write_text(json.dumps(stored, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(stored)} reports written to {STORED.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
