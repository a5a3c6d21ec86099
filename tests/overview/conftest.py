"""The multi-project database of tests/portfolio, for the Overview's tests that need Integration Day."""

from tests.portfolio.conftest import pcon, portfolio_app, portfolio_db, portfolio_template  # noqa: F401
