"""The Overview's pure views: the as-of default (item 18), the year chart's colours and the coloured status
cells (items 9, 17), and the budget rule that decides whether indicators lead (item 7)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from monitor import charts, config
from monitor.access.scope import AccessDenied, Scope, local_user
from monitor.project import load as store
from monitor.project import overview
from monitor.project.status import AT_RISK, OFF_TRACK, ON_TRACK, WorkPackageStatus

END = dt.date(2025, 11, 30)
NULL = config.defaults()  # app.as_of: null


def with_as_of(value: str) -> config.Config:
    return config.Config({**NULL.values, "app.as_of": value})


# --- item 18 ------------------------------------------------------------------------------------------


def test_after_the_end_the_default_is_the_end_date():
    assert overview.default_as_of(NULL, dt.date(2027, 8, 1), END) == END


def test_while_running_and_on_the_last_day_the_default_is_today():
    assert overview.default_as_of(NULL, dt.date(2025, 6, 1), END) == dt.date(2025, 6, 1)
    assert overview.default_as_of(NULL, END, END) == END


def test_config_overrides_the_end_date():
    assert overview.default_as_of(with_as_of("2024-06-30"), dt.date(2027, 8, 1), END) == dt.date(2024, 6, 30)


def test_the_end_date_is_explained_only_when_the_default_put_it_there():
    after = dt.date(2027, 8, 1)
    assert (
        overview.as_of_note(NULL, after, END, END, "nb")
        == "Prosjektet ble avsluttet 30.11.2025; viser status per sluttdato."
    )
    assert (
        overview.as_of_note(NULL, after, END, END, "en")
        == "The project ended on 30 Nov 2025; showing its status as of the end date."
    )
    assert overview.as_of_note(NULL, after, END, dt.date(2024, 6, 30), "nb") is None  # the user chose a date
    assert overview.as_of_note(NULL, dt.date(2025, 6, 1), END, dt.date(2025, 6, 1), "nb") is None  # running
    assert overview.as_of_note(with_as_of("2025-11-30"), after, END, END, "nb") is None  # config chose it


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


def status_backgrounds(styler, column: str) -> list[str]:
    styler._compute()
    index = list(styler.data.columns).index(column)
    return [dict(styler.ctx[(row, index)])["background-color"] for row in range(len(styler.data))]


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
