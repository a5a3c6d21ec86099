"""The "Report and approve hours" tab's tables and choices (monitor/effort/hours_views.py), from hand-made rows."""

import datetime as dt
from decimal import Decimal as D

import pandas as pd

from monitor.effort import hours_views as views
from monitor.effort.hours import Rule
from monitor.effort.load import Names

NAMES = Names(partners={"usn": "USN", "nav_vt": "NAV VT"}, work_packages={"WP1": {"nb": "Ledelse", "en": "Management"}})
WAITING = pd.DataFrame(
    {
        "source": ["timesheet", "inkind"],
        "entry_id": [7, 7],  # the same id in both tables: the choice keys keep them apart
        "partner_id": ["usn", "nav_vt"],
        "person_name": ["PhD candidate", "Rådgiver"],
        "wp_code": ["WP1", "WP1"],
        "month": [dt.date(2024, 4, 1), dt.date(2025, 9, 1)],
        "work_date": [None, dt.date(2025, 9, 28)],
        "hours": [D("140.00"), D("22.80")],
        "reported_by": [float("nan"), "nav_vt.kontakt"],  # a missing value as the database hands it over
        "version": [1, 3],
    }
)


def test_the_waiting_table_labels_kinds_partners_and_dates():
    table = views.waiting_table(WAITING, NAMES, "nb")
    assert table.columns.tolist() == [
        "Slag",
        "Partner",
        "Person eller rolle",
        "Arbeidspakke",
        "Måned eller dato",
        "Timer",
        "Rapportert av",
    ]
    assert table["Slag"].tolist() == ["Timeliste", "Egeninnsats"]
    assert table["Partner"].tolist() == ["USN", "NAV VT"]
    assert table["Måned eller dato"].tolist() == ["apr. 2024", "28.09.2025"]  # a month's hours, a dated report
    assert table["Timer"].tolist() == ["140,00", "22,80"]
    assert table["Rapportert av"].tolist() == ["", "nav_vt.kontakt"]  # nobody named: blank, not "None"


def test_choices_keep_the_two_kinds_apart_and_carry_the_versions_read():
    choices = views.waiting_choices(WAITING, NAMES, "en")
    assert list(choices) == ["timesheet:7", "inkind:7"]
    assert choices["inkind:7"] == "In kind · NAV VT · Rådgiver · WP1 · 28 Sept 2025 · 22.80 h"
    assert views.chosen_versions(WAITING, ["inkind:7", "gone:1"]) == {("inkind", 7): 3}
    # 140 + 22.8 = 162.8 hours
    assert (
        views.decision_summary(WAITING, list(choices), "approved", "en") == "Approve 2 row(s) with 162.80 hours in all?"
    )


def test_months_run_from_the_first_month_to_today_latest_first():
    months = views.month_choices(dt.date(2021, 12, 1), dt.date(2025, 11, 30), dt.date(2022, 2, 14), "en")
    assert list(months) == [dt.date(2022, 2, 1), dt.date(2022, 1, 1), dt.date(2021, 12, 1)]
    assert len(views.month_choices(dt.date(2021, 12, 1), dt.date(2025, 11, 30), dt.date(2026, 11, 30), "en")) == 48


def test_a_problem_names_its_field_in_the_user_s_language():
    problem = Rule(None, None, "hours", "x", rule="month_range", values=(("hours", D("300.5")),))
    assert (
        views.problem_text(problem, "nb")
        == "Timer: 300,50 er ikke gyldig – oppgi mer enn 0 og høyst 300 timer i måneden."
    )
