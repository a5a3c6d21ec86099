"""Planned and actual effort from the database (monitor/effort/load.py), the people and hours registers, and
`summary --json` effort, against MW Inc's sample files (data/seed/mwinc/people.csv, effort_plan.csv, hours.csv).

Every figure below is worked out by hand from those files and data/seed/mwinc/inkind.csv (the partners' in-kind
hours are part of the one effort register, migration 015). A person-year is 1 628 hours = 12 person-months, so
hours -> PM = hours × 12 / 1 628, to two places, of the SUMMED hours. Only approved hours count; the seed's reported
rows (PhD, WP1, April 2024, 140 h; the five in-kind reports of 28.09.2025) and rejected ones (NHO VT, WP2, March
2024, 8 h; NHO VT in kind 28.06.2024, 12 h) do not.

Approved hours in hours.csv, January-March 2024:
  WP1  PhD 140+150+120 = 410, Ole 20×3 = 60, Annett 10 (January)                                -> 480
  WP2  Postdoc 130+130+140 = 400, Lars 30+25+25 = 80, NHO VT Regiondirektør 10+12 = 22            -> 502
  WP3  Cathrine 40+40+45 = 125, Annett 30×3 = 90                                              -> 215
  by partner: USN 410+400+60+80+125+90+10 = 1 175, NHO VT 22; all 1 197
Approved in-kind hours (inkind.csv, 14 quarterly reports each, 28.03.2022-28.06.2025):
  NAV VT WP1 27.8+30.3+28.4+27.2+29.4+29.4+28.1+30.9+32.2+29.4+30.9+27.8+26.0+24.8 = 402.6
  NAV ØV WP1 29.1+29.4+32.2+27.5+31.6+28.4+27.2+32.5+32.2+31.9+30.3+27.2+22.8+26.2 = 408.5
  NHO VT WP2 26.0+21.8+21.8+21.8+22.0+23.0+26.2+25.8+23.0+25.2+21.8+25.0+11.1+11.0 = 305.5
  MRFK   WP3 33.7+32.0+32.0+34.4+33.7+30.2+35.1+35.1+33.0+32.7+29.9+33.0+23.5+24.2 = 442.5
  VTFK   WP2 33.7+35.4+35.8+30.6+36.1+30.6+34.4+32.7+34.0+35.4+31.6+31.6+22.8+22.0 = 446.7
  all 402.6+408.5+305.5+442.5+446.7 = 2 005.8
By work package: WP1 480+402.6+408.5 = 1 291.1; WP2 502+305.5+446.7 = 1 254.2; WP3 215+442.5 = 657.5;
  all 1 197 + 2 005.8 = 3 202.8
Planned person-months (baseline):
  USN  WP1 (0.75+0.75) + (9+3) + (10+2) + (9+1.5) + (5+1) = 1.5+12+12+10.5+6 = 42.00
       WP2 0.75 + (6+4) + (8+2.5) + (7+2) + (4+1.5)          = 0.75+10+10.5+9+5.5 = 35.75
       WP3 (4+3) + (5+2.5) + (5+3) + (4+3)                    = 7+7.5+8+7 = 29.50      USN 107.25
  each of NAV VT (WP1), NAV ØV (WP1), NHO VT (WP2), MRFK (WP3), VTFK (WP2): 1+1+1+0.5 = 3.50
  WP1 42+3.5+3.5 = 49.00, WP2 35.75+3.5+3.5 = 42.75, WP3 29.5+3.5 = 33.00; all 124.75
"""

import datetime as dt
import json
from decimal import Decimal as D

import pytest

from monitor.access.scope import AccessDenied
from monitor.cli import main
from monitor.effort import load as effort
from monitor.effort import views
from monitor.errors import Invalid
from monitor.registers import edit as registers
from monitor.registers.edit import ADD, Change
from tests.scopes import LEADER, NAV

TODAY = dt.date(2025, 6, 1)

