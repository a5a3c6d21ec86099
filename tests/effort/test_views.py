"""The Effort page's tables (monitor/effort/views.py) from hand-made data: labels not codes, the total row converts
the summed hours once, PhD and postdoc person-years are hours / 1 628."""

from decimal import Decimal as D

import pandas as pd

from monitor.effort import views
from monitor.effort.load import EffortData, Names

NAMES = Names(partners={"usn": "USN", "nav_vt": "NAV VT"}, work_packages={"WP1": {"nb": "Ledelse", "en": "Management"}})


def data() -> tuple[EffortData, pd.DataFrame]:
    planned = pd.DataFrame(
        {"partner_id": ["usn", "nav_vt"], "wp_code": ["WP1", "WP1"], "person_months": [D("2.00"), D("1.00")]}
    )
    hours = pd.DataFrame(
        {
            "partner_id": ["usn", "nav_vt"],
            "wp_code": ["WP1", "WP1"],
            "hours": [D("100.00"), D("35.00")],
            "year": [2024, 2024],
        }
    )
    monthly = pd.DataFrame(
        {
            "month": [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01"), pd.Timestamp("2024-02-01")],
            "partner_id": ["usn", "usn", "nav_vt"],
            "person_category": ["phd", "postdoc", "partner_staff"],
            "hours": [D("814.00"), D("100.00"), D("35.00")],
        }
    )
    return EffortData(planned, hours, {}), monthly


def test_the_person_month_table_is_labelled_and_totalled():
    effort, _ = data()
    table = views.person_month_view(effort, NAMES, "en")
    assert table["Work package"].tolist() == ["WP1 Management", "WP1 Management", "Total"]
    assert table["Partner"].tolist() == ["NAV VT", "USN", ""]
    # 100 h × 12 / 1 628 = 0.7371 -> 0.74; 35 h -> 420 / 1 628 = 0.2580 -> 0.26; 135 h -> 1 620 / 1 628 = 0.9951 -> 1.00
    assert table["Actual person-months"].tolist() == [D("0.26"), D("0.74"), D("1.00")]
    assert table.iloc[-1]["Deviation (person-months)"] == D("-2.00")  # 1.00 − (2 + 1)


def test_phd_and_postdoc_person_years_are_hours_over_1628():
    _, monthly = data()
    # 814 / 1 628 = 0.50; 100 / 1 628 = 0.0614 -> 0.06
    assert views.training_years(monthly) == {"phd": D("0.50"), "postdoc": D("0.06")}
    assert views.training_view(monthly, "nb")["Stillingskategori"].tolist() == ["Stipendiat", "Postdoktor"]


def test_effort_by_month_sums_the_month_before_converting():
    _, monthly = data()
    table = views.monthly_view(monthly, "en")
    # January 814 h -> 9 768 / 1 628 = 6.00; February 100 + 35 = 135 h -> 1.00
    assert table["Actual person-months"].tolist() == [D("6.00"), D("1.00")]
    assert len(views.monthly_chart(monthly, "en").data) == 1


def test_the_tiles_say_no_plan_and_no_hours_instead_of_zeros():
    """Issue 19: a project from the funder's open data has no effort plan and no approved hours."""
    effort, monthly = data()
    empty = EffortData(effort.planned.iloc[0:0], effort.hours.iloc[0:0], {})
    tiles = views.headline_tiles(empty, monthly.iloc[0:0], "en")
    assert [(tile.label, tile.value) for tile in tiles] == [
        ("Planned person-months", "No plan yet"),
        ("Actual person-months", "No hours yet"),
        ("PhD person-years", "No hours yet"),
        ("Postdoc person-years", "No hours yet"),
    ]
    # with a plan and hours, the figures: 2 + 1 = 3 planned; 135 h -> 1.00 person-months; 0.50 and 0.06 years
    assert [tile.value for tile in views.headline_tiles(effort, monthly, "en")] == ["3.00", "1.00", "0.50", "0.06"]
