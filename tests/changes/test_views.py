"""Change requests as shown (monitor/changes/views.py): the comparison by year and cost category, and the list,
with labels, figures by hand."""

import datetime as dt
from decimal import Decimal as D

from monitor.access.scope import local_user
from monitor.budget import load as budget
from monitor.changes import edit, load, views
from monitor.project import load as store
from tests.scopes import LEADER, NAV

AS_OF = dt.date(2024, 6, 30)


def state(con, scope=LEADER):
    return budget.load_budget(con, store.load_project(con, "mwinc", AS_OF, scope), scope)


def test_the_comparison_without_a_pending_request(con):
    table = views.comparison(state(con), None, "en")
    assert list(table.columns) == ["Year", "Cost category", "Actual", "Contract", "Current plan"]
    row = table[(table["Year"] == "2024") & (table["Cost category"] == "Payroll and indirect expenses")].iloc[0]
    # 2024 personnel, contract: USN 1 150 000 + 1 000 000 + 900 000, partners 100 000 + 100 000 + 90 000 +
    # 110 000 + 110 000 = 3 560 000; v2 adds the 100 000 moved to WP3
    assert (row["Contract"], row["Current plan"]) == (D("3560000.00"), D("3660000.00"))
    total = table.iloc[-1]
    assert total["Year"] == "Total" and total["Contract"] == total["Current plan"] == D("15102000.00")


def test_the_comparison_with_the_pending_request_in_a_partner_s_scope(con):
    request_id = edit.create_draft(con, "mwinc", "budget", "Move", None, LEADER, dt.datetime(2024, 7, 1))
    lines = load.lines(con, request_id, LEADER)
    nav_2024 = lines[(lines["partner_id"] == "nav_vt") & (lines["year"] == 2024)].index[0]
    nav_2025 = lines[(lines["partner_id"] == "nav_vt") & (lines["year"] == 2025)].index[0]
    lines.loc[nav_2024, "amount"] -= D("15000")
    lines.loc[nav_2025, "amount"] += D("15000")
    edit.set_lines(con, request_id, 1, lines, LEADER)
    table = views.comparison(state(con, NAV), load.lines(con, request_id, NAV), "nb")
    assert list(table.columns) == ["År", "Kostnadsart", "Faktisk", "Kontrakt", "Gjeldende plan",
                                   "Søknad til behandling", "Endring i søknaden"]  # fmt: skip
    by_year = table.set_index("År")
    # NAV VT: 100 000 a year 2022-2024, 60 000 in 2025; 15 000 from 2024 to 2025
    assert by_year.loc["2024", "Søknad til behandling"] == D("85000.00")
    assert by_year.loc["2025", "Endring i søknaden"] == D("15000.00")
    assert by_year.loc["Sum", "Gjeldende plan"] == by_year.loc["Sum", "Søknad til behandling"] == D("360000.00")


def test_the_list_shows_labels(con):
    table = views.requests_table(load.requests(con, "mwinc", local_user()), "nb")
    row = table.iloc[0]
    assert (row["Endring"], row["Status"], row["Registrert av"], row["Ny planversjon"]) == (
        "Kostnadsplan",
        "Godkjent",
        "eksempeldata",
        "v2",
    )
    assert row["Sendt"] == dt.date(2023, 12, 11) and row["Vedtatt"] == dt.date(2024, 1, 9)
