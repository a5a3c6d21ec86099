"""Issue 12 on the Partners and In-kind pages: signs st.metric understands, one format per language,
labels instead of ids, problems in the user's language, a chart whose legend stays clear of the labels."""

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest
from streamlit.elements.metric import _is_negative_delta

from monitor import charts
from monitor.errors import Invalid
from monitor.partners import inkind
from monitor.partners import load as partners
from monitor.partners import views as partner_views
from tests.partners.conftest import AS_OF, TODAY

NBSP = "\u00a0"


# --- item 8: a delta whose sign st.metric reads ---------------------------------------------------


@pytest.mark.parametrize(
    "amount, lang, shown",
    [
        (Decimal("-37920.00"), "nb", f"-37{NBSP}920{NBSP}kr"),
        (Decimal("-37920.00"), "en", f"-NOK{NBSP}37,920"),
        (Decimal("1234567.40"), "nb", f"+1{NBSP}234{NBSP}567{NBSP}kr"),
        (Decimal("0"), "en", f"NOK{NBSP}0"),
    ],
)
def test_the_balance_delta_is_signed_in_ascii_and_formatted_for_the_language(amount, lang, shown):
    assert partner_views.signed(amount, lang) == shown
    assert _is_negative_delta(shown) == (amount < 0)  # what st.metric draws the arrow from


def test_nav_s_delivered_tile_reads_as_below_its_commitment(con, nav):
    tiles = partner_views.build_view(partners.load(con, "mwinc", AS_OF, nav), "MW Inc", AS_OF, "nb").tiles
    # delivered 322 080 − committed 360 000 (see test_load.test_nav_vt_totals_over_all_years)
    assert tiles[1].delta == f"-37{NBSP}920{NBSP}kr"


# --- item 9: the comparison chart ------------------------------------------------------------------


def test_the_comparison_chart_keeps_labels_horizontal_and_the_legend_below(con, leader):
    chart = partner_views.build_view(partners.load(con, "mwinc", AS_OF, leader), "MW Inc", AS_OF, "nb").chart
    legend = chart.layout.legend  # below the plot: at the bottom of the figure, not over the axis
    assert legend.orientation == "h" and legend.yref == "container" and legend.yanchor == "bottom" and legend.y == 0
    assert chart.layout.xaxis.tickangle == 0
    assert chart.layout.separators == ", "
    assert [bar.marker.color for bar in chart.data][:2] == [charts.PLANNED, charts.ACTUAL]
    assert "Globale<br>Sandefjord" == partner_views._wrapped("Globale Sandefjord")


def test_the_in_kind_table_puts_the_status_among_the_first_columns():
    columns = list(partner_views.INKIND_COLUMNS)
    assert columns.index("status") < columns.index("activity") < columns.index("decision_comment")
    assert columns.index("status") <= 6


# --- items 11 and 12: names, not ids; one hours format ----------------------------------------------


def _rows() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "contribution_id": 7,
                "partner_id": "nav_ov",
                "work_date": dt.date(2025, 3, 4),
                "person_role": "Rådgiver",
                "hours": Decimal("7.50"),
                "hourly_rate": Decimal("800.00"),
                "amount": Decimal("6000.00"),
                "activity": "Lab",
                "wp_code": "WP1",
                "status": "reported",
                "reported_by": "nav",
                "decided_by": None,
                "decision_comment": None,
                "version": 1,
            }
        ]
    )


def test_in_kind_rows_show_partner_names_and_hours_with_two_decimals():
    names = {"nav_ov": "NAV ØV"}
    table = partner_views.inkind_table(_rows(), names, "nb")
    assert table.iloc[0]["Partner"] == "NAV ØV" and table.iloc[0]["Timer"] == "7,50"
    assert table.iloc[0]["Beløp"] == f"6{NBSP}000,00{NBSP}kr" and table.iloc[0]["Status"] == "Rapportert"
    assert (
        partner_views.queue_choices(_rows(), names, "en")[7] == f"7 · NAV ØV · 4 Mar 2025 · 7.50 h · NOK{NBSP}6,000.00"
    )


