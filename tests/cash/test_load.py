"""Money as it moves, read from the seeded MW Inc database within a scope (monitor/cash/load.py), on DuckDB and
PostgreSQL. Expected figures from the seed files by hand: funding_plan.csv, payments.csv, transfers.csv and (for
spent) the tests' oracle."""

import datetime as dt
from decimal import Decimal as D

import pytest

from monitor.access import audit
from monitor.access.scope import AccessDenied, Scope, local_user
from monitor.cash import load as cash
from monitor.cash import rules
from monitor.registers import edit as registers
from tests import oracle
from tests.registers import writes
from tests.scopes import LEADER, MWINC, NAV, OTHER_LEADER, READER

NHO = Scope("nho.kontakt", "partner", MWINC, "nho_vt")
USN = Scope("usn.okonomi", "partner", MWINC, "usn")
END = dt.date(2025, 11, 30)


def load(con, settings, as_of: dt.date = END, scope: Scope = LEADER) -> cash.CashData:
    return cash.load(con, "mwinc", as_of, settings, scope)


def test_the_schedule_of_mw_inc_on_invoice(con, settings):
    data = load(con, settings)
    plan = [r.instalment for r in data.schedule_rows]
    # The current plan v2 (the approved change request moved USN's 100 000 of 2023 to 2024, funding with it);
    # funder rows per year (USN + NHO VT, funding_plan.csv): 2021 200 000; 2022 2 990 000 + 60 000 = 3 050 000;
    # 2023 (3 190 000 − 100 000) + 60 000 = 3 150 000; 2024 (3 090 000 + 100 000) + 60 000 = 3 250 000;
    # 2025 2 278 000 + 20 000 = 2 298 000.
    # The project runs December 2021 to November 2025: 2021 all in T3; 2025 has 4 + 4 + 3 months.
    assert [i.amount for i in plan] == [
        D("200000.00"),
        D("1016666.66"),  # 3 050 000 / 3 = 1 016 666.666.. rounded down
        D("1016666.66"),
        D("1016666.68"),  # 3 050 000 − 2 × 1 016 666.66
        D("1050000.00"),  # 3 150 000 / 3
        D("1050000.00"),
        D("1050000.00"),
        D("1083333.33"),  # 3 250 000 / 3
        D("1083333.33"),
        D("1083333.34"),
        D("835636.36"),  # 2 298 000 × 4/11 = 835 636.3636..
        D("835636.36"),
        D("626727.28"),  # 2 298 000 − 2 × 835 636.36: the final payment
    ]
    assert sum(i.amount for i in plan) == D("11948000.00")  # the grant: 15 102 000 − 3 154 000
    # config.yaml: mwinc is paid on invoice, 30 days after each tertial; the final report is due 30.12.2025
    assert plan[0].expected_date == dt.date(2022, 1, 30)  # 31.12.2021 + 30
    assert plan[1].expected_date == dt.date(2022, 5, 30)  # 30.04.2022 + 30
    assert plan[-1].kind == rules.FINAL and plan[-1].expected_date == dt.date(2026, 1, 29)  # 30.12.2025 + 30
    # every invoice of payments.csv received, the final payment not
    assert [r.status for r in data.schedule_rows] == [rules.RECEIVED] * 12 + [rules.WITHHELD]
    assert data.schedule_rows[0].received_date == dt.date(2022, 1, 28)  # two days early
    # payments.csv: 2023's first two invoices were paid at the contract's 3 250 000 / 3 = 1 083 333.33, before the
    # change request; its third after it, 3 150 000 − 2 × 1 083 333.33 = 983 333.34. Against the current plan's
    # 1 050 000 each: +33 333.33, +33 333.33, −66 666.66, which add up to 0 over the year.
    assert [r.difference for r in data.schedule_rows[4:7]] == [D("33333.33"), D("33333.33"), D("-66666.66")]
    assert all(r.difference == 0 for r in data.schedule_rows[:4] + data.schedule_rows[7:12])
    # payments.csv: 200 000 + 3 050 000 + 3 150 000 + 3 250 000 + 2 × 835 636.36 = 11 321 272.72
    assert cash.payment_figures(data) == {
        "received": D("11321272.72"),
        "expected": D("11321272.72"),  # the twelve invoices, all due by 30.09.2025; the final one left out
        "withheld": D("626727.28"),
    }


