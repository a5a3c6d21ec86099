"""One look for every chart: the palette, status colours, the language's number format, a legend that
never covers the axes. A leaf: chart code in the domains imports from here, never the reverse."""

from __future__ import annotations

import plotly.graph_objects as go

# Status colours, the same wherever a status is drawn (work packages, projects, schedule items).
ON_TRACK, AT_RISK, OFF_TRACK = "#2e7d32", "#f9a825", "#c62828"
STATUS_COLOURS = {"on_track": ON_TRACK, "at_risk": AT_RISK, "off_track": OFF_TRACK}

# Budget (plan) and actual: told apart in colour, and in grey print by lightness.
PLANNED, ACTUAL, OVERRUN = "#9ecae1", "#08519c", "#c62828"
NEUTRAL = "#888888"

# Qualitative series (categories, actor groups): distinguishable, print-safe; at most eight, then "other".
SERIES = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
MAX_LEGEND_ENTRIES = len(SERIES)


def separators(lang: str) -> str:
    """plotly's decimal and thousands separators: 1 234,5 in nb, 1,234.5 in en."""
    return ", " if lang == "nb" else ".,"


def localise(figure: go.Figure, lang: str) -> go.Figure:
    """The language's separators, and no SI suffixes on axes ("4M" is English): full numbers instead."""
    figure.update_layout(separators=separators(lang))
    figure.update_yaxes(exponentformat="none")
    figure.update_xaxes(exponentformat="none")
    return figure


def legend_below(figure: go.Figure) -> go.Figure:
    """A horizontal legend under the plot area, clear of the tick labels and rotated labels."""
    figure.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.25, "xanchor": "left", "x": 0})
    return figure
