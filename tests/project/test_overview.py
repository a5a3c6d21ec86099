"""The Overview's pure views: the year chart's colours and the coloured status cells (items 9, 17), and the
budget rule that decides whether indicators lead (item 7). The as-of default (item 18) is in test_as_of.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from monitor import charts
from monitor.access.scope import AccessDenied, Scope, local_user
from monitor.project import load as store
from monitor.project import overview
from monitor.project.status import AT_RISK, OFF_TRACK, ON_TRACK, WorkPackageStatus

END = dt.date(2025, 11, 30)

# --- item 17: plan and actual in the shared colours, overrun in red -------------------------------------


def project_with(con, plan: dict[int, str], actual: dict[int, str]) -> store.ProjectData:
    data = store.load_project(con, "mwinc", END, local_user())
    return dataclasses.replace(
        data,
        cost_plan=pd.DataFrame({"year": list(plan), "amount": [Decimal(v) for v in plan.values()]}),
        actual=pd.DataFrame({"year": list(actual), "amount": [Decimal(v) for v in actual.values()]}),
    )


def test_the_year_chart_draws_plan_actual_and_overrun_in_the_shared_colours(con):
    # 2022: 150 spent of 100 planned (an overrun); 2023: 50 of 100.
    figure = overview.year_chart(project_with(con, {2022: "100", 2023: "100"}, {2022: "150", 2023: "50"}), "nb")
    planned, within, over = figure.data
    assert (planned.name, planned.marker.color, list(planned.y)) == ("Budsjett", charts.PLANNED, [100.0, 100.0])
    assert (within.name, within.marker.color, list(within.y)) == ("Faktisk", charts.ACTUAL, [None, 50.0])
    assert (over.name, over.marker.color, list(over.y)) == ("Faktisk over budsjett", charts.OVERRUN, [150.0, None])
    assert over.showlegend and within.offsetgroup == over.offsetgroup != planned.offsetgroup
    assert figure.layout.separators == ", " and figure.layout.yaxis.title.text == "kr"


def test_without_an_overrun_the_red_series_is_not_in_the_legend(con):
    figure = overview.year_chart(project_with(con, {2022: "100"}, {2022: "100"}), "en")
    assert figure.data[2].showlegend is False and figure.layout.yaxis.title.text == "NOK"


# --- items 9 and 17: the work-package table, its status cells in the status colours ----------------------


def status_backgrounds(styler, column: str, prop: str = "background-color") -> list[str]:
    styler._compute()
    index = list(styler.data.columns).index(column)
    return [dict(styler.ctx[(row, index)])[prop] for row in range(len(styler.data))]


def test_work_package_status_cells_have_the_status_colours():
    wps = pd.DataFrame(
        {
            "wp_code": ["WP1", "WP2", "WP3"],
            "title_nb": ["A", "B", "C"],
            "title_en": ["A", "B", "C"],
            "lead_person": ["x", None, "z"],
        }
    )
    statuses = [
        WorkPackageStatus(code, state, Decimal(100), Decimal(50), Decimal("0.5"), Decimal("0.5"), ())
        for code, state in (("WP1", ON_TRACK), ("WP2", AT_RISK), ("WP3", OFF_TRACK))
    ]
    table = overview.work_package_table(statuses, wps, "nb")
    assert table.data["Status"].tolist() == ["I rute", "I faresonen", "Ute av kurs"]
    assert status_backgrounds(table, "Status") == ["#2e7d32", "#f9a825", "#c62828"]
    assert status_backgrounds(table, "Status", "color") == ["white", "#1a1a1a", "white"]  # dark on the yellow
    assert table.data["Leder"].tolist() == ["x", "–", "z"]


# --- item 7: the project's budget decides, as a yes/no --------------------------------------------------


def test_the_project_budget_not_the_partners_share_decides(pcon):
    nav = Scope("nav", "partner", frozenset({"mwinc"}), "nav_vt")
    assert overview.little_budget(pcon, "mwinc", nav) is False  # 15 102 000 kr, whatever NAV's share
    assert overview.little_budget(pcon, "integration_day", local_user()) is True  # 300 000 kr
    assert overview.little_budget(pcon, "integrate", local_user()) is False  # 28 000 000 kr


def test_a_partner_cannot_ask_about_another_project(pcon):
    with pytest.raises(AccessDenied):
        overview.little_budget(pcon, "integration_day", Scope("nav", "partner", frozenset({"mwinc"}), "nav_vt"))


# --- issue 19: a project from the funder's open data, without a cost plan ---------------------------------


def test_a_project_without_a_cost_plan_shows_what_was_declared_and_no_zeros(con, settings):
    from monitor.project.status import plan_note
    from tests.pages.helpers import add_declared_project

    project_id = add_declared_project(con)
    data = store.load_project(con, project_id, dt.date(2015, 6, 30), local_user())
    assert data.plan_status == store.DECLARED_ONLY
    view = overview.build_overview(data, [], settings, "en")
    tiles = {tile.label: tile for tile in view.tiles}
    # declared_total = declared_funder = the grant of 226030, 7 590 000.00
    assert tiles["Declared to the funder"].value == "NOK\u00a07.6m"
    assert (
        "in total NOK\u00a07,590,000; the funder's share (the grant) NOK\u00a07,590,000"
        in tiles["Declared to the funder"].help
    )
    assert [
        tiles[label].value for label in ("Budget", "Spent to date", "Spent / time gone", "Forecast at completion")
    ] == [
        "No cost plan yet",
        "No accounts yet",
        "No cost plan yet",
        "No cost plan yet",
    ]
    assert view.plan_note == plan_note(data, "en")
    assert view.plan_note.startswith("No cost plan yet. The project has only the figures declared to the funder: ")
    assert "NOK\u00a07,590,000 in total, the funder's share NOK\u00a07,590,000" in view.plan_note
    assert view.year_chart is None and view.wp_codes == [] and view.work_packages.data.empty


def test_a_project_with_a_plan_has_no_plan_note_and_its_six_tiles(con, settings):
    from monitor.project.status import plan_note

    data = store.load_project(con, "mwinc", END, local_user())
    assert data.plan_status == store.PLANNED and plan_note(data, "nb") is None
    view = overview.build_overview(data, [], settings, "nb")
    assert view.plan_note is None and len(view.tiles) == 6


def test_a_project_with_neither_plan_nor_declared_figures_says_so(con):
    from monitor.project.status import plan_note
    from tests.pages.helpers import add_declared_project

    project_id = add_declared_project(con)
    con.execute("update project set declared_total = null, declared_funder = null where project_id = '226030'")
    data = store.load_project(con, project_id, dt.date(2015, 6, 30), local_user())
    assert data.plan_status == store.NO_PLAN
    assert plan_note(data, "nb").startswith("Ingen kostnadsplan ennå, og ingen tall oppgitt til finansiøren.")
    labels = [tile.label for tile in overview.unplanned_tiles(data, "nb")]
    assert "Oppgitt til finansiøren" not in labels and labels[0] == "Budsjett"
