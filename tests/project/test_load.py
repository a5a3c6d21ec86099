"""One project's data in a scope (monitor/project/load.py): a partner's rows are cut in SQL, another project is
refused. Expected figures come from the seed files (data/seed/mwinc), summed here with csv and Decimal."""

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from monitor.access import users
from monitor.access.scope import AccessDenied
from monitor.project import load as store
from tests.scopes import NAV

AS_OF = dt.date(2024, 6, 30)


SEED = Path(__file__).resolve().parents[2] / "data" / "seed" / "mwinc"


def seed_rows(name: str) -> list[dict]:
    with (SEED / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


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


def test_the_data_layer_returns_only_the_partners_rows(con):
    scope = users.DEMO_USERS["nav"].scope()
    data = store.load_project(con, "mwinc", dt.date(2026, 11, 22), scope)
    assert set(data.actual["partner_id"]) == {"nav_vt"}
    assert set(data.cost_plan["partner_id"]) == {"nav_vt"} and set(data.funding_plan["partner_id"]) == {"nav_vt"}


def test_a_partner_user_cannot_read_another_project(con):
    with pytest.raises(AccessDenied):
        store.load_project(con, "integrate", dt.date(2026, 11, 22), users.DEMO_USERS["nav"].scope())
