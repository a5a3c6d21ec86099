"""What the Effort page shows: person-months planned against actual per work package × partner with the deviation
(the table the funder's reviewers ask for), the approved effort month by month as a table and a chart, and the
person-years of PhD candidates and postdocs; labelled in the user's language. Pure: no Streamlit. The tables keep
their figures as Decimal (the page formats them, ui.shown.table), so screen and downloads hold the same numbers.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import plotly.graph_objects as go

from monitor import charts
from monitor import format as fmt
from monitor.effort import people, rules
from monitor.effort.load import INKIND, EffortData, Names, allowed_by_year, person_month_table
from monitor.effort.rates import rcn
from monitor.i18n import t
from monitor.money import ZERO
from monitor.shown import Tile

# The categories whose person-years the funder asks for (the project's PhD and postdoc positions).
RESEARCH_TRAINING = ("phd", "postdoc")
YEAR_PLACES = Decimal("0.01")


def wp_label(code: str, names: Names, lang: str) -> str:
    title = names.work_packages.get(code, {}).get(lang)
    return f"{code} {title}" if title else code


def partner_label(partner_id: str, names: Names) -> str:
    return names.partners.get(partner_id, partner_id)


# --- planned against actual ---------------------------------------------------------------------------


def person_month_view(effort: EffortData, names: Names, lang: str) -> pd.DataFrame:
    """One row per work package × partner: planned and actual person-months (actual from approved hours) and the
    deviation (actual − planned), then a total row. The total's actual person-months convert the summed hours
    once (as summary --json does), so they may differ by a rounding from the sum of the rows."""
    table = person_month_table(effort)
    frame = pd.DataFrame(
        {
            t("effort.col.wp", lang): [wp_label(c, names, lang) for c in table["wp_code"]],
            t("effort.col.partner", lang): [partner_label(p, names) for p in table["partner_id"]],
            t("effort.col.planned_pm", lang): list(table["planned_pm"]),
            t("effort.col.actual_hours", lang): list(table["actual_hours"]),
            t("effort.col.actual_pm", lang): list(table["actual_pm"]),
            t("effort.col.deviation_pm", lang): list(table["difference_pm"]),
        }
    )
    planned = sum(table["planned_pm"], ZERO)
    hours = sum(table["actual_hours"], ZERO)
    actual = rules.person_months(hours)
    total = {
        t("effort.col.wp", lang): t("effort.total", lang),
        t("effort.col.partner", lang): "",
        t("effort.col.planned_pm", lang): planned,
        t("effort.col.actual_hours", lang): hours,
        t("effort.col.actual_pm", lang): actual,
        t("effort.col.deviation_pm", lang): actual - planned,
    }
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


def headline_tiles(effort: EffortData, monthly: pd.DataFrame, lang: str) -> list[Tile]:
    table = person_month_table(effort)
    planned = sum(table["planned_pm"], ZERO)
    actual = rules.person_months(sum(table["actual_hours"], ZERO))
    years = training_years(monthly)
    # No plan or no approved hours yet (a project from the funder's open data has neither): said in words, where
    # 0,00 would pass for a plan of nothing or a year without work.
    no_plan, no_hours = t("effort.tile.no_plan", lang), t("effort.tile.no_hours", lang)
    hours = not monthly.empty or bool(sum(table["actual_hours"], ZERO))

    def counted(value) -> str:
        return fmt.number(value, lang, 2) if hours else no_hours

    return [
        Tile(t("effort.tile.planned_pm", lang), fmt.number(planned, lang, 2) if not effort.planned.empty else no_plan),
        Tile(t("effort.tile.actual_pm", lang), counted(actual), help=t("effort.actual_help", lang)),
        Tile(t("effort.tile.phd_years", lang), counted(years["phd"])),
        Tile(t("effort.tile.postdoc_years", lang), counted(years["postdoc"])),
    ]


# --- personnel cost by the funder's rules ---------------------------------------------------------------


def has_own_hours(effort: EffortData) -> bool:
    """Whether there are approved hours to price (in-kind hours are valued at the in-kind rate, not priced here)."""
    return bool((effort.hours["source"] != INKIND).any())


def personnel_cost_view(effort: EffortData, ledger: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """Per partner and year with approved hours of its own: the rule that prices them, the hours, the cost the rules
    allow, the ledger's personnel and indirect cost of the same months (load.ledger_personnel) and the difference,
    ledger − allowed (for a UH project owner, positive = what it carries as own financing; negative = the flat rate
    allows more than the ledger holds). A total row; "–" where a person lacks the salary its rule needs."""
    own = effort.hours[effort.hours["source"] != INKIND]
    allowed = allowed_by_year(own)
    booked = {(r["partner_id"], int(r["year"])): Decimal(r["ledger_cost"]) for r in ledger.to_dict("records")}
    sectors = dict(zip(effort.hours["partner_id"], effort.hours["sector"], strict=True))
    rows, totals = [], {"hours": ZERO, "allowed": ZERO, "ledger": ZERO}
    for partner, year in sorted(set(allowed) | set(booked)):
        hours = sum(
            (Decimal(h) for h in own.loc[(own["partner_id"] == partner) & (own["year"] == year), "hours"]), ZERO
        )
        cost, in_ledger = allowed.get((partner, year), ZERO), booked.get((partner, year), ZERO)
        rows.append(_pricing_row(partner, year, sectors.get(partner), hours, cost, in_ledger, names, lang))
        totals["hours"] += hours
        totals["ledger"] += in_ledger
        totals["allowed"] = None if totals["allowed"] is None or cost is None else totals["allowed"] + cost
    total = _pricing_row("", None, None, totals["hours"], totals["allowed"], totals["ledger"], names, lang)
    total[t("effort.col.partner", lang)] = t("effort.total", lang)
    return pd.DataFrame([*rows, total])


def _pricing_row(partner, year, sector, hours, allowed, in_ledger, names: Names, lang: str) -> dict:
    rule = rcn().rule(sector) if sector else None
    return {
        t("effort.col.partner", lang): partner_label(partner, names),
        t("effort.col.year", lang): "" if year is None else str(year),
        t("effort.col.rule", lang): t(f"effort.rule.{rule}", lang) if rule else "",
        t("effort.col.own_hours", lang): hours,
        t("effort.col.allowed_cost", lang): "–" if allowed is None else allowed,
        t("effort.col.ledger_cost", lang): in_ledger,
        t("effort.col.own_financing", lang): "–" if allowed is None else rules.own_financing(in_ledger, allowed),
    }


# --- effort over time -----------------------------------------------------------------------------------


def monthly_view(monthly: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per month: the approved hours and their person-months (each month's hours converted once)."""
    by_month = _hours_by_month(monthly)
    return pd.DataFrame(
        {
            t("effort.col.month", lang): [month_label(m, lang) for m in by_month],
            t("effort.col.actual_hours", lang): list(by_month.values()),
            t("effort.col.actual_pm", lang): [rules.person_months(h) for h in by_month.values()],
        }
    )


