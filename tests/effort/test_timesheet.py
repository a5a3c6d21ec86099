"""The timesheet import (monitor/effort/timesheet.py) on both engines, against MW Inc's seed and the sample files
in tests/fixtures/timesheets/ (see its README). Project period 01.12.2021-30.11.2025; 2021-2024 are locked by the
seed's submitted accounts reports, so the files are dated 2025.

By hand, mwinc_good.csv (9 lines, January and February 2025), summed per person × work package × month:
- Ole Jacob Thomassen, WP1, Jan: 7,5 + 7,5 = 15.00 (rows 2, 3)
- Lars U. Kobro (usn-1003), WP2, Jan: 6,25 + 3,75 = 10.00 (rows 4, 5)
- PhD candidate, WP1, Jan: 7,5 + 7,5 = 15.00 (rows 6, 7)
- Ole Jacob Thomassen, WP1, Feb: 4.00 (row 8)
- Cathrine Seierstad, WP3, Feb: 5.00 (row 9); WP1, Feb: 2,5 = 2.50 (row 10)
6 rows, 15 + 10 + 15 + 4 + 5 + 2.5 = 51.50 hours.

mwinc_good.xlsx (5 lines, per month):
- Annett Arntzen, WP3, Mar: 37.5 + 2.5 ("annett arntzen", case ignored) = 40.00; WP1, Mar (usn-1001): 12.25
- Postdoc, WP2, Mar: 120.00; Apr (an Excel date in the month column): 80.00
4 rows, 40 + 12.25 + 120 + 80 = 252.25 hours.
"""

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest

from monitor.access.scope import AccessDenied
from monitor.effort import timesheet
from monitor.errors import Invalid
from monitor.registers import edit as registers
from monitor.registers.edit import ADD, Change
from monitor.reports.locks import YearLocked
from tests.scopes import LEADER, NAV, READER

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "timesheets"
TODAY = dt.date(2025, 6, 30)
GOOD_CSV = (FIXTURES / "mwinc_good.csv").read_bytes()
GOOD_XLSX = (FIXTURES / "mwinc_good.xlsx").read_bytes()
BAD_CSV = (FIXTURES / "mwinc_bad.csv").read_bytes()
JAN, FEB, MAR, APR = (dt.date(2025, m, 1) for m in (1, 2, 3, 4))


def csv(*lines: str) -> bytes:
    return ("Navn;Arbeidspakke;Dato;Timer;Kommentar\n" + "\n".join(lines) + "\n").encode()


def counts(con) -> dict[str, int]:
    tables = ("effort_actual", "audit_log", "timesheet_import")
    return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}  # noqa: S608 (our names)


def sums(result: timesheet.Preview) -> dict[tuple[str, str, dt.date], D]:
    return {(row.person_name, row.wp_code, row.month): row.hours for row in result.rows}


def stored(con) -> dict[tuple[str, str, dt.date], tuple[D, str]]:
    """The timesheet rows of 2025: (person, WP, month) -> (hours, status)."""
    rows = con.execute(
        "select p.name, e.wp_code, e.month, e.hours, e.status from effort_actual e "
        "join person p on p.person_id = e.person_id where e.source = 'timesheet' and e.month >= date '2025-01-01'"
    ).fetchall()
    return {(name, wp, month): (D(hours), status) for name, wp, month, hours, status in rows}


def problems(error: Invalid) -> list[tuple[int | None, str | None, str | None]]:
    return [(p.row, p.column, p.code) for p in error.problems]


GOOD_SUMS = {
    ("Ole Jacob Thomassen", "WP1", JAN): D("15.00"),
    ("Lars U. Kobro", "WP2", JAN): D("10.00"),
    ("PhD candidate", "WP1", JAN): D("15.00"),
    ("Ole Jacob Thomassen", "WP1", FEB): D("4.00"),
    ("Cathrine Seierstad", "WP3", FEB): D("5.00"),
    ("Cathrine Seierstad", "WP1", FEB): D("2.50"),
}


def test_the_preview_sums_a_norwegian_csv_per_month_and_writes_nothing(con):
    before = counts(con)
    result = timesheet.preview(con, "mwinc", GOOD_CSV, "mwinc_good.csv", LEADER, TODAY)
    assert sums(result) == GOOD_SUMS
    assert result.lines == 9
    assert result.hours == D("51.50")  # 15 + 10 + 15 + 4 + 5 + 2.5
    assert result.counts == {"added": 6, "changed": 0, "unchanged": 0}
    assert {row.status for row in result.rows} == {"approved"}  # the leader's preview is the approval
    assert counts(con) == before


