"""The effort plan and its versions (monitor/effort/edit.py) against MW Inc's sample files
(data/seed/mwinc/people.csv, effort_plan.csv), on both engines.

By hand from effort_plan.csv (the baseline, 47 rows; tests/effort/test_load.py's docstring sums it the same way):
  USN 107.25 PM (WP1 42.00, WP2 35.75, WP3 29.50); NAV VT, NAV ØV, NHO VT, MRFK, VTFK 1 + 1 + 1 + 0.5 = 3.50 each;
  WP1 42 + 3.5 + 3.5 = 49.00, WP2 35.75 + 3.5 + 3.5 = 42.75, WP3 29.5 + 3.5 = 33.00; all 124.75.
The re-plan the tests save (EDITS): the PhD candidate's WP1 2025 from 5.00 to 6.50 (+1.50), Ole Jacob Thomassen's WP1
2025 row (1.00) deleted (−1.00), Annett Arntzen added in WP1 2025 with 0.25 (+0.25):
  all 124.75 + 1.50 − 1.00 + 0.25 = 125.50; WP1 49.00 + 0.75 = 49.75; USN in WP1 42.00 + 0.75 = 42.75;
  USN 107.25 + 0.75 = 108.00; 47 − 1 + 1 = 47 rows.
"""

import datetime as dt
from decimal import Decimal as D

import pandas as pd
import pytest

from monitor.access import audit
from monitor.access.scope import AccessDenied
from monitor.effort import edit
from monitor.effort import load as effort
from monitor.errors import Invalid
from tests.scopes import LEADER, NAV, OTHER_LEADER, READER

NOW = dt.datetime(2025, 6, 2, 10, 30)


def _count(con, table):
    return con.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608 (our names)


def _counts(con):
    return {t: _count(con, t) for t in ("effort_plan", "effort_plan_version", "audit_log")}


def _person(con, name):
    people = edit.plan_rows(con, "mwinc", LEADER, edit.BASELINE)
    return int(people.loc[people["person_name"] == name, "person_id"].iloc[0])


def _edited(con) -> pd.DataFrame:
    """The baseline with EDITS applied (module docstring)."""
    plan = edit.plan_rows(con, "mwinc", LEADER)[list(edit.COLUMNS)]
    phd, ole, annett = (_person(con, n) for n in ("PhD candidate", "Ole Jacob Thomassen", "Annett Arntzen"))
    at = (plan["wp_code"] == "WP1") & (plan["year"] == 2025)
    plan.loc[at & (plan["person_id"] == phd), "person_months"] = D("6.50")
    plan = plan.loc[~(at & (plan["person_id"] == ole))]
    added = pd.DataFrame([{"person_id": annett, "wp_code": "WP1", "year": 2025, "person_months": D("0.25")}])
    return pd.concat([plan, added], ignore_index=True)


def _sum(frame) -> D:
    return sum((D(v) for v in frame["person_months"]), D(0))


def test_the_seed_s_plan_is_the_baseline_and_current(con):
    assert edit.current_version(con, "mwinc", LEADER) == "baseline"
    plan = edit.plan_rows(con, "mwinc", LEADER)
    assert len(plan) == 47 and _sum(plan) == D("124.75")
    assert plan["person_name"].str.len().min() > 0  # names, for labels
    listed = edit.versions(con, "mwinc", LEADER)
    assert listed[["plan_version", "is_current", "total_pm", "row_count"]].values.tolist() == [
        ["baseline", True, D("124.75"), 47]
    ]


def test_saving_a_version_moves_current_and_keeps_the_baseline(con):
    version = edit.write_plan_version(con, "mwinc", _edited(con), LEADER, "PhD extended", NOW, read_version="baseline")
    assert version == "v2"
    assert edit.current_version(con, "mwinc", LEADER) == "v2"
    assert _sum(edit.plan_rows(con, "mwinc", LEADER)) == D("125.50")  # 124.75 + 1.50 − 1.00 + 0.25
    assert _sum(edit.plan_rows(con, "mwinc", LEADER, edit.BASELINE)) == D("124.75")  # the baseline never changes
    listed = edit.versions(con, "mwinc", LEADER)
    assert listed[["plan_version", "note", "created_by", "based_on", "is_current", "total_pm"]].values.tolist() == [
        ["baseline", None, None, None, False, D("124.75")],
        ["v2", "PhD extended", "annett", "baseline", True, D("125.50")],
    ]
    # The effort figures read the current plan and show the baseline beside it
    figures = effort.figures(effort.load(con, "mwinc", LEADER))
    assert (figures["planned_pm"], figures["planned_pm_baseline"]) == ("125.50", "124.75")
    assert figures["by_wp"]["WP1"]["planned_pm"] == "49.75"  # 49.00 + 0.75
    assert figures["by_partner"]["usn"]["planned_pm"] == "108.00"  # 107.25 + 0.75
    table = effort.person_month_table(effort.load(con, "mwinc", LEADER)).set_index(["wp_code", "partner_id"])
    assert table.loc[("WP1", "usn"), ["planned_pm", "planned_pm_baseline"]].tolist() == [D("42.75"), D("42.00")]
    assert table.loc[("WP2", "usn"), ["planned_pm", "planned_pm_baseline"]].tolist() == [D("35.75"), D("35.75")]
    baseline = effort.load(con, "mwinc", LEADER, plan_version=edit.BASELINE)
    assert effort.figures(baseline)["planned_pm"] == "124.75"  # the baseline can still be read as the plan


