"""The Overview page's views, built from one ProjectData: tiles, work packages, due items, quality notes.

Pure functions returning display-ready tables (labels in the chosen language) and plotly figures,
so the page only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from monitor import charts, db
from monitor import format as fmt
from monitor.access.scope import Scope
from monitor.config import Config
from monitor.i18n import label, project_text, sample_note, t
from monitor.money import sum_by, total
from monitor.portfolio.indicators import LITTLE_BUDGET
from monitor.project.actions import Action
from monitor.project.checks import Finding
from monitor.project.load import PLANNED, ProjectData
from monitor.project.status import (
    AT_RISK,
    OFF_TRACK,
    Headline,
    WorkPackageStatus,
    declared_figure,
    headline,
    plan_note,
    schedule_items,
    work_package_status,
)
from monitor.schedule import rules as schedule_rules
from monitor.shown import Tile


@dataclass(frozen=True)
class Overview:
    title: str
    subtitle: str
    sample_note: str | None
    tiles: list[Tile]
    forecast_note: str
    work_packages: Styler
    wp_codes: list[str]
    due_items: Styler
    due_heading: str
    nothing_due: str
    year_chart: go.Figure | None  # None: no cost plan and no accounts, nothing to chart
    findings: list[tuple[str, str]]
    # What a project without a cost plan lacks (monitor.project.status.plan_note); None once it has one.
    plan_note: str | None = None


def build_overview(data: ProjectData, findings: list[Finding], config: Config, lang: str) -> Overview:
    project, look_ahead = data.project, config["status.look_ahead_days"]
    return Overview(
        title=t("overview.title", lang, acronym=fmt.plain(project["acronym"])),
        subtitle=t(
            "overview.period",
            lang,
            funder=fmt.plain(project_text(project, "funder", lang)),
            ref=fmt.plain(project["funder_ref"] or "–"),
            start=project["start_date"],
            end=project["end_date"],
            leader=fmt.plain(project["leader"] or "–"),
        ),
        sample_note=sample_note(project, lang),
        tiles=tiles(headline(data), lang) if data.plan_status == PLANNED else unplanned_tiles(data, lang),
        forecast_note=t("overview.forecast_method", lang),
        work_packages=work_package_table(work_package_status(data, config), data.work_packages, lang),
        wp_codes=data.work_packages["wp_code"].tolist(),
        due_items=due_view(schedule_items(data, look_ahead), lang),
        due_heading=t("overview.due_heading", lang, days=look_ahead),
        nothing_due=t("overview.nothing_due", lang, days=look_ahead),
        year_chart=None if data.cost_plan.empty and data.actual.empty else year_chart(data, lang),
        findings=[(f.level, t("check." + f.code, lang, **f.values)) for f in findings],
        plan_note=plan_note(data, lang),
    )


def tiles(figures: Headline, lang: str) -> list[Tile]:
    spent_vs_time = f"{fmt.percent(figures.spent_share, lang)} / {fmt.percent(figures.time_share, lang)}"
    over = figures.forecast - figures.budget
    # Tiles are narrow: the value is compact (15,1 mill. kr), the exact amount is in the tooltip.
    return [
        Tile(t("tile.budget", lang), fmt.nok_compact(figures.budget, lang), help=fmt.nok(figures.budget, lang, 2)),
        Tile(
            t("tile.spent", lang),
            fmt.nok_compact(figures.spent, lang),
            help=f"{fmt.nok(figures.spent, lang, 2)}. {t('tile.actuals_to', lang, date=figures.actuals_complete_to)}",
        ),
        Tile(t("tile.spent_vs_time", lang), spent_vs_time),
        Tile(
            t("tile.remaining", lang),
            fmt.nok_compact(figures.remaining, lang),
            help=fmt.nok(figures.remaining, lang, 2),
        ),
        Tile(
            t("tile.forecast", lang),
            fmt.nok_compact(figures.forecast, lang),
            delta=t("tile.vs_budget", lang, diff=_signed(over, lang)),
            help=f"{fmt.nok(figures.forecast, lang, 2)}. {t('tile.forecast_help', lang)}",
        ),
        Tile(
            t("tile.forecast_commitments", lang),
            fmt.nok_compact(figures.forecast_with_commitments, lang),
            delta=t("tile.vs_budget", lang, diff=_signed(figures.forecast_with_commitments - figures.budget, lang)),
            help=f"{fmt.nok(figures.forecast_with_commitments, lang, 2)}. "
            + t("tile.forecast_commitments_help", lang, committed=fmt.nok(figures.committed, lang, 2)),
        ),
    ]


def unplanned_tiles(data: ProjectData, lang: str) -> list[Tile]:
    """The tiles of a project without a cost plan (one from the funder's open data): what was declared to the
    funder, and in words what cannot be shown without a plan, where a zero would pass for a budget or a forecast."""
    declared, funder = declared_figure(data, "declared_total"), declared_figure(data, "declared_funder")
    no_plan = t("declared.tile.no_cost_plan", lang)
    shown = [Tile(t("tile.budget", lang), no_plan)]
    if declared is not None or funder is not None:
        help_text = t(
            "declared.tile.declared_help", lang, declared=fmt.nok(declared, lang), funder=fmt.nok(funder, lang)
        )
        shown.insert(
            0, Tile(t("declared.tile.declared", lang), fmt.nok_compact(declared or funder, lang), help=help_text)
        )
    if data.actual.empty:
        spent = Tile(
            t("tile.spent", lang), t("declared.tile.no_ledger", lang), help=t("declared.tile.no_ledger_help", lang)
        )
    else:
        amount = total(data.actual["amount"])
        spent = Tile(t("tile.spent", lang), fmt.nok_compact(amount, lang), help=fmt.nok(amount, lang, 2))
    return [*shown, spent, Tile(t("tile.spent_vs_time", lang), no_plan), Tile(t("tile.forecast", lang), no_plan)]


def _signed(amount, lang: str) -> str:
    """The sign first, so the tile's arrow points the right way: -603 603 kr / +1,2 mill. kr."""
    return ("+" if amount > 0 else "-" if amount < 0 else "") + fmt.nok_compact(abs(amount), lang)


def work_package_table(statuses: list[WorkPackageStatus], wps: pd.DataFrame, lang: str) -> Styler:
    """One row per work package, its status coloured; shown as a table that wraps the reason."""
    titles = dict(zip(wps["wp_code"], wps["title_nb" if lang == "nb" else "title_en"], strict=True))
    leads = dict(zip(wps["wp_code"], wps["lead_person"], strict=True))
    rows = [
        {
            t("col.wp", lang): f"{s.wp_code} {titles[s.wp_code]}",
            t("col.status", lang): label("wpstatus", s.status, lang),
            t("col.reason", lang): "; ".join(t(r.code, lang, **r.values) for r in s.reasons) or t("reason.none", lang),
            t("col.planned", lang): fmt.nok(s.planned, lang),
            t("col.spent", lang): fmt.nok(s.spent, lang),
            t("col.spent_share", lang): fmt.percent(s.spent_share, lang),
            t("col.time_share", lang): fmt.percent(s.time_share, lang),
            t("col.lead", lang): "–" if pd.isna(leads[s.wp_code]) or not leads[s.wp_code] else leads[s.wp_code],
        }
        for s in statuses
    ]
    if not rows:  # no work packages yet (a project from the funder's open data): the page says so in words
        return pd.DataFrame(rows).style.hide(axis="index")
    return coloured_status(pd.DataFrame(rows), t("col.status", lang), [s.status for s in statuses])


def coloured_status(frame: pd.DataFrame, column: str, codes: list[str]) -> Styler:
    """The status cells in the status colours of every chart (monitor.charts), white or dark text on them."""
    styles = [
        f"background-color: {charts.STATUS_COLOURS[code]}; color: {charts.STATUS_TEXT_COLOURS[code]}" for code in codes
    ]
    return frame.style.hide(axis="index").apply(lambda _: styles, subset=[column], axis=0)


def due_table(items: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Overdue items first (most overdue on top), then upcoming ones by due date."""
    due = items[items["status"].isin([schedule_rules.OVERDUE, schedule_rules.UPCOMING])]
    due = due.sort_values(["days_overdue", "due_date"], ascending=[False, True])
    # What and when first, so that a phone shows them before the table scrolls sideways.
    return pd.DataFrame(
        {
            t("col.status", lang): [label("item", s, lang) for s in due["status"]],
            t("col.code", lang): due["code"].tolist(),
            t("col.due", lang): [fmt.date(d, lang) for d in due["due_date"]],
            t("col.days_overdue", lang): [str(d) if d > 0 else "–" for d in due["days_overdue"]],
            t("col.title", lang): due["title"].tolist(),
            t("col.kind", lang): [label("kind", k, lang) for k in due["kind"]],
            t("col.baseline_due", lang): [fmt.date(d, lang) for d in due["baseline_due"]],
        }
    )


def due_view(items: pd.DataFrame, lang: str) -> Styler:
    """The due table with its status cells coloured: overdue as off track, upcoming as at risk."""
    frame = due_table(items, lang)
    shown = items[items["status"].isin([schedule_rules.OVERDUE, schedule_rules.UPCOMING])]
    order = shown.sort_values(["days_overdue", "due_date"], ascending=[False, True])["status"]
    colours = [OFF_TRACK if s == schedule_rules.OVERDUE else AT_RISK for s in order]
    return coloured_status(frame, t("col.status", lang), colours)


def year_chart(data: ProjectData, lang: str) -> go.Figure:
    """Budget and actual cost per year side by side; a year whose actual is above its budget in red.
    Floats only here, for drawing."""
    planned, actual = sum_by(data.cost_plan, "year"), sum_by(data.actual, "year")
    years = sorted(set(planned) | set(actual))
    over = [actual.get(y, 0) > planned.get(y, 0) for y in years]
    shown = [float(actual.get(y, 0)) for y in years]
    figure = go.Figure(
        [
            _bar(
                t("series.planned", lang), years, [float(planned.get(y, 0)) for y in years], charts.PLANNED, "planned"
            ),
            _bar(
                t("series.actual", lang),
                years,
                [None if o else v for o, v in zip(over, shown, strict=True)],
                charts.ACTUAL,
            ),
            _bar(
                t("series.overrun", lang),
                years,
                [v if o else None for o, v in zip(over, shown, strict=True)],
                charts.OVERRUN,
                showlegend=any(over),
            ),
        ]
    )
    figure.update_layout(
        barmode="group",
        height=340,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"type": "category"},
        yaxis={"title": t("overview.chart_unit", lang)},
    )
    return charts.legend_below(charts.localise(figure, lang))


def _bar(name: str, years: list, values: list, colour: str, group: str = "actual", **more) -> go.Bar:
    """One series of the year chart; actual and overrun share a group, so an overrun stands in the actual's place."""
    return go.Bar(name=name, x=years, y=values, marker_color=colour, offsetgroup=group, **more)


def little_budget(con: db.Connection, project_id: str, scope: Scope) -> bool:
    """Whether the whole project's budget (not a partner's share) is below the indicators' threshold;
    a yes/no, so a partner's overview decides on it without learning the project's figures."""
    scope.require_project(project_id)
    return bool(db.scalar(con, "overview_little_budget", project_id=project_id, threshold=LITTLE_BUDGET))


@dataclass(frozen=True)
class ActionLine:
    text: str
    link: str
    page: str
    query: dict


def action_lines(actions: list[Action], lang: str) -> list[ActionLine]:
    """What waits for the user, in words, with the label of the link to where it is done."""
    return [
        ActionLine(
            t(a.code, lang, **_action_values(a.values, lang)),
            t(f"{a.code}.link", lang, **_action_values(a.values, lang)),
            a.page,
            a.query,
        )
        for a in actions
    ]


def _action_values(values: dict, lang: str) -> dict:
    """Report kinds and periods as words: 'Prosjektregnskapsrapport 2024', 'Sluttrapport'."""
    shown = {name: fmt.plain(value) if name in ("codes", "wp") else value for name, value in values.items()}
    if "kind" in values:
        name = t(f"report.kind.{values['kind']}", lang)
        shown["report"] = name if values["period"] == "final" else f"{name} {values['period']}"
    return shown