def test_an_excel_file_with_english_headers_and_months(con):
    result = timesheet.preview(con, "mwinc", GOOD_XLSX, "mwinc_good.xlsx", LEADER, TODAY)
    assert sums(result) == {
        ("Annett Arntzen", "WP3", MAR): D("40.00"),  # 37.5 + 2.5
        ("Annett Arntzen", "WP1", MAR): D("12.25"),
        ("Postdoc", "WP2", MAR): D("120.00"),
        ("Postdoc", "WP2", APR): D("80.00"),
    }
    assert result.hours == D("252.25")  # 40 + 12.25 + 120 + 80


def test_the_commit_writes_each_row_once_audited(con):
    before = counts(con)
    result = timesheet.commit(con, "mwinc", GOOD_CSV, "mwinc_good.csv", LEADER, TODAY)
    assert result.counts["added"] == 6
    assert stored(con) == {key: (hours, "approved") for key, hours in GOOD_SUMS.items()}
    after = counts(con)
    assert after["effort_actual"] == before["effort_actual"] + 6
    assert after["timesheet_import"] == before["timesheet_import"] + 1
    # one audited insert per row, a log row per field: person, WP, month, hours, status, source = 6 × 6
    assert after["audit_log"] == before["audit_log"] + 36
    logged = con.execute(
        "select count(distinct row_key) from audit_log where table_name = 'effort_actual' and action = 'insert' "
        "and user_name = 'annett'"
    ).fetchone()[0]
    assert logged == 6


def test_importing_the_same_file_twice_changes_nothing_the_second_time(con):
    timesheet.commit(con, "mwinc", GOOD_CSV, "mwinc_good.csv", LEADER, TODAY)
    before, rows = counts(con), stored(con)
    again = timesheet.commit(con, "mwinc", GOOD_CSV, "mwinc_good.csv", LEADER, TODAY)
    assert again.counts == {"added": 0, "changed": 0, "unchanged": 6}
    assert again.imported_before["user_name"] == "annett"
    assert counts(con) == before  # no row, no audit entry, no import record
    assert stored(con) == rows


def test_a_corrected_file_replaces_the_months_it_covers(con):
    timesheet.commit(con, "mwinc", GOOD_CSV, "mwinc_good.csv", LEADER, TODAY)
    before = counts(con)
    # row 3 corrected from 7,5 to 6 hours: Ole, WP1, January 7.5 + 6 = 13.50; the rest as it was
    corrected = GOOD_CSV.replace(b"07.01.2025;7,5;", b"07.01.2025;6;")
    result = timesheet.commit(con, "mwinc", corrected, "mwinc_corrected.csv", LEADER, TODAY)
    assert result.counts == {"added": 0, "changed": 1, "unchanged": 5}
    assert stored(con)[("Ole Jacob Thomassen", "WP1", JAN)] == (D("13.50"), "approved")
    after = counts(con)
    assert after["effort_actual"] == before["effort_actual"]  # replaced, not added beside
    assert after["audit_log"] == before["audit_log"] + 1  # one update: hours 15.00 -> 13.50
    old, new = con.execute(
        "select old_value, new_value from audit_log where table_name = 'effort_actual' and action = 'update'"
    ).fetchone()
    assert (old, new) == ("15.00", "13.50")


def test_hours_entered_by_hand_are_never_touched(con):
    ole = con.execute("select person_id from person where name = 'Ole Jacob Thomassen'").fetchone()[0]
    values = {"person_id": ole, "wp_code": "WP2", "month": "2025-01-01", "hours": "12", "effort_status": "approved"}
    (key,) = registers.apply(con, "hours", "mwinc", [Change(ADD, values)], LEADER, TODAY)
    timesheet.commit(con, "mwinc", GOOD_CSV, "mwinc_good.csv", LEADER, TODAY)
    hand = con.execute("select hours, source, version from effort_actual where effort_id = ?", [key]).fetchone()
    assert (D(hand[0]), hand[1], hand[2]) == (D("12.00"), "entered", 1)
    # a file covering that person × WP × month is refused: the entered 12 hours would count twice
    before = counts(con)
    with pytest.raises(Invalid) as refused:
        timesheet.preview(con, "mwinc", csv("Ole Jacob Thomassen;WP2;08.01.2025;3;"), "t.csv", LEADER, TODAY)
    assert problems(refused.value) == [(2, "Arbeidspakke", "entered_there")]
    assert counts(con) == before


