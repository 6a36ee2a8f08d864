"""List the imports between Pobratym's apps and say which ones point up the layers.

The layer order is written down in docs/architecture.md; import-linter enforces it in
`make test`. This script is the measurement behind it: every `import` between two apps, at
module level or inside a function (read with `ast`, so nothing is run), each classed as
downward (to a lower layer), upward (to a higher one) or sideways (between apps of the same
layer), and the cycles between apps that those imports make.

    .venv/bin/python scripts/import_layers.py              # production code
    .venv/bin/python scripts/import_layers.py --tests      # tests and migrations too
    .venv/bin/python scripts/import_layers.py --list       # every upward import, one a line
"""

import argparse
import ast
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "pobratym"
# Lowest first; apps in one tuple share a layer and must not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("directory",),
    ("accounts",),
    ("exchange",),
    ("partnerships",),
    ("matching",),
    ("allocation", "search", "newsroom"),
    ("portal",),
    ("demo",),
)
LAYER_OF = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}
NOT_PRODUCTION = ("tests", "migrations")


@dataclass(frozen=True)
class AppImport:
    path: Path
    line: int
    importer: str  # app name
    imported: str  # app name
    target: str  # the dotted module named by the import
    in_function: bool

    @property
    def direction(self) -> str:
        below, above = LAYER_OF[self.imported], LAYER_OF[self.importer]
        if below < above:
            return "downward"
        return "upward" if below > above else "sideways"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def resolved(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute module an ImportFrom names (relative imports resolved against `module`)."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    # A package's own module name is its __init__; `.` means the package itself.
    drop = node.level - 1 if is_package else node.level
    base = base[: len(base) - drop] if drop else base
    return ".".join([*base, node.module] if node.module else base)


def imports_in(path: Path) -> Iterator[tuple[int, str, bool]]:
    """(line, imported module, inside a function) for each import statement in `path`."""
    module = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    functions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)

    def walk(node: ast.AST, in_function: bool) -> Iterator[tuple[int, str, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield child.lineno, alias.name, in_function
            elif isinstance(child, ast.ImportFrom):
                target = resolved(child, module, path.name == "__init__.py")
                # `from pobratym import directory` names the app in the alias.
                if target == PACKAGE:
                    for alias in child.names:
                        yield child.lineno, f"{PACKAGE}.{alias.name}", in_function
                else:
                    yield child.lineno, target, in_function
            yield from walk(child, in_function or isinstance(child, functions))

    yield from walk(tree, False)


def app_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == PACKAGE and parts[1] in LAYER_OF:
        return parts[1]
    return None


def is_production(path: Path) -> bool:
    parts = path.relative_to(ROOT / PACKAGE).parts
    return not any(part in NOT_PRODUCTION or part.startswith("test_") for part in parts) and (
        path.name not in {"conftest.py", "browser_testing.py"}
    )


def app_imports(*, with_tests: bool) -> list[AppImport]:
    found = []
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        importer = app_of(module_name(path))
        if importer is None or not (with_tests or is_production(path)):
            continue
        for line, target, in_function in imports_in(path):
            imported = app_of(target)
            if imported is not None and imported != importer:
                found.append(AppImport(path, line, importer, imported, target, in_function))
    return found


def cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected groups of two or more apps (Tarjan), each sorted."""
    graph: dict[str, set[str]] = defaultdict(set)
    for importer, imported in edges:
        graph[importer].add(imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        on_stack.add(app)
        for other in sorted(graph[app]):
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in on_stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                groups.append(sorted(group, key=lambda name: (LAYER_OF[name], name)))

    for app in sorted(graph):
        if app not in index:
            visit(app)
    return groups


def report(found: list[AppImport], *, listing: bool) -> str:
    lines = []
    directions = Counter(found_import.direction for found_import in found)
    lines.append(
        f"imports between apps: {len(found)} "
        f"(downward {directions['downward']}, upward {directions['upward']}, "
        f"sideways {directions['sideways']}; "
        f"inside functions {sum(imp.in_function for imp in found)})"
    )
    against = [imp for imp in found if imp.direction != "downward"]
    by_file: dict[str, list[AppImport]] = defaultdict(list)
    for imp in against:
        by_file[imp.path.relative_to(ROOT).as_posix()].append(imp)
    lines.append(f"files with an upward or sideways import: {len(by_file)}")
    for path, imports in sorted(by_file.items(), key=lambda item: (-len(item[1]), item[0])):
        apps = sorted({imp.imported for imp in imports})
        lines.append(f"  {len(imports):3d}  {path} -> {', '.join(apps)}")
    pairs = Counter((imp.importer, imp.imported) for imp in against)
    lines.append("app pairs against the order (imports):")
    for (importer, imported), count in sorted(pairs.items()):
        lines.append(f"  {importer} -> {imported}: {count}")
    edges = {(imp.importer, imp.imported) for imp in found}
    mutual = sorted(
        (importer, imported)
        for importer, imported in edges
        if (imported, importer) in edges and LAYER_OF[importer] < LAYER_OF[imported]
    )
    lines.append(f"pairs of apps that import each other: {len(mutual)}")
    for importer, imported in mutual:
        lines.append(f"  {importer} <-> {imported}")
    groups = cycles(edges)
    lines.append(f"groups of apps tied in a cycle: {len(groups)}")
    for group in groups:
        lines.append("  " + ", ".join(group))
    if listing:
        lines.append("upward and sideways imports:")
        for imp in against:
            where = "function" if imp.in_function else "module"
            lines.append(
                f"  {imp.path.relative_to(ROOT).as_posix()}:{imp.line} ({where}) {imp.target}"
            )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", action="store_true", help="count tests and migrations too")
    parser.add_argument("--list", action="store_true", help="list every upward import")
    arguments = parser.parse_args(argv)
    print(report(app_imports(with_tests=arguments.tests), listing=arguments.list))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
