"""One look for every chart: the palette, status colours, the language's number format, a legend that
never covers the axes. A leaf: chart code in the domains imports from here, never the reverse."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
from babel.dates import format_date

from monitor.format import LOCALES

# Status colours, the same wherever a status is drawn (work packages, projects, schedule items).
ON_TRACK, AT_RISK, OFF_TRACK = "#2e7d32", "#f9a825", "#c62828"
STATUS_COLOURS = {"on_track": ON_TRACK, "at_risk": AT_RISK, "off_track": OFF_TRACK}
# Text written on a status colour (a table cell): dark on the yellow, where white would not read.
STATUS_TEXT_COLOURS = {"on_track": "white", "at_risk": "#1a1a1a", "off_track": "white"}

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
    """The language's separators, and no SI suffixes on axes ("4M" is English): full numbers with
    thousands separators instead (20 000 000 in nb, 20,000,000 in en)."""
    figure.update_layout(separators=separators(lang))
    figure.update_yaxes(exponentformat="none", separatethousands=True)
    figure.update_xaxes(exponentformat="none", separatethousands=True)
    return figure


def legend_below(figure: go.Figure) -> go.Figure:
    """A horizontal legend at the bottom of the figure, below the tick labels, rotated labels and axis
    titles: placed against the container (not the plot area), plotly grows the bottom margin to fit it."""
    figure.update_layout(
        legend={
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0,
            "xanchor": "left",
            "x": 0,
            "title": {"text": ""},
        }
    )
    return figure


# --- Actor groups: one colour each wherever attendance is drawn (Results and Indicators) -------------

# Every actor group of the seeds (results.csv attendance columns and events.csv), in the order charts
# stack them; "others" is grey, and the groups a legend has no room for are added to it.
ACTOR_GROUPS = (
    "employers",
    "migrants",
    "refugees",
    "ngos",
    "social_entrepreneurs_smes",
    "municipal_unit",
    "support",
    "researchers",
    "others",
)
OTHER = "others"
ACTOR_COLOURS = {**dict(zip(ACTOR_GROUPS[:-1], SERIES, strict=True)), OTHER: NEUTRAL}


def actor_order(groups) -> list[str]:
    """The given actor groups in ACTOR_GROUPS order (unknown codes last, alphabetically)."""
    given = set(groups)
    return [g for g in ACTOR_GROUPS if g in given] + sorted(given - set(ACTOR_GROUPS))


def keep_largest(totals: dict[str, float], limit: int = MAX_LEGEND_ENTRIES, other: str = OTHER) -> dict[str, str]:
    """Series code -> the code it is drawn as: the `limit - 1` largest keep their own, the rest become
    `other` (so a legend has at most `limit` entries). With `limit` or fewer series nothing is merged."""
    if len(totals) <= limit:
        return {code: code for code in totals}
    ranked = sorted((c for c in totals if c != other), key=lambda c: -totals[c])
    kept = set(ranked[: limit - 1])
    return {code: code if code in kept else other for code in totals}


def series_colours(codes) -> dict[str, str]:
    """One SERIES colour per distinct code in the given order (cycling after eight); OTHER grey."""
    distinct = [c for c in dict.fromkeys(codes) if c != OTHER]
    return {**{code: SERIES[n % len(SERIES)] for n, code in enumerate(distinct)}, OTHER: NEUTRAL}


# --- Dates: month ticks in the language (plotly itself prints "Jan 2025" in every language) -----------

TICK_STEPS = (1, 2, 3, 6, 12, 24)  # months between ticks
MAX_TICKS = 10


def month_ticks(first: dt.date, last: dt.date, lang: str) -> tuple[list[dt.date], list[str]]:
    """Tick dates on the first of a month from `first` to `last` (at most MAX_TICKS, on January and
    July and the like), labelled 'jan. 2025' in nb and 'Jan 2025' in en."""
    months = (last.year - first.year) * 12 + last.month - first.month
    step = next((s for s in TICK_STEPS if months // s < MAX_TICKS), TICK_STEPS[-1])
    start = (first.year * 12 + first.month - 1 + step - 1) // step * step  # the first multiple of step
    values = [dt.date(m // 12, m % 12 + 1, 1) for m in range(start, last.year * 12 + last.month, step)]
    values = [v for v in values if first <= v <= last]
    return values, [format_date(v, "MMM y", locale=LOCALES[lang]) for v in values]


def date_axis(figure: go.Figure, first: dt.date, last: dt.date, lang: str, padding_days: int = 15) -> go.Figure:
    """An x axis of dates from `first` to `last` (a little padding), with month ticks in the language."""
    values, texts = month_ticks(first, last, lang)
    pad = dt.timedelta(days=padding_days)
    figure.update_xaxes(type="date", range=[first - pad, last + pad], tickmode="array", tickvals=values, ticktext=texts)
    return figure


def hover_number(axis: str, decimals: int = 0) -> str:
    """A hover template fragment with the language's separators (set by localise) and fixed decimals."""
    return f"%{{{axis}:,.{decimals}f}}"


def stacked_groups(
    titles: list[str], counts: dict[str, list[int]], names: dict[str, str], axis_title: str, lang: str
) -> go.Figure:
    """Horizontal stacked bars, one per title (first at the top, long titles readable without rotation),
    one segment per group in ACTOR_COLOURS; groups beyond the legend's room are added to OTHER."""
    merged = merge_series(counts, keep_largest({g: sum(v) for g, v in counts.items()}))
    figure = go.Figure(
        [
            go.Bar(
                name=names[group],
                y=titles,
                x=values,
                orientation="h",
                marker_color=ACTOR_COLOURS.get(group, NEUTRAL),
                hovertemplate=f"%{{y}}<br>{names[group]}: %{{x}}<extra></extra>",
            )
            for group, values in merged.items()
        ]
    )
    figure.update_layout(
        barmode="stack",
        height=max(300, 34 * len(titles) + 160),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        legend={"traceorder": "normal"},
        yaxis={"autorange": "reversed", "type": "category"},
        xaxis={"title": {"text": axis_title, "standoff": 8}},
    )
    return legend_below(localise(figure, lang))


def merge_series(counts: dict[str, list], drawn_as: dict[str, str]) -> dict[str, list]:
    """Add up the series drawn as the same code, element by element, keeping ACTOR_GROUPS-like order."""
    merged: dict[str, list] = {}
    for code, values in counts.items():
        target = drawn_as[code]
        merged[target] = (
            [a + b for a, b in zip(merged[target], values, strict=True)] if target in merged else list(values)
        )
    if OTHER in merged:  # "other" last
        merged[OTHER] = merged.pop(OTHER)
    return merged