def test_a_new_version_is_audited_cell_by_cell(con):
    edit.write_plan_version(con, "mwinc", _edited(con), LEADER, "PhD extended", NOW, read_version="baseline")
    logged = audit.read(con, LEADER, audit.Filters(project_id="mwinc", table_name="effort_plan"))
    phd, ole, annett = (_person(con, n) for n in ("PhD candidate", "Ole Jacob Thomassen", "Annett Arntzen"))
    assert sorted(
        zip(logged["action"], logged["row_key"], logged["old_value"], logged["new_value"], strict=True)
    ) == sorted(
        [
            ("update", f"v2/{phd}/WP1/2025", "5.00", "6.50"),
            ("delete", f"v2/{ole}/WP1/2025", "1.00", None),
            ("insert", f"v2/{annett}/WP1/2025", None, "0.25"),
        ]
    )
    version = audit.read(con, LEADER, audit.Filters(project_id="mwinc", table_name="effort_plan_version"))
    assert set(version["row_key"]) == {"mwinc/v2"}


def test_a_second_re_plan_is_v3_made_from_v2(con):
    edit.write_plan_version(con, "mwinc", _edited(con), LEADER, "First", NOW, read_version="baseline")
    plan = edit.plan_rows(con, "mwinc", LEADER)[list(edit.COLUMNS)]
    plan.loc[0, "person_months"] = D(plan.loc[0, "person_months"]) + D("0.01")
    version = edit.write_plan_version(con, "mwinc", plan, LEADER, "Second", NOW, read_version="v2")
    assert version == "v3"
    assert _sum(edit.plan_rows(con, "mwinc", LEADER)) == D("125.51")  # 125.50 + 0.01
    assert edit.versions(con, "mwinc", LEADER)["based_on"].tolist() == [None, "baseline", "v2"]


def test_bad_rows_are_refused_by_row_and_column_and_nothing_is_written(con):
    before = _counts(con)
    annett = _person(con, "Annett Arntzen")
    rows = [
        {"person_id": 999999999, "wp_code": "WP1", "year": 2024, "person_months": "1"},  # row 1
        {"person_id": annett, "wp_code": "WP9", "year": 2020, "person_months": "-1"},  # row 2
        {"person_id": annett, "wp_code": "WP2", "year": 2024, "person_months": "1.234"},  # row 3
        {"person_id": annett, "wp_code": "WP3", "year": None, "person_months": "2,5"},  # row 4
        {"person_id": annett, "wp_code": "WP1", "year": 2022, "person_months": "2,5"},  # row 5: fine
        {"person_id": annett, "wp_code": "WP1", "year": 2022, "person_months": "1"},  # row 6: row 5 again
        {"person_id": annett, "wp_code": "WP1", "year": 2026, "person_months": "abc"},  # row 7
    ]
    with pytest.raises(Invalid) as refused:
        edit.write_plan_version(con, "mwinc", rows, LEADER, "Bad", NOW, read_version="baseline")
    found = [(p.row, p.column, p.code) for p in refused.value.problems]
    assert found == [
        (1, "person_id", "unknown_person"),
        (2, "wp_code", "unknown_wp"),
        (2, "year", "outside_period"),  # MW Inc runs 2021-2025
        (2, "person_months", "negative"),
        (3, "person_months", "not_pm"),
        (4, "year", "required"),
        (6, "person_id", "duplicate"),
        (7, "year", "outside_period"),
        (7, "person_months", "not_pm"),
    ]
    assert refused.value.text("en")[1] == "Row 2, Work package: 'WP9' is not a work package of the project"
    assert refused.value.text("nb")[2] == "Rad 2, År: 2020 er utenfor prosjektperioden (2021–2025)"
    assert _counts(con) == before
    assert edit.current_version(con, "mwinc", LEADER) == "baseline"


