"""items.say: an Item in the user's language, its dates and numbers formatted for it (no database)."""

import datetime as dt
from decimal import Decimal

from monitor.notify.items import BUDGET, DEADLINE, Item, say


def test_a_deadline_in_both_languages():
    item = Item(
        key="deadline:mwinc:report:accounts:2024:-14",
        rule=DEADLINE,
        project_id="mwinc",
        date=dt.date(2025, 1, 20),
        text="notify.report.accounts.ahead",
        values=(("project", "MW Inc"), ("period", "2024"), ("deadline", dt.date(2025, 1, 20)), ("days", 14)),
    )
    assert say(item, "nb") == "MW Inc: prosjektregnskapet for 2024 skal sendes innen 20.01.2025 (om 14 dager)."
    assert say(item, "en") == "MW Inc: the project accounts for 2024 are due by 20 Jan 2025 (in 14 days)."


def test_money_and_shares_formatted_per_language():
    item = Item(
        key="budget:mwinc:project:75",
        rule=BUDGET,
        project_id="mwinc",
        date=dt.date(2024, 11, 30),
        text="notify.budget.project",
        values=(
            ("project", "MW Inc"),
            ("share", Decimal("78.2")),
            ("amount", Decimal("11812055.39")),
            ("planned", Decimal("15102000.00")),
            ("threshold", 75),
            ("date", dt.date(2024, 11, 30)),
        ),
    )
    nb = say(item, "nb")
    assert "78,2 %" in nb and "11\u00a0812\u00a0055\u00a0kr" in nb and "30.11.2024" in nb
    assert "78.2 %" in say(item, "en") and "30 Nov 2024" in say(item, "en")
