"""Charts that read at a glance (issue 12, items 8, 9, 10, 12 and 17), checked on the figures themselves:
the order plotly draws a category axis in, trace colours, tick texts, legend entries.

Expected values come from the seed files (data/seed/*) read here with the csv module, or are written
out by hand; never from the functions under test.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from monitor import charts, config, db
from monitor.access.scope import local_user
from monitor.budget import load as budget
from monitor.budget import views as budget_views
from monitor.codes import RESULT_CATEGORIES
from monitor.portfolio import indicators, office
from monitor.portfolio import views as portfolio
from monitor.project import load as store
from monitor.registers import results, risks
from monitor.schedule import views as schedule_views
from monitor.setup import seed

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "seed"
AS_OF = dt.date(2025, 6, 1)
DAY_AS_OF = dt.date(2026, 11, 30)  # Integration Day's breakfasts (events.csv) run February to October 2026
ENGLISH_MONTH = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    """Every embedded project (MW Inc, Integration Day, INTEGRATE), built once for this module."""
    path = tmp_path_factory.mktemp("charts") / "monitor.duckdb"
    settings = config.load(ROOT / "config.yaml", env={})
    seed.build_database(path, SEED, settings)
    connection = db.connect(path)
    yield connection
    connection.close()


def _seed_rows(project: str, name: str) -> list[dict]:
    with open(SEED / project / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def category_order(figure, axis: str) -> list[str]:
    """A category axis's categories as plotly draws them: x left to right, y bottom to top.

    plotly takes the categoryarray when categoryorder is 'array', sorts for 'category ascending', and
    otherwise keeps the order in which the traces first name them; autorange 'reversed' flips the axis."""
    layout_axis = figure.layout[f"{axis}axis"]
    seen = list(
        dict.fromkeys(
            str(v) for trace in figure.data for v in (trace[axis] if trace[axis] is not None else ()) if v is not None
        )
    )
    if layout_axis.categoryorder == "array" and layout_axis.categoryarray is not None:
        listed = [str(c) for c in layout_axis.categoryarray]
        order = listed + [c for c in seen if c not in listed]
    elif layout_axis.categoryorder == "category ascending":
        order = sorted(seen)
    else:
        order = seen
    return order[::-1] if layout_axis.autorange == "reversed" else order


def legend_entries(figure) -> list[str]:
    """The names the legend shows: traces not hidden from it (plotly leaves out empty traces' entries
    only when showlegend is unset, so count what is explicitly shown or has data)."""
    shown = []
    for trace in figure.data:
        if trace.showlegend is False:
            continue
        has_data = any(v is not None for v in (trace.x if trace.x is not None else ())) or any(
            v is not None for v in (trace.y if trace.y is not None else ())
        )
        if trace.showlegend or has_data:
            shown.append(trace.name)
    return list(dict.fromkeys(shown))


def _schedule(con, as_of: dt.date, lang: str):
    data = schedule_views.load(con, "mwinc", local_user())
    return schedule_views.build_view(data, as_of, 90, schedule_views.Filters(), lang).figure


# --- Item 8: order -----------------------------------------------------------------------------------


def test_results_chart_years_run_in_order(con):
    expected = sorted(
        {
            row["result_date"][:4]
            for row in _seed_rows("mwinc", "results.csv")
            if row["result_date"] <= AS_OF.isoformat()
        }
    )
    assert expected == ["2022", "2023", "2024", "2025"]  # by hand from results.csv
    rows = results.load(con, "mwinc", local_user())
    figure = results.build_view(rows, AS_OF, "nb").counts_chart
    assert category_order(figure, "x") == expected


def test_the_offices_years_read_2022_not_2_022():
    """Seen on the Portfolio page in nb: a number axis took the thousands separator ("2 022")."""
    years = [office.YearTotals(y, Decimal("100"), Decimal("50"), Decimal(0)) for y in (2022, 2023, 2024)]
    figure = office.year_chart(years, "nb")
    assert figure.layout.xaxis.type == "category"
    assert category_order(figure, "x") == ["2022", "2023", "2024"]


def test_risk_matrix_puts_probability_5_at_the_top(con):
    figure = risks.build_view(risks.load(con, "mwinc", local_user()), "en").matrix
    assert category_order(figure, "y") == ["1", "2", "3", "4", "5"]  # bottom to top
    assert category_order(figure, "x") == ["1", "2", "3", "4", "5"]  # left to right


def test_gantt_starts_with_m0_at_the_top_and_ends_with_the_project(con):
    # as of 30 Nov 2026, a year after the project ended: the axis must not run on to the as-of date
    figure = _schedule(con, dt.date(2026, 11, 30), "en")
    top_to_bottom = category_order(figure, "y")[::-1]
    assert top_to_bottom[0].startswith("M0 ")  # milestones.csv: M0, the kick-off, belongs to no work package
    assert top_to_bottom[1].startswith("WP1 ")
    start, end = (pd.Timestamp(x).date() for x in figure.layout.xaxis.range)
    # project.yaml: 2021-12-01 to 2025-11-30; every item is due within it
    assert dt.date(2021, 11, 1) <= start <= dt.date(2021, 12, 1)
    assert dt.date(2025, 11, 30) <= end <= dt.date(2025, 12, 31)


def test_the_as_of_label_at_the_projects_end_stays_inside_the_chart(con):
    # At the end date the as-of line is the axis' right edge: a label centred on it was cut off ("Per 30.11.2…").
    figure = _schedule(con, dt.date(2025, 11, 30), "nb")
    label = next(a for a in figure.layout.annotations if "30.11.2025" in a.text)
    assert label.xanchor == "right"


# --- Items 10 and 12: language on the axes ------------------------------------------------------------


def test_gantt_month_ticks_are_norwegian_in_nb(con):
    nb, en = _schedule(con, AS_OF, "nb"), _schedule(con, AS_OF, "en")
    assert nb.layout.xaxis.ticktext is not None
    assert "jan. 2023" in nb.layout.xaxis.ticktext and "juli 2023" in nb.layout.xaxis.ticktext
    assert not [tick for tick in nb.layout.xaxis.ticktext if ENGLISH_MONTH.search(tick)]
    assert "Jan 2023" in en.layout.xaxis.ticktext


def _burn(con, lang: str):
    data = store.load_project(con, "mwinc", AS_OF, local_user())
    return budget_views.progress_view(budget.load_budget(con, data, local_user()), 10, 25, lang)


def test_budget_charts_have_nb_months_full_numbers_and_kroner(con):
    progress = _burn(con, "nb")
    for figure in (progress.burn, progress.monthly):
        assert figure.layout.separators == ", "
        assert figure.layout.yaxis.exponentformat == "none"  # not "4M"
        assert figure.layout.yaxis.separatethousands is True  # 4 000 000
        assert figure.layout.yaxis.title.text == "kr"
        assert figure.layout.xaxis.ticktext and not [x for x in figure.layout.xaxis.ticktext if ENGLISH_MONTH.search(x)]
        # hover: whole kroner with the language's separators, the month in the language
        assert all("%{y:,.0f}\u00a0kr" in trace.hovertemplate for trace in figure.data)
    assert progress.burn.data[0].customdata[0] == "des. 2021"  # the project starts in December 2021


def test_indicator_units_come_from_the_catalog(con):
    data = indicators.load(con, "integrate", AS_OF, local_user())
    nb = indicators.indicator_table(data.values, "nb")
    # indicators.csv of INTEGRATE: phd and postdoc in "persons", adjunct in "positions", panel_meetings in "meetings"
    units = set(nb["Enhet"])
    assert {"personer", "stillinger", "møter"} <= units
    assert not units & {"persons", "positions", "meetings", "conferences"}


# --- Item 17: colours, names, legends -----------------------------------------------------------------


def _marker_colours(figure) -> dict[str, str]:
    """Item code -> marker colour of the drawn items (not the legend keys)."""
    colours = {}
    for trace in figure.data:
        if trace.type == "scatter" and trace.mode == "markers" and trace.y is not None:
            for row in trace.y:
                if row is not None:
                    colours[row.split()[0]] = trace.marker.color
    return colours


def test_gantt_draws_status_in_the_shared_status_colours(con):
    colours = _marker_colours(_schedule(con, AS_OF, "en"))
    # as of 2025-06-01 (milestones.csv, deliverables.csv): M2.3 and D2.2 due 2025-03-31, not done: overdue;
    # M0 achieved 2022-02-15: done; M3.2 due 2025-05-22... the kick-off and the first items are done
    assert colours["M2.3"] == colours["D2.2"] == charts.STATUS_COLOURS["off_track"]
    assert colours["M0"] == colours["M1.1"] == charts.STATUS_COLOURS["on_track"]


def test_gantt_legend_has_at_most_eight_entries_with_every_status(con):
    figure = _schedule(con, AS_OF, "en")
    entries = legend_entries(figure)
    assert len(entries) <= charts.MAX_LEGEND_ENTRIES, entries
    assert {"Overdue", "Done"} <= set(entries)


def test_results_chart_groups_categories_beyond_eight_as_other():
    dates = [dt.date(2023, 1, 1) + dt.timedelta(days=n) for n in range(len(RESULT_CATEGORIES))]
    many = pd.DataFrame(
        {"category": list(RESULT_CATEGORIES), "result_date": dates, "wp_code": ["WP1"] * len(RESULT_CATEGORIES)}
    )
    figure = results.counts_chart(many, "en")
    entries = legend_entries(figure)
    assert len(entries) <= charts.MAX_LEGEND_ENTRIES, entries
    assert "Other" in entries
    # nothing lost: the ten results are all drawn
    assert sum(sum(trace.y) for trace in figure.data) == len(RESULT_CATEGORIES)


def _name_colours(figure) -> dict[str, str]:
    return {trace.name: trace.marker.color for trace in figure.data}


def test_one_name_and_one_colour_per_actor_group_on_results_and_indicators(con):
    rows = results.load(con, "mwinc", local_user())
    on_results = _name_colours(results.build_view(rows, AS_OF, "nb").attendance_chart)
    events = indicators.load(con, "mwinc", AS_OF, local_user()).events
    on_indicators = _name_colours(indicators.attendance_chart(events, "nb"))
    # results.csv's attendance columns: migrants, employers, support, researchers, others
    assert set(on_results) == {"Innvandrere", "Arbeidsgivere", "Støttetjenester", "Forskere", "Andre"}
    assert on_results == on_indicators
    assert None not in on_results.values() and len(set(on_results.values())) == 5
    # Integration Day's events.csv uses other groups, and employers again: the same colour for them
    day = indicators.load(con, "integration_day", DAY_AS_OF, local_user()).events
    on_day = _name_colours(indicators.attendance_chart(day, "nb"))
    assert on_day["Arbeidsgivere"] == on_results["Arbeidsgivere"]
    assert len(set(on_day.values())) == len(on_day)


def test_attendance_legend_groups_the_smallest_actor_groups_as_others():
    groups = list(charts.ACTOR_GROUPS)  # nine groups, one attendee more for each
    events = pd.DataFrame(
        {
            "event_id": ["e1"] * len(groups),
            "event_date": [dt.date(2024, 1, 1)] * len(groups),
            "title": ["Breakfast"] * len(groups),
            "actor_group": groups,
            "attendees": list(range(1, len(groups) + 1)),
        }
    )
    figure = indicators.attendance_chart(events, "en")
    entries = legend_entries(figure)
    assert len(entries) <= charts.MAX_LEGEND_ENTRIES
    assert entries[-1] == "Others"
    assert sum(trace.x[0] for trace in figure.data) == sum(range(1, 10))  # 45 attendees, none lost


STATUS_NAMES = {"On track": "on_track", "At risk": "at_risk", "Off track": "off_track"}  # codes.yaml, en


def test_portfolio_points_carry_project_names_and_status_colours(con, settings):
    rows = portfolio.portfolio(con, local_user(), AS_OF, settings)
    figure = portfolio.chart(rows, "en")
    acronyms = {
        re.search(r"^acronym: *(.+)$", (folder / "project.yaml").read_text(encoding="utf-8"), re.M).group(1)
        for folder in SEED.iterdir()
    }
    points = [trace for trace in figure.data if trace.name in STATUS_NAMES]
    assert {text for trace in points for text in trace.text} == acronyms == {"MW Inc", "Integration Day", "INTEGRATE"}
    for trace in points:
        assert "text" in trace.mode  # the name is drawn beside the point, not only on hover
        assert trace.marker.color == charts.STATUS_COLOURS[STATUS_NAMES[trace.name]]


def test_a_projection_above_the_budget_is_drawn_as_overrun():
    series = pd.DataFrame(
        {
            "year": [2024, 2024, 2024],
            "month": [1, 2, 3],
            "planned_cum": [Decimal(10), Decimal(20), Decimal(30)],
            "actual_cum": [Decimal(12), None, None],
            "run_rate_cum": [None, Decimal(20), Decimal(29)],  # ends within the budget of 30
            "eac_cum": [None, Decimal(25), Decimal(36)],
        }
    )  # ends 6 over
    lines = {trace.name: trace.line.color for trace in budget_views.burn_chart(series, dt.date(2024, 1, 31), "en").data}
    assert lines["Projection, earned value (EAC)"] == charts.OVERRUN
    assert lines["Projection, run rate"] != charts.OVERRUN
    assert lines["Budget (cumulative)"] != lines["Actual (cumulative)"]


# --- Item 9: legends clear of the axes --------------------------------------------------------------


def test_legends_sit_below_the_axes_against_the_container(con):
    """A legend placed in plot-area units (y = -0.25) lands on the tick labels when the plot is short or
    the labels are rotated; placed against the container, plotly makes room for it under everything."""
    progress = _burn(con, "en")
    rows = results.load(con, "mwinc", local_user())
    view = results.build_view(rows, AS_OF, "en")
    events = indicators.load(con, "integration_day", DAY_AS_OF, local_user()).events
    for figure in (
        progress.burn,
        progress.monthly,
        view.attendance_chart,
        view.counts_chart,
        indicators.attendance_chart(events, "en"),
    ):
        legend = figure.layout.legend
        assert (legend.orientation, legend.yref, legend.yanchor, legend.y) == ("h", "container", "bottom", 0)
    # and the attendance axis title is no longer next to the legend: events read across, titles down
    assert view.attendance_chart.data[0].orientation == "h"
    assert indicators.attendance_chart(events, "en").data[0].orientation == "h"  # no rotated event names


def test_gantt_hover_texts_carry_no_field_names_or_iso_dates(con):
    figure = _schedule(con, AS_OF, "nb")
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert bars and all("=" not in trace.hovertemplate for trace in bars)  # px.timeline's "start=%{base}"
    # work_packages.csv: WP1 runs 2021-12-01 to 2025-06-30
    assert "01.12.2021 – 30.06.2025" in bars[0].customdata


def test_a_partner_with_one_cost_category_still_sees_it_named():
    monthly = pd.DataFrame(
        {
            "year": [2024, 2024],
            "month": [1, 2],
            "cost_category": ["personnel_indirect"] * 2,
            "amount": [Decimal("100.00"), Decimal("200.00")],
        }
    )
    figure = budget_views.monthly_chart(monthly, "nb")
    assert figure.layout.showlegend is True
    assert figure.data[0].name == "Personal- og indirekte kostnader"  # the cost plan's nb name (DESIGN.md)


def test_gantt_with_a_filter_that_matches_nothing_draws_the_empty_plan(con):
    # as of 2021-12-15 nothing is overdue (the first item, M0, is due 2022-02-28): the "overdue" filter is empty
    data = schedule_views.load(con, "mwinc", local_user())
    view = schedule_views.build_view(
        data, dt.date(2021, 12, 15), 90, schedule_views.Filters(statuses=("overdue",)), "nb"
    )
    assert view.table.empty
    assert not _marker_colours(view.figure)


def test_every_category_in_the_results_chart_has_a_colour_of_its_own():
    # the two last categories of the funder's list (international, innovation) beside the first two
    picked = [RESULT_CATEGORIES[0], RESULT_CATEGORIES[1], RESULT_CATEGORIES[8], RESULT_CATEGORIES[9]]
    frame = pd.DataFrame({"category": picked, "result_date": [dt.date(2023, 1, 1)] * 4, "wp_code": ["WP1"] * 4})
    colours = [trace.marker.color for trace in results.counts_chart(frame, "en").data]
    assert len(set(colours)) == 4 and None not in colours


def test_only_charts_sets_the_separators():
    """The language's separators are set in monitor/charts.py alone (localise, which every figure goes
    through), so that no chart reads "1,234.5" beside another's "1 234,5"."""
    root = Path(__file__).resolve().parent.parent
    setters = [
        str(path.relative_to(root))
        for path in [*(root / "monitor").rglob("*.py"), *(root / "ui").rglob("*.py")]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and getattr(node.func, "attr", None) in {"update_layout", "Layout"}
        and any(k.arg == "separators" for k in node.keywords)
    ]
    assert setters == ["monitor/charts.py"]
