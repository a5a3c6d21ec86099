"""The Budget page's Commitments tab (ui/components/commitments.py) as leader, partner and viewer, in nb and en:
the figures agree with `summary --json` to the øre, the orders are a partner's own, a viewer sees sums only, and
the leader's import of open purchase orders goes through the register's checks."""

import contextlib
import datetime as dt
import io
import json
import re
from decimal import Decimal as D

import pytest

from monitor import cli, db
from monitor.access.scope import local_user
from monitor.registers import edit as registers
from tests.apptest import app
from tests.registers import writes

END = "2025-11-30"
NBSP = "\u00a0"
# data/seed/mwinc/commitments.csv: open 42 500 + 12 400 + 18 750 = 73 650.00; one invoiced, one cancelled
OPEN = D("73650.00")
# NAV's own order, added before the app starts: the only one a NAV user may see
NAV_ORDER = {
    "partner_id": "nav_vt",
    "cost_category": "personnel_indirect",
    "wp_code": "WP1",
    "ordered_date": "2025-10-01",
    "expected_date": "2025-11-20",
    "amount": "1234.56",
    "supplier": "Kurs AS",
    "reference": "NAV-1",
    "commitment_status": "open",
}


def budget_page(user: str, lang: str = "en"):
    at = app(user, as_of=END, lang=lang).run()
    at.switch_page("pages/budget.py")
    return at.run()


def summary_json(db_path) -> dict:
    """`summary --json` run in this process (the app under test holds the DuckDB file)."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        assert cli.main(["summary", "--db", str(db_path), "--as-of", END, "--json"]) == 0
    return json.loads(output.getvalue())


def amount(text: str) -> D:
    """'14,498,396.54' (en) back to a Decimal."""
    return D(text.replace(",", ""))


def exact(help_text: str) -> D:
    """The exact amount a tile's help starts with: 'NOK 14,572,046.54. The larger of ...'."""
    found = re.match(rf"NOK{NBSP}(-?[\d,]+\.\d\d)\.", help_text)
    assert found, help_text
    return amount(found.group(1))


def table_with(at, column: str):
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def tiles(at) -> dict[str, tuple[str, str]]:
    return {metric.label: (metric.value, metric.proto.help) for metric in at.metric}


@pytest.fixture
def with_nav_order(db_path):
    con = db.connect(db_path)
    writes.add(con, "commitments", "mwinc", NAV_ORDER, local_user("annett"), dt.date(2025, 10, 1))
    con.close()
    return db_path


def test_the_leader_s_tab_agrees_with_summary_json_to_the_ore(app_env):
    at = budget_page("leader")
    assert not at.exception
    assert "Commitments" in [tab.label for tab in at.tabs]
    summary = summary_json(app_env)
    table = table_with(at, "Actual + commitments")
    total = table[table["Year"] == "Total"].iloc[0]
    assert amount(total["Open commitments"]) == D(summary["commitments"]["open"]) == OPEN
    assert amount(total["Actual"]) == D(summary["spent"]["total"])
    assert amount(total["Budget"]) == D(summary["budget"]["total"])
    assert amount(total["Actual + commitments"]) == D(summary["spent"]["total"]) + OPEN
    other_2025 = table[(table["Year"] == "2025") & (table["Cost category"] == "Other operating expenses")].iloc[0]
    assert amount(other_2025["Open commitments"]) == D(summary["commitments"]["by_year"]["2025"]) == OPEN
    shown = tiles(at)
    forecast = summary["forecast_with_commitments"]
    assert shown["Open commitments"][1] == f"NOK{NBSP}73,650.00"
    assert exact(shown["Forecast with commitments"][1]) == D(forecast["amount"])
    assert exact(shown["Forecast at completion (without commitments)"][1]) == D(forecast["run_rate"])
    assert "Does not count open commitments" in shown["Forecast at completion (without commitments)"][1]
    # which forecast counts the orders is said beside it
    assert any(i.value.startswith("The forecast with commitments is actual") for i in at.info)
    # the register: every order of the seed (open, invoiced, cancelled), and the editor with its file import
    orders = table_with(at, "Supplier")
    assert sorted(orders["Reference"]) == [
        "PO-2025-0288",
        "PO-2025-0379",
        "PO-2025-0412",
        "PO-2025-0431",
        "PO-2025-0457",
    ]
    assert {"Open", "Invoiced", "Cancelled"} == set(orders["Status"])
    assert any(e.label == "Enter, import or export commitments" for e in at.expander)
    assert at.file_uploader(key="upload:commitments") is not None


def test_the_tab_in_norwegian(app_env):
    at = budget_page("leader", "nb")
    assert not at.exception
    assert "Forpliktelser" in [tab.label for tab in at.tabs]
    table = table_with(at, "Faktisk + forpliktelser")
    total = table[table["År"] == "Sum"].iloc[0]
    assert total["Åpne forpliktelser"] == f"73{NBSP}650,00"
    assert tiles(at)["Åpne forpliktelser"][1] == f"73{NBSP}650,00{NBSP}kr"
    assert any(i.value.startswith("Prognosen med forpliktelser er faktisk") for i in at.info)


