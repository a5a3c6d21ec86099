"""The Payments and cash page's tables and chart (monitor/cash/views.py), labelled in nb and en, and the figures of
`summary --json` equal to the page's to the øre."""

import datetime as dt
import io
import json
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from monitor import db
from monitor.access.scope import Scope, local_user
from monitor.cash import load as cash
from monitor.cash import views
from monitor.cli import main
from monitor.reports import downloads
from tests.scopes import MWINC

END = dt.date(2025, 11, 30)
NHO = Scope("nho.kontakt", "partner", MWINC, "nho_vt")


@pytest.fixture
def data(con, settings):
    return cash.load(con, "mwinc", END, settings, local_user())


def test_the_schedule_table_in_both_languages(data):
    en = views.schedule_table(data, "en")
    assert list(en.columns) == [
        "No.",
        "Period",
        "Kind",
        "Expected on",
        "Expected amount",
        "Costs in the tertial (ledger)",  # mwinc is paid on invoice: the cost specification beside it
        "Received on",
        "Received amount",
        "Difference",
        "Status",
    ]
    assert en.iloc[0]["Period"] == "T3 2021" and en.iloc[0]["Kind"] == "Payment on invoice"
    assert en.iloc[-1][["Kind", "Status"]].tolist() == ["Final payment", "Withheld"]
    assert en.iloc[-1]["Expected amount"] == D("626727.28")  # an exact amount, for screen and download alike
    nb = views.schedule_table(data, "nb")
    assert nb.iloc[-1][["Type", "Status"]].tolist() == ["Sluttutbetaling", "Holdt tilbake"]
    assert nb.iloc[0]["Status"] == "Mottatt"


def test_the_withheld_note_says_how_the_tool_learns_of_the_approval(data):
    note = views.withheld_note(data, "en")
    assert "626,727" in note and "29 Jan 2026" in note and "Final payment" in note
    assert "30.12.2025" in views.withheld_note(data, "nb")  # the final report's deadline, in nb's date format


def test_transfers_by_their_labels(data):
    table = views.transfers_table(data, "nb")
    assert table["Partner"].tolist() == ["NHO VT"] * 4
    assert table["Status"].tolist() == ["Betalt", "Betalt", "Betalt for sent", "Betalt"]
    assert views.late_count(data) == 1
    assert views.shares_table(data, "en")["Late"].tolist() == ["No", "No", "Yes", "No"]


def test_the_position_choices_name_the_owner(data, con, settings):
    choices = views.position_choices(data, "en")
    assert choices[cash.PROJECT] == "The whole project" and choices["usn"] == "USN (project owner)"
    assert views.position_choices(cash.load(con, "mwinc", END, settings, NHO), "en") == {"nho_vt": "NHO VT"}


def test_the_position_chart_and_table_are_labelled_and_localised(data):
    view = views.position_view(data, cash.PROJECT, "nb")
    assert [trace.name for trace in view.chart.data] == [
        "Brukt, akkumulert",
        "Egeninnsats, akkumulert",
        "Mottatt, akkumulert",
        "Likviditet",
    ]
    assert view.chart.layout.separators == ", "  # 1 234,5 in nb
    assert view.table.columns[0] == "Måned" and view.table.iloc[0, 0] == "des. 2021"
    assert len(view.table) == 48  # December 2021 to November 2025


def test_the_downloads_hold_the_amounts_as_numbers(data):
    table = views.position_view(data, "nho_vt", "en").table
    sheet = load_workbook(io.BytesIO(downloads.to_xlsx(table))).active
    last = [cell.value for cell in sheet[sheet.max_row]]
    assert last[0] == "Nov 2025" and last[-1] == D("-74950.00")  # 200 000 received − 274 950 contributed
    assert downloads.to_csv(table).decode("utf-8-sig").splitlines()[-1].endswith(",-74950.00")


def test_summary_json_equals_the_page_to_the_ore(db_path, capsys, settings):
    assert main(["summary", "--db", str(db_path), "--project", "mwinc", "--as-of", END.isoformat(), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    con = db.connect(db_path)
    data = cash.load(con, "mwinc", END, settings, local_user())
    schedule = views.schedule_table(data, "en")
    # payments: the received column of the schedule, its withheld line, and the instalments expected by the date
    assert D(summary["payments"]["received"]) == sum(v for v in schedule["Received amount"] if v is not None)
    withheld = schedule[schedule["Status"] == "Withheld"]["Expected amount"]
    assert D(summary["payments"]["withheld"]) == sum(withheld) == D("626727.28")
    assert D(summary["payments"]["expected"]) == sum(
        a
        for a, d, s in zip(schedule["Expected amount"], schedule["Expected on"], schedule["Status"], strict=True)
        if d <= END and s != "Withheld"
    )
    # cash: the last line of the position table, for the project and for each partner
    for key, choice in [(None, cash.PROJECT), *((p, p) for p in summary["cash"]["by_partner"])]:
        last = views.position_view(data, choice, "en").table.iloc[-1]
        figures = summary["cash"] if key is None else summary["cash"]["by_partner"][key]
        assert {name: D(figures[name]) for name in ("received", "spent", "contributed", "position")} == {
            "received": last["Received, cumulative"],
            "spent": last["Spent, cumulative"],
            "contributed": last["Contributed, cumulative"],
            "position": last["Cash position"],
        }, key
    assert summary["cash"]["by_partner"]["nho_vt"] == {
        "received": "200000.00",  # transfers.csv: 60 000 × 3 + 20 000
        "spent": "0.00",
        "contributed": "274950.00",  # approved: 82 260 + 87 300 + 85 500 + 19 890
        "position": "-74950.00",
    }
    con.close()


def test_without_a_grant_in_the_plan_the_tiles_say_so_and_no_position_of_zeros(con, settings):
    """Issue 19: a project from the funder's open data has no funding plan, no payments and no ledger."""
    from tests.pages.helpers import add_declared_project

    project_id = add_declared_project(con)
    declared = cash.load(con, project_id, dt.date(2015, 6, 30), settings, local_user())
    assert [(tile.label, tile.value) for tile in views.payment_tiles(declared, "en")] == [
        ("Received from the funder", "None recorded"),
        ("Expected to date", "No grant planned"),
        ("Withheld", "No grant planned"),
    ]
    assert views.nothing_recorded(declared)


def test_with_a_plan_the_tiles_keep_their_amounts(data):
    assert not views.nothing_recorded(data)
    assert all(tile.value.startswith("NOK") for tile in views.payment_tiles(data, "en"))
