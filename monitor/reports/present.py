"""The report's tables as shown and exported: labels in the chosen language, amounts in the chosen unit,
rounded so that the rows add up to the year sums and the year sums to the total (largest remainder).

The screen, the Excel, CSV and PDF files all take these frames, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from monitor.codes import RESULT_CATEGORIES
from monitor.effort import rules as effort_rules
from monitor.i18n import label, t
from monitor.money import ZERO, share
from monitor.reports.rounding import largest_remainder, round_total
from monitor.reports.tables import EFFORT, MONEY_TABLES, Report

# unit -> (rounding step in NOK, divisor for display)
UNITS = {
    "nok": (Decimal("0.01"), Decimal(1)),
    "nok_whole": (Decimal(1), Decimal(1)),
    "knok": (Decimal(1000), Decimal(1000)),
}
DIM_LABELS = {"cost": "report.col.category", "cost_partner": "report.col.partner", "funding": "report.col.source"}
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class ShownTable:
    key: str
    title: str
    frame: pd.DataFrame
    amounts: tuple[str, ...] = ()  # columns of amounts in the unit
    percents: tuple[str, ...] = ()  # columns of percentages with one decimal
    unit: str = "nok"
    decimals: dict[str, int] = field(default_factory=dict)  # other figures (hours, person-months): column -> places
    empty_text: str | None = None  # the one line said instead of a table without rows


def present(
    report: Report, lang: str, unit: str = "nok", tables: dict[str, pd.DataFrame] | None = None
) -> list[ShownTable]:
    """Every table of the report (or of `tables`, e.g. a frozen snapshot's) ready to show or export."""
    source = report.tables if tables is None else tables
    shown = []
    for key, frame in source.items():
        if key in MONEY_TABLES:
            shown.append(money_table(key, frame, report.partner_names, lang, unit))
        elif key == "explanations":
            shown.append(explanations_table(frame, report.partner_names, lang))
        elif key == EFFORT:
            shown.append(effort_table(frame, report, lang))
        else:
            shown.append(_OTHER[key](frame, lang))
    return shown


def unit_label(unit: str, lang: str) -> str:
    return t(f"report.unit.{unit}", lang)


def key_label(table: str, code: str, names: dict[str, str], lang: str) -> str:
    """The label of a money table's row key: cost category, partner short name or funding source."""
    if table == "cost":
        return label("category", code, lang) if code else t("report.none", lang)
    if table == "cost_partner":
        return names.get(code, code) if code else t("report.none", lang)
    return label("source", code, lang) if code else t("report.unattributed", lang)


def money_table(key: str, frame: pd.DataFrame, names: dict[str, str], lang: str, unit: str) -> ShownTable:
    """Year, key, plan, actual, deviation (actual − plan), deviation % — a sum row per year and a total row.

    Plan and actual are rounded with nested largest remainders (total, then years, then rows), so every
    sum row is the sum of the rows above it; the deviation is taken from the rounded figures so it adds
    up too; the percentage is computed from the exact figures.
    """
    step, divisor = UNITS[unit]
    rounded = {m: _nested_round(frame, m, step) for m in ("planned", "actual")}
    columns = _money_columns(key, lang, unit)
    records = []
    for kind, year, code, exact_plan, exact_actual, index in _money_rows(frame):
        plan, actual = (rounded[m][(kind, year, index)] / divisor for m in ("planned", "actual"))
        name = {
            "row": key_label(key, code, names, lang),
            "year": t("report.year_sum", lang),
            "total": t("report.total", lang),
        }[kind]
        records.append([year, name, plan, actual, actual - plan, percent(exact_actual - exact_plan, exact_plan)])
    table = pd.DataFrame(records, columns=columns, dtype=object)
    return ShownTable(
        key, t(f"report.table.{key}", lang), table, amounts=tuple(columns[2:5]), percents=(columns[5],), unit=unit
    )


def _money_columns(key: str, lang: str, unit: str) -> list[str]:
    shown_unit = unit_label(unit, lang)
    plan, actual = (
        ("report.col.funding_plan", "report.col.financing")
        if key == "funding"
        else ("report.col.budget", "report.col.actual")
    )
    return [
        t("report.col.year", lang),
        t(DIM_LABELS[key], lang),
        f"{t(plan, lang)} ({shown_unit})",
        f"{t(actual, lang)} ({shown_unit})",
        f"{t('report.col.deviation', lang)} ({shown_unit})",
        t("report.col.deviation_pct", lang),
    ]


def _money_rows(frame: pd.DataFrame):
    """(kind, year, code, exact plan, exact actual, index) for rows, year sums and the total, in order."""
    for year in sorted(set(frame["year"])):
        part = frame[frame["year"] == year]
        for index, row in part.iterrows():
            yield "row", year, row["key"], row["planned"], row["actual"], index
        yield "year", year, None, sum(part["planned"], Decimal(0)), sum(part["actual"], Decimal(0)), None
    yield "total", None, None, sum(frame["planned"], Decimal(0)), sum(frame["actual"], Decimal(0)), None


def _nested_round(frame: pd.DataFrame, measure: str, step: Decimal) -> dict[tuple, Decimal]:
    """{(kind, year, index): rounded}: the total rounded alone, the year sums to it, the rows to their year."""
    years = sorted(set(frame["year"]))
    exact = {y: frame.loc[frame["year"] == y, measure].tolist() for y in years}
    total = round_total(sum((sum(v, Decimal(0)) for v in exact.values()), Decimal(0)), step)
    year_sums = dict(
        zip(years, largest_remainder([sum(exact[y], Decimal(0)) for y in years], step, total), strict=True)
    )
    result = {("total", None, None): total}
    for year in years:
        result[("year", year, None)] = year_sums[year]
        indexes = frame.index[frame["year"] == year].tolist()
        for index, value in zip(indexes, largest_remainder(exact[year], step, year_sums[year]), strict=True):
            result[("row", year, index)] = value
    return result


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole in per cent with one decimal (money.share's rule, to the tenth of a per cent); None when
    whole is zero."""
    fraction = share(part, whole, places=Decimal("0.001"))
    return None if fraction is None else (fraction * 100).quantize(TENTH)


def results_table(frame: pd.DataFrame, lang: str) -> ShownTable:
    """Categories down (in the funder's order), years across, with totals."""
    years = sorted({int(y) for y in frame["year"]})
    counts = {(c, int(y)): int(n) for c, y, n in zip(frame["category"], frame["year"], frame["count"], strict=True)}
    present_categories = [c for c in RESULT_CATEGORIES if any(k[0] == c for k in counts)]
    category_column, total_column = t("report.col.result_category", lang), t("report.total", lang)
    records = []
    for category in present_categories:
        row = {category_column: label("results.category", category, lang)}
        row.update({str(y): counts.get((category, y), 0) for y in years})
        row[total_column] = sum(counts.get((category, y), 0) for y in years)
        records.append(row)
    totals = {
        category_column: total_column,
        **{str(y): sum(counts.get((c, y), 0) for c in present_categories) for y in years},
    }
    totals[total_column] = sum(counts.values())
    table = pd.DataFrame([*records, totals], columns=[category_column, *map(str, years), total_column])
    return ShownTable("results", t("report.table.results", lang), table)


def schedule_table(frame: pd.DataFrame, lang: str) -> ShownTable:
    table = pd.DataFrame(
        {
            t("report.col.kind", lang): [label("kind", k, lang) for k in frame["kind"]],
            t("report.col.code", lang): frame["code"].tolist(),
            t("report.col.wp", lang): frame["wp_code"].tolist(),
            t("report.col.title", lang): frame["title"].tolist(),
            t("report.col.baseline_due", lang): frame["baseline_due"].tolist(),
            t("report.col.due", lang): frame["due_date"].tolist(),
            t("report.col.done", lang): frame["done_date"].tolist(),
            t("report.col.status", lang): [label("item", s, lang) for s in frame["status"]],
            t("report.col.days_overdue", lang): frame["days_overdue"].tolist(),
            t("report.col.slip", lang): frame["slip_days"].tolist(),
            t("report.col.justification", lang): frame["justification"].tolist(),
        }
    )
    return ShownTable("schedule", t("report.table.schedule", lang), table)


def popular_table(frame: pd.DataFrame, lang: str) -> ShownTable:
    table = pd.DataFrame(
        {
            t("report.col.language", lang): [t(f"report.lang.{c}", lang) for c in frame["lang"]],
            t("report.col.text", lang): frame["text"].tolist(),
            t("report.col.characters", lang): [int(n) for n in frame["characters"]],
            t("report.col.limit", lang): [int(n) for n in frame["limit"]],
            t("report.col.within", lang): [
                t("report.yes" if n <= m else "report.no", lang)
                for n, m in zip(frame["characters"], frame["limit"], strict=True)
            ],
        }
    )
    return ShownTable("popular", t("report.table.popular", lang), table)


def explanations_table(frame: pd.DataFrame, names: dict[str, str], lang: str) -> ShownTable:
    """Year, cost category, partner (or 'whole project'), the explanation as written."""
    table = pd.DataFrame(
        {
            t("report.col.year", lang): [int(y) for y in frame["year"]],
            t("report.col.category", lang): [label("category", c, lang) for c in frame["cost_category"]],
            t("report.col.partner", lang): [
                names.get(p, p) if p else t("report.whole_project", lang) for p in frame["partner_id"]
            ],
            t("report.col.explanation", lang): frame["text"].tolist(),
        },
        dtype=object,
    )
    return ShownTable("explanations", t("report.table.explanations", lang), table)


def wp_label(code: str, titles: dict[str, dict[str, str]], lang: str) -> str:
    """'WP1 <title>' as on the Effort page; the code alone for a work package without a title."""
    title = titles.get(code, {}).get(lang)
    return f"{code} {title}" if title else code


EFFORT_FIGURES = ("effort.col.planned_pm", "effort.col.actual_hours", "effort.col.actual_pm", "effort.col.deviation_pm")


def effort_table(frame: pd.DataFrame, report: Report, lang: str) -> ShownTable:
    """Work package (title), partner (short name), planned and actual person-months, approved hours and the
    deviation (actual − planned) per row, then a total row whose actual person-months convert the summed hours
    once (as the Effort page and summary --json do). No plan and no hours: one line says so instead."""
    wp, partner = t("effort.col.wp", lang), t("effort.col.partner", lang)
    planned, hours, actual, deviation = (t(key, lang) for key in EFFORT_FIGURES)
    columns = [wp, partner, planned, hours, actual, deviation]
    records = [
        [
            wp_label(code, report.work_packages, lang),
            report.partner_names.get(partner_id, partner_id),
            plan,
            worked,
            done,
            done - plan,
        ]
        for code, partner_id, plan, worked, done in zip(
            frame["wp_code"],
            frame["partner_id"],
            frame["planned_pm"],
            frame["actual_hours"],
            frame["actual_pm"],
            strict=True,
        )
    ]
    if records:
        total_plan, total_hours = sum(frame["planned_pm"], ZERO), sum(frame["actual_hours"], ZERO)
        total_actual = effort_rules.person_months(total_hours)
        records.append([t("report.total", lang), "", total_plan, total_hours, total_actual, total_actual - total_plan])
    return ShownTable(
        EFFORT,
        t("report.table.effort", lang),
        pd.DataFrame(records, columns=columns, dtype=object),
        decimals={c: 2 for c in (planned, hours, actual, deviation)},
        empty_text=t("report.effort_none", lang),
    )


_OTHER = {"results": results_table, "schedule": schedule_table, "popular": popular_table}


@dataclass(frozen=True)
class Counter:
    text: str
    over: bool


def popular_counters(report: Report, lang: str) -> list[Counter]:
    """'Norwegian: 320 of 5000 characters' per language; a warning text when a text is too long."""
    frame = report.tables.get("popular")
    if frame is None:
        return []
    counters = []
    for code, count, limit in zip(frame["lang"], frame["characters"], frame["limit"], strict=True):
        name = t(f"report.lang.{code}", lang)
        if count > limit:
            counters.append(Counter(t("report.popular_over", lang, language=name, over=int(count - limit)), True))
        else:
            counters.append(
                Counter(t("report.popular_count", lang, language=name, count=int(count), limit=int(limit)), False)
            )
    return counters
