"""The code's shape, as the next engineer reads it: small modules, stores behind their protocol, blueprints
that do not lean on each other, no import circles."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

LOD = ROOT / "lod"
MODULES = sorted(LOD.rglob("*.py"))


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, tree: ast.Module | None = None) -> set[str]:
    """The lod modules a module imports (relative imports resolved; packages count as their __init__)."""
    tree = tree or ast.parse(path.read_text())
    package = _name(path) if path.name == "__init__.py" else _name(path).rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rsplit(".", 1)[0]
            target = (f"{base}.{node.module}" if node.module else base) if node.level else (node.module or "")
            if target.startswith("lod"):
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("lod"))
    names = {_name(p) for p in MODULES}
    return {name for name in found if name in names}


def test_no_module_of_lod_is_over_400_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in MODULES if (n := len(p.read_text().splitlines())) > 400}
    assert not long, long


def test_no_one_outside_the_store_asks_which_store_it_has() -> None:
    asking = re.compile(r"isinstance\([^)]*\b(PublishedStore|RemoteStore|MemoryStore)\b")
    found = [str(p.relative_to(ROOT)) for p in MODULES if "store" not in p.parts and asking.search(p.read_text())]
    assert not found, found


def test_blueprints_do_not_import_each_other() -> None:
    blueprints = {_name(p) for p in MODULES if "blueprint = Blueprint(" in p.read_text()}
    leaning = {
        (_name(p), other)
        for p in MODULES
        if _name(p) in blueprints
        for other in _imports(p) & blueprints
        if other != _name(p)
    }
    assert not leaning, leaning


def test_there_is_no_import_circle_at_module_level() -> None:
    """Module-level imports only (an import inside a function runs later, when both modules are loaded)."""
    graph: dict[str, set[str]] = {}
    for path in MODULES:
        tree = ast.parse(path.read_text())
        top = ast.Module(body=[n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)], type_ignores=[])
        graph[_name(path)] = _imports(path, top)
    seen: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        if seen.get(name) == 2:
            return
        assert seen.get(name) != 1, " -> ".join([*trail[trail.index(name) :], name])
        seen[name] = 1
        for other in sorted(graph.get(name, ())):
            if other != name and not name.startswith(other + "."):  # a package's own __init__ is loaded first
                visit(other, [*trail, name])
        seen[name] = 2

    for name in sorted(graph):
        visit(name, [])
