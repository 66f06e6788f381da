"""The package's imports run one way and in no circle (README, "Layout"; docs/decisions.md).

Layers, top to bottom: commands (`cli`, `wsgi`) → pipeline (`ontology`, `validation`,
`reasoning`, `ingest`, `build`, `cite`, `release`) / `endpoint` / `web` → `rdf` → `errors`,
`paths`, `progress`. `web` may import `endpoint`; the pipeline, `endpoint` and `web` otherwise do not import
each other. Every import counts, wherever it is written (inside a function or under
TYPE_CHECKING too), so a cycle cannot be hidden by deferring one side of it.

This is an `ast` walk over the package's files rather than a tool: it needs nothing installed,
reads the code without importing it, and the rules fit in one table.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "server" / "treaty_kg"

# The layer of each top-level name inside treaty_kg (a module or a subpackage).
LAYER_OF = {
    "__init__": "base",
    "errors": "base",
    "paths": "base",
    "progress": "base",
    "rdf": "rdf",
    "ontology": "pipeline",
    "validation": "pipeline",
    "reasoning": "pipeline",
    "ingest": "pipeline",
    "build": "pipeline",
    "store_build": "pipeline",
    "cite": "pipeline",
    "release": "pipeline",
    "endpoint": "endpoint",
    "web": "web",
    "cli": "commands",
    "wsgi": "commands",
    "__main__": "commands",
}
# The layers a module of each layer may import (its own included).
MAY_IMPORT = {
    "base": {"base"},
    "rdf": {"rdf", "base"},
    "pipeline": {"pipeline", "rdf", "base"},
    "endpoint": {"endpoint", "rdf", "base"},
    "web": {"web", "endpoint", "rdf", "base"},
    "commands": {"commands", "pipeline", "endpoint", "web", "rdf", "base"},
}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, root: Path) -> set[str]:
    """The package's modules a file imports, anywhere in it (absolute or relative imports)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # `from pkg import mod` imports pkg.mod when it is a module
            targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(t for t in targets if t == root.name or t.startswith(root.name + "."))
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module → the package's modules it imports (names that are not modules are dropped)."""
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    return {name: {t for t in imports(path, root) if t in files and t != name} for name, path in files.items()}


def layer(module: str) -> str | None:
    parts = module.split(".")
    return LAYER_OF.get(parts[1] if len(parts) > 1 else "__init__")


def breaches(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(graph.items()):
        own = layer(module)
        if own is None:
            found.append(f"{module}: in no layer (add it to LAYER_OF in tests/test_layers.py)")
            continue
        for target in sorted(targets):
            theirs = layer(target)
            if theirs not in MAY_IMPORT[own] and not target.startswith(module + "."):
                found.append(f"{module} ({own}) imports {target} ({theirs})")
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component of more than one module (Tarjan), each a cycle or more."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _package_imports_without_parents(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """A submodule's import of its own package's `__init__` is Python's doing, not a dependency:
    drop edges from a module to a package that contains it."""
    return {m: {t for t in ts if not m.startswith(t + ".")} for m, ts in graph.items()}


def test_no_import_cycle_in_the_package() -> None:
    graph = _package_imports_without_parents(import_graph(PACKAGE))
    assert len(graph) > 30  # the walk saw the package
    assert cycles(graph) == []


def test_imports_follow_the_layers() -> None:
    assert breaches(_package_imports_without_parents(import_graph(PACKAGE))) == []


@pytest.fixture
def toy(tmp_path: Path) -> Path:
    """A package shaped like treaty_kg, to show the checks catch what they are for."""
    root = tmp_path / "treaty_kg"
    for folder in ("rdf", "endpoint", "web"):
        (root / folder).mkdir(parents=True)
        (root / folder / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    (root / "errors.py").write_text("")
    return root


def test_a_cycle_hidden_inside_a_function_is_found(toy: Path) -> None:
    (toy / "endpoint" / "app.py").write_text("from treaty_kg.endpoint import protocol\n")
    (toy / "endpoint" / "protocol.py").write_text("def f():\n    from .app import create_app\n")
    assert cycles(_package_imports_without_parents(import_graph(toy))) == [
        ["treaty_kg.endpoint.app", "treaty_kg.endpoint.protocol"]
    ]


def test_an_import_against_the_layers_is_found(toy: Path) -> None:
    (toy / "rdf" / "load.py").write_text("from treaty_kg.errors import X\n")
    (toy / "endpoint" / "app.py").write_text("import treaty_kg.web.pages\n")
    (toy / "web" / "pages.py").write_text("from ..rdf.load import load\nfrom treaty_kg.endpoint import app\n")
    assert breaches(_package_imports_without_parents(import_graph(toy))) == [
        "treaty_kg.endpoint.app (endpoint) imports treaty_kg.web.pages (web)"
    ]