def monthly_chart(monthly: pd.DataFrame, lang: str) -> go.Figure:
    """Person-months per month as bars (floats for plotting only)."""
    by_month = _hours_by_month(monthly)
    months = list(by_month)
    name = t("effort.col.actual_pm", lang)
    figure = go.Figure()
    figure.add_bar(
        x=months,
        y=[float(rules.person_months(h)) for h in by_month.values()],
        name=name,
        marker_color=charts.ACTUAL,
        customdata=[month_label(m, lang) for m in months],
        hovertemplate=f"{name}<br>%{{customdata}}: %{{y:,.2f}}<extra></extra>",
    )
    if months:
        charts.date_axis(figure, months[0], months[-1], lang)
    figure.update_layout(
        height=360,
        yaxis={"title": t("effort.chart.person_months", lang)},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        showlegend=False,
    )
    return charts.localise(figure, lang)


def month_label(month: dt.date, lang: str) -> str:
    return charts.month_ticks(month, month, lang)[1][0]


def _hours_by_month(monthly: pd.DataFrame) -> dict[dt.date, Decimal]:
    sums: dict[dt.date, Decimal] = {}
    for row in monthly.to_dict("records"):
        month = pd.Timestamp(row["month"]).date()
        sums[month] = sums.get(month, ZERO) + Decimal(row["hours"])
    return dict(sorted(sums.items()))


# --- PhD and postdoc person-years ----------------------------------------------------------------------


def training_years(monthly: pd.DataFrame) -> dict[str, Decimal]:
    """category -> person-years of approved hours (hours / 1 628, half up to two places) for PhD and postdoc."""
    return {category: _years(_category_hours(monthly, category)) for category in RESEARCH_TRAINING}


def training_view(monthly: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("effort.col.category", lang): [t(f"effort.category.{c}", lang) for c in RESEARCH_TRAINING],
            t("effort.col.actual_hours", lang): [_category_hours(monthly, c) for c in RESEARCH_TRAINING],
            t("effort.col.person_years", lang): [_years(_category_hours(monthly, c)) for c in RESEARCH_TRAINING],
        }
    )


def _category_hours(monthly: pd.DataFrame, category: str) -> Decimal:
    chosen = monthly.loc[monthly["person_category"] == category, "hours"]
    return sum((Decimal(h) for h in chosen), ZERO)


def _years(hours: Decimal) -> Decimal:
    return (hours / rcn().hours_per_year).quantize(YEAR_PLACES, ROUND_HALF_UP)


# --- each person's load across projects (monitor/effort/people.py) ----------------------------------------------


def load_view(loads: people.Loads, names: Names, lang: str) -> pd.DataFrame:
    """One row per person and year with approved hours here: name, partner, staff category, the year, hours here,
    hours across projects (the other projects summed, never listed), the number of projects, person-years across
    projects and the breaches in words ("" when none). The same frame is shown and downloaded."""
    table = loads.table
    return pd.DataFrame(
        {
            t("effort.load.col.name", lang): list(table["name"]),
            t("effort.col.partner", lang): [partner_label(p, names) for p in table["partner_id"]],
            t("effort.col.category", lang): [t(f"effort.category.{c}", lang) for c in table["category"]],
            t("effort.load.col.year", lang): [int(y) for y in table["year"]],
            t("effort.load.col.hours_here", lang): list(table["hours_here"]),
            t("effort.load.col.hours_all", lang): list(table["hours_all"]),
            t("effort.load.col.projects", lang): [int(n) for n in table["projects"]],
            t("effort.load.col.person_years", lang): list(table["person_years"]),
            t("effort.load.col.breaches", lang): [_flags(kinds, lang) for kinds in table["breaches"]],
        }
    )


def breach_lines(loads: people.Loads, lang: str) -> list[str]:
    """Each breach in a sentence (the catalog's effort.breach.*), in the table's order."""
    return [breach.text(lang) for breach in loads.breaches]


def _flags(kinds: tuple[str, ...], lang: str) -> str:
    return "; ".join(t(f"effort.load.flag.{kind}", lang) for kind in kinds)
