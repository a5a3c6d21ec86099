"""The Effort page (AppTest) as leader (nb and en), partner and viewer, against MW Inc's sample files
(data/seed/mwinc/people.csv, effort_plan.csv, hours.csv): person-months planned against actual per work package ×
partner with a total row, effort month by month, PhD and postdoc person-years; a partner sees its own rows only.

By hand from the sample files (every figure below):
- Planned (effort_plan.csv, baseline): USN 2021 0.75 × 3 = 2.25; 2022 9 + 3 + 6 + 4 + 4 + 3 = 29;
  2023 10 + 2 + 8 + 2.5 + 5 + 2.5 = 30; 2024 9 + 1.5 + 7 + 2 + 5 + 3 = 27.5; 2025 5 + 1 + 4 + 1.5 + 4 + 3 = 18.5;
  USN 2.25 + 29 + 30 + 27.5 + 18.5 = 107.25; five partners × (1 + 1 + 1 + 0.5) = 17.5; total 124.75 PM.
  Rows: WP1 usn, nav_vt, nav_ov; WP2 usn, nho_vt, vtfk; WP3 usn, mrfk = 8 (the approved hours fall in these).
- Approved hours (hours.csv, the reported April row and the rejected NHO rows left out) and the partners' approved
  in-kind hours (inkind.csv, part of the one effort register; 14 quarterly reports each, 28.03.2022-28.06.2025):
  Jan 2024 140 + 130 + 20 + 30 + 40 + 30 + 10 + 10 = 410; Feb 150 + 130 + 20 + 25 + 40 + 30 + 12 = 407;
  Mar 120 + 140 + 20 + 25 + 45 + 30 = 380 + in kind 28.03.2024 32.2 + 32.2 + 23.0 + 33.0 + 34.0 = 154.4 -> 534.4.
  hours.csv 1 197 h + in kind 2 005.8 h (tests/effort/test_load.py's docstring sums each partner's reports)
  = 3 202.8 h = 38 433.6 / 1 628 = 23.6078 → 23.61 PM.
  Months: the 16 quarter ends 2022-2025 with in-kind reports, and January and February 2024.
  Per month: 410 × 12 / 1 628 = 3.0221 → 3.02; 407 → 4 884 / 1 628 = 3.0000 → 3.00; 534.4 → 6 412.8 / 1 628 =
  3.9391 → 3.94.
- PhD 140 + 150 + 120 = 410 h / 1 628 = 0.2518 → 0.25 person-years; postdoc 130 + 130 + 140 = 400 h → 0.2457 → 0.25.
- NAV VT (partner nav): planned 1 + 1 + 1 + 0.5 = 3.5 PM in WP1; approved in kind 402.6 h = 4 831.2 / 1 628 =
  2.9676 → 2.97 PM; deviation 2.97 − 3.50 = −0.53.
- The Effort plan tab: the plan's rows in order of partner code, name, work package, year; its first row is MRFK's
  "Rådgiver integrering", WP3 2022, 1.00 PM (effort_plan.csv), MRFK 3.50 in all. Raising it to 2.00 makes the current
  plan 124.75 + 1.00 = 125.75 and MRFK in WP3 3.50 + 1.00 = 4.50; to 2.50 (typed "2,5"), 124.75 + 1.50 = 126.25.
"""

import contextlib
import csv
import datetime as dt
import io
import json
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from monitor import cli, db
from monitor.effort import edit as plan_edit
from tests.apptest import open_page
from tests.conftest import copy_of
from tests.scopes import LEADER

pytestmark = pytest.mark.usefixtures("app_env")


@pytest.fixture
def db_path(tmp_path, every_project_template):
    """Every embedded project (a person's load spans them: Annett Arntzen works in MW Inc and INTEGRATE)."""
    return copy_of(every_project_template, tmp_path)


AS_OF = "2025-11-30"


def texts(at) -> str:
    return " ".join(
        [e.value for e in (*at.title, *at.caption, *at.info, *at.warning, *at.subheader, *at.markdown)]
        + [m.label + " " + m.value for m in at.metric]
    )


def tables(at) -> list:
    return [d.value for d in at.dataframe]


def person_month_tables(at) -> tuple:
    """The Person-months tab's plan, month and training tables (the pricing table between them is the leader's)."""
    months = next(
        d.value for d in at.dataframe if "Month" in d.value.columns and "Actual person-months" in d.value.columns
    )
    training = next(d.value for d in at.dataframe if "Staff category" in d.value.columns)
    return tables(at)[0], months, training


