"""Entry point: page config, login, the sidebar frame (language, project, as-of date) and the pages
this user's role may see (a page not registered for the role cannot be opened, not even by URL: its URL
shows a one-line refusal, which the audit log records)."""

import streamlit as st

from monitor.db import DatabaseDamaged, DatabaseLocked, DatabaseUnavailable
from monitor.i18n import t
from ui import context, database, errors, login
from ui.navigation import pages_for

st.set_page_config(page_title="Consortium Monitor", page_icon=":material/monitoring:", layout="wide")


def serve() -> None:
    try:
        database.healthy_cursor()  # a query, not just a connection: a damaged or invalidated database shows here
    except DatabaseLocked as error:
        database.refuse_service(t("app.db_locked", database.request_language(), detail=error))
    except DatabaseDamaged as damaged:
        database.refuse_service(database.damaged_message(damaged, database.request_language()))
    except DatabaseUnavailable as error:
        database.refuse_service(t("app.db_unavailable", database.request_language(), detail=error))

    lang = context.language()
    login.refuse_demo_passwords_in_production(lang)
    user = login.current_user(lang, keep_requested_page=lambda: st.navigation(pages_for(None, lang), position="hidden"))
    frame = context.sidebar(lang, user.scope())
    login.sidebar_account(user, lang)
    context.remember(frame)
    # Imported once signed in: it pulls in the notification rules, the report tables and plotly (~95 ms), which
    # the login form does not need and the first page after it loads anyway (issue 19, first paint).
    from ui.components import notifications

    # expanded: with more than ten pages Streamlit folds the rest under "View more"; every page stays in sight.
    titles = notifications.nav_titles(
        frame.scope, frame.as_of, frame.lang, frame.project_id
    )  # "Varsler (3)": the unread count
    errors.run_page(st.navigation(pages_for(frame.scope, frame.lang, titles), expanded=True), user.username, lang)


errors.run_frame(serve)
