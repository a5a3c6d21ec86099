"""Streamlit glue for the Audit page: the log of changes (leaders and admins, one project) and the account
events (administrators), never cached so that a change just made shows, with their filters and table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from monitor.access import audit
from monitor.access.scope import Scope
from monitor.i18n import t
from ui import database
from ui.shown import dataframe


def audit_log(filters: audit.Filters, scope: Scope) -> pd.DataFrame:
    """Not cached: the log must show the change just made. Leaders and admins only (audit.read says)."""
    return audit.read(database.cursor(), scope, filters)


def account_log(scope: Scope, user: str | None, since: dt.datetime | None, until: dt.datetime | None) -> pd.DataFrame:
    """Sign-ins, sign-outs and denied access of every project (administrators only; not cached)."""
    return audit.account_events(database.cursor(), scope, since=since, until=until, user_name=user)


def audit_table(shown: pd.DataFrame, lang: str) -> None:
    """The log with room for the values (an import's record is long)."""
    widths = {
        "audit.col.at": 150,
        "audit.col.user": 80,
        "audit.col.row": 70,
        "audit.col.old": "medium",
        "audit.col.new": "large",
    }
    config = {t(key, lang): st.column_config.Column(width=width) for key, width in widths.items()}
    dataframe(shown, hide_index=True, width="stretch", column_config=config)


AUDIT_TABLES = (
    "milestone",
    "deliverable",
    "result",
    "risk",
    "plan_version",
    "cost_plan",
    "report_snapshot",
    "import_batch",
    "inkind_contribution",
)


def audit_view_choice(scope: Scope, lang: str) -> str:
    """'changes' for everyone who may read the log; administrators may switch to 'accounts'."""
    if scope.role != "admin":
        return "changes"
    return st.segmented_control(
        t("audit.view.label", lang),
        ["changes", "accounts"],
        default="changes",
        required=True,
        key="audit_view",
        format_func=lambda v: t(f"audit.view.{v}", lang),
    )


def change_filters(project_id: str, lang: str) -> audit.Filters:
    """Table, action, user, row and period; tables and actions shown by their labels."""
    columns = st.columns(5)
    table = columns[0].selectbox(
        t("audit.filter.table", lang),
        ["", *AUDIT_TABLES],
        key="audit_table",
        format_func=lambda v: audit.label_of("audit.table", v, lang) if v else t("audit.all", lang),
        placeholder=t("app.choose", lang),
    )
    action = columns[1].selectbox(
        t("audit.filter.action", lang),
        ["", *audit.CHANGE_ACTIONS, "denied"],
        key="audit_action",
        format_func=lambda v: audit.label_of("audit.action", v, lang) if v else t("audit.all", lang),
        placeholder=t("app.choose", lang),
    )
    user = columns[2].text_input(t("audit.filter.user", lang), key="audit_user").strip()
    row_key = columns[3].text_input(t("audit.filter.row", lang), key="audit_row").strip()
    since, until = _period(columns[4], lang, "audit_dates")
    return audit.Filters(
        project_id=project_id,
        table_name=table or None,
        user_name=user or None,
        action=action or None,
        row_key=row_key or None,
        since=since,
        until=until,
    )


def account_filters(lang: str) -> tuple[str | None, dt.datetime | None, dt.datetime | None]:
    left, right = st.columns(2)
    user = left.text_input(t("audit.filter.user", lang), key="account_user").strip()
    since, until = _period(right, lang, "account_dates")
    return user or None, since, until


def _period(column, lang: str, key: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The chosen days as [since, until): until is the morning after the last day."""
    dates = column.date_input(
        t("audit.filter.dates", lang), value=(), key=key, format="DD.MM.YYYY" if lang == "nb" else "YYYY-MM-DD"
    )
    if len(dates) == 0:
        return None, None
    return dt.datetime.combine(dates[0], dt.time()), dt.datetime.combine(dates[-1] + dt.timedelta(days=1), dt.time())
