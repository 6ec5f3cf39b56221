"""Imports point one way: dashboard → data_model ← etl."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "dash",
    "dash_bootstrap_components",
    "dash_ag_grid",
    "flask",
    "flask_login",
    "plotly",
    "dashboard",
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize(
    "path",
    sorted(p for package in ("data_model", "etl") for p in (ROOT / package).rglob("*.py")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_domain_and_etl_import_nothing_from_the_web_stack(path):
    assert imported_roots(path) & FORBIDDEN == set()


def test_page_modules_read_no_data_at_import():
    """Page modules only define things: no module-level call reaches the database."""
    for path in (ROOT / "dashboard" / "pages").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            ast.unparse(node.value.func)
            for node in tree.body
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
        ]
        assert set(calls) <= {"dash.register_page"}, path.name
