"""The Overview page as each role sees it (issue 12, items 7, 11, 16, 18, 19), in AppTest.

Today (the machine's clock) is after MW Inc's end (30.11.2025); the tests say so where they rely on it."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

import pytest

from tests.apptest import app
from tests.conftest import EMBEDDED_SEED

END = dt.date(2025, 11, 30)
INDICATORS = "Indikatorer og arrangementer"


def plan_total(partner_id: str | None = None) -> Decimal:
    with (EMBEDDED_SEED / "mwinc" / "cost_plan.csv").open(encoding="utf-8") as handle:
        return sum(
            (
                Decimal(r["amount"])
                for r in csv.DictReader(handle)
                if r["plan_version"] == "baseline" and partner_id in (None, r["partner_id"])
            ),
            Decimal(0),
        )


def caption_texts(at) -> list[str]:
    return [c.value for c in at.caption]


# --- item 7: a partner's overview is decided by the project's budget, not by the partner's share ----------


@pytest.mark.parametrize(("user", "partner_id"), [("nav", "nav_vt"), ("nho", "nho_vt")])
def test_a_partners_overview_is_not_led_by_indicators(app_env, user, partner_id):
    # The partner's own share is "little" (below 1 mill. kr), the project's budget (15 102 000 kr) is not.
    assert plan_total(partner_id) < Decimal(1_000_000) <= plan_total() == Decimal(15_102_000)
    at = app(user, as_of="2024-06-30").run()
    assert not at.exception
    assert INDICATORS not in [h.value for h in at.header]
    assert "Arbeidspakker" in [s.value for s in at.subheader]


def test_integration_day_is_still_led_by_its_indicators(portfolio_app):
    at = app("admin", project="integration_day", as_of="2026-11-01").run()
    assert [h.value for h in at.header] == [INDICATORS]


# --- item 11: the project box shows names; the URL keeps the id --------------------------------------


def test_the_project_box_shows_acronyms_and_the_url_keeps_the_id(portfolio_app):
    at = app("admin", as_of="2026-11-01").run()
    box = at.selectbox(key="project")
    assert box.options == ["INTEGRATE", "Integration Day", "MW Inc"]  # ordered by acronym
    assert box.value == "mwinc" and at.query_params["project"] == "mwinc"


def test_a_deep_link_by_id_opens_that_project(portfolio_app):
    at = app("admin", project="integration_day", as_of="2026-11-01").run()
    assert at.selectbox(key="project").value == "integration_day"
    assert at.title[0].value == "Status for Integration Day"
    assert at.query_params["project"] == "integration_day"


# --- item 18: a finished project opens at its end date, and says so -----------------------------------


def test_a_finished_project_opens_at_its_end_date(app_env):
    assert dt.date.today() > END
    at = app("leader").run()
    assert at.date_input(key="as_of").value == END
    assert "Prosjektet ble avsluttet 30.11.2025; viser status per sluttdato." in [c.value for c in at.sidebar.caption]
    wp_table = at.table[0].value
    # At the end date WP2's M2.3 and D2.2 (due 31.03.2025) are 244 days late, not 609 (today).
    assert "inntil 244 dager" in wp_table.loc[wp_table["Arbeidspakke"].str.startswith("WP2"), "Begrunnelse"].iloc[0]


def test_a_date_in_the_url_is_kept_and_not_explained(app_env):
    at = app("leader", as_of="2024-06-30").run()
    assert at.date_input(key="as_of").value == dt.date(2024, 6, 30)
    assert not any("avsluttet" in c.value for c in at.sidebar.caption)


def test_a_running_project_opens_at_today(portfolio_app):
    # INTEGRATE runs to 31.12.2027.
    at = app("admin", project="integrate").run()
    assert at.date_input(key="as_of").value == dt.date.today()
    assert not any("avsluttet" in c.value for c in at.sidebar.caption)


# --- item 16: the forecast's method is named beside it, with a link to the earned-value forecast -------


def test_the_forecast_names_its_method_and_links_to_earned_value(app_env):
    at = app("leader", as_of="2024-06-30").run()
    assert any(
        text.startswith("Prognosen ved slutt er regnet med forbrukstakt: brukt til nå ÷ andel av tiden gått.")
        and "opptjent verdi (EAC" in text
        for text in caption_texts(at)
    )
    links = {link.proto.label: link.proto.page for link in at.get("page_link")}
    assert links["Prognose etter opptjent verdi"] == "budget"
    at = app("leader", as_of="2024-06-30", lang="en").run()
    assert any(text.startswith("The forecast at completion uses the run rate") for text in caption_texts(at))


# --- item 19: what waits for whom, with links ---------------------------------------------------------


def test_the_leader_sees_what_waits_with_links(app_env):
    at = app("leader", as_of=END.isoformat()).run()
    assert "Dette venter på deg" in [s.value for s in at.subheader]
    texts = [m.value for m in at.markdown]
    assert "Egeninnsats som venter på godkjenning: 5 rapporter, den eldste fra 28.09.2025." in texts
    assert "Sluttrapport skal sendes innen 30.12.2025." in texts
    pages = {link.proto.label: link.proto.page for link in at.get("page_link")}
    assert pages["Godkjenn egeninnsats"] == "inkind" and pages["Lag rapporten"] == "report"
    assert "Framdriftsplan for WP2" in [b.label for b in at.button]


def test_a_partner_with_nothing_to_do_is_told_so(app_env):
    at = app("nav", as_of=END.isoformat()).run()
    assert "Ingenting venter på deg per 30.11.2025." in [s.value for s in at.success]
    assert not any(link.proto.page in ("inkind", "report") for link in at.get("page_link"))


def test_a_viewer_has_no_list(app_env):
    at = app("reader", as_of=END.isoformat()).run()
    assert not at.exception
    assert "Dette venter på deg" not in [s.value for s in at.subheader]


def test_the_work_package_button_opens_the_schedule_filtered_to_it(app_env):
    at = app("leader", as_of=END.isoformat()).run()
    next(b for b in at.button if b.label == "WP2").click().run()
    assert not at.exception
    assert at.session_state["schedule_wp"] == ["WP2"]
    assert at.title[0].value == "Framdriftsplan for MW Inc"