def test_a_bad_file_is_refused_with_row_and_column_for_every_line_and_nothing_written(con):
    before = counts(con)
    with pytest.raises(Invalid) as refused:
        timesheet.commit(con, "mwinc", BAD_CSV, "mwinc_bad.csv", LEADER, TODAY)
    assert problems(refused.value) == [
        (3, "Person", "unknown_person"),
        (4, "Work package", "unknown_wp"),
        (5, "Date", "bad_date"),
        (6, "Hours", "bad_hours"),
        (7, "Hours", "not_positive"),
        (8, "Hours", "over_day"),
        (9, "Date", "outside_period"),
        (10, "Person", "duplicate"),
    ]
    assert all(p.file == "mwinc_bad.csv" for p in refused.value.problems)
    nb = refused.value.problems[2].text("nb")
    assert nb == "mwinc_bad.csv, Rad 5, Date: «2025-02-31» er ikke en dato som dd.mm.åååå eller åååå-mm-dd"
    assert counts(con) == before


def test_a_file_refused_for_one_bad_line_is_accepted_after_the_fix(con):
    """The issue's test: row 6 of the good file says '7,5t' (column Timer); corrected to '7,5' it imports."""
    broken = GOOD_CSV.replace(b"13.01.2025;7,5;", b"13.01.2025;7,5t;")
    before = counts(con)
    with pytest.raises(Invalid) as refused:
        timesheet.commit(con, "mwinc", broken, "mwinc.csv", LEADER, TODAY)
    assert problems(refused.value) == [(6, "Timer", "bad_hours")]
    assert counts(con) == before
    result = timesheet.commit(con, "mwinc", GOOD_CSV, "mwinc.csv", LEADER, TODAY)
    assert result.counts["added"] == 6
    assert stored(con) == {key: (hours, "approved") for key, hours in GOOD_SUMS.items()}


def test_a_future_date_and_an_implausible_month(con):
    lines = csv(
        "Ole Jacob Thomassen;WP1;01.07.2025;7,5;",  # the day after TODAY
        "Ole Jacob Thomassen;WP1;02.01.2025;20;",
        "Ole Jacob Thomassen;WP2;03.01.2025;20;",
    )
    with pytest.raises(Invalid) as refused:
        timesheet.preview(con, "mwinc", lines, "t.csv", LEADER, TODAY)
    assert problems(refused.value) == [(2, "Dato", "future")]
    # month lines: Ole in January 2025 has 200 + 101 = 301 hours over WP1 and WP2, over 300: told at the line past it
    months = b"Person;WP;Month;Hours\nOle Jacob Thomassen;WP1;2025-01;200\nOle Jacob Thomassen;WP2;2025-01;101\n"
    with pytest.raises(Invalid) as refused:
        timesheet.preview(con, "mwinc", months, "m.csv", LEADER, TODAY)
    assert problems(refused.value) == [(3, "Hours", "over_month")]
    # 200 + 100 = 300 is not over
    fine = months.replace(b";101", b";100")
    assert timesheet.preview(con, "mwinc", fine, "m.csv", LEADER, TODAY).hours == D("300.00")


def test_a_missing_column_is_told_in_row_one(con):
    with pytest.raises(Invalid) as refused:
        timesheet.preview(con, "mwinc", b"Navn;Dato;Timer\nOle Jacob Thomassen;02.01.2025;2\n", "t.csv", LEADER, TODAY)
    assert problems(refused.value) == [(1, None, "missing_column")]
    assert "«Arbeidspakke»" in refused.value.problems[0].text("nb")


def test_a_locked_year_refuses_the_import_at_preview_and_commit(con):
    before = counts(con)
    lines = csv("Ole Jacob Thomassen;WP1;10.06.2024;7,5;", "Ole Jacob Thomassen;WP1;10.01.2025;7,5;")
    for action in (timesheet.preview, timesheet.commit):
        with pytest.raises(YearLocked) as locked:
            action(con, "mwinc", lines, "t.csv", LEADER, TODAY)
        assert locked.value.years == [2024]
    assert counts(con) == before


