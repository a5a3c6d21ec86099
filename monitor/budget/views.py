"""The Budget page's views: display-ready tables (labels in the chosen language, amounts as Decimal)
and plotly figures. The table a view returns is the one on screen *and* the one downloaded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go

from monitor import charts
from monitor import format as fmt
from monitor.budget import evm, pivot
from monitor.budget import load as budget_load
from monitor.codes import COST_CATEGORIES
from monitor.i18n import label, t
from monitor.money import share, total

# URL codes of the dimensions and measures (a bound widget keeps its displayed option in the URL,
# so these short codes are what the widgets show; the labels are explained beside them).
DIM_CODES = {
    "year": "year",
    "category": "cost_category",
    "partner": "partner_id",
    "wp": "wp_code",
    "source": "funding_source",
}
MEASURE_CODES = {
    "planned": "planned",
    "to_date": "planned_to_date",
    "actual": "actual",
    "variance": "variance",
    "variance_pct": "variance_pct",
    "baseline": "baseline",
    "variance_baseline": "variance_baseline",
}
INDEX_FIGURES = ("spi", "cpi")


@dataclass(frozen=True)
class PivotView:
    table: pd.DataFrame  # shown and downloaded
    row_dim: str
    column_dim: str | None
    row_values: list[str]  # codes, for the drill-down choice
    column_values: list[str]


def key_labels(budget_data: budget_load.BudgetData, dim: str, codes: list[str], lang: str) -> dict[str, str]:
    """Code -> display label of one dimension's values."""
    data = budget_data.data
    if dim == "partner_id":
        names = dict(zip(data.partners["partner_id"], data.partners["short_name"], strict=True))
        return {c: names.get(c, c) if c else t("budget.no_value", lang) for c in codes}
    if dim == "wp_code":
        titles = data.work_packages.set_index("wp_code")["title_nb" if lang == "nb" else "title_en"].to_dict()
        return {c: f"{c} {titles.get(c, '')}".strip() if c else t("budget.no_wp", lang) for c in codes}
    if dim == "cost_category":
        return {c: label("category", c, lang) if c else t("budget.no_value", lang) for c in codes}
    if dim == "funding_source":
        return {c: label("source", c, lang) if c else t("budget.unattributed", lang) for c in codes}
    return {c: c or t("budget.no_value", lang) for c in codes}


def pivot_view(
    budget_data: budget_load.BudgetData,
    frame: pd.DataFrame,
    row_dim: str,
    column_dim: str | None,
    measure: str,
    lang: str,
) -> PivotView:
    """One dimension: every measure per value, with a total row. Two: a cross-tab of `measure`
    with row and column totals."""
    rows = sorted(set(frame[row_dim]))
    columns = sorted(set(frame[column_dim])) if column_dim else []
    if column_dim is None:
        table = _measure_table(budget_data, frame, row_dim, lang)
    else:
        table = _cross_table(budget_data, frame, row_dim, column_dim, measure, lang)
    return PivotView(table, row_dim, column_dim, rows, columns)


def _measure_table(budget_data, frame: pd.DataFrame, dim: str, lang: str) -> pd.DataFrame:
    names = key_labels(budget_data, dim, list(frame[dim]), lang)
    body = pd.DataFrame({t(f"budget.dim.{dim}", lang): [names[c] for c in frame[dim]]})
    for measure in pivot.MEASURES:
        body[t(f"budget.m.{measure}", lang)] = _display_measure(frame, measure)
    totals = {measure: total(frame[measure]) for measure in pivot.AMOUNT_MEASURES}
    totals["variance_pct"] = share(totals["variance"], totals["planned_to_date"])
    total_row = {
        t(f"budget.dim.{dim}", lang): t("budget.total", lang),
        **{t(f"budget.m.{m}", lang): _percent(totals[m]) if m == "variance_pct" else totals[m] for m in pivot.MEASURES},
    }
    return pd.concat([body, pd.DataFrame([total_row])], ignore_index=True)


def _display_measure(frame: pd.DataFrame, measure: str) -> list:
    return [_percent(v) for v in frame[measure]] if measure == "variance_pct" else list(frame[measure])


def _percent(fraction: Decimal | None) -> Decimal | None:
    """A fraction as a percentage with one decimal (-0.2747 -> -27.5)."""
    return None if fraction is None else (Decimal(fraction) * 100).quantize(Decimal("0.1"))


