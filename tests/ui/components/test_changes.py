"""The Budget page's change requests (ui/components/changes.py) in AppTest: the leader drafts, submits and records
the Council's decision; a partner sees its own lines only and no buttons; a viewer reads."""

import datetime as dt
from decimal import Decimal as D

import pytest

from monitor import db
from monitor.access.scope import local_user
from monitor.changes import edit as changes
from monitor.changes import load
from monitor.reports import locks
from tests.apptest import app
from ui.components import changes as ui_changes

AS_OF = "2024-06-30"
NBSP = "\u00a0"


def changes_page(user="leader", lang="en"):
    at = app(user, as_of=AS_OF, lang=lang).run()
    at.switch_page("pages/budget.py")
    return at.run()


def table(at, column: str):
    """The first table with this column ('No.': the request list, 'Current plan': the comparison)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def buttons(at) -> set[str]:
    return {b.key for b in at.button if b.key and b.key.startswith("change_")}


def test_the_leader_sees_the_seeded_request_and_the_comparison(app_env):
    at = changes_page()
    assert not at.exception
    listed = table(at, "No.")
    row = listed.iloc[0]
    assert (row["Change"], row["Status"], row["New plan version"]) == ("Cost plan", "Approved", "v2")
    assert row["Recorded by"] == "sample data" and row["Submitted"] == "11 Dec 2023"
    compared = table(at, "Current plan")
    assert list(compared.columns) == ["Year", "Cost category", "Actual", "Contract", "Current plan"]
    personnel_2023 = compared[
        (compared["Year"] == "2023") & (compared["Cost category"] == "Payroll and indirect expenses")
    ]
    # contract 3 660 000 (USN 1 250 000 + 1 100 000 + 800 000, partners 510 000), current 100 000 less
    assert personnel_2023[["Contract", "Current plan"]].values.tolist() == [["3,660,000.00", "3,560,000.00"]]
    total = compared[compared["Year"] == "Total"].iloc[0]
    assert total["Contract"] == total["Current plan"] == "15,102,000.00"
    assert "change_create" in buttons(at)


def position(con, request_id: int, year: int, wp: str) -> int:
    """The editor row of USN's personnel line of a year and work package: the editor shows the request's lines in
    their stored order."""
    lines = load.lines(con, request_id, local_user())
    found = lines[
        (lines["year"] == year)
        & (lines["partner_id"] == "usn")
        & (lines["wp_code"] == wp)
        & (lines["cost_category"] == "personnel_indirect")
    ]
    return int(found.index[0])


def test_the_leader_drafts_submits_and_records_the_approval(app_env):
    at = changes_page()
    at.text_input(key="change_title").set_value("Move 60 000 of WP1 from 2024 to 2025")
    at.button(key="change_create").click().run()
    assert not at.exception
    con = db.connect(app_env)
    request = load.open_request(con, "mwinc", local_user())
    assert (request["status"], request["based_on"]) == ("draft", "v2")
    assert [s.value for s in at.success] == [f"Draft {request['request_id']} created."]
    assert {"change_save", "change_submit", "change_discard"} <= buttons(at)

    # USN's WP1 personnel: 2024 1 150 000 - 60 000 = 1 090 000, 2025 700 000 + 60 000 = 760 000
    at.session_state[ui_changes.EDITOR] = {
        "edited_rows": {
            position(con, request["request_id"], 2024, "WP1"): {"amount": "1,090,000.00"},
            position(con, request["request_id"], 2025, "WP1"): {"amount": "760,000"},
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="change_save").click().run()
    assert [s.value for s in at.success] == ["The draft is saved."]
    assert f"The draft moves NOK{NBSP}60,000.00 against the current plan; its total changes by NOK{NBSP}0.00." in [
        i.value for i in at.info
    ]

    at.date_input(key="change_submit_date").set_value(dt.date(2024, 12, 31))  # the last day to move 2024's funds
    at.button(key="change_submit").click().run()
    assert [s.value for s in at.success] == [f"Request {request['request_id']} is submitted."]
    compared = table(at, "Pending request")
    row = compared[(compared["Year"] == "2024") & (compared["Cost category"] == "Payroll and indirect expenses")]
    # 2024 personnel: contract 3 050 000 (USN) + 510 000 (partners) = 3 560 000; v2 adds 100 000 (WP3): 3 660 000;
    # the pending request takes 60 000 out: 3 600 000
    assert row[["Contract", "Current plan", "Pending request", "Change requested"]].values.tolist() == [
        ["3,560,000.00", "3,660,000.00", "3,600,000.00", "-60,000.00"]
    ]

    at.date_input(key="change_decided_on").set_value(dt.date(2025, 1, 10))
    at.text_input(key="change_note").set_value("Approved by letter")
    # the seed's accounts report for 2024 locked the year the request takes money from: said, nothing written
    at.button(key="change_approve").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "2024" in at.error[0].value and "reopen" in at.error[0].value
    assert load.request(con, request["request_id"], local_user())["status"] == "submitted"
    locks.reopen(con, "mwinc", 2024, "The Council's decision on a change request", local_user(), dt.datetime.now())
    at.button(key="change_approve").click().run()
    assert [s.value for s in at.success] == [
        f"Request {request['request_id']} is approved; the current plan is now v3."
    ]
    assert "Plan: v3." in at.caption[0].value
    listed = table(at, "No.")
    assert listed["Status"].tolist() == ["Approved", "Approved"] and listed["New plan version"].tolist() == ["v2", "v3"]
    assert "change_create" in buttons(at)  # nothing open: a new request may start


def test_a_submission_outside_the_window_is_refused_on_the_page(app_env):
    con = db.connect(app_env)
    request_id = changes.create_draft(con, "mwinc", "budget", "Late", None, local_user(), dt.datetime(2025, 1, 2))
    lines = load.lines(con, request_id, local_user())
    lines.loc[position(con, request_id, 2024, "WP1"), "amount"] -= D("20000")
    lines.loc[position(con, request_id, 2025, "WP1"), "amount"] += D("20000")
    changes.set_lines(con, request_id, 1, lines, local_user())
    at = changes_page()
    at.date_input(key="change_submit_date").set_value(dt.date(2025, 1, 2))
    at.button(key="change_submit").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Not saved:\n\nFunds move from 2024 to 2025: such a request can be submitted up to 31 Dec 2024, or from "
        "20 Feb 2025 to 15 Mar 2025, not on 2 Jan 2025."
    ]
    assert load.request(con, request_id, local_user())["status"] == "draft"


@pytest.fixture
def submitted(app_env):
    """A submitted request moving 20 000 of NAV Vestfold og Telemark's WP1 personnel from 2024 to 2025, and
    20 000 of USN's the same way."""
    con = db.connect(app_env)
    request_id = changes.create_draft(con, "mwinc", "budget", "Move", None, local_user(), dt.datetime(2024, 12, 1))
    lines = load.lines(con, request_id, local_user())
    for partner in ("nav_vt", "usn"):
        for year, change in ((2024, D("-20000")), (2025, D("20000"))):
            mine = lines[
                (lines["year"] == year)
                & (lines["partner_id"] == partner)
                & (lines["wp_code"] == "WP1")
                & (lines["cost_category"] == "personnel_indirect")
            ]
            lines.loc[mine.index[0], "amount"] += change
    version = changes.set_lines(con, request_id, 1, lines, local_user())
    changes.submit(con, request_id, version, local_user(), dt.date(2024, 12, 2))
    return request_id