def test_a_plan_needs_a_note_and_a_change(con):
    before = _counts(con)
    with pytest.raises(Invalid) as no_note:
        edit.write_plan_version(con, "mwinc", _edited(con), LEADER, "  ", NOW, read_version="baseline")
    assert [(p.column, p.code) for p in no_note.value.problems] == [("note", "note_required")]
    same = edit.plan_rows(con, "mwinc", LEADER)[list(edit.COLUMNS)]
    with pytest.raises(Invalid) as unchanged:
        edit.write_plan_version(con, "mwinc", same, LEADER, "Nothing", NOW, read_version="baseline")
    assert [p.code for p in unchanged.value.problems] == ["unchanged"]
    with pytest.raises(Invalid) as empty:
        edit.write_plan_version(con, "mwinc", [], LEADER, "Empty", NOW, read_version="baseline")
    assert [p.code for p in empty.value.problems] == ["empty"]
    assert _counts(con) == before


@pytest.mark.parametrize("scope", [NAV, READER], ids=["partner", "viewer"])
def test_partners_and_viewers_may_not_save_and_are_logged(con, scope):
    before = _counts(con)
    with pytest.raises(AccessDenied):
        edit.write_plan_version(con, "mwinc", _edited(con), scope, "Mine", NOW, read_version="baseline")
    assert _count(con, "effort_plan") == before["effort_plan"]
    assert _count(con, "effort_plan_version") == before["effort_plan_version"]
    logged = audit.read(con, LEADER, audit.Filters(project_id="mwinc", table_name="effort_plan", action="denied"))
    assert logged[["user_name", "new_value"]].values.tolist() == [[scope.user, scope.role]]
    assert _count(con, "audit_log") == before["audit_log"] + 1  # the refusal, nothing else


def test_a_leader_of_another_project_is_refused(con):
    with pytest.raises(AccessDenied):
        edit.write_plan_version(con, "mwinc", _edited(con), OTHER_LEADER, "No", NOW, read_version="baseline")
    with pytest.raises(AccessDenied):
        edit.plan_rows(con, "mwinc", OTHER_LEADER)


def test_a_save_made_from_a_version_no_longer_current_is_refused_and_logged(con):
    mine, theirs = _edited(con), _edited(con)  # two editors read the baseline
    theirs.loc[0, "person_months"] = D("9.99")
    assert edit.write_plan_version(con, "mwinc", theirs, LEADER, "Theirs", NOW, read_version="baseline") == "v2"
    before = _counts(con)
    with pytest.raises(edit.PlanChanged) as refused:
        edit.write_plan_version(con, "mwinc", mine, LEADER, "Mine", NOW, read_version="baseline")
    assert refused.value.current == "v2"
    assert _count(con, "effort_plan") == before["effort_plan"]
    assert _count(con, "effort_plan_version") == before["effort_plan_version"]
    logged = audit.read(con, LEADER, audit.Filters(project_id="mwinc", action="refused"))
    assert logged[["table_name", "old_value"]].values.tolist() == [["effort_plan_version", "baseline"]]
    assert edit.current_version(con, "mwinc", LEADER) == "v2"


def test_a_partner_reads_its_own_plan_rows_and_totals(con):
    plan = edit.plan_rows(con, "mwinc", NAV)
    assert set(plan["partner_id"]) == {"nav_vt"}
    assert plan["person_months"].tolist() == [D("1.00"), D("1.00"), D("1.00"), D("0.50")]  # 2022-2025
    assert edit.versions(con, "mwinc", NAV)["total_pm"].tolist() == [D("3.50")]
    edit.write_plan_version(con, "mwinc", _edited(con), LEADER, "USN only", NOW, read_version="baseline")
    # the re-plan changed USN's rows only: NAV VT sees 3.50 in both versions
    assert edit.versions(con, "mwinc", NAV)["total_pm"].tolist() == [D("3.50"), D("3.50")]
    assert effort.figures(effort.load(con, "mwinc", NAV))["planned_pm_baseline"] == "3.50"


def test_person_months_are_read_as_typed():
    assert edit.parse_pm("2,5") == D("2.50")
    assert edit.parse_pm(" 0 ") == D("0.00")
    assert edit.parse_pm(1.25) == D("1.25")
    for bad, code in (("1.234", "not_pm"), ("x", "not_pm"), ("-0.5", "negative"), ("nan", "not_pm")):
        with pytest.raises(ValueError, match=code):
            edit.parse_pm(bad)


def test_the_first_plan_of_a_project_without_one_is_its_baseline(con):
    rows = [{"person_id": _person(con, "PhD candidate"), "wp_code": "WP1", "year": 2022, "person_months": "6"}]
    con.execute("delete from effort_plan where project_id = 'mwinc'")  # MW Inc as if it had no effort plan yet
    assert edit.versions(con, "mwinc", LEADER).empty
    assert edit.write_plan_version(con, "mwinc", rows, LEADER, "Contract", NOW, read_version="baseline") == "baseline"
    listed = edit.versions(con, "mwinc", LEADER)
    assert listed[["plan_version", "based_on", "is_current", "total_pm"]].values.tolist() == [
        ["baseline", None, True, D("6.00")]
    ]
