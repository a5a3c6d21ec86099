"""The cash rules (monitor/cash/rules.py), pure and computed by hand: the funder's schedule for a project starting
in December (automatic and on invoice, the øre left over on the last instalment), the final payment withheld and
released, matching, transfers and the month-by-month position."""

import datetime as dt
from decimal import Decimal as D

import pandas as pd

from monitor.cash import rules
from monitor.cash.rules import Payment

# A project from 1 December 2021 to 30 November 2023: one month in 2021 (December, in T3), all of 2022, and eleven
# months of 2023 (T1 4, T2 4, T3 3: September to November).
START, END = dt.date(2021, 12, 1), dt.date(2023, 11, 30)
GRANT = {2021: D("100000.00"), 2022: D("1000000.00"), 2023: D("500000.00")}
# The final report is due a month after the end: 30.12.2023; paid 30 days later: 29.01.2024.
FINAL_DUE = dt.date(2023, 12, 30)


def terms(mode: str) -> rules.Terms:
    return rules.Terms(mode, (12, 25, 49), 30, FINAL_DUE)


def amounts(instalments) -> list[D]:
    return [i.amount for i in instalments]


def test_a_december_start_puts_the_first_year_in_t3_and_splits_the_rest_by_months():
    plan = rules.schedule(START, END, GRANT, terms(rules.AUTOMATIC))
    assert [(i.year, i.tertial, i.months) for i in plan] == [
        (2021, 3, 1),  # December only
        (2022, 1, 4),
        (2022, 2, 4),
        (2022, 3, 4),
        (2023, 1, 4),
        (2023, 2, 4),
        (2023, 3, 3),  # September-November
    ]
    assert amounts(plan) == [
        D("100000.00"),  # 2021: the whole year's amount in T3
        D("333333.33"),  # 1 000 000 × 4/12 = 333 333.333.. rounded down
        D("333333.33"),
        D("333333.34"),  # 1 000 000 − 2 × 333 333.33: the øre left over on the last
        D("181818.18"),  # 500 000 × 4/11 = 181 818.1818.. rounded down
        D("181818.18"),
        D("136363.64"),  # 500 000 − 2 × 181 818.18
    ]
    assert sum(amounts(plan)) == D("1600000.00")  # 100 000 + 1 000 000 + 500 000


def test_automatic_payments_fall_on_the_monday_of_the_tertial_s_week_or_the_start():
    plan = rules.schedule(START, END, GRANT, terms(rules.AUTOMATIC))
    # ISO week 1 of 2021 starts Monday 4 January: week 49 = 4 Jan + 48 × 7 days = Monday 6 December 2021.
    # 2022: week 1 starts 3 January: week 12 = +77 days = 21 March, week 25 = +168 = 20 June, week 49 = +336 = 5 Dec.
    # 2023: week 1 starts 2 January: week 12 = 20 March, week 25 = 19 June; T3 2023 is the final payment.
    assert [i.expected_date for i in plan] == [
        dt.date(2021, 12, 6),
        dt.date(2022, 3, 21),
        dt.date(2022, 6, 20),
        dt.date(2022, 12, 5),
        dt.date(2023, 3, 20),
        dt.date(2023, 6, 19),
        dt.date(2024, 1, 29),  # the final report's deadline 30.12.2023 + 30 days
    ]
    assert [i.kind for i in plan] == [rules.AUTOMATIC] * 6 + [rules.FINAL]


def test_a_start_after_the_payment_week_moves_the_first_payment_to_the_start():
    later = dt.date(2021, 12, 10)  # after Monday 6 December (week 49)
    first = rules.schedule(later, END, GRANT, terms(rules.AUTOMATIC))[0]
    assert (first.expected_date, first.first_day, first.amount) == (later, later, D("100000.00"))


