"""Streamlit glue of the Budget page's explained deviations: the deviations above the threshold that have no
explanation, the explanations written (a partner user sees the project-wide ones and its own), and the editor
for leaders and admins (one explanation per year × cost category, for the whole project or one partner)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from monitor.access.scope import AccessDenied, Scope
from monitor.budget import explanations
from monitor.budget.load import BudgetData
from monitor.codes import COST_CATEGORIES
from monitor.errors import Conflict, Invalid
from monitor.i18n import label, t
from ui import database
from ui import shown as on_screen

FLASH = "explanations:saved"
VERSIONS = "explanations:read"  # {selection: the version the editor showed first}: what a save is checked against
WHOLE = ""


def threshold() -> explanations.Threshold:
    return explanations.Threshold.from_settings(database.settings())


def section(project_id: str, state: BudgetData, scope: Scope, lang: str) -> None:
    """The whole section: the Budget page's Explained deviations tab."""
    limit = threshold()
    st.subheader(t("explanations.heading", lang))
    st.caption(t("explanations.help", lang, pct=str(limit.pct), amount=limit.amount))
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)
    written = explanations.read(database.cursor(), project_id, scope)
    names = dict(zip(state.data.partners["partner_id"], state.data.partners["short_name"], strict=True))
    missing = explanations.unexplained(state, written, limit)
    if missing.empty:
        st.info(t("explanations.all_explained", lang))
    else:
        st.warning(t("explanations.unexplained", lang, count=len(missing)))
        on_screen.table(deviations_shown(missing, names, lang), lang, key="unexplained", decimals=_decimals(lang))
    st.markdown(f"**{t('explanations.written_heading', lang)}**")
    if written.empty:
        st.caption(t("explanations.none_written", lang))
    else:
        on_screen.table(written_shown(written, names, lang), lang, key="explanations")
    if scope.can_edit:
        editor(project_id, state, written, names, scope, lang)
    else:
        st.caption(t("explanations.readonly", lang))


def _decimals(lang: str) -> dict[str, int]:
    return {
        t("report.col.budget", lang): 2,
        t("report.col.actual", lang): 2,
        t("report.col.deviation", lang): 2,
        t("report.col.deviation_pct", lang): 1,
    }


def _applies_to(partner: str | None, names: dict[str, str], lang: str) -> str:
    return names.get(partner, partner) if partner else t("explanations.whole_project", lang)


def deviations_shown(frame: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """The unexplained deviations by their labels: year, category, whole project or partner, the figures."""
    return pd.DataFrame(
        {
            t("explanations.field.year", lang): [str(y) for y in frame["year"]],
            t("explanations.field.cost_category", lang): [label("category", c, lang) for c in frame["cost_category"]],
            t("explanations.field.partner_id", lang): [_applies_to(p, names, lang) for p in frame["partner_id"]],
            t("report.col.budget", lang): frame["planned"].tolist(),
            t("report.col.actual", lang): frame["actual"].tolist(),
            t("report.col.deviation", lang): frame["deviation"].tolist(),
            t("report.col.deviation_pct", lang): frame["deviation_pct"].tolist(),
        },
        dtype=object,
    )


def written_shown(frame: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """The explanations as written, with who wrote them and whether they are the seed's sample data."""
    return pd.DataFrame(
        {
            t("explanations.field.year", lang): [str(y) for y in frame["year"]],
            t("explanations.field.cost_category", lang): [label("category", c, lang) for c in frame["cost_category"]],
            t("explanations.field.partner_id", lang): [_applies_to(p, names, lang) for p in frame["partner_id"]],
            t("explanations.field.text", lang): frame["text"].tolist(),
            t("explanations.col.written_by", lang): frame["written_by"].tolist(),
            t("explanations.col.sample", lang): [
                t("explanations.yes" if flag else "explanations.no", lang) for flag in frame["is_sample_data"]
            ],
        },
        dtype=object,
    )


def editor(
    project_id: str, state: BudgetData, written: pd.DataFrame, names: dict[str, str], scope: Scope, lang: str
) -> None:
    """Choose year, cost category and whole project or partner; the text area holds what is written there."""
    st.markdown(f"**{t('explanations.editor_heading', lang)}**")
    project = state.data.project
    years = list(range(project["start_date"].year, project["end_date"].year + 1))
    year_column, category_column, partner_column = st.columns(3)
    year = year_column.selectbox(
        t("explanations.field.year", lang),
        years,
        index=max(min(state.data.as_of.year - 1, years[-1]) - years[0], 0),
        key="explanation:year",
        placeholder=t("app.choose", lang),
    )
    category = category_column.selectbox(
        t("explanations.field.cost_category", lang),
        COST_CATEGORIES,
        format_func=lambda code: label("category", code, lang),
        key="explanation:category",
        placeholder=t("app.choose", lang),
    )
    partner = partner_column.selectbox(
        t("explanations.field.partner_id", lang),
        [WHOLE, *names],
        format_func=lambda code: _applies_to(code, names, lang),
        key="explanation:partner",
        placeholder=t("app.choose", lang),
    )
    chosen = (int(year), category, partner or None)
    existing = _existing(written, chosen)
    versions = st.session_state.setdefault(VERSIONS, {})
    versions.setdefault(chosen, None if existing is None else int(existing["version"]))
    text = st.text_area(
        t("explanations.field.text", lang),
        value="" if existing is None else existing["text"],
        key=f"explanation:text:{year}:{category}:{partner}",
    )
    if st.button(t("explanations.save", lang), key="explanation:save", type="primary"):
        entry = explanations.Entry(int(year), category, partner or None, text, versions.get(chosen))
        _save(project_id, entry, scope, lang)


def _existing(written: pd.DataFrame, chosen: tuple) -> dict | None:
    for row in written.to_dict("records"):
        if (int(row["year"]), row["cost_category"], row["partner_id"] or None) == chosen:
            return row
    return None


def _save(project_id: str, entry: explanations.Entry, scope: Scope, lang: str) -> None:
    try:
        version = explanations.save(database.cursor(), project_id, entry, scope, dt.datetime.now())
    except AccessDenied:
        st.error(t("explanations.readonly", lang))
        return
    except Invalid as error:
        st.error(t("explanations.invalid", lang) + "\n\n" + "\n".join(f"- {line}" for line in error.text(lang)))
        return
    except Conflict as conflict:
        st.error(t("explanations.conflict", lang, user=conflict.changed_by or "–"))
        st.session_state.pop(VERSIONS, None)  # the next run reads the row anew
        return
    st.session_state.pop(VERSIONS, None)
    database.after_write()
    st.session_state[FLASH] = t(
        "explanations.saved",
        lang,
        year=str(entry.year),
        category=label("category", entry.cost_category, lang),
        version=str(version),
    )
    st.rerun()
