"""Streamlit glue of the Effort page: the scoped reads, cached by scope (a partner's cache entry holds its own
rows only). Every rule lives in monitor/effort."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from monitor.access.scope import Scope
from monitor.effort import load as effort_load
from monitor.project import load as project_load
from ui import database


@dataclass(frozen=True)
class EffortPage:
    project: dict[str, Any]
    effort: effort_load.EffortData
    monthly: pd.DataFrame
    names: effort_load.Names
    ledger: pd.DataFrame  # the ledger's personnel cost in the months with approved hours (load.ledger_personnel)


@st.cache_data(show_spinner=False, max_entries=64)
def effort_page(project_id: str, as_of: dt.date, scope: Scope) -> EffortPage:
    con = database.cursor()
    return EffortPage(
        project=project_load.project_row(con, project_id, scope),
        effort=effort_load.load(con, project_id, scope, as_of),
        monthly=effort_load.monthly_hours(con, project_id, scope, as_of),
        names=effort_load.names(con, project_id, scope),
        ledger=effort_load.ledger_personnel(con, project_id, scope, as_of),
    )
