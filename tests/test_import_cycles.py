"""No module of the blog imports a module that imports it back, at the top or inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "blog"


def module_name(path: Path) -> str:
    """The dotted name of a module file under blog/."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_nodes(tree: ast.AST):
    """Every node that runs: all but `if TYPE_CHECKING:` blocks, which only type checkers read."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            continue
        yield node
        yield from runtime_nodes(node)


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """The blog modules a file imports anywhere in it (function-level imports count too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from blog.auth import views` imports blog.auth.views; `from x import name`, x.
            found.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                         for alias in node.names)
    return {name for name in found if name in known}


def import_graph() -> dict[str, set[str]]:
    """Every blog module and the blog modules it imports."""
    files = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    known = set(files)
    return {name: imported_modules(path, known) - {name} for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import cycles, each as the path of modules that leads back to its start."""
    found, state = [], {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                found.append([*trail[trail.index(target):], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return found


def test_the_graph_sees_function_level_imports():
    # blog/__init__.py imports its steps' modules inside create_app.
    assert "blog.settings" in import_graph()["blog"]


@pytest.mark.parametrize("package", [
    "blog.auth", "blog.caching", "blog.content", "blog.posts", "blog.devidp", "blog.media"])
def test_every_package_is_in_the_graph(package):
    assert any(name.startswith(package + ".") for name in import_graph())


def test_no_module_imports_one_that_imports_it_back():
    assert cycles(import_graph()) == []
