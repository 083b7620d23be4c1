"""The layering stays visible: domain modules import neither streamlit nor sqlite-utils."""

from __future__ import annotations

import ast
from pathlib import Path

import matchmaking

PACKAGE = Path(matchmaking.__file__).parent
# The only modules that talk to SQLite; services and matching reach it through storage.
STORAGE_MODULES = {"storage.py", "meeting_storage.py", "participant_storage.py",
                   "organiser_storage.py", "migrations.py", "cli.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_domain_modules_know_nothing_of_streamlit_or_sqlite():
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        imported = _imports(path)
        if relative.parts[0] == "ui":
            continue
        assert "streamlit" not in imported, f"{relative} imports streamlit"
        if relative.name not in STORAGE_MODULES:
            assert not imported & {"sqlite_utils", "sqlite3"}, f"{relative} touches SQLite"


def test_only_ui_imports_streamlit():
    offenders = [p.relative_to(PACKAGE) for p in PACKAGE.rglob("*.py")
                 if "streamlit" in _imports(p) and p.relative_to(PACKAGE).parts[0] != "ui"]
    assert offenders == []
