"""In Chromium: the Overview's chart on a session's first Overview comes a moment after the tiles (issue 19, first
paint) without redrawing the page around it, so a list opened meanwhile stays open, and then the browser stops
asking for it (ui/components/overview.py)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.journey import settle


def _sign_in_as_leader(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?as_of=2024-06-30&lang=en")
    page.get_by_label("User name").fill("leader")
    page.get_by_role("textbox", name="Password", exact=True).fill("demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("stMetric").first).to_be_visible(timeout=30_000)


def test_the_chart_comes_after_the_tiles_and_the_browser_then_stops_asking(page: Page, app_url: str):
    sent: list[object] = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent.append(payload)))
    _sign_in_as_leader(page, app_url)
    expect(page.get_by_test_id("stMain").locator(".js-plotly-plot")).to_have_count(1, timeout=15_000)
    settle(page)
    before = len(sent)
    page.wait_for_timeout(2_000)  # the fragment's timer ran every 0.3 s: about six requests in this time
    assert len(sent) == before, f"{len(sent) - before} messages sent after the chart was drawn"
    expect(page.get_by_test_id("stMain").locator(".js-plotly-plot")).to_have_count(1)


def _runs_after_the_timer(frames: list) -> list[str]:
    """What the server ran after it started the chart's timer (its auto_rerun message): "full" for a run of the whole
    page, "fragment" for a fragment's. A run begins with a new_session message, whose metadata names the fragments
    it runs, if any."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    messages = [ForwardMsg.FromString(frame) for frame in frames if isinstance(frame, bytes)]
    kinds = [m.WhichOneof("type") for m in messages]
    assert "auto_rerun" in kinds, "the first Overview started no timer for its chart"
    after = messages[kinds.index("auto_rerun") :]
    return [
        "fragment" if m.metadata.run.fragment_ids else "full" for m in after if m.WhichOneof("type") == "new_session"
    ]


def test_the_chart_is_drawn_without_running_the_page_again(page: Page, app_url: str):
    """A full rerun drew the chart at first: it redrew the page around it, and a list the user had just opened (the
    project box, a filter) closed, which made a browser test time out picking from the Portfolio's project box."""
    received: list = []
    page.on("websocket", lambda socket: socket.on("framereceived", lambda payload: received.append(payload)))
    _sign_in_as_leader(page, app_url)
    expect(page.get_by_test_id("stMain").locator(".js-plotly-plot")).to_have_count(1, timeout=15_000)
    settle(page)
    page.wait_for_timeout(1_000)
    assert _runs_after_the_timer(received) == ["fragment"]
