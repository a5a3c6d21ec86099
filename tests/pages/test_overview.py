"""Overview behaviour: tiles from the database, the as-of date in the URL, the language switch."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from tests import oracle
from tests.apptest import app

NBSP = "\u00a0"


def grouped(amount: Decimal, separator: str) -> str:
    whole = int(amount.quantize(Decimal(1), ROUND_HALF_UP))
    return f"{whole:,}".replace(",", separator)


def exact_nok(amount: Decimal) -> str:
    """Norwegian format with øre, written out independently of monitor.format: 9 872 257,30 kr."""
    whole, cents = f"{amount:.2f}".split(".")
    return f"{grouped(Decimal(whole), NBSP)},{cents}{NBSP}kr"


def tiles(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def exact(at) -> dict[str, str]:
    """The tooltip of each tile, which starts with the exact amount."""
    return {metric.label: metric.proto.help for metric in at.metric}


def test_tiles_show_budget_and_spend_in_norwegian(app_env, seed_dir):
    at = app(as_of="2024-06-30").run()
    shown, tooltips = tiles(at), exact(at)
    assert shown["Budsjett"] == f"15,1{NBSP}mill.{NBSP}kr"
    assert tooltips["Budsjett"] == f"15{NBSP}102{NBSP}000,00{NBSP}kr"
    spent = oracle.spent(dt.date(2024, 6, 30), seed_dir)
    assert tooltips["Brukt til nå"].startswith(exact_nok(spent))
    millions = (spent / 1_000_000).quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert shown["Brukt til nå"] == f"{str(millions).replace('.', ',')}{NBSP}mill.{NBSP}kr"
    remaining = Decimal(15102000) - spent
    assert tooltips["Gjenstår"] == exact_nok(remaining)
    # 2021-12-01..2024-06-30 is 943 of 1461 days = 64.5 % -> "65 %"
    assert shown["Brukt / tid gått"].endswith(f"/ 65{NBSP}%")


# AppTest does not re-run the entry point's sidebar widgets on a second run of an st.navigation app,
# so these tests open the deep link a changed widget produces (?lang=..., ?as_of=...); the browser
# test clicks the widgets themselves.
def test_the_language_switch_changes_the_labels(app_env):
    at = app(as_of="2024-06-30", lang="en").run()
    assert "Budget" in tiles(at) and "Spent to date" in tiles(at)
    assert at.title[0].value == "Status of MW Inc"
    at = app(as_of="2024-06-30", lang="nb").run()
    assert "Budsjett" in tiles(at) and "Brukt til nå" in tiles(at)
    assert at.title[0].value == "Status for MW Inc"


def tables(at) -> list:
    """The overview's tables (static, so that long cells wrap)."""
    return [table.value for table in at.table]


def due_codes(at) -> list[str]:
    frames = [df for df in tables(at) if "Code" in df.columns]
    return sorted(frames[0]["Code"]) if frames else []


def test_the_as_of_date_changes_the_due_list(app_env):
    # 2024-06-30: only D1.2 (due that very day) is upcoming within 90 days; nothing is overdue
    at = app(as_of="2024-06-30", lang="en").run()
    assert due_codes(at) == ["D1.2"]
    # 2025-01-15: M1.3 overdue; M2.3, D1.3, D2.2 due by 15 April 2025
    at = app(as_of="2025-01-15", lang="en").run()
    assert due_codes(at) == ["D1.3", "D2.2", "M1.3", "M2.3"]


def test_work_package_status_has_a_reason(app_env):
    at = app(lang="en", as_of="2026-11-30").run()
    wp_table = next(df for df in tables(at) if "Work package" in df.columns)
    assert list(wp_table["Work package"]) == [
        "WP1 Inclusion through employment",
        "WP2 Entrepreneurship",
        "WP3 Insight and new practice",
    ]
    # After the end, M2.3 (WP2, due 31.03.2025) and M3.3 (WP3, due 30.11.2025) are overdue by far more than 60 days
    statuses = dict(zip(wp_table["Work package"].str[:3], wp_table["Status"], strict=True))
    assert statuses["WP2"] == "Off track" and statuses["WP3"] == "Off track"
    reasons = dict(zip(wp_table["Work package"].str[:3], wp_table["Reason"], strict=True))
    assert "M2.3" in reasons["WP2"] and "D2.2" in reasons["WP2"]


def test_sample_data_and_quality_notes_are_shown(app_env):
    at = app(lang="en").run()
    assert any("Sample data" in info.value for info in at.info)
    assert any("NOK\u00a048,000" in warning.value for warning in at.warning)