def test_the_invoice_shows_the_tertial_s_ledger_costs(con, settings):
    data = load(con, settings)
    # the ledger lines posted in T1 2023 (January-April), straight from ledger.csv
    t1_2023 = sum(D(r["amount"]) for r in oracle.rows("ledger") if "2023-01-01" <= r["posting_date"] <= "2023-04-30")
    assert data.costs_by_tertial[(2023, 1)] == t1_2023


def test_the_final_payment_is_released_by_a_received_final_payment(con, settings):
    key = writes.add(
        con,
        "payments",
        "mwinc",
        {
            "payment_date": "2026-02-02",
            "amount": "626727.28",
            "payment_kind": "final",
            "payment_status": "received",
            "reference": "Sluttutbetaling",
        },
        LEADER,
        dt.date(2026, 2, 3),
    )
    before = load(con, settings, dt.date(2026, 2, 1))  # the day before it came: still withheld
    assert before.schedule_rows[-1].status == rules.WITHHELD
    after = load(con, settings, dt.date(2026, 2, 28))
    assert after.schedule_rows[-1].status == rules.RECEIVED
    # 11 321 272.72 + 626 727.28 = 11 948 000.00, the whole grant
    assert cash.payment_figures(after) == {
        "received": D("11948000.00"),
        "expected": D("11321272.72"),
        "withheld": D("0.00"),
    }
    logged = audit.read(con, local_user(), audit.Filters(table_name="funder_payment", row_key=str(key)))
    assert set(logged["action"]) == {"insert"} and set(logged["user_name"]) == {LEADER.user}


def test_nho_vt_s_shares_and_the_late_transfer(con, settings):
    data = load(con, settings)
    # funding_plan.csv: NHO VT's funder rows 60 000 (2022-2024) and 20 000 (2025); USN's own share is not passed on
    assert data.shares[["partner_id", "grant_year", "agreed", "paid", "outstanding", "late"]].values.tolist() == [
        ["nho_vt", 2022, D("60000.00"), D("60000.00"), D("0.00"), False],
        ["nho_vt", 2023, D("60000.00"), D("60000.00"), D("0.00"), False],
        ["nho_vt", 2024, D("60000.00"), D("60000.00"), D("0.00"), True],  # due 30.06.2024, paid 15.08.2024
        ["nho_vt", 2025, D("20000.00"), D("20000.00"), D("0.00"), False],
    ]
    july = load(con, settings, dt.date(2024, 7, 31))  # the 2024 transfer unpaid a month after its due date
    row = july.transfers[july.transfers["grant_year"] == 2024].iloc[0]
    assert (row["status"], row["late"]) == (rules.OVERDUE, True)
    assert july.shares.set_index("grant_year").loc[2024, "outstanding"] == D("60000.00")


def test_a_partner_s_cash_position_by_hand(con, settings):
    data = load(con, settings, dt.date(2022, 12, 31), NHO)
    table = data.position("nho_vt")
    assert len(table) == 13  # December 2021 to December 2022
    # inkind.csv, NHO VT 2022 (approved, 900 kr/h): 26.0 h (28.03) = 23 400; 21.8 h (28.06, 28.09, 28.12) = 19 620
    # transfers.csv: 60 000 paid 20.06.2022. No ledger lines of NHO VT.
    by_month = table.set_index("month")
    assert by_month.loc[dt.date(2022, 3, 1), "position"] == D("-23400.00")  # 0 − 23 400
    assert by_month.loc[dt.date(2022, 6, 1), "position"] == D("16980.00")  # 60 000 − 23 400 − 19 620
    assert by_month.loc[dt.date(2022, 9, 1), "position"] == D("-2640.00")  # 16 980 − 19 620
    assert rules.position_totals(table) == {
        "received": D("60000.00"),
        "spent": D("0.00"),
        "contributed": D("82260.00"),  # 23 400 + 3 × 19 620 = 91.4 h × 900
        "position": D("-22260.00"),  # 60 000 − 82 260
    }
    assert cash.cash_figures(data) == {
        **rules.position_totals(table),
        "by_partner": {"nho_vt": rules.position_totals(table)},
    }


