"""Validators that config.py owns (monitor/config_rules.py)."""

import pytest

from monitor import config_rules


@pytest.mark.parametrize(
    ("value", "ok"),
    [("10-01", True), ("01-20", True), ("02-29", False), ("13-01", False), ("1 Oct", False), (1001, False)],
)
def test_month_day_setting(value, ok):
    assert (config_rules.check_month_day(value) is None) is ok
