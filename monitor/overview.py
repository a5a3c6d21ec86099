"""The Overview page's views, built from one ProjectData: tiles, work packages, due items, quality notes.

Pure functions returning display-ready tables (labels in the chosen language) and plotly figures,
so the page only lays them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from monitor import format as fmt
from monitor import schedule
from monitor.checks import Finding
from monitor.config import Config
from monitor.i18n import label, t
from monitor.money import sum_by
from monitor.status import Headline, WorkPackageStatus, headline, schedule_items, work_package_status
from monitor.store import ProjectData


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    delta: str | None = None
    help: str | None = None


@dataclass(frozen=True)
class Overview:
    title: str
    subtitle: str
    sample_note: str | None
    tiles: list[Tile]
    work_packages: pd.DataFrame
    due_items: pd.DataFrame
    due_heading: str
    nothing_due: str
    year_chart: go.Figure
    findings: list[tuple[str, str]]


def build_overview(data: ProjectData, findings: list[Finding], config: Config, lang: str) -> Overview:
    project, look_ahead = data.project, config["status.look_ahead_days"]
    return Overview(
        title=t("overview.title", lang, acronym=fmt.plain(project["acronym"])),
        subtitle=t("overview.period", lang, funder=fmt.plain(project["funder"]), ref=fmt.plain(project["funder_ref"] or "–"),
                   start=project["start_date"], end=project["end_date"], leader=fmt.plain(project["leader"] or "–")),
        sample_note=(t("app.sample_data", lang, note=fmt.plain(project["sample_data_note"] or ""))
                     if project["is_sample_data"] else None),
        tiles=tiles(headline(data), lang),
        work_packages=work_package_table(work_package_status(data, config), data.work_packages, lang),
        due_items=due_table(schedule_items(data, look_ahead), lang),
        due_heading=t("overview.due_heading", lang, days=look_ahead),
        nothing_due=t("overview.nothing_due", lang, days=look_ahead),
        year_chart=year_chart(data, lang),
        findings=[(f.level, t("check." + f.code, lang, **f.values)) for f in findings],
    )


def tiles(figures: Headline, lang: str) -> list[Tile]:
    spent_vs_time = f"{fmt.percent(figures.spent_share, lang)} / {fmt.percent(figures.time_share, lang)}"
    over = figures.forecast - figures.budget
    # Tiles are narrow: the value is compact (15,1 mill. kr), the exact amount is in the tooltip.
    return [
        Tile(t("tile.budget", lang), fmt.nok_compact(figures.budget, lang), help=fmt.nok(figures.budget, lang, 2)),
        Tile(t("tile.spent", lang), fmt.nok_compact(figures.spent, lang),
             help=f"{fmt.nok(figures.spent, lang, 2)}. "
                  f"{t('tile.actuals_to', lang, date=figures.actuals_complete_to)}"),
        Tile(t("tile.spent_vs_time", lang), spent_vs_time),
        Tile(t("tile.remaining", lang), fmt.nok_compact(figures.remaining, lang),
             help=fmt.nok(figures.remaining, lang, 2)),
        Tile(t("tile.forecast", lang), fmt.nok_compact(figures.forecast, lang),
             delta=t("tile.vs_budget", lang, diff=_signed(over, lang)),
             help=f"{fmt.nok(figures.forecast, lang, 2)}. {t('tile.forecast_help', lang)}"),
    ]


def _signed(amount, lang: str) -> str:
    """The sign first, so the tile's arrow points the right way: -603 603 kr / +1,2 mill. kr."""
    return ("+" if amount > 0 else "-" if amount < 0 else "") + fmt.nok_compact(abs(amount), lang)


def work_package_table(statuses: list[WorkPackageStatus], wps: pd.DataFrame, lang: str) -> pd.DataFrame:
    titles = dict(zip(wps["wp_code"], wps["title_nb" if lang == "nb" else "title_en"], strict=True))
    leads = dict(zip(wps["wp_code"], wps["lead_person"], strict=True))
    rows = [{
        t("col.wp", lang): f"{s.wp_code} {titles[s.wp_code]}",
        t("col.lead", lang): leads[s.wp_code] or "–",
        t("col.status", lang): label("wpstatus", s.status, lang),
        t("col.reason", lang): "; ".join(t(r.code, lang, **r.values) for r in s.reasons) or t("reason.none", lang),
        t("col.planned", lang): fmt.nok(s.planned, lang),
        t("col.spent", lang): fmt.nok(s.spent, lang),
        t("col.spent_share", lang): fmt.percent(s.spent_share, lang),
        t("col.time_share", lang): fmt.percent(s.time_share, lang),
    } for s in statuses]
    return pd.DataFrame(rows)


def due_table(items: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Overdue items first (most overdue on top), then upcoming ones by due date."""
    due = items[items["status"].isin([schedule.OVERDUE, schedule.UPCOMING])]
    due = due.sort_values(["days_overdue", "due_date"], ascending=[False, True])
    return pd.DataFrame({
        t("col.status", lang): [label("item", s, lang) for s in due["status"]],
        t("col.kind", lang): [label("kind", k, lang) for k in due["kind"]],
        t("col.code", lang): due["code"].tolist(),
        t("col.title", lang): due["title"].tolist(),
        t("col.due", lang): [fmt.date(d, lang) for d in due["due_date"]],
        t("col.baseline_due", lang): [fmt.date(d, lang) for d in due["baseline_due"]],
        t("col.days_overdue", lang): due["days_overdue"].tolist(),
    })


def year_chart(data: ProjectData, lang: str) -> go.Figure:
    """Budget and actual cost per year, side by side (floats only here, for drawing)."""
    planned, actual = sum_by(data.cost_plan, "year"), sum_by(data.actual, "year")
    years = sorted(set(planned) | set(actual))
    figure = go.Figure([
        go.Bar(name=t("series.planned", lang), x=years, y=[float(planned.get(y, 0)) for y in years]),
        go.Bar(name=t("series.actual", lang), x=years, y=[float(actual.get(y, 0)) for y in years]),
    ])
    figure.update_layout(barmode="group", separators=", " if lang == "nb" else ".,", height=320,
                         margin={"l": 10, "r": 10, "t": 10, "b": 10}, legend={"orientation": "h"},
                         xaxis={"type": "category"},
                         yaxis={"title": "NOK"})
    return figure


def default_as_of(config: Config, today: dt.date) -> dt.date:
    return config.as_of_default or today
