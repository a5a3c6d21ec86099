"""Entry point: page config, the sidebar frame (language, project, as-of date) and navigation."""

import streamlit as st

from monitor.db import DatabaseLocked
from monitor.i18n import t
from ui import context, data
from ui.navigation import pages_for

st.set_page_config(page_title="Consortium Monitor", page_icon=":material/monitoring:", layout="wide")

try:
    data.cursor()
except DatabaseLocked as error:
    st.error(t("app.db_locked", data.settings()["app.language"], detail=error))
    st.stop()

frame = context.sidebar()
st.session_state["context"] = frame
st.navigation(pages_for(frame.scope, frame.lang)).run()