def test_a_partner_imports_its_own_people_as_reported(con):
    lines = csv("nav_vt-1007;WP1;06.01.2025;3;", "Rådgiver, NAV Vestfold og Telemark;WP1;07.01.2025;2,5;")
    result = timesheet.commit(con, "mwinc", lines, "nav.csv", NAV, TODAY)
    key = ("Rådgiver, NAV Vestfold og Telemark", "WP1", JAN)
    assert sums(result) == {key: D("5.50")}  # 3 + 2.5
    assert stored(con)[key] == (D("5.50"), "reported")  # waits for the leader
    # the leader's import of the same hours approves them; the partner's re-import then leaves them approved
    approved = timesheet.commit(con, "mwinc", lines, "nav.csv", LEADER, TODAY)
    assert approved.counts == {"added": 0, "changed": 1, "unchanged": 0}
    assert stored(con)[key] == (D("5.50"), "approved")
    before = counts(con)
    again = timesheet.commit(con, "mwinc", lines, "nav.csv", NAV, TODAY)
    assert again.counts["unchanged"] == 1 and stored(con)[key] == (D("5.50"), "approved")
    assert counts(con) == before


def test_a_partner_importing_another_partners_person_is_refused_and_nothing_written(con):
    before = counts(con)
    lines = csv("nav_vt-1007;WP1;06.01.2025;3;", "Regiondirektør;WP2;06.01.2025;2;", "usn-1002;WP1;07.01.2025;4;")
    with pytest.raises(Invalid) as refused:
        timesheet.commit(con, "mwinc", lines, "nav.csv", NAV, TODAY)
    assert problems(refused.value) == [(3, "Navn", "other_partner"), (4, "Navn", "other_partner")]
    assert counts(con) == before


def test_a_month_with_in_kind_hours_is_refused(con):
    """NAV VT reported 26.0 in-kind hours on 28.03.2025 in WP1 (inkind.csv): the same month from a timesheet would
    count twice."""
    with pytest.raises(Invalid) as refused:
        timesheet.preview(con, "mwinc", csv("nav_vt-1007;WP1;10.03.2025;3;"), "nav.csv", NAV, TODAY)
    assert problems(refused.value) == [(2, "Arbeidspakke", "inkind_there")]
    assert "26.0 hours" in refused.value.problems[0].text("en")


def test_a_viewer_may_not_import(con):
    before = counts(con)
    assert not timesheet.may_import(READER, "mwinc")
    with pytest.raises(AccessDenied):
        timesheet.commit(con, "mwinc", GOOD_CSV, "mwinc_good.csv", READER, TODAY)
    assert counts(con) == before


def test_the_template_is_a_timesheet_this_import_reads():
    for lang in ("nb", "en"):
        lines, headers, found = timesheet.read(timesheet.template_csv(lang), "template.csv")
        assert found == []
        assert [(line.person, line.wp_code, line.day, line.hours) for line in lines] == [
            ("Ola Nordmann", "WP1", dt.date(2025, 1, 6), D("7.50"))
        ]


def test_the_preview_table_shows_labels(con):
    from monitor.effort import load

    result = timesheet.preview(con, "mwinc", GOOD_CSV, "mwinc_good.csv", LEADER, TODAY)
    table = timesheet.preview_table(result, load.names(con, "mwinc", LEADER), "nb")
    first = table.iloc[0].to_dict()
    assert first["Arbeidspakke"].startswith("WP2 Entreprenørskap")
    assert first["Partner"] == "USN"
    assert first["Måned"] == "jan. 2025"
    assert first["Status etter import"] == "Godkjent"
    assert first["Hva skjer"] == "Legges til"


def test_a_file_that_is_not_csv_or_excel_is_told_plainly(con):
    before = counts(con)
    with pytest.raises(Invalid) as refused:
        timesheet.preview(con, "mwinc", b"hours", "timer.txt", LEADER, TODAY)
    assert [p.code for p in refused.value.problems] == ["file_type"]
    assert refused.value.problems[0].text("en") == "timer.txt: expected a .csv or .xlsx file"
    assert counts(con) == before
