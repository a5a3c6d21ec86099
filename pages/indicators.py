"""Indicators and events: targets against actuals over time, attendance per event and actor group,
funding applications and the stage of development."""

import streamlit as st

from monitor import format as fmt
from monitor.i18n import sample_note, t
from ui import context, database, layout
from ui.components import portfolio as ui_portfolio

frame = context.get()
if frame.project_id is None:
    st.info(t("app.no_projects", frame.lang))
    st.stop()

project = database.project_data(frame.project_id, frame.as_of, frame.scope).project
st.title(t("indicators.title", frame.lang, acronym=fmt.plain(project["acronym"])))
layout.sample_banner(sample_note(project, frame.lang))
ui_portfolio.indicator_section(frame, expanded=True)