# 1 291.1 × 12 = 15 493.2 / 1 628 = 9.5167 -> 9.52; 1 254.2 × 12 = 15 050.4 / 1 628 = 9.2447 -> 9.24;
# 657.5 × 12 = 7 890 / 1 628 = 4.8464 -> 4.85; 3 202.8 × 12 = 38 433.6 / 1 628 = 23.6078 -> 23.61
ACTUAL_BY_WP = {"WP1": "9.52", "WP2": "9.24", "WP3": "4.85"}
PLANNED_BY_WP = {"WP1": "49.00", "WP2": "42.75", "WP3": "33.00"}
# USN 1 175 × 12 = 14 100 / 1 628 = 8.6609 -> 8.66; NAV VT 402.6 × 12 = 4 831.2 / 1 628 = 2.9676 -> 2.97;
# NAV ØV 408.5 × 12 = 4 902 / 1 628 = 3.0111 -> 3.01; NHO VT 22 + 305.5 = 327.5 × 12 = 3 930 / 1 628 = 2.4140 -> 2.41;
# MRFK 442.5 × 12 = 5 310 / 1 628 = 3.2617 -> 3.26; VTFK 446.7 × 12 = 5 360.4 / 1 628 = 3.2926 -> 3.29
ACTUAL_BY_PARTNER = {
    "usn": "8.66",
    "nav_vt": "2.97",
    "nav_ov": "3.01",
    "nho_vt": "2.41",
    "mrfk": "3.26",
    "vtfk": "3.29",
}
PLANNED_BY_PARTNER = {"usn": "107.25", **{p: "3.50" for p in ("nav_vt", "nav_ov", "nho_vt", "mrfk", "vtfk")}}
# Allowed cost, each person's 2024 hours priced once. In-kind hours are not priced: they are valued at the in-kind
# rate as the partner's contribution, not paid through the ledger.
#  USN (UH, NOK 1 312 000 per 1 628 h in 2024): PhD 410 × 1 312 000 / 1 628 = 330 417.69; postdoc 400 -> 322 358.72;
#  Ole 60 -> 48 353.81; Lars 80 -> 64 471.74; Cathrine 125 -> 100 737.10; Annett 100 -> 80 589.68;
#  sum 330 417.69 + 322 358.72 + 48 353.81 + 64 471.74 + 100 737.10 + 80 589.68 = 946 928.74
#  NHO VT (private, salary 1 000 000: 1.2 ‰ = 1 200/h, capped at 1 100): 22 × 1 100 = 24 200.00
ALLOWED = {"usn": "946928.74", "nho_vt": "24200.00"}


def test_planned_and_actual_person_months_by_work_package_and_partner(con):
    figures = effort.figures(effort.load(con, "mwinc", LEADER))
    assert (figures["planned_pm"], figures["actual_pm"]) == ("124.75", "23.61")
    assert {wp: v["planned_pm"] for wp, v in figures["by_wp"].items()} == PLANNED_BY_WP
    assert {wp: v["actual_pm"] for wp, v in figures["by_wp"].items()} == ACTUAL_BY_WP
    assert {p: v["planned_pm"] for p, v in figures["by_partner"].items()} == PLANNED_BY_PARTNER
    actual = {p: v["actual_pm"] for p, v in figures["by_partner"].items() if v["actual_pm"] != "0.00"}
    assert actual == ACTUAL_BY_PARTNER


def test_the_allowed_cost_prices_each_partner_by_its_sector(con):
    figures = effort.figures(effort.load(con, "mwinc", LEADER))
    allowed = {p: v["allowed_cost"] for p, v in figures["by_partner"].items() if v["allowed_cost"] != "0.00"}
    assert allowed == ALLOWED
    assert figures["allowed_cost"] == "971128.74"  # 946 928.74 + 24 200.00


def test_the_person_month_table_has_one_row_per_work_package_and_partner(con):
    table = effort.person_month_table(effort.load(con, "mwinc", LEADER)).set_index(["wp_code", "partner_id"])
    # USN in WP1: 410 + 60 + 10 = 480 h -> 5 760 / 1 628 = 3.5381 -> 3.54 against 42.00 planned: -38.46
    assert table.loc[("WP1", "usn"), ["planned_pm", "actual_hours", "actual_pm", "difference_pm"]].tolist() == [
        D("42.00"),
        D("480.00"),
        D("3.54"),
        D("-38.46"),
    ]
    # NAV ØV planned 3.50, in kind 408.5 h -> 3.01 actual, 3.01 - 3.50 = -0.49
    assert table.loc[("WP1", "nav_ov"), ["actual_pm", "difference_pm"]].tolist() == [D("3.01"), D("-0.49")]
    assert len(table) == 8  # WP1: usn, nav_vt, nav_ov; WP2: usn, nho_vt, vtfk; WP3: usn, mrfk