def test_a_partner_sees_its_own_lines_and_no_buttons(submitted):
    at = changes_page("nav")
    assert not at.exception
    assert buttons(at) == set()
    assert "Only the project leader and administrators create and handle change requests." in [
        c.value for c in at.caption
    ]
    compared = table(at, "Pending request")
    total = compared[compared["Year"] == "Total"].iloc[0]
    # NAV Vestfold og Telemark's plan: 100 000 + 100 000 + 100 000 + 60 000 = 360 000, untouched by v2; the
    # pending request moves its 20 000, nothing of USN's shows
    assert (total["Current plan"], total["Pending request"], total["Change requested"]) == (
        "360,000.00",
        "360,000.00",
        "0.00",
    )
    row_2024 = compared[compared["Year"] == "2024"].iloc[0]
    assert (row_2024["Pending request"], row_2024["Change requested"]) == ("80,000.00", "-20,000.00")


def test_a_viewer_reads_the_comparison_and_the_list(submitted):
    at = changes_page("reader")
    assert not at.exception
    assert buttons(at) == set()
    assert table(at, "No.")["Status"].tolist() == ["Approved", "Submitted"]
    compared = table(at, "Pending request")
    total = compared[compared["Year"] == "Total"].iloc[0]
    assert total["Pending request"] == total["Current plan"] == "15,102,000.00"  # a move: the total stays


def test_the_section_is_in_norwegian(submitted):
    at = changes_page("leader", lang="nb")
    assert not at.exception
    assert table(at, "Nr.")["Status"].tolist() == ["Godkjent", "Sendt"]
    assert {b.label for b in at.button if b.key in ("change_approve", "change_reject")} == {
        "Registrer godkjenning",
        "Registrer avslag",
    }


def test_one_line_is_changed_by_the_form_beside_the_table(app_env):
    con = db.connect(app_env)
    request_id = changes.create_draft(con, "mwinc", "budget", "Move", None, local_user(), dt.datetime(2024, 11, 1))
    at = changes_page()
    row = position(con, request_id, 2025, "WP1")  # USN's WP1 personnel of 2025: 700 000.00
    assert at.selectbox(key="change_line").options[row] == (
        "2025 · Payroll and indirect expenses · USN · WP1 Inclusion through employment · 700,000.00"
    )
    at.selectbox(key="change_line").set_value(row)
    at.text_input(key="change_line_amount").set_value("760,000")
    at.button(key="FormSubmitter:change_line_form-Change the line").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["The draft is saved."]
    lines = load.lines(con, request_id, local_user())
    assert lines.loc[row, "amount"] == D("760000.00")
    assert f"The draft moves NOK{NBSP}60,000.00 against the current plan; its total changes by NOK{NBSP}60,000.00." in [
        i.value for i in at.info
    ]