def summary_json(db_path) -> dict:
    """`summary --json` run in this process (the app under test holds the file; DuckDB allows one process)."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        assert cli.main(["summary", "--db", str(db_path), "--project", "mwinc", "--as-of", AS_OF, "--json"]) == 0
    return json.loads(output.getvalue())


def test_the_leader_sees_planned_against_actual_in_english(app_env):
    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    page = texts(at)
    for words in ("Effort in", "Person-months planned against actual", "Effort over time", "Sample data"):
        assert words in page, words
    plan, months, training = person_month_tables(at)
    assert len(plan) == 9  # 8 WP × partner rows and the total
    total = plan.iloc[-1]
    assert total["Work package"] == "Total"
    assert total["Planned person-months"] == "124.75"
    assert total["Approved hours"] == "3,202.80"
    assert total["Actual person-months"] == "23.61"
    assert total["Deviation (person-months)"] == "-101.14"  # 23.61 − 124.75
    assert set(plan["Partner"][:-1]) == {"USN", "NAV VT", "NAV ØV", "NHO VT", "MRFK", "VTFK"}
    assert all(not code.startswith("usn") for code in plan["Partner"])  # labels, not codes
    assert len(months) == 16
    assert months["Actual person-months"].tolist()[8:11] == ["3.02", "3.00", "3.94"]  # January-March 2024
    assert training["Staff category"].tolist() == ["PhD candidate", "Postdoc"]
    assert training["Person-years"].tolist() == ["0.25", "0.25"]
    assert [m.value for m in at.metric] == ["124.75", "23.61", "0.25", "0.25"]
    assert len(at.get("plotly_chart")) == 1
    assert summary_json(app_env)["effort"]["planned_pm"] == "124.75"


def test_the_leader_reads_it_in_norwegian(app_env):
    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="nb")
    assert not at.exception, at.exception
    page = texts(at)
    for words in ("Innsats i", "Personmåneder planlagt mot faktisk", "Eksempeldata"):
        assert words in page, words
    plan = tables(at)[0]
    assert plan.iloc[-1]["Arbeidspakke"] == "Totalt"
    assert plan.iloc[-1]["Planlagte personmåneder"] == "124,75"
    assert plan.iloc[-1]["Godkjente timer"] == "3\xa0202,80"


@pytest.mark.parametrize("user, partner, planned, actual", [("nav", "NAV VT", "3.50", "2.97")])
def test_a_partner_sees_its_own_rows_only(app_env, user, partner, planned, actual):
    at = open_page("effort", user=user, project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    plan, months, training = person_month_tables(at)
    assert plan["Partner"].tolist() == [partner, ""]
    assert plan.iloc[0]["Planned person-months"] == planned
    assert plan.iloc[0]["Actual person-months"] == actual
    assert plan.iloc[-1]["Deviation (person-months)"] == "-0.53"
    # NAV VT's fourteen approved in-kind reports (tests/effort/test_load.py's docstring)
    expected = "27.80 30.30 28.40 27.20 29.40 29.40 28.10 30.90 32.20 29.40 30.90 27.80 26.00 24.80".split()
    assert months["Approved hours"].tolist() == expected
    assert training["Person-years"].tolist() == ["0.00", "0.00"]  # USN's PhD and postdoc are not NAV VT's
    assert "USN" not in " ".join(str(v) for v in plan.to_numpy().ravel())


def test_a_viewer_sees_the_page(app_env):
    at = open_page("effort", user="reader", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    assert tables(at)[0].iloc[-1]["Planned person-months"] == "124.75"


# --- issue 17: downloads of the Person-months tab --------------------------------------------------------------


@pytest.fixture
def downloads(monkeypatch):
    """The bytes and file name the page hands to each st.download_button, by media file id."""
    files = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def keep(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        files[file_id] = (filename, path_or_data)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    return files


def files_of(at, downloads) -> dict:
    """{button key: (file name, bytes)}."""
    return {b.key: downloads[b.proto.url.rsplit("/", 1)[-1].split(".")[0]] for b in at.get("download_button")}


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def xlsx_rows(data: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def test_the_leader_downloads_both_tables_as_csv_and_excel(app_env, downloads):
    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    labels = [b.label for b in at.get("download_button")]
    assert (
        labels[:4] == ["Download CSV", "Download Excel"] * 2
    )  # the Person-months tab's (the timesheet template follows)
    files = files_of(at, downloads)
    name, data = files["effort:plan:csv"]
    assert name == "effort_mwinc_person_months.csv"
    rows = csv_rows(data)
    assert rows[0] == [
        "Work package",
        "Partner",
        "Planned person-months",
        "Approved hours",
        "Actual person-months",
        "Deviation (person-months)",
    ]
    # the docstring's sums: 124.75 planned, 3 202.8 h, 23.61 PM, −101.14; WP1 USN 42.00, 480 h, 3.54 PM
    assert rows[-1] == ["Total", "", "124.75", "3202.80", "23.61", "-101.14"]
    assert ["WP1 Inclusion through employment", "USN", "42.00", "480.00", "3.54", "-38.46"] in rows
    assert len(rows) == 1 + 8 + 1
    name, data = files["effort:plan:xlsx"]
    assert name == "effort_mwinc_person_months.xlsx"
    sheet = xlsx_rows(data)
    total = sheet[-1]
    assert total[0] == "Total" and all(isinstance(v, (int, float)) for v in total[2:])  # numbers, not text
    assert [D(str(v)).quantize(D("0.01")) for v in total[2:]] == [D("124.75"), D("3202.80"), D("23.61"), D("-101.14")]
    name, data = files["effort:months:csv"]
    assert name == "effort_mwinc_months.csv"
    months = csv_rows(data)
    assert months[0] == ["Month", "Approved hours", "Actual person-months"]
    assert len(months) == 1 + 16
    # January-March 2024: 410 h -> 3.02, 407 h -> 3.00, 534.4 h -> 3.94
    assert [row[1:] for row in months[9:12]] == [["410.00", "3.02"], ["407.00", "3.00"], ["534.40", "3.94"]]
    assert sum(D(row[1]) for row in months[1:]) == D("3202.8")
    name, data = files["effort:months:xlsx"]
    assert name == "effort_mwinc_months.xlsx" and len(xlsx_rows(data)) == 1 + 16


def test_the_norwegian_downloads_have_norwegian_headers(app_env, downloads):
    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="nb")
    assert not at.exception, at.exception
    assert [b.label for b in at.get("download_button")][:4] == ["Last ned CSV", "Last ned Excel"] * 2
    files = files_of(at, downloads)
    assert csv_rows(files["effort:plan:csv"][1])[0][2] == "Planlagte personmåneder"
    assert xlsx_rows(files["effort:months:xlsx"][1])[0] == ("Måned", "Godkjente timer", "Faktiske personmåneder")


def test_a_partner_downloads_its_own_rows_only(app_env, downloads):
    at = open_page("effort", user="nav", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    files = files_of(at, downloads)
    name, data = files["effort:plan:csv"]
    assert name == "effort_mwinc_nav_vt_person_months.csv"
    # NAV VT: 3.50 planned, 402.6 h in kind -> 2.97, 2.97 − 3.50 = −0.53; the total row the same
    assert csv_rows(data)[1:] == [
        ["WP1 Inclusion through employment", "NAV VT", "3.50", "402.60", "2.97", "-0.53"],
        ["Total", "", "3.50", "402.60", "2.97", "-0.53"],
    ]
    assert {row[1] for row in xlsx_rows(files["effort:plan:xlsx"][1])[1:]} == {"NAV VT", None}
    months = csv_rows(files["effort:months:csv"][1])
    # NAV VT's fourteen approved in-kind reports only (the docstring of tests/effort/test_load.py): 402.6 h
    assert len(months) == 1 + 14 and sum(D(row[1]) for row in months[1:]) == D("402.6")
    assert "USN" not in b" ".join(data for _, data in files.values()).decode("utf-8", "replace")


# --- the Effort plan tab ----------------------------------------------------------------------------------

EDITOR = "effort_plan_editor:baseline"  # the editor of the version read (ui/components/effort_plan.py)


def table_with(at, *headers: str):
    """The table (or editor) with columns of these headers."""
    return next(d.value for d in at.dataframe if set(headers) <= set(d.value.columns))


def edit_first_row(at, value: str, note: str):
    at.session_state[EDITOR] = {"edited_rows": {0: {"person_months": value}}, "added_rows": [], "deleted_rows": []}
    at.text_input(key="effort_plan_note").set_value(note)
    return at.button(key="effort_plan_save").click().run()


def test_the_leader_saves_a_new_effort_plan_version(app_env):
    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    assert "Current effort plan" in texts(at)
    editor = table_with(at, "person_months")  # the editor keeps its field names, labelled by its config
    assert len(editor) == 47
    assert editor.iloc[0].tolist() == ["Rådgiver integrering (MRFK)", "WP3 Insight and new practice", 2022, "1.00"]
    edit_first_row(at, "2.00", "More MRFK")
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["Saved as version v2."]
    at.run()
    versions = table_with(at, "Saved by")
    assert versions["Version"].tolist() == ["contract", "v2"]
    assert versions["Note"].tolist() == ["Contract baseline", "More MRFK"]
    assert versions["Person-months"].tolist() == ["124.75", "125.75"]  # 124.75 + 1.00
    assert versions["Current"].tolist() == ["", "current"]
    compare = table_with(at, "Current (v2)")
    mrfk = compare.loc[compare["Partner"] == "MRFK"].iloc[0]
    assert mrfk[["Contract (person-months)", "Current (v2)", "Change"]].tolist() == ["3.50", "4.50", "1.00"]
    assert compare.iloc[-1][["Contract (person-months)", "Current (v2)", "Change"]].tolist() == [
        "124.75",
        "125.75",
        "1.00",
    ]
    assert [m.value for m in at.metric][0] == "125.75"  # the Effort page reads the current plan
    figures = summary_json(app_env)["effort"]
    assert (figures["planned_pm"], figures["planned_pm_baseline"]) == ("125.75", "124.75")


def test_the_leader_saves_in_norwegian(app_env):
    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="nb")
    assert "Gjeldende innsatsplan" in texts(at)
    assert table_with(at, "person_months").iloc[0]["person_months"] == "1,00"
    edit_first_row(at, "2,5", "Mer MRFK")
    assert [s.value for s in at.success] == ["Lagret som versjon v2."]
    at.run()
    versions = table_with(at, "Lagret av")
    assert versions["Versjon"].tolist() == ["kontrakt", "v2"]
    assert versions["Personmåneder"].tolist() == ["124,75", "126,25"]  # 124.75 + 1.50


def test_a_bad_value_is_told_by_row_and_column_and_nothing_is_saved(app_env):
    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="en")
    edit_first_row(at, "-1", "Negative")
    assert not at.exception and not at.success
    assert [e.value.replace("\\", "") for e in at.error] == [  # shown as plain text: markdown escaped
        "The plan was not saved:\n\n- Row 1, Person-months: -1 is negative: person-months are 0 or more"
    ]
    assert table_with(at, "Saved by")["Version"].tolist() == ["contract"]


def test_a_version_saved_meanwhile_refuses_the_save_with_a_plain_message(app_env):
    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="en")
    other = db.connect(app_env)  # another leader saves v2 while this one edits the baseline
    plan = plan_edit.plan_rows(other, "mwinc", LEADER)[list(plan_edit.COLUMNS)]
    plan.loc[1, "person_months"] = "3.00"
    plan_edit.write_plan_version(
        other, "mwinc", plan, LEADER, "Theirs", dt.datetime(2025, 6, 1), read_version="baseline"
    )
    edit_first_row(at, "2.00", "Mine")
    assert not at.exception and not at.success
    assert [e.value for e in at.error] == [
        "Someone else saved a new version of the effort plan meanwhile (now v2). Your changes were not saved: reload "
        "the page and make them again."
    ]
    assert plan_edit.versions(other, "mwinc", LEADER)["note"].tolist() == [None, "Theirs"]  # nothing of ours
    at.run()
    assert table_with(at, "Saved by")["Version"].tolist() == ["contract", "v2"]  # reloaded: theirs is shown


def test_a_partner_reads_its_own_plan_rows(app_env):
    at = open_page("effort", user="nav", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    assert not [b for b in at.button if b.key == "effort_plan_save"]
    assert "Only the project leader and administrators can change the effort plan." in texts(at)
    rows = table_with(at, "Person-months", "Year")
    assert set(rows["Person"]) == {"Rådgiver, NAV Vestfold og Telemark"}
    assert rows["Person-months"].tolist() == ["1.00", "1.00", "1.00", "0.50"]  # 2022-2025
    assert table_with(at, "Saved by")["Person-months"].tolist() == ["3.50"]
    assert table_with(at, "Current (contract)")["Partner"].tolist() == ["NAV VT", ""]


def test_a_viewer_reads_the_whole_plan(app_env):
    at = open_page("effort", user="reader", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    assert not [b for b in at.button if b.key == "effort_plan_save"]
    assert len(table_with(at, "Person-months", "Year")) == 47


# --- the "Import timesheet" tab (ui/components/timesheet.py) -------------------------------------------------------

TIMESHEETS = Path(__file__).resolve().parent.parent / "fixtures" / "timesheets"
GOOD_CSV = (TIMESHEETS / "mwinc_good.csv").read_bytes()
BAD_CSV = (TIMESHEETS / "mwinc_bad.csv").read_bytes()


def uploaded(at, name: str, content: bytes):
    at.file_uploader(key="timesheet_file:0").set_value((name, content, "text/csv"))
    return at.run()


def test_the_leader_uploads_previews_and_confirms_a_timesheet(app_env):
    """mwinc_good.csv: 6 rows, 51.50 hours (tests/effort/test_timesheet.py). After the import the approved hours of
    the plan table grow by them: 3 202.80 + 51.50 = 3 254.30 h = 39 051.6 / 1 628 = 23.9875 -> 23.99 PM."""
    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    assert "Import hours from a timesheet" in texts(at)
    assert "the preview below is the approval" in texts(at)
    assert len(at.get("file_uploader")) == 1
    at = uploaded(at, "mwinc_good.csv", GOOD_CSV)
    assert not at.exception, at.exception
    assert "6 new rows, 0 changed and 0 left as they are; 51.50 hours in the file" in texts(at)
    preview = table_with(at, "What happens")
    assert preview["Person"].tolist()[:3] == ["Lars U. Kobro", "Ole Jacob Thomassen", "PhD candidate"]
    assert preview["Work package"].tolist()[0] == "WP2 Entrepreneurship"  # labels, not codes
    assert preview["Month"].tolist()[0] == "Jan 2025"
    assert preview["Hours from the file"].tolist() == ["10.00", "15.00", "15.00", "2.50", "5.00", "4.00"]
    assert set(preview["What happens"]) == {"Added"}
    at = at.button(key="timesheet:confirm").click().run()
    assert not at.exception, at.exception
    assert "The timesheet is imported: 6 new rows" in " ".join(s.value for s in at.success)
    plan = tables(at)[0]
    assert plan.iloc[-1]["Approved hours"] == "3,254.30"
    assert plan.iloc[-1]["Actual person-months"] == "23.99"


def test_a_refused_timesheet_shows_its_problems_in_a_table(app_env):
    at = uploaded(open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="nb"), "bad.csv", BAD_CSV)
    assert not at.exception, at.exception
    assert "Filen ble ikke importert" in " ".join(e.value for e in at.error)
    problems = table_with(at, "Hvorfor")
    assert list(problems.columns) == ["Fil", "Rad", "Kolonne", "Hvorfor"]
    assert problems["Rad"].tolist() == ["3", "4", "5", "6", "7", "8", "9", "10"]
    assert problems.iloc[0]["Kolonne"] == "Person"
    assert problems.iloc[0]["Hvorfor"].startswith("«Nobody Known» finnes ikke i personregisteret")
    assert not [b for b in at.button if b.key == "timesheet:confirm"]


def test_a_partner_imports_its_own_hours_as_reported(app_env):
    at = open_page("effort", user="nav", project="mwinc", as_of=AS_OF, lang="en")
    assert "as reported" in texts(at)
    content = b"Navn;Arbeidspakke;Dato;Timer\nnav_vt-1007;WP1;06.01.2025;3\n"
    at = uploaded(at, "nav.csv", content)
    assert not at.exception, at.exception
    assert table_with(at, "Status after the import")["Status after the import"].tolist() == ["Reported"]


def test_a_viewer_gets_a_plain_note_and_no_upload(app_env):
    at = open_page("effort", user="reader", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    assert "Only the project leader, administrators and partners" in texts(at)
    assert not [u for u in at.get("file_uploader")]


def test_the_leader_sees_the_personnel_cost_the_rules_allow_beside_the_ledger(app_env):
    """tests/effort/test_load.py works the figures out: USN 1 175 h, 946 928.74 allowed, 760 380.00 in the ledger of
    January-March 2024, −186 548.74; NHO VT 22 h at the 1 100 cap, 24 200.00."""
    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="nb")
    assert "Personalkostnad etter forskningsrådets regler" in texts(at)
    pricing = next(d.value for d in at.dataframe if "Prises etter" in d.value.columns).set_index("Partner")
    assert pricing.loc["USN", "Prises etter"] == "Sats per årsverk (UH-sektoren)"
    assert pricing.loc["USN", "Reglene tillater"] == "946\xa0928,74"
    assert pricing.loc["USN", "Differanse"] == "-186\xa0548,74"
    assert pricing.loc["NHO VT", "Reglene tillater"] == "24\xa0200,00"


def test_a_partner_with_in_kind_hours_only_has_nothing_to_price(app_env):
    at = open_page("effort", user="nav", project="mwinc", as_of=AS_OF, lang="en")
    assert "No approved hours of its own to price yet" in texts(at)


# --- the tab "People's load" (ui/components/effort_load.py) ----------------------------------------------------
# By hand from the seed files: MW Inc's people with approved hours, per year with hours here: USN's six (PhD,
# postdoc, Ole, Lars, Cathrine, Annett) in 2024 = 6 rows; the five partners' staff, in kind 2022-2025 = 5 × 4 = 20
# rows; 26 rows. Annett Arntzen 2024: MW Inc 30 × 3 + 10 = 100 h; INTEGRATE (data/seed/integrate/hours.csv) 12 × 128 =
# 1 536 h; across 1 636 h in 2 projects, 1 636 / 1 628 = 1.0049 -> 1.00 person-years; over one person-year.
# NHO VT's Regiondirektør: salary 1 000 000 × 1.2 ‰ = NOK 1 200 an hour, over the cap of 1 100, in 2024 (the year of
# the hours entered, and priced, here).


def load_table(at):
    return next(frame for frame in tables(at) if "Hours across projects" in frame.columns or "Brudd" in frame.columns)


def test_the_leader_sees_each_persons_load_and_the_breaches(app_env):
    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    assert "Each person's hours across projects" in texts(at)
    table = load_table(at)
    assert len(table) == 26
    annett = table[table["Name or role"] == "Annett Arntzen"].iloc[0]
    assert annett["Partner"] == "USN" and annett["Staff category"] == "Researcher"
    assert (annett["Year"], annett["Hours in this project"], annett["Hours across projects"]) == (
        2024,
        "100.00",
        "1,636.00",
    )
    assert (annett["Projects"], annett["Person-years across projects"]) == (2, "1.00")
    assert annett["Breaches"] == "over one person-year (1,628 hours)"
    warnings = [w.value for w in at.warning]
    assert any("Annett Arntzen charged 1,636 hours in 2024 across the projects (MW Inc, +1)" in w for w in warnings)
    assert any("Regiondirektør has an hourly rate of NOK\u00a01,200.00 in 2024" in w for w in warnings)
    assert "INTEGRATE" not in " ".join(warnings)  # MW Inc's leader is not in INTEGRATE: counted, not named
    assert {"effort_load_csv", "effort_load_xlsx"} <= {b.key for b in at.get("download_button")}  # CSV and Excel


def test_the_leader_reads_the_loads_in_norwegian(app_env):
    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="nb")
    assert not at.exception, at.exception
    table = load_table(at)
    annett = table[table["Navn eller rolle"] == "Annett Arntzen"].iloc[0]
    assert annett["Timer i alle prosjekter"] == "1\xa0636,00"
    assert annett["Brudd"] == "over ett årsverk (1 628 timer)"
    assert any("Annett Arntzen har ført 1\xa0636 timer i 2024" in w.value for w in at.warning)


def test_a_partner_sees_its_own_peoples_load_only(app_env):
    at = open_page("effort", user="nho", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    table = load_table(at)
    assert set(table["Name or role"]) == {"Regiondirektør"}  # in kind 2022-2025 and entered in 2024: 4 rows
    assert table["Year"].tolist() == [2022, 2023, 2024, 2025]
    assert table["Breaches"].tolist()[2] == "hourly rate over the cap"
    assert [w.value for w in at.warning if "Annett" in w.value] == []  # USN's people are not NHO VT's


def test_a_partner_without_breaches_is_told_so(app_env):
    at = open_page("effort", user="nav", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    assert set(load_table(at)["Name or role"]) == {"Rådgiver, NAV Vestfold og Telemark"}
    assert any("No breaches of the Research Council's limits." in s.value for s in at.success)


def test_a_viewer_is_told_who_may_see_loads(app_env):
    at = open_page("effort", user="reader", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    assert any("shown to the project leader and the person's own partner only" in i.value for i in at.info)
    assert not [frame for frame in tables(at) if "Hours across projects" in frame.columns]  # no loads
    assert len(at.error) == 0