def test_hours_after_the_as_of_date_are_left_out(con):
    # Up to 15.02.2024: January and February. USN: PhD 140+150, postdoc 130+130, Ole 20+20, Lars 30+25,
    # Cathrine 40+40, Annett 30+30+10 = 290+260+40+55+80+70 = 795 h -> 9 540 / 1 628 = 5.8600 -> 5.86
    figures = effort.figures(effort.load(con, "mwinc", LEADER, as_of=dt.date(2024, 2, 15)))
    assert figures["by_partner"]["usn"]["actual_pm"] == "5.86"


def test_a_partner_sees_only_its_own_people_plan_and_hours(con):
    people = registers.rows(con, "people", "mwinc", NAV)
    assert list(people["person_name"]) == ["Rådgiver, NAV Vestfold og Telemark"]
    assert registers.rows(con, "hours", "mwinc", NAV).empty  # NAV VT reports its hours in kind only
    figures = effort.figures(effort.load(con, "mwinc", NAV))
    # 402.6 h in kind -> 2.97 PM; not priced (in kind), so no allowed cost
    assert figures["by_partner"] == {"nav_vt": {"planned_pm": "3.50", "actual_pm": "2.97", "allowed_cost": "0.00"}}
    assert (figures["planned_pm"], figures["actual_pm"]) == ("3.50", "2.97")
    assert figures["by_wp"] == {"WP1": {"planned_pm": "3.50", "actual_pm": "2.97"}}


def _count(con, table):
    return con.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608 (our names)


def test_a_partner_s_writes_are_refused_and_write_nothing(con):
    before = (_count(con, "person"), _count(con, "effort_actual"), _count(con, "audit_log"))
    own = int(registers.rows(con, "people", "mwinc", NAV)["person_id"].iloc[0])
    person = {"partner_id": "nav_vt", "person_name": "New", "person_category": "partner_staff"}
    hours = {"person_id": own, "wp_code": "WP1", "month": "2024-04-01", "hours": "10", "effort_status": "reported"}
    with pytest.raises(AccessDenied):
        registers.apply(con, "people", "mwinc", [Change(ADD, person)], NAV, TODAY)
    with pytest.raises(AccessDenied):
        registers.apply(con, "hours", "mwinc", [Change(ADD, hours)], NAV, TODAY)
    assert (_count(con, "person"), _count(con, "effort_actual"), _count(con, "audit_log")) == before


def test_hours_refer_to_a_person_of_the_project_and_a_month(con):
    before = _count(con, "effort_actual")
    row = {"person_id": 999999999, "wp_code": "WP1", "month": "2024-04-15", "hours": "0", "effort_status": "approved"}
    with pytest.raises(Invalid) as refused:
        registers.apply(con, "hours", "mwinc", [Change(ADD, row, line=1)], LEADER, TODAY)
    found = {(p.column, p.code) for p in refused.value.problems}
    assert found == {
        ("person_id", "unknown_person"),
        ("month", "not_first_of_month"),
        ("hours", "not_positive"),
    }
    assert _count(con, "effort_actual") == before


def test_approved_hours_entered_by_the_leader_move_the_person_months(con):
    own = int(registers.rows(con, "people", "mwinc", NAV)["person_id"].iloc[0])
    row = {"person_id": own, "wp_code": "WP1", "month": "2024-04-01", "hours": "90.5", "effort_status": "approved"}
    registers.apply(con, "hours", "mwinc", [Change(ADD, row)], LEADER, TODAY)
    # NAV VT: 402.6 in kind + 90.5 entered = 493.1 h -> 5 917.2 / 1 628 = 3.6346 -> 3.63
    assert effort.figures(effort.load(con, "mwinc", NAV))["actual_pm"] == "3.63"


def test_summary_json_effort_equals_the_sums_by_hand(db_path, capsys):
    assert main(["summary", "--db", str(db_path), "--project", "mwinc", "--json", "--as-of", "2025-06-30"]) == 0
    figures = json.loads(capsys.readouterr().out)["effort"]
    assert (figures["planned_pm"], figures["actual_pm"]) == ("124.75", "23.61")
    assert {wp: (v["planned_pm"], v["actual_pm"]) for wp, v in figures["by_wp"].items()} == {
        wp: (PLANNED_BY_WP[wp], ACTUAL_BY_WP[wp]) for wp in PLANNED_BY_WP
    }
    assert figures["by_partner"]["usn"] == {"planned_pm": "107.25", "actual_pm": "8.66", "allowed_cost": "946928.74"}


