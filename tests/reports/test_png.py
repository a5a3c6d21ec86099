"""A chart drawn in a child process (monitor/reports/png.py): a PNG when it can be drawn, and no hang when it
cannot: the report goes without its chart."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from monitor.reports import png, writers

FIGURE = go.Figure(go.Bar(x=["2024", "2025"], y=[1, 2]), layout={"width": 300, "height": 200})


@pytest.mark.skipif(not writers.charts_available(), reason="needs kaleido and Chromium")
def test_a_figure_is_drawn_as_png():
    image = png.render(FIGURE, scale=1)
    assert image is not None and image.startswith(b"\x89PNG\r\n\x1a\n")


def test_a_chart_not_drawn_in_time_gives_none_and_a_log_line(caplog):
    # a browser that never answers: the child is stopped at the limit (here 0.01 s, before it has even started)
    with caplog.at_level("WARNING", logger="consortium_monitor"):
        assert png.render(FIGURE, timeout=0.01) is None
    assert "not drawn within 0.01 s" in caplog.text


def test_a_chart_that_fails_gives_none(monkeypatch):
    monkeypatch.setattr(png.sys, "executable", "/nonexistent/python")
    assert png.render(FIGURE) is None
