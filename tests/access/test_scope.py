"""The one access gate (monitor/access/scope.py), tried from the data layer: every attempt outside a scope
is refused before anything is read or written, and a partner's rows are cut in SQL.

Expected figures come from the seed files (data/seed/mwinc), summed here with csv and Decimal."""

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from monitor import db
from monitor.access import audit
from monitor.access.scope import AccessDenied, Scope, local_user
from monitor.budget import edit as plan_versions
from monitor.budget import load as budget
from monitor.project import checks
from monitor.project import load as store
from monitor.registers import edit as registers
from monitor.registers import files as register_io
from monitor.registers.edit import ADD, Change

MWINC = frozenset({"mwinc"})
LEADER = Scope("annett", "leader", MWINC)
OTHER_LEADER = Scope("olga", "leader", frozenset({"integrate"}))
NAV = Scope("nav.kontakt", "partner", MWINC, "nav_vt")
PARTNERLESS = Scope("x", "partner", MWINC, None)
READER = Scope("funder", "viewer", MWINC)
AS_OF = dt.date(2024, 6, 30)
TODAY = dt.date(2024, 6, 30)
NEW_RISK = {"title": "Partner withdraws", "probability": 2, "impact": 3, "state": "open"}
SEED = Path(__file__).resolve().parents[2] / "data" / "seed" / "mwinc"


def seed_rows(name: str) -> list[dict]:
    with (SEED / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def counts(con) -> dict[str, int]:
    """Rows of every table a refused write could have touched."""
    tables = ("risk", "milestone", "plan_version", "cost_plan", "audit_log")
    return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}  # noqa: S608 (our names)


def test_scope_rules():
    assert LEADER.may_edit("mwinc") and not LEADER.may_edit("integrate")
    assert not NAV.may_edit("mwinc") and not READER.may_edit("mwinc")
    assert NAV.partner_filter() == "nav_vt" and LEADER.partner_filter() is None and READER.partner_filter() is None
    with pytest.raises(AccessDenied):
        PARTNERLESS.partner_filter()
    assert NAV.may_report_for("mwinc", "nav_vt") and not NAV.may_report_for("mwinc", "nho_vt")
    assert LEADER.may_report_for("mwinc", "nho_vt") and not READER.may_report_for("mwinc", "nav_vt")
    assert not OTHER_LEADER.may_report_for("mwinc", "nav_vt")
    with pytest.raises(AccessDenied):
        READER.require_detail_rows("mwinc")
    with pytest.raises(AccessDenied):
        LEADER.require_admin()
    local_user().require_admin()


@pytest.mark.parametrize("scope", [NAV, READER, OTHER_LEADER], ids=["partner", "viewer", "leader elsewhere"])
def test_register_writes_outside_the_scope_are_refused_and_write_nothing(con, scope):
    before = counts(con)
    with pytest.raises(AccessDenied):
        registers.apply(con, "risks", "mwinc", [Change(ADD, NEW_RISK)], scope, TODAY)
    with pytest.raises(AccessDenied):
        registers.edit(con, "milestones", "mwinc", "M1.1", 1, {"comment": "mine now"}, scope, TODAY)
    with pytest.raises(AccessDenied):
        register_io.import_file(con, "risks", "mwinc", b"title\nX\n", "r.csv", scope, TODAY)
    assert counts(con) == before


def test_a_leader_writes_its_own_project_s_register_under_its_name(con):
    registers.apply(con, "risks", "mwinc", [Change(ADD, NEW_RISK)], LEADER, TODAY)
    log = audit.read(con, LEADER, audit.Filters(project_id="mwinc", table_name="risk"))
    assert set(log["user_name"]) == {"annett"}


@pytest.mark.parametrize("scope", [NAV, READER, OTHER_LEADER], ids=["partner", "viewer", "leader elsewhere"])
def test_a_new_plan_version_outside_the_scope_is_refused(con, scope):
    before = counts(con)
    plan = db.query(con, "cost_plan", project_id="mwinc", plan_version="baseline", partner_id=None)
    with pytest.raises(AccessDenied):
        plan_versions.save_new_version(con, "mwinc", "baseline", plan, "mine", scope, dt.datetime(2024, 7, 1))
    assert counts(con) == before


def test_the_audit_log_is_for_editors_and_the_whole_log_for_admins(con):
    with pytest.raises(AccessDenied):
        audit.read(con, NAV, audit.Filters(project_id="mwinc"))
    with pytest.raises(AccessDenied):
        audit.read(con, READER, audit.Filters(project_id="mwinc"))
    with pytest.raises(AccessDenied):
        audit.read(con, OTHER_LEADER, audit.Filters(project_id="mwinc"))
    with pytest.raises(AccessDenied):
        audit.read(con, LEADER)  # every project's log: administrators only
    assert isinstance(audit.read(con, LEADER, audit.Filters(project_id="mwinc")), pd.DataFrame)
    assert isinstance(audit.read(con, local_user()), pd.DataFrame)


def test_checks_of_another_project_are_refused(con, settings):
    with pytest.raises(AccessDenied):
        checks.check_project(con, "mwinc", settings, OTHER_LEADER)


def test_a_partner_s_plan_and_actual_cost_are_cut_in_sql(con):
    data = store.load_project(con, "mwinc", AS_OF, NAV)
    planned = sum(Decimal(r["amount"]) for r in seed_rows("cost_plan.csv") if r["partner_id"] == "nav_vt")
    assert planned == Decimal("360000.00")  # the published share, and what the Budget tile says
    assert sum(data.cost_plan["amount"]) == planned
    approved = [
        r
        for r in seed_rows("inkind.csv")
        if r["partner_id"] == "nav_vt" and r["status"] == "approved" and r["work_date"] <= AS_OF.isoformat()
    ]
    # the seed's ledger holds USN's lines only: NAV VT's actual cost is its approved in-kind hours x rate
    spent = sum((Decimal(r["hours"]) * Decimal(r["hourly_rate"])).quantize(Decimal("0.01")) for r in approved)
    assert sum(data.actual["amount"]) == spent and set(data.actual["partner_id"]) == {"nav_vt"}


def test_a_partner_s_plan_versions_total_its_own_rows(con):
    versions = plan_versions.versions(con, "mwinc", NAV)
    assert versions.set_index("plan_version").loc["baseline", "total"] == Decimal("360000.00")
    whole = plan_versions.versions(con, "mwinc", LEADER)
    assert whole.set_index("plan_version").loc["baseline", "total"] == Decimal("15102000.00")  # NOK 15.102 mill.


def test_a_partner_asking_for_another_partner_s_lines_gets_none(con):
    data = store.load_project(con, "mwinc", AS_OF, NAV)
    assert budget.ledger_lines(con, data, NAV, {"partner_id": "usn"}).empty
    own = budget.ledger_lines(con, data, NAV, {})
    assert not own.empty and set(own["partner_id"]) == {"nav_vt"}
    leader_data = store.load_project(con, "mwinc", AS_OF, LEADER)
    assert set(budget.ledger_lines(con, leader_data, LEADER, {"partner_id": "usn"})["partner_id"]) == {"usn"}


def test_a_partner_user_without_a_partner_sees_nothing(con):
    with pytest.raises(AccessDenied):
        store.load_project(con, "mwinc", AS_OF, PARTNERLESS)
    data = store.load_project(con, "mwinc", AS_OF, LEADER)
    with pytest.raises(AccessDenied):
        budget.load_budget(con, data, PARTNERLESS)
    with pytest.raises(AccessDenied):
        budget.ledger_lines(con, data, PARTNERLESS, {})