def test_on_invoice_each_tertial_is_paid_30_days_after_its_end():
    plan = rules.schedule(START, END, GRANT, terms(rules.INVOICE))
    assert [i.expected_date for i in plan] == [
        dt.date(2022, 1, 30),  # 31.12.2021 + 30
        dt.date(2022, 5, 30),  # 30.04.2022 + 30
        dt.date(2022, 9, 30),  # 31.08.2022 + 30
        dt.date(2023, 1, 30),  # 31.12.2022 + 30
        dt.date(2023, 5, 30),
        dt.date(2023, 9, 30),
        dt.date(2024, 1, 29),  # the final payment: deadline 30.12.2023 + 30
    ]
    assert amounts(plan) == amounts(rules.schedule(START, END, GRANT, terms(rules.AUTOMATIC)))
    assert [i.kind for i in plan] == [rules.INVOICE] * 6 + [rules.FINAL]


def paid(number: int, day: dt.date, amount: str, kind: str = rules.INVOICE, status: str = rules.RECEIVED) -> Payment:
    return Payment(number, day, D(amount), kind, status)


# Six invoices paid a few days either side of their dates (the last one 2 øre short), and one planned payment.
PAYMENTS = [
    paid(1, dt.date(2022, 1, 28), "100000.00"),
    paid(2, dt.date(2022, 6, 1), "333333.33"),
    paid(3, dt.date(2022, 10, 3), "333333.33"),
    paid(4, dt.date(2023, 1, 27), "333333.34"),
    paid(5, dt.date(2023, 6, 2), "181818.18"),
    paid(6, dt.date(2023, 10, 2), "181818.16"),
    paid(7, dt.date(2024, 2, 1), "136363.64", rules.FINAL, "planned"),  # entered as planned: not money in
]


def test_the_final_payment_is_withheld_until_a_final_payment_is_received():
    plan = rules.schedule(START, END, GRANT, terms(rules.INVOICE))
    as_of = dt.date(2024, 6, 30)  # after the final payment's date 29.01.2024: still withheld, not overdue
    rows = rules.match(plan, PAYMENTS, as_of)
    assert [r.status for r in rows] == [rules.RECEIVED] * 6 + [rules.WITHHELD]
    assert rows[5].difference == D("-0.02")  # 181 818.16 − 181 818.18
    assert rows[6].received is None and rows[6].difference is None
    totals = rules.totals(rows, PAYMENTS, as_of)
    # received: 100 000 + 333 333.33 × 2 + 333 333.34 + 181 818.18 + 181 818.16 = 1 463 636.34 (the planned one not)
    # expected: every instalment but the final one = 1 600 000 − 136 363.64 = 1 463 636.36
    assert totals == rules.PaymentTotals(D("1463636.34"), D("1463636.36"), D("136363.64"))

    released = [*PAYMENTS[:6], paid(7, dt.date(2024, 3, 15), "136363.64", rules.FINAL)]
    rows = rules.match(plan, released, as_of)
    assert rows[6].status == rules.RECEIVED and rows[6].received_date == dt.date(2024, 3, 15)
    assert rules.totals(rows, released, as_of) == rules.PaymentTotals(D("1599999.98"), D("1463636.36"), D("0.00"))
    # before it was paid, as of 14.03.2024, the same final payment is still withheld
    assert rules.match(plan, released, dt.date(2024, 3, 14))[6].status == rules.WITHHELD


def test_unpaid_instalments_are_overdue_after_their_date_and_due_before_it():
    plan = rules.schedule(START, END, GRANT, terms(rules.INVOICE))
    as_of = dt.date(2022, 7, 1)  # two payments received; T2 2022 expected 30.09.2022
    rows = rules.match(plan, PAYMENTS, as_of)
    assert [r.status for r in rows[:4]] == [rules.RECEIVED, rules.RECEIVED, rules.DUE, rules.DUE]
    as_of = dt.date(2022, 10, 1)  # T2 2022's payment came on 03.10: on 01.10 it is overdue by a day
    row = rules.match(plan, PAYMENTS, as_of)[2]
    assert (row.status, row.difference) == (rules.OVERDUE, D("-333333.33"))
    # expected up to 01.10.2022: 100 000 + 333 333.33 + 333 333.33 = 766 666.66
    assert rules.totals(rules.match(plan, PAYMENTS, as_of), PAYMENTS, as_of).expected == D("766666.66")