def _cross_table(
    budget_data, frame: pd.DataFrame, row_dim: str, column_dim: str, measure: str, lang: str
) -> pd.DataFrame:
    row_codes, column_codes = sorted(set(frame[row_dim])), sorted(set(frame[column_dim]))
    row_names = key_labels(budget_data, row_dim, row_codes, lang)
    column_names = key_labels(budget_data, column_dim, column_codes, lang)
    cells = {(r, c): row for r, c, row in zip(frame[row_dim], frame[column_dim], frame.to_dict("records"), strict=True)}

    def value(selected: list[dict]) -> Decimal | None:
        if measure != "variance_pct":
            return total(row[measure] for row in selected)
        return _percent(share(total(r["variance"] for r in selected), total(r["planned_to_date"] for r in selected)))

    records = []
    for r in [*row_codes, None]:
        record = {t(f"budget.dim.{row_dim}", lang): row_names[r] if r is not None else t("budget.total", lang)}
        for c in [*column_codes, None]:
            selected = [row for (rr, cc), row in cells.items() if (r is None or rr == r) and (c is None or cc == c)]
            record[column_names[c] if c is not None else t("budget.total", lang)] = value(selected)
        records.append(record)
    return pd.DataFrame(records)


LINE_COLUMNS = {
    "line_date": "budget.col.date",
    "account": "budget.col.account",
    "account_name": "budget.col.account_name",
    "text": "budget.col.text",
    "voucher": "budget.col.voucher",
    "source_file": "budget.col.source_file",
    "amount": "col.amount",
}
VERSION_COLUMNS = {
    "plan_version": "budget.col.version",
    "label": "budget.col.label",
    "created_at": "budget.col.created",
    "created_by": "budget.col.created_by",
    "is_current": "budget.col.current",
    "total": "budget.col.budget",
}