def test_the_owner_receives_the_funder_s_payments_less_the_transfers(con, settings):
    as_of = dt.date(2022, 12, 31)
    figures = cash.cash_figures(load(con, settings, as_of))
    # payments.csv up to 31.12.2022: 200 000 + 1 016 666.66 + 1 016 666.66 = 2 233 333.32; less 60 000 to NHO VT
    assert figures["by_partner"]["usn"]["received"] == D("2173333.32")
    assert figures["by_partner"]["usn"]["spent"] == oracle.spent(as_of, partner_id="usn", source=oracle.LEDGER)
    # the project: every payment received against every ledger line and every approved contribution
    assert figures["received"] == D("2233333.32")
    assert figures["spent"] + figures["contributed"] == oracle.spent(as_of)
    assert figures["position"] == D("2233333.32") - oracle.spent(as_of)
    for name in ("received", "spent", "contributed", "position"):  # the partners add up to the project
        assert sum(p[name] for p in figures["by_partner"].values()) == figures[name], name


def test_the_owner_s_own_partner_user_sees_its_position_not_the_others(con, settings):
    data = load(con, settings, dt.date(2022, 12, 31), USN)
    assert set(data.flows["partner_id"]) == {"usn"} and data.transfers.empty and data.shares.empty
    assert cash.cash_figures(data)["received"] == D("2173333.32")


def test_a_partner_sees_only_its_own_position_and_transfers(con, settings):
    data = load(con, settings, END, NHO)
    assert set(data.flows["partner_id"]) == {"nho_vt"}  # cut in SQL: no other partner's month left the database
    assert set(data.transfers["partner_id"]) == {"nho_vt"} and set(data.shares["partner_id"]) == {"nho_vt"}
    assert data.schedule_rows is None and data.payment_totals is None and data.costs_by_tertial == {}
    assert cash.payment_figures(data) == {"received": None, "expected": None, "withheld": None}
    assert set(cash.cash_figures(data)["by_partner"]) == {"nho_vt"}

    other = load(con, settings, END, NAV)  # NAV VT has no transfers: it sees none, not NHO VT's
    assert other.transfers.empty and other.shares.empty and set(other.flows["partner_id"]) == {"nav_vt"}


@pytest.mark.parametrize("target", [cash.PROJECT, "usn", "nav_vt"])
def test_a_partner_s_attempts_at_other_positions_are_refused(con, settings, target):
    data = load(con, settings, END, NHO)
    with pytest.raises(AccessDenied):
        data.position(target)


def test_a_partner_may_not_read_the_funder_s_payments_nor_write_a_transfer(con, settings):
    with pytest.raises(AccessDenied):
        cash.payments_of(con, "mwinc", NHO)
    before = registers.rows(con, "transfers", "mwinc", LEADER)
    with pytest.raises(AccessDenied):
        writes.add(
            con,
            "transfers",
            "mwinc",
            {"partner_id": "nho_vt", "grant_year": 2025, "due_date": "2025-06-30", "amount": "1000000"},
            NHO,
            END,
        )
    assert registers.rows(con, "transfers", "mwinc", LEADER).equals(before)  # nothing written
    assert registers.rows(con, "transfers", "mwinc", NAV).empty  # and the register itself is cut to NAV's own


@pytest.mark.parametrize("scope", [OTHER_LEADER, Scope("x", "partner", MWINC, None)])
def test_another_project_s_leader_and_a_partnerless_user_are_refused(con, settings, scope):
    with pytest.raises(AccessDenied):
        load(con, settings, END, scope)


def test_a_viewer_reads_the_figures(con, settings):
    data = load(con, settings, END, READER)
    assert cash.payment_figures(data)["withheld"] == D("626727.28")
    assert not data.transfers.empty
