"""The layering stays visible: domain modules import neither streamlit nor sqlite-utils, and
the domain package nothing else of the project."""

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


def _project_imports(path: Path) -> set[str]:
    """The project modules a file imports, as paths under the package ("storage",
    "domain.settings", ...), relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(PACKAGE).parent.parts
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[:len(package) - node.level + 1])
                module = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("matchmaking"):
                module = node.module.removeprefix("matchmaking").lstrip(".")
            else:
                continue
            names = [module] if node.module else [f"{module}.{a.name}".lstrip(".")
                                                  for a in node.names]
            out |= {n for n in names if n}
        elif isinstance(node, ast.Import):
            out |= {a.name.removeprefix("matchmaking.") for a in node.names
                    if a.name.startswith("matchmaking.")}
    return out


def test_the_domain_package_imports_nothing_else_of_the_project():
    for path in (PACKAGE / "domain").rglob("*.py"):
        outside = {m for m in _project_imports(path) if not m.startswith("domain")}
        assert not outside, f"{path.relative_to(PACKAGE)} imports {sorted(outside)}"
        assert not _imports(path) & {"streamlit", "sqlite_utils", "sqlite3"}


def test_the_domain_check_sees_an_import_from_outside():
    # the rule above must be able to fail: a relative import out of domain/ is reported
    probe = PACKAGE / "domain" / "_probe_for_test.py"
    probe.write_text("from ..storage import Database\nfrom .vocabulary import KINDS\n",
                     encoding="utf-8")
    try:
        assert _project_imports(probe) == {"storage", "domain.vocabulary"}
    finally:
        probe.unlink()
