"""Open data: an administrator brings in the Research Council's project list (projects and applications)."""

import streamlit as st

from monitor.i18n import t
from ui import context
from ui.components import open_data as ui_open_data

frame = context.get()
lang = frame.lang
st.title(t("opendata.title", lang))
if not frame.scope.is_admin:
    st.error(t("opendata.not_allowed", lang))
    st.stop()
st.caption(t("opendata.caption", lang))
ui_open_data.import_section(frame.scope, lang)