def lines_table(lines: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Drill-down lines: date, account, account name, text, voucher, source file, amount."""
    return _labelled(lines, LINE_COLUMNS, lang)


BURN_LINES = (
    ("planned_cum", "budget.series.planned_cum", None, 3),
    ("actual_cum", "budget.series.actual_cum", None, 3),
    ("run_rate_cum", "budget.series.run_rate", "dot", 2),
    ("eac_cum", "budget.series.eac", "dash", 2),
)


def burn_chart(series: pd.DataFrame, as_of: dt.date, lang: str) -> go.Figure:
    """Cumulative planned against actual, the two projections and the as-of line (floats only here).
    A projection that ends above the budget is an overrun and drawn red; one within it grey."""
    x = [dt.date(int(y), int(m), 1) for y, m in zip(series["year"], series["month"], strict=True)]
    budget_end = _last(series["planned_cum"])
    colours = {"planned_cum": charts.PLANNED, "actual_cum": charts.ACTUAL}
    figure = go.Figure()
    for column, key, dash, width in BURN_LINES:
        values = [None if v is None or pd.isna(v) else float(v) for v in series[column]]
        if any(v is not None for v in values):
            colour = colours.get(column) or _projection_colour(_last(series[column]), budget_end)
            figure.add_scatter(
                x=x,
                y=values,
                name=t(key, lang),
                mode="lines",
                line={"dash": dash, "color": colour, "width": width},
                customdata=[_month(d, lang) for d in x],
                hovertemplate=_amount_hover(t(key, lang), lang),
            )
    if x and x[0] <= as_of <= x[-1] + dt.timedelta(days=31):
        figure.add_vline(
            x=dt.datetime.combine(as_of, dt.time()).timestamp() * 1000,
            line_dash="dash",
            line_color="grey",
            annotation_text=t("budget.as_of_line", lang),
        )
    if x:
        charts.date_axis(figure, x[0], x[-1], lang)
    return _layout(figure, lang)


def _last(values) -> Decimal | None:
    known = [v for v in values if v is not None and not pd.isna(v)]
    return Decimal(known[-1]) if known else None


def _projection_colour(end_value: Decimal | None, budget_end: Decimal | None) -> str:
    over = end_value is not None and budget_end is not None and end_value > budget_end
    return charts.OVERRUN if over else charts.NEUTRAL


def _month(day: dt.date, lang: str) -> str:
    return charts.month_ticks(day, day, lang)[1][0]


def _amount_hover(name: str, lang: str) -> str:
    """Name, month and the amount in whole kroner with the language's separators."""
    return f"{name}<br>%{{customdata}}: {t('chart.amount', lang, amount=charts.hover_number('y'))}<extra></extra>"


def monthly_chart(monthly: pd.DataFrame, lang: str) -> go.Figure:
    """Actual cost per month, stacked by cost category in the funder's order (credits show below zero)."""
    figure = go.Figure()
    present = set(monthly["cost_category"].fillna(""))
    order = [c for c in COST_CATEGORIES if c in present] + sorted(present - set(COST_CATEGORIES))
    colours = charts.series_colours([*COST_CATEGORIES, *order])  # a category keeps its colour whatever is present
    for category in order:
        part = monthly[monthly["cost_category"].fillna("") == category]
        months = [dt.date(int(y), int(m), 1) for y, m in zip(part["year"], part["month"], strict=True)]
        name = label("category", category or None, lang)
        figure.add_bar(
            x=months,
            y=[float(v) for v in part["amount"]],
            name=name,
            marker_color=colours[category],
            customdata=[_month(d, lang) for d in months],
            hovertemplate=_amount_hover(name, lang),
        )
    figure.update_layout(barmode="relative", showlegend=True)  # plotly hides a lone series' legend: name it anyway
    if not monthly.empty:
        first = min(dt.date(int(y), int(m), 1) for y, m in zip(monthly["year"], monthly["month"], strict=True))
        last = max(dt.date(int(y), int(m), 1) for y, m in zip(monthly["year"], monthly["month"], strict=True))
        charts.date_axis(figure, first, last, lang)
    return _layout(figure, lang)


def _layout(figure: go.Figure, lang: str) -> go.Figure:
    figure.update_layout(height=380, yaxis={"title": t("chart.nok", lang)}, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return charts.legend_below(charts.localise(figure, lang))


@dataclass(frozen=True)
class EvmFigure:
    key: str
    label: str
    value: str
    formula: str
    state: str  # good / warn / bad / none (colours for the indices; none for amounts)


def evm_figures(figures: evm.EarnedValue, at_risk_pct: int, off_track_pct: int, lang: str) -> list[EvmFigure]:
    """The eleven figures with their formulas; SPI and CPI coloured by the status thresholds."""
    values = figures.as_dict()
    result = []
    for key in ("bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "etc", "vac"):
        formula_key = f"budget.formula.eac_{figures.eac_method}" if key == "eac" else f"budget.formula.{key}"
        if key in INDEX_FIGURES:
            shown = t("budget.undefined", lang) if values[key] is None else fmt.number(values[key], lang, 2)
            state = index_state(values[key], at_risk_pct, off_track_pct)
        else:
            shown, state = fmt.nok(values[key], lang), "none"
        result.append(EvmFigure(key, t(f"budget.evm.{key}", lang), shown, t(formula_key, lang), state))
    return result


def index_state(index: Decimal | None, at_risk_pct: int, off_track_pct: int) -> str:
    """good when the index is at most at_risk % below 1, warn up to off_track %, bad beyond; none when undefined."""
    if index is None:
        return "none"
    shortfall = (1 - Decimal(index)) * 100
    if shortfall <= at_risk_pct:
        return "good"
    return "warn" if shortfall <= off_track_pct else "bad"


def completion_table(budget_data: budget_load.BudgetData, lang: str) -> pd.DataFrame:
    data = budget_data.data
    items = evm.done_items(data.milestones, data.deliverables, data.as_of)
    rows = evm.completion_by_wp(budget_data.plan, items)
    names = key_labels(budget_data, "wp_code", list(rows["wp_code"]), lang)
    return pd.DataFrame(
        {
            t("budget.dim.wp_code", lang): [names[c] for c in rows["wp_code"]],
            t("budget.col.budget", lang): list(rows["budget"]),
            t("budget.col.done", lang): list(rows["done"]),
            t("budget.col.items", lang): list(rows["items"]),
            t("budget.col.ev", lang): list(rows["ev"]),
        }
    )


def versions_table(versions: pd.DataFrame, lang: str) -> pd.DataFrame:
    return _labelled(versions, VERSION_COLUMNS, lang)


def _labelled(frame: pd.DataFrame, columns: dict[str, str], lang: str) -> pd.DataFrame:
    """The frame's columns (name -> catalog key of its heading) under their headings in `lang`."""
    return pd.DataFrame({t(key, lang): list(frame[name]) for name, key in columns.items()})


def caption(budget_data: budget_load.BudgetData, lang: str) -> str:
    data = budget_data.data
    return t(
        "budget.caption", lang, version=data.plan_version, as_of=data.as_of, complete=data.last_posting_date or "–"
    )


@dataclass(frozen=True)
class ProgressView:
    """The Burn and Earned value tabs: both charts, the eleven figures and the per-package table."""

    burn: go.Figure
    monthly: go.Figure
    figures: list[EvmFigure]
    completion: pd.DataFrame
    actuals_to: dt.date | None


def progress_view(budget_data: budget_load.BudgetData, at_risk_pct: int, off_track_pct: int, lang: str) -> ProgressView:
    data = budget_data.data
    figures = budget_load.budget_earned_value(budget_data)
    return ProgressView(
        burn=burn_chart(budget_load.burn_series(budget_data, figures), data.as_of, lang),
        monthly=monthly_chart(budget_load.monthly_by_category(data.actual), lang),
        figures=evm_figures(figures, at_risk_pct, off_track_pct, lang),
        completion=completion_table(budget_data, lang),
        actuals_to=data.last_posting_date,
    )
