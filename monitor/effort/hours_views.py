"""What the Effort page's "Report hours" tab shows: the choices of the report form (people, work packages, months)
and the list of hours waiting for the leader's decision, both kinds of the one effort register (a month's hours and
partners' in-kind reports), labelled in the user's language. Pure: no Streamlit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd

from monitor import format as fmt
from monitor.effort.hours import INKIND, Rule
from monitor.effort.load import Names
from monitor.effort.views import month_label, partner_label, wp_label
from monitor.errors import Problem
from monitor.i18n import label, t

HOUR_DECIMALS = 2
# The form's fields, by the name the core gives a problem: the label the form shows them with.
FIELD_LABELS = {
    "person_id": "hours.field.person",
    "wp_code": "hours.field.wp",
    "month": "hours.field.month",
    "hours": "hours.field.hours",
    "entry_id": "hours.field.chosen",
    "decision_comment": "hours.field.comment",
}


def hours_text(value: Decimal, lang: str) -> str:
    return fmt.number(Decimal(value), lang, HOUR_DECIMALS)


def person_choices(people: pd.DataFrame, names: Names) -> dict[int, str]:
    """{person_id: "name (partner)"} for the form's person box."""
    return {
        int(row["person_id"]): f"{row['name']} ({partner_label(row['partner_id'], names)})"
        for row in people.to_dict("records")
    }


def month_choices(start: dt.date, end: dt.date, today: dt.date, lang: str) -> dict[dt.date, str]:
    """The months hours may be reported for, latest first: from the project's first month to its last, not after
    today's month."""
    last = min(end, today).replace(day=1)
    month, months = start.replace(day=1), []
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return {m: month_label(m, lang) for m in reversed(months)}


def choice_key(source: str, entry_id: int) -> str:
    """One waiting row's key in the leader's choice ("inkind:17", "entered:42"): ids of the two kinds may meet."""
    return f"{source}:{int(entry_id)}"


def chosen_versions(waiting: pd.DataFrame, chosen: list[str]) -> dict[tuple[str, int], int]:
    """{(source, entry_id): version} of the chosen rows, as the core's decide takes them."""
    versions = {choice_key(r["source"], r["entry_id"]): int(r["version"]) for r in waiting.to_dict("records")}
    return {(key.split(":")[0], int(key.split(":")[1])): versions[key] for key in chosen if key in versions}


def when_text(row: dict, lang: str) -> str:
    """An in-kind report is dated; a month's hours are the month's."""
    return fmt.date(row["work_date"], lang) if row["source"] == INKIND else month_label(row["month"], lang)


def waiting_table(waiting: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """The hours waiting for a decision, as shown: kind, partner, person, work package, month or date, hours."""
    rows = [
        {
            t("hours.col.kind", lang): label("effort.source", row["source"], lang),
            t("hours.col.partner", lang): partner_label(row["partner_id"], names),
            t("hours.col.person", lang): row["person_name"],
            t("hours.col.wp", lang): wp_label(row["wp_code"], names, lang),
            t("hours.col.when", lang): when_text(row, lang),
            t("hours.col.hours", lang): hours_text(row["hours"], lang),
            t("hours.col.reported_by", lang): "" if pd.isna(row["reported_by"]) else str(row["reported_by"]),
        }
        for row in waiting.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=[t(f"hours.col.{c}", lang) for c in COLUMNS])


COLUMNS = ("kind", "partner", "person", "wp", "when", "hours", "reported_by")


def waiting_choices(waiting: pd.DataFrame, names: Names, lang: str) -> dict[str, str]:
    """{choice key: one line describing the row} for the leader's choice of rows to decide."""
    return {
        choice_key(row["source"], row["entry_id"]): " · ".join(
            (
                label("effort.source", row["source"], lang),
                partner_label(row["partner_id"], names),
                str(row["person_name"]),
                row["wp_code"],
                when_text(row, lang),
                f"{hours_text(row['hours'], lang)} h",
            )
        )
        for row in waiting.to_dict("records")
    }


def decision_summary(waiting: pd.DataFrame, chosen: list[str], status: str, lang: str) -> str:
    """What the leader is asked to confirm: how many rows and hours, and the decision."""
    keys = {choice_key(r["source"], r["entry_id"]): Decimal(r["hours"]) for r in waiting.to_dict("records")}
    picked = [keys[key] for key in chosen if key in keys]
    return t(f"hours.confirm_{status}", lang, count=str(len(picked)), hours=hours_text(sum(picked, Decimal(0)), lang))


def problem_text(problem: Problem, lang: str) -> str:
    """A problem of the form in the user's language, naming the field by its label."""
    if not isinstance(problem, Rule) or not problem.rule:
        return t("hours.problem.other", lang)
    values = {
        name: hours_text(v, lang)
        if isinstance(v, Decimal)
        else month_label(v, lang)
        if isinstance(v, dt.date)
        else fmt.plain(str(v))
        for name, v in problem.values
    }
    field = t(FIELD_LABELS.get(problem.column, "hours.field.other"), lang)
    return t(f"hours.problem.{problem.rule}", lang, field=field, **values)
