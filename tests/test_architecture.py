"""The layering stays visible, folder by folder: only storage/ talks to SQLite, only ui/
imports streamlit, and domain/, matching/ and scheduling/ know nothing of storage, services or
the interface; domain/ imports nothing else of the project; the pages, the CLI and app.py
reach the database only through services/; SQL is written only in storage/, and a status is
spelled only in domain/vocabulary.py and the schema."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import matchmaking
from matchmaking.domain.vocabulary import JOB_STATUSES, MEETING_STATUSES, REQUEST_STATUSES

PACKAGE = Path(matchmaking.__file__).parent
PURE_FOLDERS = ("domain", "matching", "scheduling")


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
        if relative.parts[0] != "storage":
            assert not imported & {"sqlite_utils", "sqlite3"}, f"{relative} touches SQLite"


def test_only_ui_imports_streamlit():
    offenders = [p.relative_to(PACKAGE) for p in PACKAGE.rglob("*.py")
                 if "streamlit" in _imports(p) and p.relative_to(PACKAGE).parts[0] != "ui"]
    assert offenders == []


def _project_imports(path: Path) -> set[str]:
    """The project modules a file imports, as paths under the package ("storage",
    "domain.settings", ...), relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(PACKAGE.parent).parent.parts[1:]  # app.py sits beside it
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
            # "from matchmaking import storage" and "from . import x" import the names
            names = [module] if module and node.module else [f"{module}.{a.name}".lstrip(".")
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


def test_the_import_check_sees_every_form_of_import():
    probe = PACKAGE / "ui" / "_probe_for_test.py"
    forms = {"from matchmaking import storage": {"storage"},
             "import matchmaking.storage.console": {"storage.console"},
             "from matchmaking.storage import meetings as ms": {"storage"},
             "from .. import services, cli": {"services", "cli"},
             "from . import common": {"ui.common"},
             "from ..storage import Database": {"storage"}}
    try:
        for line, expected in forms.items():
            probe.write_text(line + "\n", encoding="utf-8")
            assert _project_imports(probe) == expected, line
    finally:
        probe.unlink()


def test_the_interface_reaches_the_database_only_through_services():
    # ui/ pages, the CLI and app.py hand a database handle to the use cases: opening it,
    # its errors and its plain reads all come from services/, so a rule added there (an
    # audit entry, a notification) cannot be skipped by a page
    interface = [*(PACKAGE / "ui").rglob("*.py"), PACKAGE / "cli.py", PACKAGE.parent / "app.py"]
    for path in interface:
        layers = {m.split(".")[0] for m in _project_imports(path)}
        assert "storage" not in layers, f"{path.name} imports storage"
        assert not _imports(path) & {"sqlite_utils", "sqlite3"}, f"{path.name} touches SQLite"


def test_pure_folders_know_nothing_of_storage_services_or_the_interface():
    for folder in PURE_FOLDERS:
        for path in (PACKAGE / folder).rglob("*.py"):
            layers = {m.split(".")[0] for m in _project_imports(path)}
            assert not layers & {"storage", "services", "ui", "cli"}, \
                f"{path.relative_to(PACKAGE)} imports {sorted(layers)}"


def test_every_status_has_a_label_and_a_colour():
    from matchmaking.domain import vocabulary
    from matchmaking.texts import TEXTS

    for status in vocabulary.MEETING_STATUSES:
        assert f"status.{status}" in TEXTS and status in vocabulary.MEETING_STATUS_COLOURS
        assert set(vocabulary.MEETING_TRANSITIONS[status]) <= set(vocabulary.MEETING_STATUSES)
    for status in vocabulary.REQUEST_STATUSES:
        assert f"request.{status}" in TEXTS


# --- SQL and status words have one home each -----------------------------------------------

SQL = re.compile(r"\b(SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
                 r"REPLACE\s+INTO|CREATE\s+(TABLE|INDEX|UNIQUE|TRIGGER|VIEW)|ALTER\s+TABLE|"
                 r"DROP\s+(TABLE|INDEX)|PRAGMA\s+\w+|BEGIN\s+IMMEDIATE)\b", re.IGNORECASE)
STATUS_WORDS = set(MEETING_STATUSES) | set(REQUEST_STATUSES) | set(JOB_STATUSES)


def _strings(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module (f-strings by their literal parts), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def _sql_strings(path: Path) -> list[str]:
    # docstrings may name a statement in prose; a statement has no "``" around it
    return [f"{path.name}:{line}: {text[:60]!r}" for line, text in _strings(path)
            if SQL.search(text) and "``" not in text]


def _status_literals(path: Path) -> list[str]:
    return [f"{path.name}:{line}: {text[:60]!r}" for line, text in _strings(path)
            if text in STATUS_WORDS or any(f"'{word}'" in text for word in STATUS_WORDS)]


def _code_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py")) + [PACKAGE.parent / "app.py"]


def test_no_sql_outside_storage():
    outside = [p for p in _code_files() if p.relative_to(PACKAGE.parent).parts[:2]
               != ("matchmaking", "storage")]
    assert [hit for path in outside for hit in _sql_strings(path)] == []


def test_no_status_literal_outside_the_vocabulary_and_the_schema():
    # texts/ holds the words shown to people ("proposed" in English is a label there)
    allowed = {PACKAGE / "domain" / "vocabulary.py", PACKAGE / "storage" / "schema.py"}
    files = [p for p in _code_files() if p not in allowed
             and p.relative_to(PACKAGE.parent).parts[:2] != ("matchmaking", "texts")]
    assert [hit for path in files for hit in _status_literals(path)] == []


def test_the_scanners_see_sql_and_status_words(tmp_path):
    # the two rules above must be able to fail
    probe = tmp_path / "probe.py"
    probe.write_text('def f(db, x):\n    """Reads ``SELECT 1 FROM t``."""\n'
                     '    db.execute(f"select id from meetings where id = {x}")\n'
                     '    db.execute("UPDATE meetings SET status = \'cancelled\'")\n'
                     '    return x == "no_show"\n', encoding="utf-8")
    assert len(_sql_strings(probe)) == 2
    assert [hit.split(":")[1] for hit in _status_literals(probe)] == ["4", "5"]


_EMPTY_CONTAINERS = {"dict", "list", "set", "defaultdict", "OrderedDict", "WeakValueDictionary",
                     "WeakKeyDictionary"}


def _module_state(path: Path, root: Path = PACKAGE.parent) -> list[str]:
    """Module-level names bound to an empty container, the shape of a cache or a registry
    that lives beside the objects it describes (``_cache = {}``)."""
    hits = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        empty = isinstance(value, (ast.Dict, ast.List, ast.Set)) and not (
            getattr(value, "keys", None) or getattr(value, "elts", None))
        called = isinstance(value, ast.Call) and not value.args and \
            getattr(value.func, "id", getattr(value.func, "attr", "")) in _EMPTY_CONTAINERS
        if empty or called:
            hits.append(f"{path.relative_to(root)}:{node.lineno}")
    return hits


def test_use_cases_keep_no_state_of_their_own_between_calls():
    # what a scored event derives lives on the event (EventMatching.derived); the database
    # and the app's cache own the rest, so two sessions or two processes cannot disagree
    files = sorted(PACKAGE.glob("services/*.py")) + sorted(PACKAGE.glob("storage/*.py"))
    assert [hit for path in files for hit in _module_state(path)] == []


def test_the_state_scanner_sees_a_module_cache(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("A = {}\nB: dict[int, str] = dict()\nC = {1: 2}\n"
                     "D = weakref.WeakValueDictionary()\nE = []\nF = list(range(3))\n",
                     encoding="utf-8")
    assert [h.rsplit(":", 1)[1] for h in _module_state(probe, tmp_path)] == ["1", "2", "4", "5"]
