"""The Indicators page (AppTest) in Norwegian, on the three-project database."""

from __future__ import annotations

from tests.apptest import app
from tests.portfolio.helpers import AS_OF


def test_indicators_page_in_norwegian(portfolio_app):
    at = app(user="admin", project="integrate", as_of=AS_OF.isoformat(), lang="nb").run()
    at.switch_page("pages/indicators.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Indikatorer og arrangementer – INTEGRATE"
    indicators_table = at.dataframe[0].value
    phd = indicators_table[indicators_table["Indikator"] == "Ph.d.-kandidater rekruttert"].iloc[0]
    assert (phd["Mål"], phd["Siste verdi"], phd["Andel av målet"]) == ("4", "4", "100\u00a0%")