def test_monthly_hours_are_the_approved_hours_per_month_and_category(con):
    monthly = effort.monthly_hours(con, "mwinc", LEADER)
    by_month = {m: D(h) for m, h in monthly.groupby("month")["hours"].sum().items()}
    # January 2024: USN 140+130+20+30+40+30+10 = 400, NHO VT 10 -> 410; February: USN 150+130+20+25+40+30 = 395,
    # NHO VT 12 -> 407; March: USN 120+140+20+25+45+30 = 380 (NHO VT's 8 h rejected) and the in-kind reports of
    # 28.03.2024: NAV VT 32.2 + NAV ØV 32.2 + NHO VT 23.0 + MRFK 33.0 + VTFK 34.0 = 154.4 -> 534.4
    assert [by_month[dt.date(2024, m, 1)] for m in (1, 2, 3)] == [D("410.00"), D("407.00"), D("534.40")]
    assert dt.date(2024, 4, 1) not in by_month  # only the reported PhD row
    phd = monthly.loc[monthly["person_category"] == "phd", "hours"]
    assert sum(D(h) for h in phd) == D("410.00")  # 140 + 150 + 120
    # up to 31.01.2024: the eight quarterly in-kind months of 2022-2023 and January 2024
    assert effort.monthly_hours(con, "mwinc", LEADER, as_of=dt.date(2024, 1, 31))["month"].nunique() == 9


def test_a_partner_reads_only_its_own_monthly_hours(con):
    monthly = effort.monthly_hours(con, "mwinc", NAV)
    assert set(monthly["partner_id"]) == {"nav_vt"}
    # NAV VT's fourteen approved in-kind reports (module docstring), one per quarter
    expected = "27.8 30.3 28.4 27.2 29.4 29.4 28.1 30.9 32.2 29.4 30.9 27.8 26.0 24.8".split()
    assert [D(h) for h in monthly["hours"]] == [D(h) for h in expected]
    with pytest.raises(AccessDenied):
        effort.monthly_hours(con, "other", NAV)


def test_names_label_partners_and_work_packages(con):
    names = effort.names(con, "mwinc", LEADER)
    assert names.partners["nav_vt"] == "NAV VT"
    assert set(names.work_packages) == {"WP1", "WP2", "WP3"}
    with pytest.raises(AccessDenied):
        effort.names(con, "other", LEADER)


def test_the_ledger_s_personnel_cost_of_the_months_with_hours_beside_what_the_rules_allow(con):
    # USN has approved hours of its own in January-March 2024 only; ledger.csv's USN lines on accounts 5000-5999
    # (personnel_indirect, config.yaml) in those months: 5000-series 471 435.60 + 5400-series 66 472.42 + 5900-series
    # 222 471.98 = 760 380.00. NHO VT's approved hours (January, February 2024) have no personnel lines in the ledger.
    ledger = effort.ledger_personnel(con, "mwinc", LEADER)
    assert [(r["partner_id"], int(r["year"]), D(r["ledger_cost"])) for r in ledger.to_dict("records")] == [
        ("usn", 2024, D("760380.00"))
    ]
    table = views.personnel_cost_view(
        effort.load(con, "mwinc", LEADER), ledger, effort.names(con, "mwinc", LEADER), "en"
    )
    rows = table.set_index("Partner")
    # USN: 760 380.00 − 946 928.74 = −186 548.74 (the flat rate allows more than the ledger holds)
    assert rows.loc["USN", ["Own hours", "Rules allow", "Difference"]].tolist() == [
        D("1175.00"),
        D("946928.74"),
        D("-186548.74"),
    ]
    assert rows.loc["NHO VT", "Priced by"] == "1.2 per mille of annual salary per hour, at most NOK 1,100"
    # NHO VT: 0 − 24 200.00; total 1 197 h, 971 128.74 allowed, 760 380.00 booked, −210 748.74
    assert rows.loc["NHO VT", "Difference"] == D("-24200.00")
    assert rows.loc["Total", ["Own hours", "Rules allow", "Difference"]].tolist() == [
        D("1197.00"),
        D("971128.74"),
        D("-210748.74"),
    ]
    assert effort.ledger_personnel(con, "mwinc", NAV).empty  # NAV VT: in-kind hours only, and its own rows only
    assert not views.has_own_hours(effort.load(con, "mwinc", NAV))
