"""Streamlit glue of the Portfolio and Indicators pages: cached data keyed by the user's scope, opening a
project's overview, and the optional indicators section at the end of the overview."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from monitor.access.scope import Scope
from monitor.i18n import t
from monitor.portfolio import indicators, office
from monitor.portfolio import views as portfolio_views
from ui import context, database, layout, shown
from ui.components import overview as ui_overview
from ui.shown import dataframe

OVERVIEW = "pages/overview.py"


@database.shared_read
def _read(scope: Scope, as_of: dt.date) -> tuple[tuple[portfolio_views.PortfolioRow, ...], tuple[dict, ...]]:
    """Every project's row and the planned and spent per project and year, from one read of the amounts; shared as
    they are (never changed in place)."""
    con = database.cursor()
    amounts = portfolio_views.amounts(con, scope, as_of)
    rows = portfolio_views.portfolio(con, scope, as_of, database.settings(), amounts)
    return tuple(rows), tuple(office.years_from(amounts))


def rows(scope: Scope, as_of: dt.date) -> tuple[portfolio_views.PortfolioRow, ...]:
    """Every project's row (frozen rows in a tuple): the page's other reads derive from it."""
    return _read(scope, as_of)[0]


@st.cache_data(show_spinner=False, max_entries=64)
def project_table(scope: Scope, as_of: dt.date, lang: str):
    """The display table of every project, built once per scope, date and language; the filters pick its rows
    (a warm run only renders)."""
    return portfolio_views.table(rows(scope, as_of), lang)


def years(scope: Scope, as_of: dt.date) -> tuple[dict, ...]:
    """Planned and spent per project and year, whatever the filters."""
    return _read(scope, as_of)[1]


@st.cache_data(show_spinner=False, max_entries=64)
def filter_options(scope: Scope, as_of: dt.date) -> tuple[office.Options, int]:
    """What the filters offer, and how many projects there are: small, so a warm run need not unpickle the rows."""
    every = rows(scope, as_of)
    return office.options(every), len(every)


@st.cache_data(show_spinner=False, max_entries=256)
def filtered(scope: Scope, as_of: dt.date, lang: str, filters: office.Filters) -> dict:
    """The chosen projects' ids and positions in the full table, their chart, totals and totals by year: Python
    over the cached rows, so a filter change asks the database nothing. Only what the page shows is returned (a
    cache hit unpickles its value: 3000 rows would cost more than the rest of the page)."""
    every = rows(scope, as_of)
    chosen = office.filter_rows(every, filters)
    ids = {r.project_id for r in chosen}
    by_year = office.totals_by_year(chosen, years(scope, as_of), filters)
    return {
        "project_ids": [r.project_id for r in chosen],
        "positions": [i for i, r in enumerate(every) if r.project_id in ids],
        "declared": sum(r.declared_only for r in chosen),
        "totals": portfolio_views.totals(chosen),
        "chart": portfolio_views.chart(chosen, lang),
        "year_table": office.year_table(by_year, lang),
        "year_chart": office.year_chart(by_year, lang),
    }


def filters(offered: office.Options, lang: str) -> office.Filters:
    """The filter boxes (programme, sector, owner, status, from and to year); their values as Filters."""
    with st.expander(t("office.filters", lang), expanded=True):
        left, middle, right = st.columns(3)
        chosen = {
            "programmes": _multiselect(left, "programme", offered.programmes, lang),
            "sectors": _multiselect(middle, "sector", offered.sectors, lang),
            "owners": _multiselect(right, "owner", offered.owners, lang),
        }
        left, middle, right = st.columns(3)
        chosen["statuses"] = _multiselect(left, "status", offered.statuses, lang)
        from_year = _year_box(middle, "from_year", offered.years, lang)
        to_year = _year_box(right, "to_year", offered.years, lang)
    return office.Filters(**chosen, from_year=from_year, to_year=to_year)


# The filters are kept in the URL by their codes (?sector=UH&from_year=2022): a filtered portfolio is a link to share,
# in either language (a board sent the projects of one programme).
def _multiselect(column, kind: str, values: list[str], lang: str) -> frozenset[str]:
    picked = shown.choices(
        column,
        t(f"office.filter.{kind}", lang),
        values,
        key=kind,
        format_func=lambda value: office.option_label(kind, value, lang),
        state_key=f"portfolio_filter_{kind}",
        placeholder=t("office.filter.any", lang),
    )
    return frozenset(picked)


def _year_box(column, name: str, years: list[int], lang: str) -> int | None:
    return shown.choice(
        column,
        t(f"office.filter.{name}", lang),
        years,
        key=name,
        format_func=str,
        state_key=f"portfolio_filter_{name}",
        placeholder=t("office.filter.any", lang),
        help=t("office.filter.help", lang),
    )


@st.cache_data(show_spinner=False, max_entries=8)
def register(scope: Scope) -> list:
    """The office's applications register (office.register_records refuses any other scope)."""
    return office.register_records(database.cursor(), scope)


