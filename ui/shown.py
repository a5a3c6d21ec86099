"""Tables and choices as the user reads them: figures in the language's format, choices by their labels
while the URL keeps the code (?rows=category works in either language)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from monitor.shown import for_screen


def table(frame: pd.DataFrame, lang: str, key: str | None = None, decimals: dict[str, int] | None = None,
          widths: dict[str, str] | None = None) -> None:
    """A table whose figures are text in the language's format, aligned right like numbers."""
    shown = for_screen(frame, lang, decimals)
    config = {c: st.column_config.TextColumn(alignment="right") for c in shown.numeric}
    for column, width in (widths or {}).items():
        config[column] = st.column_config.Column(width=width)
    st.dataframe(shown.frame, hide_index=True, width="stretch", column_config=config, key=key)


def choice(container, label: str, codes: Sequence[Any], key: str, format_func: Callable[[Any], str],
           default: Any = None, placeholder: str | None = None, **options) -> Any:
    """A selectbox showing labels and keeping the chosen *code* in the URL under `key`.

    Streamlit's bind="query-params" would put the displayed label in the URL, so a link made in one
    language would not open in the other: the URL is read once, when the session first shows the widget,
    and written after every run. No default (None) lets the user choose nothing."""
    codes, state_key = list(codes), f"choice:{key}"
    if state_key not in st.session_state or st.session_state[state_key] not in (*codes, None):
        st.session_state[state_key] = _from_url(key, codes, default)
    value = container.selectbox(label, codes, key=state_key, format_func=format_func,
                                placeholder=placeholder, **options)
    if value is None:
        st.query_params.pop(key, None)
    elif value != default or key in st.query_params:  # a deep link keeps what it says, default or not
        st.query_params[key] = str(value)
    return value


def _from_url(key: str, codes: list, default: Any) -> Any:
    wanted = st.query_params.get(key)
    return next((code for code in codes if str(code) == wanted), default if default in codes else None)
