"""The layers between apps hold, and a new import up the layers fails the tests.

`lint-imports` checks the contracts in pyproject.toml; scripts/import_layers.py measures the
same order, so the two must name the same layers.
"""

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import import_layers
import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(root / "pyproject.toml")],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=False,
    )


def contract(contract_id: str) -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return next(found for found in contracts if found["id"] == contract_id)


def test_every_import_contract_is_kept() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture
def copied_tree(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "pobratym", tmp_path / "pobratym", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_line(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_a_new_import_up_the_layers_breaks_the_contracts(copied_tree: Path) -> None:
    add_line(
        copied_tree / "pobratym/directory/selectors.py", "from pobratym.exchange import models"
    )

    result = lint_imports(copied_tree)

    assert result.returncode == 1
    assert "pobratym.directory is not allowed to import pobratym.exchange" in result.stdout
    assert "The directory imports no higher app BROKEN" in result.stdout


def test_django_in_a_pure_engine_breaks_the_contracts(copied_tree: Path) -> None:
    add_line(copied_tree / "pobratym/newsroom/text/dates.py", "from django.utils import timezone")

    result = lint_imports(copied_tree)

    assert result.returncode == 1
    assert "pobratym.newsroom.text is not allowed to import django" in result.stdout


def test_the_measurement_and_the_contract_name_the_same_layers() -> None:
    layers = contract("layers")["layers"]
    assert isinstance(layers, list)
    from_the_top = [" | ".join(apps) for apps in reversed(import_layers.LAYERS)]
    assert layers == from_the_top


def test_relative_imports_resolve_to_the_app_they_name() -> None:
    module = "pobratym.directory.services.curation"
    relative = ast.parse("from ...accounts import models").body[0]
    package_relative = ast.parse("from .writing import x").body[0]
    assert isinstance(relative, ast.ImportFrom)
    assert isinstance(package_relative, ast.ImportFrom)

    assert import_layers.resolved(relative, module, is_package=False) == "pobratym.accounts"
    assert (
        import_layers.resolved(package_relative, "pobratym.directory.services", is_package=True)
        == "pobratym.directory.services.writing"
    )


def test_imports_are_classed_by_layer_and_cycles_found() -> None:
    def app_import(importer: str, imported: str) -> import_layers.AppImport:
        return import_layers.AppImport(ROOT / "x.py", 1, importer, imported, imported, False)

    assert app_import("partnerships", "directory").direction == "downward"
    assert app_import("directory", "matching").direction == "upward"
    assert app_import("search", "newsroom").direction == "sideways"
    edges = {("partnerships", "allocation"), ("allocation", "partnerships"), ("core", "directory")}
    assert import_layers.cycles(edges) == [["partnerships", "allocation"]]