def test_a_partner_sees_its_own_orders_read_only(with_nav_order, app_env):
    at = budget_page("nav")
    assert not at.exception
    orders = table_with(at, "Supplier")
    assert orders["Reference"].tolist() == ["NAV-1"] and orders["Partner"].tolist() == ["NAV VT"]
    assert tiles(at)["Open commitments"][1] == f"NOK{NBSP}1,234.56"
    table = table_with(at, "Actual + commitments")
    assert amount(table[table["Year"] == "Total"].iloc[0]["Open commitments"]) == D("1234.56")
    assert "You see your own organisation's commitments only." in [c.value for c in at.caption]
    assert not at.get("file_uploader")
    assert {"csv:commitments", "xlsx:commitments"}.isdisjoint(b.key for b in at.get("download_button"))
    assert not any(e.label == "Enter, import or export commitments" for e in at.expander)


def test_a_viewer_sees_the_sums_but_not_the_orders(with_nav_order, app_env):
    at = budget_page("reader")
    assert not at.exception
    table = table_with(at, "Actual + commitments")
    # the seed's 73 650.00 and NAV's 1 234.56
    assert amount(table[table["Year"] == "Total"].iloc[0]["Open commitments"]) == D("74884.56")
    assert not any("Supplier" in frame.value.columns for frame in at.dataframe)
    assert "As reader you see the sums, not the individual orders." in [c.value for c in at.caption]
    assert not at.get("file_uploader")


BAD = (
    "partner_id;cost_category;wp_code;ordered_date;expected_date;amount;supplier;reference;commitment_status;note\r\n"
    "usn;other_operating;WP3;2025-11-02;2025-11-25;2 500,00;Trykk AS;PO-9001;open;\r\n"
    "usn;other_operating;WP3;2025-11-03;;1 0x0,00;Trykk AS;PO-9002;open;\r\n"
)


def test_the_leader_imports_open_purchase_orders(app_env):
    at = budget_page("leader")
    at.file_uploader(key="upload:commitments").set_value(("po.csv", BAD.encode(), "text/csv")).run()
    assert not at.exception  # the preview already names the bad row, and offers nothing to confirm
    assert any("Row 3" in e.value and "1 0x0,00" in e.value for e in at.error), [e.value for e in at.error]
    assert not [b for b in at.button if b.key == "import:commitments"]
    good = ("po.csv", BAD.replace("1 0x0,00", "1 000,00").encode(), "text/csv")
    at.file_uploader(key="upload:commitments").set_value(good).run()
    preview = "The file will add 2, update 0 and leave 0 unchanged. Nothing is saved until you confirm."
    assert preview in [i.value for i in at.info]
    at.button(key="import:commitments").click().run()
    assert not at.exception and not at.error
    table = table_with(at, "Actual + commitments")
    # 73 650.00 + 2 500.00 + 1 000.00
    assert amount(table[table["Year"] == "Total"].iloc[0]["Open commitments"]) == D("77150.00")
    # the same file again: its orders are found by partner, date, amount and reference; nothing to import
    at.file_uploader(key="upload:commitments").set_value(good).run()
    assert "The file will add 0, update 0 and leave 2 unchanged. Nothing is saved until you confirm." in [
        i.value for i in at.info
    ]
    assert not [b for b in at.button if b.key == "import:commitments"]


def test_the_editor_shows_amounts_as_the_language_writes_them(con):
    """The editor cannot edit a text column over Decimals, so amounts are text, with their øre, which the
    register reads back exactly (ui/components/registers.py)."""
    from ui.components.registers import _blank_text

    rows = registers.rows(con, "commitments", "mwinc", local_user())
    shown = _blank_text("commitments", rows, "nb")
    assert f"42{NBSP}500,00" in shown["amount"].tolist() and shown["amount"].dtype == "str"
    assert registers.clean(registers.REGISTERS["commitments"], {**rows.iloc[0].to_dict(), "amount": f"42{NBSP}500,00"})[
        0
    ]["amount"] == D("42500.00")
    assert "42,500.00" in _blank_text("commitments", rows, "en")["amount"].tolist()


def test_the_overview_says_which_forecast_counts_the_orders(app_env):
    """The Overview keeps its forecast at completion (run rate) and adds the forecast with commitments beside it."""
    at = app("leader", as_of=END, lang="en").run()
    assert not at.exception
    summary = summary_json(app_env)
    shown = tiles(at)
    forecast = summary["forecast_with_commitments"]
    assert exact(shown["Forecast at completion"][1]) == D(forecast["run_rate"])
    assert "Open commitments are not included" in shown["Forecast at completion"][1]
    with_orders = shown["Forecast with commitments"]
    # on the end date: the actual cost + the open orders, 73 650.00
    assert exact(with_orders[1]) == D(forecast["amount"]) == D(summary["spent"]["total"]) + OPEN
    assert f"Counts open commitments (NOK{NBSP}73,650.00)" in with_orders[1]
    assert any("only “Forecast with commitments” does" in c.value for c in at.caption)
    at = app("leader", as_of=END, lang="nb").run()
    assert "Prognose med forpliktelser" in tiles(at)
