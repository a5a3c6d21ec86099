"""`python -m monitor changes`: list, export, and the steps of a request from the command line."""

import csv
import datetime as dt
import io
from decimal import Decimal as D

import openpyxl

from monitor import db
from monitor.access import audit
from monitor.access.scope import local_user
from monitor.changes import edit, load
from monitor.cli import main


def cli(db_path, *args: str) -> int:
    return main(["changes", *args, "--db", str(db_path)])


def draft_moving_2024_to_2025(db_path) -> int:
    """A draft moving 40 000 of USN's WP1 personnel from 2024 to 2025 (1 150 000 -> 1 110 000, 700 000 -> 740 000)."""
    con = db.connect(db_path)
    request_id = edit.create_draft(con, "mwinc", "budget", "Move 40 000", None, local_user(), dt.datetime(2024, 11, 1))
    lines = load.lines(con, request_id, local_user())
    usn_wp1 = lines[(lines["partner_id"] == "usn") & (lines["wp_code"] == "WP1")]
    lines.loc[usn_wp1[usn_wp1["year"] == 2024].index[0], "amount"] -= D("40000")
    lines.loc[usn_wp1[usn_wp1["year"] == 2025].index[0], "amount"] += D("40000")
    edit.set_lines(con, request_id, 1, lines, local_user())
    con.close()
    return request_id


def test_list_names_the_seeded_request(db_path, capsys):
    assert cli(db_path, "list", "--project", "mwinc", "--lang", "en") == 0
    out = capsys.readouterr().out
    assert "Cost plan" in out and "Approved" in out and "11 Dec 2023" in out and "v2" in out


def test_export_writes_every_request_with_its_lines(db_path, tmp_path, capsys):
    target = tmp_path / "changes.csv"
    assert cli(db_path, "export", "--project", "mwinc", "--out", str(target), "--lang", "en") == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 41  # the seeded request's whole proposed plan, one row per line
    assert {r["Status"] for r in rows} == {"Approved"}
    wp2_2023 = [
        r for r in rows if r["Year"] == "2023" and r["Work package"].startswith("WP2") and r["Partner"] == "USN"
    ]
    assert [r["Proposed amount"] for r in wp2_2023] == ["1000000.00"]  # 1 100 000 - 100 000
    workbook = tmp_path / "changes.xlsx"
    assert cli(db_path, "export", "--project", "mwinc", "--out", str(workbook), "--lang", "nb") == 0
    sheet = openpyxl.load_workbook(workbook).active
    assert sheet.max_row == 42 and sheet["A1"].value == "Nr."


def test_submit_approve_and_the_plan_version(db_path, capsys):
    request_id = draft_moving_2024_to_2025(db_path)
    assert cli(db_path, "submit", str(request_id), "--date", "2025-01-01") == 2  # after 31 Dec, before 20 Feb
    assert "Funds move from 2024 to 2025" in capsys.readouterr().err
    assert cli(db_path, "submit", str(request_id), "--date", "2025-02-20", "--user", "annett") == 0
    assert f"change request {request_id}: submitted on 2025-02-20" in capsys.readouterr().out
    # 2024's accounts report (January 2025, the seed's) locked the year the request takes money from
    assert cli(db_path, "approve", str(request_id), "--date", "2025-03-01", "--note", "OK", "--user", "annett") == 2
    assert "2024" in capsys.readouterr().err
    con = db.connect(db_path)
    assert db.scalar(con, "current_plan_version", project_id="mwinc") == "v2"  # nothing changed
    con.close()
    assert main(["locks", "reopen", "--year", "2024", "--reason", "Change request", "--db", str(db_path)]) == 0
    assert cli(db_path, "approve", str(request_id), "--date", "2025-03-01", "--note", "OK", "--user", "annett") == 0
    assert "approved on 2025-03-01, plan version v3" in capsys.readouterr().out
    con = db.connect(db_path)
    assert db.scalar(con, "current_plan_version", project_id="mwinc") == "v3"
    log = audit.read(
        con, local_user(), audit.Filters(project_id="mwinc", user_name="annett", table_name="change_request")
    )
    assert {("status", "submitted"), ("status", "approved"), ("decision_note", "OK")} <= set(
        zip(log["field"], log["new_value"], strict=True)
    )


def test_reject_and_an_unknown_request(db_path, capsys):
    request_id = draft_moving_2024_to_2025(db_path)
    assert cli(db_path, "submit", str(request_id), "--date", "2024-12-20") == 0
    assert cli(db_path, "reject", str(request_id), "--date", "2025-01-05") == 0
    assert "rejected on 2025-01-05" in capsys.readouterr().out
    assert cli(db_path, "reject", str(request_id)) == 2  # decided already
    assert "has the status rejected" in capsys.readouterr().err
    assert cli(db_path, "approve", "999999999") == 2
    assert "no change request 999999999" in capsys.readouterr().err