def test_a_payment_beyond_the_schedule_is_shown_on_its_own_line():
    plan = rules.schedule(START, dt.date(2021, 12, 31), {2021: D("100.00")}, terms(rules.AUTOMATIC))
    extra = [paid(1, dt.date(2022, 1, 5), "100.00", rules.FINAL), paid(2, dt.date(2022, 1, 6), "1.00")]
    rows = rules.match(plan, extra, dt.date(2022, 2, 1))
    assert [(r.instalment is None, r.status, r.received) for r in rows] == [
        (False, rules.RECEIVED, D("100.00")),
        (True, rules.RECEIVED, D("1.00")),
    ]


def test_invoice_costs_are_summed_per_tertial():
    months = pd.DataFrame(
        {"year": [2022, 2022, 2022, 2022], "month": [1, 4, 5, 12], "amount": [D("1.10"), D("2.20"), D("3"), D("4")]}
    )
    # T1: 1.10 + 2.20 = 3.30; T2: May 3.00; T3: December 4.00
    assert rules.costs_by_tertial(months) == {(2022, 1): D("3.30"), (2022, 2): D("3.00"), (2022, 3): D("4.00")}


def test_transfer_status():
    due = dt.date(2024, 6, 30)
    assert rules.transfer_status(due, dt.date(2024, 6, 30), dt.date(2024, 12, 31)) == rules.PAID  # on the day
    assert rules.transfer_status(due, dt.date(2024, 8, 15), dt.date(2024, 12, 31)) == rules.PAID_LATE
    assert rules.transfer_status(due, dt.date(2024, 8, 15), dt.date(2024, 7, 31)) == rules.OVERDUE  # not yet paid
    assert rules.transfer_status(due, None, dt.date(2024, 6, 30)) == rules.NOT_DUE


def test_shares_agreed_paid_outstanding_and_late():
    agreed = pd.DataFrame({"partner_id": ["a", "a", "b"], "year": [2022, 2023, 2022], "amount": [D(100), D(50), D(10)]})
    transfers = rules.with_status(
        pd.DataFrame(
            {
                "partner_id": ["a", "a", "a"],
                "grant_year": [2022, 2022, 2023],
                "due_date": [dt.date(2022, 6, 30), dt.date(2022, 12, 31), dt.date(2023, 6, 30)],
                "paid_date": [dt.date(2022, 6, 1), None, dt.date(2023, 7, 1)],
                "amount": [D("60.00"), D("40.00"), D("50.00")],
            }
        ),
        dt.date(2023, 12, 31),
    )
    assert list(transfers["status"]) == [rules.PAID, rules.OVERDUE, rules.PAID_LATE]
    table = rules.shares(agreed, transfers)
    assert table.values.tolist() == [
        ["a", 2022, D("100.00"), D("60.00"), D("40.00"), True],  # 100 − 60; the second 40 is unpaid past its due date
        ["a", 2023, D("50.00"), D("50.00"), D("0.00"), True],  # paid a day late
        ["b", 2022, D("10.00"), D("0.00"), D("10.00"), False],  # nothing transferred, no due date registered
    ]


def test_position_month_by_month():
    flows = pd.DataFrame(
        {
            "year": [2021, 2022, 2022, 2022],
            "month": [11, 1, 1, 3],  # November 2021 lies before the start: counted in the first month
            "received": [D(0), D("1000.00"), D(0), D(0)],
            "spent": [D("10.00"), D("300.00"), D("100.00"), D("50.50")],
            "contributed": [D(0), D(0), D("200.00"), D(0)],
        }
    )
    table = rules.position(flows, START, dt.date(2022, 3, 15))
    assert list(table["month"]) == [dt.date(2021, 12, 1), dt.date(2022, 1, 1), dt.date(2022, 2, 1), dt.date(2022, 3, 1)]
    assert list(table["spent"]) == [D("10.00"), D("400.00"), D("0.00"), D("50.50")]
    # December: 0 − 10 = −10; January: 1000 − 410 − 200 = 390; February: unchanged; March: 390 − 50.50 = 339.50
    assert list(table["position"]) == [D("-10.00"), D("390.00"), D("390.00"), D("339.50")]
    assert rules.position_totals(table) == {
        "received": D("1000.00"),
        "spent": D("460.50"),
        "contributed": D("200.00"),
        "position": D("339.50"),
    }
    assert rules.position(flows, START, dt.date(2021, 11, 30)).empty  # before the start: no months
