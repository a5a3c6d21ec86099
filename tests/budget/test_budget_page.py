"""Budget page behaviour (AppTest): deep links, the cross-tab, drill-down, downloads, plan editing."""

import contextlib
import csv
import datetime as dt
import io
import json
from decimal import Decimal as D

import openpyxl
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from monitor import cli
from tests.apptest import app

AS_OF = "2024-06-30"


def budget_page(user="leader", **params):
    at = app(user, as_of=AS_OF, lang="en", **params).run()
    at.switch_page("pages/budget.py")
    return at.run()


def spent_from_seed(seed_dir, as_of: dt.date) -> D:
    """Ledger lines + approved in-kind up to as-of, read straight from the seed files."""
    with (seed_dir / "ledger.csv").open(encoding="utf-8") as handle:
        total = sum(D(r["amount"]) for r in csv.DictReader(handle) if dt.date.fromisoformat(r["posting_date"]) <= as_of)
    with (seed_dir / "inkind.csv").open(encoding="utf-8") as handle:
        total += sum((D(r["hours"]) * D(r["hourly_rate"])).quantize(D("0.01")) for r in csv.DictReader(handle)
                     if r["status"] == "approved" and dt.date.fromisoformat(r["work_date"]) <= as_of)
    return total


def summary_json(db_path) -> dict:
    """`summary --json` run in this process (the app under test holds the file; DuckDB allows one process)."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        assert cli.main(["summary", "--db", str(db_path), "--as-of", AS_OF, "--json"]) == 0
    return json.loads(output.getvalue())


@pytest.fixture
def downloads(monkeypatch):
    """Keep the bytes the page hands to st.download_button, by media file id."""
    files = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        files[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return files


def test_default_view_totals_match_seed_and_summary(app_env, seed_dir):
    at = budget_page()
    assert not at.exception
    table = at.dataframe[0].value
    total_row = table[table["Year"] == "Total"].iloc[0]
    assert D(str(total_row["Actual"])) == spent_from_seed(seed_dir, dt.date(2024, 6, 30))
    summary = summary_json(app_env)
    assert str(total_row["Actual"]) == summary["spent"]["total"]
    assert str(total_row["Budget"]) == summary["budget"]["total"] == "15102000.00"


def test_deep_link_gives_a_cross_tab(app_env):
    at = budget_page(rows="category", cols="year", measure="actual")
    table = at.dataframe[0].value
    assert list(table.columns) == ["Cost category", "2021", "2022", "2023", "2024", "2025", "Total"]
    equipment = table[table["Cost category"] == "Equipment"].iloc[0]
    assert D(str(equipment["2022"])) == D("57230.00")  # the seed's two 2022 equipment lines: 41250 + 15980


def test_changing_a_filter_changes_the_table(app_env):
    at = budget_page()
    at.selectbox(key="rows").set_value("partner").run()
    assert "Partner" in at.dataframe[0].value.columns
    assert "USN" in at.dataframe[0].value["Partner"].tolist()


def test_drill_down_shows_the_lines_behind_a_figure(app_env):
    at = budget_page(rows="category", cols="year", drill_row="equipment", drill_col="2022")
    lines = at.dataframe[1].value
    assert list(lines.columns) == ["Date", "Account", "Account name", "Text", "Voucher", "Source file", "Amount"]
    assert sorted(D(str(a)) for a in lines["Amount"]) == [D("15980.00"), D("41250.00")]
    assert set(lines["Source file"]) == {"mwinc/ledger.csv"}


def test_downloads_equal_the_screen_and_the_summary(app_env, downloads):
    at = budget_page(rows="source")
    screen = at.dataframe[0].value
    screen_total = D(str(screen[screen["Funding source"] == "Total"].iloc[0]["Actual"]))
    csv_id = at.get("download_button")[0].proto.url.rsplit("/", 1)[-1].split(".")[0]
    rows = list(csv.DictReader(io.StringIO(downloads[csv_id].decode("utf-8-sig"))))
    csv_total = next(D(r["Actual"]) for r in rows if r["Funding source"] == "Total")
    assert sum(D(r["Actual"]) for r in rows if r["Funding source"] != "Total") == csv_total
    assert csv_total == screen_total
    assert str(csv_total) == summary_json(app_env)["spent"]["total"]
    sheet = openpyxl.load_workbook(io.BytesIO(_xlsx(at, downloads))).active
    header = [c.value for c in sheet[1]]
    xlsx_total = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "Total"][0]
    assert D(str(xlsx_total[header.index("Actual")])).quantize(D("0.01")) == csv_total


def _xlsx(at, downloads) -> bytes:
    file_id = at.get("download_button")[1].proto.url.rsplit("/", 1)[-1].split(".")[0]
    return downloads[file_id]


def test_earned_value_tab_shows_formulas(app_env):
    at = budget_page()
    labels = [m.label for m in at.metric]
    assert labels[:4] == ["BAC – budget at completion", "PV – planned value", "EV – earned value", "AC – actual cost"]
    assert "EV / PV" in [c.value for c in at.caption]


def test_viewer_cannot_edit_the_plan(app_env):
    at = budget_page(user="reader")
    assert not at.exception
    assert at.dataframe[0].value is not None
    assert not [b for b in at.button if b.key == "plan_save"]


def test_leader_saves_a_new_version(app_env):
    at = budget_page()
    at.session_state["plan_editor"] = {"edited_rows": {0: {"amount": "25000.00"}}, "added_rows": [],
                                       "deleted_rows": []}
    at.text_input(key="plan_label").set_value("Re-plan after kick-off")
    at.button(key="plan_save").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Saved as version v2."]
