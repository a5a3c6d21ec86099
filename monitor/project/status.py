"""The project leader's overview: headline figures and each work package's status with its reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from monitor import format as fmt
from monitor.budget import commitments
from monitor.budget import load as budget_load
from monitor.config import Config
from monitor.i18n import t
from monitor.money import share, total
from monitor.project.load import PLANNED, ProjectData
from monitor.schedule import rules as schedule_rules

ON_TRACK, AT_RISK, OFF_TRACK = "on_track", "at_risk", "off_track"


@dataclass(frozen=True)
class Headline:
    budget: Decimal
    spent: Decimal
    remaining: Decimal
    forecast: Decimal
    spent_share: Decimal | None
    time_share: Decimal
    actuals_complete_to: dt.date | None
    # The forecast that includes open commitments (monitor.budget.commitments); `forecast` does not.
    committed: Decimal
    forecast_with_commitments: Decimal


@dataclass(frozen=True)
class Reason:
    """Why a work package has its status; `code` is an i18n key, `values` fill its placeholders."""

    code: str
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class WorkPackageStatus:
    wp_code: str
    status: str
    planned: Decimal
    spent: Decimal
    spent_share: Decimal | None
    time_share: Decimal
    reasons: tuple[Reason, ...]


def headline(data: ProjectData) -> Headline:
    start, end = data.project["start_date"], data.project["end_date"]
    planned = total(data.cost_plan["amount"])
    spent = total(data.actual["amount"])
    with_commitments = commitments.forecast_with_commitments(data)
    return Headline(
        budget=planned,
        spent=spent,
        remaining=planned - spent,
        forecast=budget_load.run_rate_forecast(spent, planned, start, end, data.as_of),
        spent_share=share(spent, planned),
        time_share=budget_load.elapsed_fraction(start, end, data.as_of),
        actuals_complete_to=data.last_posting_date,
        committed=with_commitments.committed,
        forecast_with_commitments=with_commitments.amount,
    )


def plan_note(data: ProjectData, lang: str) -> str | None:
    """What a project without a cost plan lacks, in words, with what it has instead (the figures declared to the
    funder, as a project from the funder's open data has) and how a plan is made; None once it has a plan. One
    text for every page, so that none shows zeros as if they were a budget."""
    if data.plan_status == PLANNED:
        return None
    declared, funder = declared_figure(data, "declared_total"), declared_figure(data, "declared_funder")
    if declared is None and funder is None:
        return t("declared.notice_no_figures", lang) + " " + t("declared.how", lang)
    shown = {
        name: fmt.nok(v, lang) if v is not None else t("declared.unknown", lang)
        for name, v in (("declared", declared), ("funder", funder))
    }
    return t("declared.notice", lang, **shown) + " " + t("declared.how", lang)


def declared_figure(data: ProjectData, column: str) -> Decimal | None:
    """A figure declared to the funder (declared_total, declared_funder, declared_own), None where none was."""
    value = data.project.get(column)
    return None if value is None or pd.isna(value) else Decimal(value)


def schedule_items(data: ProjectData, look_ahead_days: int) -> pd.DataFrame:
    """Milestones and deliverables in one table with their derived status."""
    milestones = schedule_rules.with_status(data.milestones, "achieved_date", data.as_of, look_ahead_days)
    deliverables = schedule_rules.with_status(data.deliverables, "delivered_date", data.as_of, look_ahead_days)
    milestones = milestones.assign(kind="milestone", done_date=milestones["achieved_date"])
    deliverables = deliverables.assign(kind="deliverable", done_date=deliverables["delivered_date"])
    columns = schedule_rules.ITEM_COLUMNS
    frames = [frame[columns] for frame in (milestones, deliverables) if not frame.empty]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True).sort_values(["due_date", "code"], ignore_index=True)


def work_package_status(data: ProjectData, config: Config) -> list[WorkPackageStatus]:
    items = schedule_items(data, config["status.look_ahead_days"])
    return [_one_work_package(wp, data, items, config) for wp in data.work_packages.to_dict("records")]


def _one_work_package(wp: dict, data: ProjectData, items: pd.DataFrame, config: Config) -> WorkPackageStatus:
    code = wp["wp_code"]
    planned = total(data.cost_plan.loc[data.cost_plan["wp_code"] == code, "amount"])
    spent = total(data.actual.loc[data.actual["wp_code"] == code, "amount"])
    spent_share = share(spent, planned)
    time_share = budget_load.elapsed_fraction(wp["start_date"], wp["end_date"], data.as_of)
    overdue = items[(items["wp_code"] == code) & (items["status"] == schedule_rules.OVERDUE)]
    late = list(zip(overdue["code"], overdue["days_overdue"], strict=True))
    reasons = _reasons(spent_share, time_share, late, config)
    return WorkPackageStatus(code, _worst(reasons, config), planned, spent, spent_share, time_share, reasons)


def _reasons(spent_share, time_share, overdue: list[tuple[str, int]], config: Config) -> tuple[Reason, ...]:
    """Why a work package is not on track: its overdue items ((code, days overdue), in due order) and its spend
    share's deviation from its time share. Plain values, no frames: the portfolio asks this of 12 000 work packages."""
    reasons = []
    if overdue:
        reasons.append(
            Reason(
                "reason.overdue",
                {
                    "count": len(overdue),
                    "days": int(max(days for _, days in overdue)),
                    "codes": ", ".join(code for code, _ in overdue),
                },
            )
        )
    if spent_share is not None:
        points = (spent_share - time_share) * 100
        if abs(points) > config["status.at_risk_deviation_pct"]:
            code = "reason.overspend" if points > 0 else "reason.underspend"
            reasons.append(Reason(code, {"points": abs(points), "spent": spent_share * 100, "time": time_share * 100}))
    return tuple(reasons)


def _worst(reasons: tuple[Reason, ...], config: Config) -> str:
    if not reasons:
        return ON_TRACK
    for reason in reasons:
        late = reason.code == "reason.overdue" and reason.values["days"] > config["status.off_track_overdue_days"]
        far = reason.code != "reason.overdue" and reason.values["points"] > config["status.off_track_deviation_pct"]
        if late or far:
            return OFF_TRACK
    return AT_RISK
