"""Small rendering helpers shared by pages. User and imported text is always rendered as plain text."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from monitor import format as fmt
from monitor.shown import Tile
from ui.shown import dataframe

TILE_WIDTH = 300  # px: room for the longest compact value ("-14,5 mill. kr", "96 % / 100 %") in the tile's font


def tiles(items: list[Tile]) -> None:
    """Metric tiles of a fixed width that wrap onto the next line where the page is narrow, so that a value is
    never cut off ("74 56…"): three side by side at 1440 px, one under the other on a phone."""
    with st.container(horizontal=True, wrap=True, gap="medium"):
        for tile in items:
            st.metric(
                tile.label,
                tile.value,
                delta=tile.delta,
                delta_color="off",
                help=tile.help,
                border=True,
                width=TILE_WIDTH,
            )


def sample_banner(note: str | None) -> None:
    if note:
        st.info(note, icon=":material/science:")


def plan_notice(note: str | None) -> None:
    """What a project without a cost plan lacks (monitor.project.status.plan_note), the same words on every page."""
    if note:
        st.info(note, icon=":material/info:")


def findings(items: list[tuple[str, str]], clean_text: str) -> None:
    if not items:
        st.success(clean_text)
    for level, text in items:
        {"error": st.error, "note": st.info}.get(level, st.warning)(text)


def table(frame) -> None:
    dataframe(frame, hide_index=True, width="stretch")


def table_or_info(frame, empty_text: str) -> bool:
    """The table, or a short note when it has no rows; True when a table was shown."""
    if frame.empty:
        st.info(empty_text)
        return False
    table(frame)
    return True


def wrapped_table(frame: pd.DataFrame | Styler) -> None:
    """A static table whose long cells wrap onto more lines (st.dataframe cuts them off at its column
    width): for short tables whose text matters. st.table reads cells as Markdown, so every cell is
    shown escaped, as the characters it holds."""
    styler = frame if isinstance(frame, Styler) else frame.style.hide(axis="index")
    st.table(styler.format(fmt.plain))


def inline_buttons(caption: str, items: list[str], button, key: str) -> None:
    """A caption and one small button per item on a line, wrapping on a narrow screen."""
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.caption(caption, width="content")
        for item in items:
            button(item, item, key=f"{key}_{item}")
