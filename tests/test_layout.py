"""The layout's rules, read from the source (no Frappe needed): no import cycles between the
app's modules, and imports at the top of a module except where Frappe needs them late."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "moeen_helpdesk"
#: Modules that import inside functions on purpose: click loads the commands before a site is
#: connected (commands.py says why).
LATE_IMPORTS_ALLOWED = {"moeen_helpdesk.commands"}


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


def app_modules() -> dict[str, ast.Module]:
    return {
        module_name(p): ast.parse(p.read_text(encoding="utf-8"))
        for p in APP.rglob("*.py")
        if "tests" not in p.relative_to(APP).parts
    }


def top_level_imports(name: str, tree: ast.Module, known: set[str]) -> set[str]:
    """The app's modules ``name`` imports when it is imported (a submodule imports its packages)."""
    found = set()
    for node in tree.body:
        targets = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("moeen_helpdesk"):
            targets = [
                f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module
                for a in node.names
            ]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names if a.name.startswith("moeen_helpdesk")]
        for target in targets:
            parts = target.split(".")
            found.update(
                ".".join(parts[:i]) for i in range(1, len(parts) + 1) if ".".join(parts[:i]) in known
            )
    return {m for m in found if m != name and not name.startswith(m + ".")}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    state, stack, found = {}, [], []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def late_imports(tree: ast.Module) -> list[int]:
    """Lines of imports inside functions (type-checking blocks of class bodies are not in functions)."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines += [n.lineno for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
    return sorted(set(lines))


def test_no_import_cycles_between_the_apps_modules():
    modules = app_modules()
    known = set(modules)
    graph = {name: top_level_imports(name, tree, known) for name, tree in modules.items()}
    assert "moeen_helpdesk.tiers.assignment" in graph["moeen_helpdesk.install"]  # the graph is read
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_imports_sit_at_the_top_of_the_shell_modules():
    modules = app_modules()
    late = {
        name: late_imports(tree)
        for name, tree in modules.items()
        if ".core." not in name + "." and name not in LATE_IMPORTS_ALLOWED and late_imports(tree)
    }
    assert late == {}
    assert late_imports(ast.parse("def f():\n    import os\n")) == [2]
