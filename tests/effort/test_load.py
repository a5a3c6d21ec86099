"""Planned and actual effort from the database (monitor/effort/load.py), the people and hours registers, and
`summary --json` effort, against MW Inc's sample files (data/seed/mwinc/people.csv, effort_plan.csv, hours.csv).

Every figure below is worked out by hand from those files. A person-year is 1 628 hours = 12 person-months, so
hours -> PM = hours × 12 / 1 628, to two places, of the SUMMED hours. Only approved hours count; the seed's one
reported row (PhD, WP1, April 2024, 140 h) and one rejected row (NHO VT, WP2, March 2024, 8 h) do not.

Approved hours, January-March 2024:
  WP1  PhD 140+150+120 = 410, Ole 20×3 = 60, Annett 10 (January), NAV VT contact 15×3 = 45      -> 525
  WP2  Postdoc 130+130+140 = 400, Lars 30+25+25 = 80, NHO VT contact 10+12 = 22                 -> 502
  WP3  Cathrine 40+40+45 = 125, Annett 30×3 = 90                                              -> 215
  by partner: USN 410+400+60+80+125+90+10 = 1 175, NAV VT 45, NHO VT 22; all 1 242
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
from monitor.errors import Invalid
from monitor.registers import edit as registers
from monitor.registers.edit import ADD, Change
from tests.scopes import LEADER, NAV

TODAY = dt.date(2025, 6, 1)

# 525 × 12 / 1 628 = 6 300 / 1 628 = 3.8697 -> 3.87; 502 × 12 = 6 024 / 1 628 = 3.7002 -> 3.70;
# 215 × 12 = 2 580 / 1 628 = 1.5848 -> 1.58; 1 242 × 12 = 14 904 / 1 628 = 9.1548 -> 9.15
ACTUAL_BY_WP = {"WP1": "3.87", "WP2": "3.70", "WP3": "1.58"}
PLANNED_BY_WP = {"WP1": "49.00", "WP2": "42.75", "WP3": "33.00"}
# USN 1 175 × 12 = 14 100 / 1 628 = 8.6609 -> 8.66; NAV VT 45 × 12 = 540 / 1 628 = 0.3317 -> 0.33;
# NHO VT 22 × 12 = 264 / 1 628 = 0.1622 -> 0.16
ACTUAL_BY_PARTNER = {"usn": "8.66", "nav_vt": "0.33", "nho_vt": "0.16"}
PLANNED_BY_PARTNER = {"usn": "107.25", **{p: "3.50" for p in ("nav_vt", "nav_ov", "nho_vt", "mrfk", "vtfk")}}
# Allowed cost, each person's 2024 hours priced once:
#  USN (UH, NOK 1 312 000 per 1 628 h in 2024): PhD 410 × 1 312 000 / 1 628 = 330 417.69; postdoc 400 -> 322 358.72;
#  Ole 60 -> 48 353.81; Lars 80 -> 64 471.74; Cathrine 125 -> 100 737.10; Annett 100 -> 80 589.68;
#  sum 330 417.69 + 322 358.72 + 48 353.81 + 64 471.74 + 100 737.10 + 80 589.68 = 946 928.74
#  NAV VT (public, salary 700 000: 1.2 ‰ = 840/h, under the 1 100 cap): 45 × 840 = 37 800.00
#  NHO VT (private, salary 1 000 000: 1.2 ‰ = 1 200/h, capped at 1 100): 22 × 1 100 = 24 200.00
ALLOWED = {"usn": "946928.74", "nav_vt": "37800.00", "nho_vt": "24200.00"}


def test_planned_and_actual_person_months_by_work_package_and_partner(con):
    figures = effort.figures(effort.load(con, "mwinc", LEADER))
    assert (figures["planned_pm"], figures["actual_pm"]) == ("124.75", "9.15")
    assert {wp: v["planned_pm"] for wp, v in figures["by_wp"].items()} == PLANNED_BY_WP
    assert {wp: v["actual_pm"] for wp, v in figures["by_wp"].items()} == ACTUAL_BY_WP
    assert {p: v["planned_pm"] for p, v in figures["by_partner"].items()} == PLANNED_BY_PARTNER
    actual = {p: v["actual_pm"] for p, v in figures["by_partner"].items() if v["actual_pm"] != "0.00"}
    assert actual == ACTUAL_BY_PARTNER


def test_the_allowed_cost_prices_each_partner_by_its_sector(con):
    figures = effort.figures(effort.load(con, "mwinc", LEADER))
    allowed = {p: v["allowed_cost"] for p, v in figures["by_partner"].items() if v["allowed_cost"] != "0.00"}
    assert allowed == ALLOWED
    assert figures["allowed_cost"] == "1008928.74"  # 946 928.74 + 37 800.00 + 24 200.00


def test_the_person_month_table_has_one_row_per_work_package_and_partner(con):
    table = effort.person_month_table(effort.load(con, "mwinc", LEADER)).set_index(["wp_code", "partner_id"])
    # USN in WP1: 410 + 60 + 10 = 480 h -> 5 760 / 1 628 = 3.5381 -> 3.54 against 42.00 planned: -38.46
    assert table.loc[("WP1", "usn"), ["planned_pm", "actual_hours", "actual_pm", "difference_pm"]].tolist() == [
        D("42.00"),
        D("480.00"),
        D("3.54"),
        D("-38.46"),
    ]
    # NAV ØV planned 3.50, no hours: 0 actual, -3.50
    assert table.loc[("WP1", "nav_ov"), ["actual_pm", "difference_pm"]].tolist() == [D("0"), D("-3.50")]
    assert len(table) == 8  # WP1: usn, nav_vt, nav_ov; WP2: usn, nho_vt, vtfk; WP3: usn, mrfk


def test_hours_after_the_as_of_date_are_left_out(con):
    # Up to 15.02.2024: January and February. USN: PhD 140+150, postdoc 130+130, Ole 20+20, Lars 30+25,
    # Cathrine 40+40, Annett 30+30+10 = 290+260+40+55+80+70 = 795 h -> 9 540 / 1 628 = 5.8600 -> 5.86
    figures = effort.figures(effort.load(con, "mwinc", LEADER, as_of=dt.date(2024, 2, 15)))
    assert figures["by_partner"]["usn"]["actual_pm"] == "5.86"


def test_a_partner_sees_only_its_own_people_plan_and_hours(con):
    people = registers.rows(con, "people", "mwinc", NAV)
    assert list(people["person_name"]) == ["Contact person, NAV VT"]
    hours = registers.rows(con, "hours", "mwinc", NAV)
    assert len(hours) == 3 and set(hours["person_id"]) == set(people["person_id"])
    figures = effort.figures(effort.load(con, "mwinc", NAV))
    assert figures["by_partner"] == {"nav_vt": {"planned_pm": "3.50", "actual_pm": "0.33", "allowed_cost": "37800.00"}}
    assert (figures["planned_pm"], figures["actual_pm"]) == ("3.50", "0.33")
    assert figures["by_wp"] == {"WP1": {"planned_pm": "3.50", "actual_pm": "0.33"}}


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
    # NAV VT: 45 + 90.5 = 135.5 h -> 1 626 / 1 628 = 0.9988 -> 1.00
    assert effort.figures(effort.load(con, "mwinc", NAV))["actual_pm"] == "1.00"


def test_summary_json_effort_equals_the_sums_by_hand(db_path, capsys):
    assert main(["summary", "--db", str(db_path), "--project", "mwinc", "--json", "--as-of", "2025-06-30"]) == 0
    figures = json.loads(capsys.readouterr().out)["effort"]
    assert (figures["planned_pm"], figures["actual_pm"]) == ("124.75", "9.15")
    assert {wp: (v["planned_pm"], v["actual_pm"]) for wp, v in figures["by_wp"].items()} == {
        wp: (PLANNED_BY_WP[wp], ACTUAL_BY_WP[wp]) for wp in PLANNED_BY_WP
    }
    assert figures["by_partner"]["usn"] == {"planned_pm": "107.25", "actual_pm": "8.66", "allowed_cost": "946928.74"}


def test_monthly_hours_are_the_approved_hours_per_month_and_category(con):
    monthly = effort.monthly_hours(con, "mwinc", LEADER)
    by_month = monthly.groupby("month")["hours"].sum()
    # January 425, February 422, March 395 (module docstring's rows by month); the reported April row left out
    assert [D(h) for h in by_month] == [D("425.00"), D("422.00"), D("395.00")]
    phd = monthly.loc[monthly["person_category"] == "phd", "hours"]
    assert sum(D(h) for h in phd) == D("410.00")  # 140 + 150 + 120
    assert effort.monthly_hours(con, "mwinc", LEADER, as_of=dt.date(2024, 1, 31))["month"].nunique() == 1


def test_a_partner_reads_only_its_own_monthly_hours(con):
    monthly = effort.monthly_hours(con, "mwinc", NAV)
    assert set(monthly["partner_id"]) == {"nav_vt"}
    assert [D(h) for h in monthly["hours"]] == [D("15.00")] * 3  # the NAV VT contact, 15 h each month
    with pytest.raises(AccessDenied):
        effort.monthly_hours(con, "other", NAV)


def test_names_label_partners_and_work_packages(con):
    names = effort.names(con, "mwinc", LEADER)
    assert names.partners["nav_vt"] == "NAV VT"
    assert set(names.work_packages) == {"WP1", "WP2", "WP3"}
    with pytest.raises(AccessDenied):
        effort.names(con, "other", LEADER)