def applications_section(scope: Scope, lang: str) -> None:
    """Counts, success rates by year, programme and sector, and amounts, for one organisation or all."""
    st.caption(t("office.applications.caption", lang))
    organisation = st.text_input(t("office.applications.organisation", lang), key="portfolio_organisation")
    records = office.of_organisation(register(scope), organisation)
    if not records:
        st.info(t("office.applications.none", lang))
        return
    st.markdown(office.counts_text(office.counts(records), lang))
    for by, key in (("start_year", "by_year"), ("programme", "by_programme"), ("sector", "by_sector")):
        st.subheader(t(f"office.applications.{key}", lang))
        table = office.success_table(office.success_rates(records, by), by, lang)
        dataframe(table, hide_index=True, width="stretch", key=f"portfolio_success_{by}")


@st.cache_data(show_spinner=False, max_entries=64)
def indicator_data(project_id: str, as_of: dt.date, scope: Scope) -> indicators.IndicatorData:
    return indicators.load(database.cursor(), project_id, as_of, scope)


def open_overview(project_id: str) -> None:
    """A callback, so it runs before the sidebar's project box is drawn again: only then may its value be
    set (the box is bound to ?project=, which Streamlit lets no one set directly)."""
    st.session_state["project"] = project_id
    st.session_state["portfolio_open"] = True


def switch_if_chosen() -> None:
    if st.session_state.pop("portfolio_open", False):
        # No parameters of its own: the URL-bound boxes (project, as-of date, language) write theirs again.
        st.switch_page(OVERVIEW, query_params={})


def on_table_select(project_ids: list[str]):
    def pick() -> None:
        chosen = st.session_state["portfolio_table"].selection.rows
        if chosen:
            open_overview(project_ids[chosen[0]])

    return pick


def on_box_change() -> None:
    if st.session_state.get("portfolio_pick"):
        open_overview(st.session_state["portfolio_pick"])


def indicator_section(frame, expanded: bool) -> None:
    """Targets against actuals, attendance per event and actor group, funding applications and the stage."""
    view = indicator_data(frame.project_id, frame.as_of, frame.scope)
    lang = frame.lang
    st.markdown(indicators.stage_text(view, lang))
    st.subheader(t("indicators.heading", lang))
    if view.values.empty:
        st.info(t("indicators.none", lang))
    else:
        layout.table(indicators.indicator_table(view.values, lang))
        if not indicators.has_values(view.values):
            st.caption(t("indicators.no_values", lang))  # targets only (a project from the open data): no chart
        elif expanded:
            st.plotly_chart(indicators.indicator_chart(view.values, lang), width="stretch")
    st.subheader(t("indicators.events_heading", lang))
    if view.events.empty:
        st.info(t("indicators.no_events", lang))
    else:
        layout.table(indicators.attendance_table(view.events, lang))
        if expanded:
            st.plotly_chart(indicators.attendance_chart(view.events, lang), width="stretch")
    if not view.applications.empty:
        st.subheader(t("indicators.applications_heading", lang))
        layout.table(indicators.applications_table(view.applications, frame.as_of, lang))


def overview_section() -> None:
    """Appended to the overview: for a project with little budget data its indicators and events, in full;
    for others nothing, their indicators page has them."""
    frame = context.get()
    if frame.project_id is None:
        return
    # The whole project's budget decides, not a partner's own share of it (a yes/no: no figure leaks).
    little = ui_overview.little_budget(frame.project_id, frame.scope)
    if indicators.leads_overview(little, indicator_data(frame.project_id, frame.as_of, frame.scope)):
        st.divider()
        st.header(t("nav.indicators", frame.lang))
        st.caption(t("indicators.lead_caption", frame.lang))
        indicator_section(frame, expanded=True)
