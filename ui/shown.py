"""Tables and choices as the user reads them: figures in the language's format, choices by their labels
while the URL keeps the code (?rows=category works in either language).

Every read-only table goes through `dataframe` and every editor through `editor` (a test holds the app to it). Streamlit's table toolbar offers
"Download as CSV" of exactly what is shown, and Streamlit 1.67 can switch that download off only for the whole
app (client.disableDataExport, which would also take copying away from every table): so the text itself is
made safe to open in a spreadsheet, by the rule of the project's own exports (monitor.shown.neutralise).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from monitor.shown import for_screen, neutralise


def table(
    frame: pd.DataFrame,
    lang: str,
    key: str | None = None,
    decimals: dict[str, int] | None = None,
    widths: dict[str, str] | None = None,
) -> None:
    """A table whose figures are text in the language's format, aligned right like numbers."""
    shown = for_screen(frame, lang, decimals)
    config = {c: st.column_config.TextColumn(alignment="right") for c in shown.numeric}
    for column, width in (widths or {}).items():
        config[column] = st.column_config.Column(width=width)
    dataframe(shown.frame, hide_index=True, width="stretch", column_config=config, key=key)


def dataframe(
    frame: pd.DataFrame, column_config: dict | None = None, column_order: Iterable[str] | None = None, **options
) -> Any:
    """st.dataframe of the frame with its text neutralised: a cell or header that a spreadsheet would run as a
    formula (=HYPERLINK(…), +cmd|…, @SUM(…)) starts with an apostrophe, on screen and in the toolbar's
    download alike. The column settings follow a header that had to change."""
    renamed = {column: safe_text(column) for column in frame.columns if safe_text(column) != column}
    safe = frame.rename(columns=renamed)
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]) and not pd.api.types.is_datetime64_any_dtype(safe[column]):
            safe[column] = safe[column].map(safe_text).astype(object)
    if column_config is not None:
        column_config = {renamed.get(name, name): setting for name, setting in column_config.items()}
    if column_order is not None:
        column_order = [renamed.get(name, name) for name in column_order]
    return st.dataframe(safe, column_config=column_config, column_order=column_order, **options)


def editor(frame: pd.DataFrame, key: str, **options) -> Any:
    """st.data_editor without the toolbar's "Download as CSV". An editor must keep text exactly as typed (a
    title may start with '='), so its text cannot be neutralised like a table's; its download is hidden instead
    (Streamlit can switch it off only app-wide), and the page's own exports, which neutralise, remain."""
    st.html(f'<style>.{_key_class(key)} button[aria-label="Download as CSV"] {{display: none !important}}</style>')
    return st.data_editor(frame, key=key, **options)


def _key_class(key: str) -> str:
    """The CSS class Streamlit gives a keyed element (its frontend's rule: st-key- and the key, other
    characters than [a-zA-Z0-9_-] as '-')."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


# A figure as this app writes it ("-1 234,50", "-9.0", "-50 %", "-14,5 mill. kr") starts with a minus but is a
# number to a spreadsheet, never a formula: it stays as it is, as negative amounts do in the exports.
_FIGURE = re.compile(r"-\d[\d\s.,]*(\s?%|\s?kr|\s?mill\.\s?kr)?")


def safe_text(value: Any) -> Any:
    if isinstance(value, str) and _FIGURE.fullmatch(value):
        return value
    return neutralise(value)


def choice(
    container,
    label: str,
    codes: Sequence[Any],
    key: str,
    format_func: Callable[[Any], str],
    default: Any = None,
    placeholder: str | None = None,
    state_key: str | None = None,
    **options,
) -> Any:
    """A selectbox showing labels and keeping the chosen *code* in the URL under `key` (`state_key`: the widget's
    own key, default "choice:<key>").

    Streamlit's bind="query-params" would put the displayed label in the URL, so a link made in one
    language would not open in the other: the URL is read once, when the session first shows the widget,
    and written after every run. No default (None) lets the user choose nothing."""
    codes, state_key = list(codes), state_key or f"choice:{key}"
    if state_key not in st.session_state or st.session_state[state_key] not in (*codes, None):
        st.session_state[state_key] = _from_url(key, codes, default)
    value = container.selectbox(
        label, codes, key=state_key, format_func=format_func, placeholder=placeholder, **options
    )
    if value is None:
        st.query_params.pop(key, None)
    elif value != default or key in st.query_params:  # a deep link keeps what it says, default or not
        st.query_params[key] = str(value)
    return value


def choices(
    container,
    label: str,
    codes: Sequence[Any],
    key: str,
    format_func: Callable[[Any], str],
    state_key: str,
    placeholder: str | None = None,
) -> list:
    """A multiselect showing labels and keeping the chosen *codes* in the URL under `key`, repeated
    (?sector=UH&sector=NGO), so a filtered page is a link to share in either language. As `choice`: the URL is read
    when the session first shows the widget (or a code it held is no longer offered), and written after every run."""
    codes = list(codes)
    held = st.session_state.get(state_key)
    if held is None or any(code not in codes for code in held):
        wanted = set(st.query_params.get_all(key)) if held is None else {str(code) for code in held}
        st.session_state[state_key] = [code for code in codes if str(code) in wanted]
    value = container.multiselect(label, codes, key=state_key, format_func=format_func, placeholder=placeholder)
    if value:
        st.query_params[key] = [str(code) for code in value]
    else:
        st.query_params.pop(key, None)
    return value


def _from_url(key: str, codes: list, default: Any) -> Any:
    wanted = st.query_params.get(key)
    return next((code for code in codes if str(code) == wanted), default if default in codes else None)
