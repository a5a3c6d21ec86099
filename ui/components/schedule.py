"""Streamlit glue for the Schedule page: the schedule's data cached by scope, and its status table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from monitor.access.scope import Scope
from monitor.i18n import t
from monitor.schedule import views as schedule_views
from ui import database
from ui.shown import dataframe


@st.cache_data(show_spinner=False, max_entries=64)
def schedule_data(project_id: str, scope: Scope) -> schedule_views.ScheduleData:
    return schedule_views.load(database.cursor(), project_id, scope)


def schedule_table(frame: pd.DataFrame, lang: str) -> None:
    """Milestones and deliverables with what matters first (status, code, title, due, days overdue, stage,
    justification) in columns narrow enough to be seen at 1440 px; the rest follows to the right."""
    first = [
        t(key, lang)
        for key in (
            "col.status",
            "col.code",
            "col.title",
            "col.due",
            "col.days_overdue",
            "schedule.col.done",
            "schedule.col.stage",
            "schedule.col.justification",
        )
    ]
    order = [*first, *[c for c in frame.columns if c not in first]]
    widths = {
        "col.status": 85,
        "col.code": 50,
        "col.title": 240,
        "col.due": 90,
        "col.days_overdue": 75,
        "schedule.col.done": 90,
        "schedule.col.stage": 95,
        "schedule.col.justification": 200,
        "col.kind": 85,
        "schedule.col.wp": 45,
        "schedule.col.partner": 70,
        "col.baseline_due": 90,
        "schedule.col.slip": 75,
    }
    config = {t(key, lang): st.column_config.Column(width=width) for key, width in widths.items()}
    dataframe(frame, hide_index=True, width="stretch", column_order=order, column_config=config)


# --- the editor -------------------------------------------------------------------------------