def test_hours_approved_per_year_use_the_same_two_decimals(con, leader):
    years = partner_views.years_table(partners.load(con, "mwinc", AS_OF, leader).by_year, "nb")
    nav_2022 = years[(years["Partner"] == "NAV VT") & (years["År"] == "2022")].iloc[0]
    assert nav_2022["Timer godkjent"] == "113,70"  # 27.8 + 30.3 + 28.4 + 27.2 (inkind.csv)


def test_deliverable_statuses_are_labelled(con, leader):
    view = partner_views.build_view(partners.load(con, "mwinc", AS_OF, leader), "MW Inc", AS_OF, "nb")
    assert set(view.deliverables["Status"]) <= {"Levert", "Utkast", "Ikke påbegynt"}
    assert "submitted" not in set(view.deliverables["Status"])


def test_the_confirmation_sums_the_chosen_reports():
    text = partner_views.decision_summary(_rows(), [7], inkind.APPROVED, "nb")
    assert text == f"Godkjenne 1 rapport(er): 7,50 timer, 6{NBSP}000{NBSP}kr?"


# --- item 10: problems in the chosen language, naming the field by its label -----------------------


def _problems(con, nav, settings, **changes) -> list:
    values = {
        "partner_id": "nav_vt",
        "work_date": dt.date(2025, 10, 1),
        "person_role": "Rådgiver",
        "hours": Decimal("7.5"),
        "activity": "Intervjuer",
        "wp_code": "WP1",
        **changes,
    }
    with pytest.raises(Invalid) as refused:
        inkind.report(con, "mwinc", inkind.Entry(**values), nav, settings, TODAY)
    return refused.value.problems


def test_zero_hours_and_a_missing_person_are_said_in_norwegian(con, nav, settings):
    problems = _problems(con, nav, settings, hours=Decimal("0"), person_role="")
    assert partner_views.problem_lines(problems, "nb") == [
        "Timer: 0,00 er ikke gyldig – oppgi mer enn 0 og høyst 24 timer.",
        "Person eller rolle: må fylles ut.",
    ]


def test_a_date_outside_the_period_is_said_in_english_with_english_dates(con, nav, settings):
    problems = _problems(con, nav, settings, work_date=dt.date(2025, 12, 1))
    assert partner_views.problem_lines(problems, "en") == [
        "Date: 1 Dec 2025 is outside the project period 1 Dec 2021–30 Nov 2025."
    ]


def test_typed_text_in_a_problem_is_made_inert():
    problem = inkind.Rule(None, None, "wp_code", "unknown", rule="unknown_wp", values=(("code", "[x](javascript:1)"),))
    assert (
        partner_views.problem_text(problem, "en") == "Work package: unknown work package “\\[x\\]\\(javascript\\:1\\)”."
    )


def test_results_name_every_partner_even_one_without_figures(con, leader):
    view = partner_views.build_view(partners.load(con, "mwinc", AS_OF, leader), "MW Inc", AS_OF, "nb")
    shown = set(view.results["Partner"]) | set(view.deliverables["Partner"])
    # results.csv names int_horten (a case partner with no plan or costs): partners.csv short name "Int. Horten"
    assert "Int. Horten" in shown
    assert not shown & {"int_horten", "usn", "nav_vt", "vtfk", "mrfk"}


def test_the_totals_lead_with_committed_delivered_and_the_difference(con, leader):
    totals = partner_views.build_view(partners.load(con, "mwinc", AS_OF, leader), "MW Inc", AS_OF, "nb").totals
    assert list(totals.columns[:5]) == ["Partner", "Sektor", "Forpliktet (egenfin.)", "Levert", "Levert − forpliktet"]
    nav = totals[totals["Partner"] == "NAV VT"].iloc[0]  # short names, as everywhere on the page
    assert (nav["Levert"], nav["Levert − forpliktet"]) == (f"322{NBSP}080{NBSP}kr", f"-37{NBSP}920{NBSP}kr")


def test_comparison_chart_has_one_bar_per_partner_and_series(con, leader):
    from monitor.partners.views import build_view

    view = build_view(partners.load(con, "mwinc", AS_OF, leader), "MW Inc", AS_OF, "en")
    assert [trace.name for trace in view.chart.data] == ["Committed (own financing)", "Delivered", "In-kind reported"]
    assert len(view.chart.data[0].x) == 6  # usn, nav_vt, nav_ov, nho_vt, mrfk, vtfk have plans or costs
    assert view.tiles == []  # no "my organisation" tiles for a leader
