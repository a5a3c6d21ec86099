"""monitor/shown.py: the one formula rule of every table on screen, export and register file."""

from decimal import Decimal

from monitor.shown import neutralise, restore


def test_text_a_spreadsheet_would_run_gets_an_apostrophe():
    for text in ('=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("Plan 2024") == "Plan 2024"
    assert neutralise(Decimal("-1234.50")) == Decimal("-1234.50")  # a number is not text: the minus stays


def test_restore_undoes_it_so_an_export_imports_back_unchanged():
    for text in ("=1+1", "-fra", "plain", "'quoted already"):
        assert restore(neutralise(text)) == text
