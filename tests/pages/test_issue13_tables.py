"""Issue 13, case 7: text that a spreadsheet would run as a formula never leaves a table unneutralised.

Streamlit's table toolbar offers every st.dataframe as "Download as CSV", written from the cells the browser got:
what AppTest reads from a table is what that download holds. Streamlit 1.67 can hide the download only for the
whole app, so every read-only table goes through ui.shown.dataframe, which neutralises the text (the rule of
monitor.reports.downloads: a leading apostrophe). The two data editors keep what the user typed (stored verbatim).
"""

import ast
from pathlib import Path

import duckdb

from tests.apptest import ROOT, app

FORMULAS = ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "@SUM(1+1)"]
HELPERS = {"ui.shown", "ui.layout"}  # their table() functions go through ui.shown.dataframe


def _on_the_page(at, user_page: str):
    at.switch_page(f"pages/{user_page}.py")
    return at.run()


def test_a_ledger_line_described_as_a_formula_is_shown_and_downloaded_neutralised(app_env):
    # The two equipment lines of 2022 in the seed's ledger.csv: 15 980,00 and 41 250,00 (see tests/budget).
    con = duckdb.connect(str(app_env))
    con.execute(
        "update ledger_entry set text = $1 where cost_category = 'equipment' and year = 2022 and amount = 15980",
        [FORMULAS[0]],
    )
    con.execute(
        "update ledger_entry set text = $1 where cost_category = 'equipment' and year = 2022 and amount = 41250",
        [FORMULAS[1]],
    )
    con.close()
    at = _on_the_page(
        app(
            "leader",
            as_of="2024-06-30",
            lang="en",
            rows="category",
            cols="year",
            drill_row="equipment",
            drill_col="2022",
        ).run(),
        "budget",
    )
    lines = at.dataframe[1].value
    assert sorted(lines["Text"]) == sorted("'" + f for f in FORMULAS[:2])
    assert sorted(lines["Amount"]) == ["15,980.00", "41,250.00"]  # figures are not text to neutralise


def test_negative_figures_stay_figures(app_env):
    # Leader, by year, as of 30.06.2024: the year 2022 was planned higher than it was spent, so its variance is
    # negative; a figure is a number to a spreadsheet and keeps its minus without an apostrophe.
    at = _on_the_page(app("leader", as_of="2024-06-30", lang="en").run(), "budget")
    cells = [str(c) for c in at.dataframe[0].value.to_numpy().ravel()]
    assert any(c.startswith("-") for c in cells)
    assert not any(c.startswith("'") for c in cells)


def test_a_register_text_that_looks_like_a_formula_is_neutralised(app_env):
    con = duckdb.connect(str(app_env))
    con.execute(
        "update risk set title = $1 where risk_id = (select min(risk_id) from risk where project_id = 'mwinc')",
        [FORMULAS[2]],
    )
    con.close()
    at = _on_the_page(app("leader", lang="en").run(), "risks")
    titles = [c for table in at.dataframe for c in table.value.get("Title", [])]
    assert "'" + FORMULAS[2] in titles and FORMULAS[2] not in titles


# --- every table goes through the one helper ------------------------------------------------------------


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
