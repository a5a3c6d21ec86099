"""Layer rules from DESIGN.md, enforced: the core never imports streamlit; pages hold no SQL."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_core_never_imports_streamlit():
    offenders = [
        str(p.relative_to(ROOT)) for p in (ROOT / "monitor").rglob("*.py") if "streamlit" in _imported_modules(p)
    ]
    assert offenders == []


def test_the_check_would_catch_an_import(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("from streamlit import cache_data\n")
    assert "streamlit" in _imported_modules(sample)


def test_pages_hold_no_sql_and_no_grouping():
    sql = re.compile(r"\b(select|insert|update|delete)\b.+\b(from|into|set)\b", re.IGNORECASE)
    for page in (ROOT / "pages").glob("*.py"):
        text = page.read_text(encoding="utf-8")
        assert not sql.search(text), f"{page.name} contains SQL"
        assert ".groupby(" not in text, f"{page.name} groups data"
        assert "duckdb" not in _imported_modules(page), f"{page.name} imports duckdb"


def test_no_page_renders_raw_html():
    for path in [*(ROOT / "pages").glob("*.py"), *(ROOT / "ui").rglob("*.py"), ROOT / "dashboard.py"]:
        assert "unsafe_allow_html=True" not in path.read_text(encoding="utf-8"), path.name


def _project_text_files():
    for folder in ("monitor", "ui", "pages", "tests", "bench", ".ci"):
        for path in (ROOT / folder).rglob("*"):
            if (
                path.is_file()
                and path.suffix in {".py", ".sql", ".yaml", ".toml", ".cfg", ""}
                and ".venv" not in path.parts
            ):
                yield path
    yield from (ROOT / name for name in ("dashboard.py", "config.yaml", "pyproject.toml"))


def test_nothing_reads_the_shared_folder_beside_the_clone():
    # CI's clone has the shared folder beside it; a user's clone does not. The tests' own files are in
    # tests/fixtures/. The folder's name is put together here so that this file does not name it itself.
    name = "sha" + "red"
    pattern = re.compile(rf"""\.\./{name}|["']{name}["']\s*/|/\s*["']{name}["']""")
    offenders = [
        str(p.relative_to(ROOT))
        for p in _project_text_files()
        if pattern.search(p.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []


def test_the_example_ledger_files_are_in_the_repository():
    fixtures = ROOT / "tests" / "fixtures" / "saf-t"
    assert sorted(p.name for p in fixtures.glob("*.xml")) == [
        "ExampleFile SAF-T Financial_888888888_20180228235959.xml",
        "ExampleFile SAF-T Financial_999999999_20161125213512.xml",
    ]


def _imports_of(folder: str) -> dict[str, set[str]]:
    """Every module under the folder -> the top-level packages it imports (the project's own: monitor, ui, pages)."""
    return {
        str(p.relative_to(ROOT)): _imported_modules(p) & {"monitor", "ui", "pages"}
        for p in (ROOT / folder).rglob("*.py")
    }


def test_imports_flow_one_way_pages_ui_core():
    """pages -> ui -> monitor: the core never imports the glue or the pages, the glue never a page."""
    upward = [
        f"{name} imports {sorted(found - allowed)}"
        for folder, allowed in (("monitor", {"monitor"}), ("ui", {"monitor", "ui"}))
        for name, found in _imports_of(folder).items()
        if found - allowed
    ]
    assert upward == []


def test_the_core_is_in_domain_packages():
    """Only the shared leaves and the entry points sit at the top of monitor/; everything else is in a package."""
    leaves = {
        "__init__",
        "__main__",
        "cli",
        "db",
        "config",
        "config_rules",
        "errors",
        "money",
        "format",
        "parse",
        "shown",
        "charts",
        "codes",
    }
    top = {p.stem for p in (ROOT / "monitor").glob("*.py")}
    assert top - leaves == set()


def _project_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "monitor":
            found.update(f"{node.module}.{a.name}" if node.module == "monitor" else node.module for a in node.names)
    return found


def test_settings_are_a_leaf():
    """config.py (and the rules it alone owns) import no domain module: reading config.yaml needs none."""
    allowed = {"monitor.codes", "monitor.money", "monitor.config_rules"}
    for name in ("config.py", "config_rules.py"):
        assert _project_imports(ROOT / "monitor" / name) - allowed == set(), name


# Core functions that take a database connection but no Scope, each with the reason it needs none. Every other
# public function of the core that is handed a connection reads or writes a project's data, so it takes the
# Scope of whoever asks, and the scope decides (monitor/access/scope.py).
WITHOUT_SCOPE = {
    "monitor.db": "the storage seam itself: it runs what the domains ask, after they asked the scope",
    "monitor.access.users": "accounts and sign-in: the scope is what they produce",
    "monitor.setup": "building, generating and probing a database file, by the operator, not for a user",
    "monitor.access.audit.record": "written inside a write that has already asked the scope",
    "monitor.access.audit.last_change": "names who changed a row, inside a write that has already asked the scope",
    "monitor.ledger.months.refresh": "sums the ledger anew inside a write that has already asked the scope",
    "monitor.ledger.backup.create": "a copy of the whole file, by the operator or before an import already allowed",
    "monitor.project.checks.check_database": "the whole file's integrity, by the operator (python -m monitor check)",
    "monitor.reports.snapshot.store": "the write inside freeze (which asks the scope) and the seed's own history",
}


def _core_functions_with_a_connection():
    import importlib
    import inspect
    import pkgutil

    import monitor

    for info in pkgutil.walk_packages(monitor.__path__, "monitor."):
        if info.name.startswith("monitor.commands") or info.name == "monitor.__main__":
            continue  # the CLI works on the machine itself: its commands build a local scope
        module = importlib.import_module(info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == info.name and not name.startswith("_"):
                parameters = inspect.signature(function).parameters
                if "con" in parameters:
                    yield f"{info.name}.{name}", parameters


def _exempt(qualified: str) -> bool:
    return any(qualified == name or qualified.startswith(name + ".") for name in WITHOUT_SCOPE)


def test_every_core_function_on_project_data_takes_a_scope():
    missing = [
        name
        for name, parameters in _core_functions_with_a_connection()
        if "scope" not in parameters and not _exempt(name)
    ]
    assert missing == [], f"these read or write project data without asking a Scope: {missing}"


def test_the_scope_rule_sees_the_functions_it_guards():
    """The walk must find the known gatekeepers, or the test above would pass on an empty list."""
    found = {name for name, _ in _core_functions_with_a_connection()}
    assert {"monitor.project.load.load_project", "monitor.registers.edit.apply", "monitor.access.audit.read"} <= found


def test_db_is_the_only_module_that_talks_to_duckdb():
    """The storage seam: the domains run named SQL through monitor/db.py and catch its errors, so another engine
    can be added behind it. No other module imports duckdb, runs SQL text or reads a query's text."""
    offenders = []
    for path in [*(ROOT / "monitor").rglob("*.py"), *(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").glob("*.py")]:
        if path == ROOT / "monitor" / "db.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "duckdb" in _imported_modules(path) or re.search(r"(?<!\bdb)\.execute\(", text) or "sql_text(" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_no_command_imports_the_cli_back():
    """cli.py names the commands; what they share is in commands/common.py, so the import runs one way."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "monitor" / "commands").rglob("*.py")
        if "monitor.cli" in _project_imports(p) | _plain_imports(p)
    ]
    assert offenders == []


def test_the_cli_check_would_catch_either_import(tmp_path):
    for line in ("from monitor import cli\n", "from monitor.cli import CommandError\n", "import monitor.cli\n"):
        sample = tmp_path / "command.py"
        sample.write_text(line)
        assert "monitor.cli" in _project_imports(sample) | _plain_imports(sample), line


def _plain_imports(path: Path) -> set[str]:
    """Modules named by `import a.b` statements, in full."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}


def _layout_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    return section.split("```", 2)[1]


def test_the_readme_layout_names_every_package_and_module():
    """The README's Layout section is the house plan: a package or module missing from it is a room nobody
    can find. Every package under monitor/ and ui/ is named with its slash, every module by its name."""
    block = _layout_block()
    missing = []
    for folder in ("monitor", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name == "__init__.py" or "i18n" in path.parts:
                continue
            if not re.search(rf"\b{re.escape(path.stem)}\b", block):
                missing.append(str(path.relative_to(ROOT)))
        for package in (ROOT / folder).rglob("__init__.py"):
            if package.parent.name not in (folder, "i18n") and f"{package.parent.name}/" not in block:
                missing.append(str(package.parent.relative_to(ROOT)) + "/")
    assert missing == []


HELPERS = {"ui.shown", "ui.layout"}  # their table() functions go through ui.shown.dataframe


def _own_modules(tree: ast.AST) -> set[str]:
    """Names bound to the table helpers or to the core (monitor.portfolio.views.table builds a frame, shows nothing)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in {"ui", "monitor"}:
            names.update(
                alias.asname or alias.name
                for alias in node.names
                if node.module == "monitor" or f"ui.{alias.name}" in HELPERS
            )
    return names


def _table_calls(path: Path) -> list[tuple[str, str, int]]:
    """(receiver, method, line) of every call of .dataframe / .data_editor / .table on something that is not
    one of the project's own modules (st.dataframe, a column's .dataframe, st.table...)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own, calls = _own_modules(tree), []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"dataframe", "data_editor", "table"}
        ):
            receiver = node.func.value.id if isinstance(node.func.value, ast.Name) else ast.unparse(node.func.value)
            if receiver not in own:
                calls.append((receiver, node.func.attr, node.lineno))
    return calls


def _app_files():
    yield from sorted((ROOT / "ui").glob("*.py"))
    yield from sorted((ROOT / "pages").glob("*.py"))
    yield ROOT / "dashboard.py"


def test_every_table_goes_through_the_neutralising_helper():
    offenders = []
    for path in _app_files():
        name = str(path.relative_to(ROOT))
        for receiver, method, line in _table_calls(path):
            allowed = (
                (name == "ui/shown.py" and method in {"dataframe", "data_editor"})  # the helpers themselves
                or (name == "ui/layout.py" and method == "table")
            )  # st.table: static, no download
            if not allowed:
                offenders.append(f"{name}:{line} {receiver}.{method}")
    assert offenders == []


def test_the_check_would_catch_a_table_around_the_helper(tmp_path):
    sample = tmp_path / "page.py"
    sample.write_text(
        "import streamlit as st\nfrom ui import shown\nleft, right = st.columns(2)\nst.dataframe(x)\n"
        "right.dataframe(y)\nshown.dataframe(z)\n"
    )
    assert [(r, m) for r, m, _ in _table_calls(sample)] == [("st", "dataframe"), ("right", "dataframe")]


# What the login form must not wait for (issue 19, first paint): every new session shows it first, and each of
# these takes 40-350 ms to import; the pages after sign-in import them where they use them. (Plotly's figure
# classes are not listed: `import streamlit` registers its Plotly theme, which loads them.)
HEAVY_FOR_LOGIN = ("pandas", "numpy", "pyarrow", "psycopg", "psycopg_pool", "openpyxl", "reportlab", "jinja2")

LOGIN_FORM_RUN = """
import sys
from streamlit.testing.v1 import AppTest
import ui.login
ui.login._import_first_page = lambda: None  # the warm-up after the form loads them on purpose: not counted here
at = AppTest.from_file(sys.argv[1], default_timeout=30).run()
assert not at.exception, at.exception
assert at.text_input, "no login form"
print(" ".join(name for name in sys.argv[2:] if name in sys.modules))
"""


def test_the_login_form_imports_no_heavy_library(db_path):
    """A fresh process (as `streamlit run` is) runs the entry point signed out, on a DuckDB file: the login form
    is shown, and none of the libraries only the pages need has been imported."""
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", LOGIN_FORM_RUN, str(ROOT / "dashboard.py"), *HEAVY_FOR_LOGIN],
        cwd=ROOT,
        env={**os.environ, "MONITOR_DB": str(db_path), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []
