"""Run the app's entry point the way a browser would, with the query parameters of a deep link."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def app(**query_params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    for name, value in query_params.items():
        at.query_params[name] = value
    return at


def open_page(page: str, **query_params: str) -> AppTest:
    """Run the entry point, then switch to pages/<page>.py and run again."""
    at = app(**query_params).run()
    at.switch_page(f"pages/{page}.py")
    return at.run()
