"""Overview behaviour: tiles from the database, the as-of date in the URL, the language switch."""

import csv
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from tests import oracle
from tests.apptest import app
from tests.conftest import EMBEDDED_SEED
from tests.portfolio.helpers import AS_OF

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


def test_the_leader_sees_what_waits_with_links(app_env):
    at = app("leader", as_of=END.isoformat()).run()
    assert "Dette venter på deg" in [s.value for s in at.subheader]
    texts = [m.value for m in at.markdown]
    assert "Egeninnsats som venter på godkjenning: 5 rapporter, den eldste fra 28.09.2025." in texts
    assert "Sluttrapport skal sendes innen 30.12.2025." in texts
    pages = {link.proto.label: link.proto.page for link in at.get("page_link")}
    assert pages["Godkjenn egeninnsats"] == "inkind" and pages["Lag rapporten"] == "report"
    # hours.csv's one reported month (the PhD's April 2024), handled on the Effort page
    line = "Timer som venter på godkjenning under Innsats: 1 måned(er) per person og arbeidspakke, den eldste for april 2024."
    assert line in texts
    assert pages["Godkjenn timer"] == "effort"
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


def test_overview_of_integration_day_leads_with_indicators_and_events(portfolio_app):
    at = app(user="admin", project="integration_day", as_of=AS_OF.isoformat(), lang="en").run()
    assert not at.exception
    assert [h.value for h in at.header] == ["Indicators and events"]
    subheaders = [s.value for s in at.subheader]
    assert {"Targets against actuals", "Attendance per event and actor group", "Funding applications"} <= set(
        subheaders
    )


def test_overview_of_mwinc_has_no_indicator_section(portfolio_app):
    at = app(user="admin", project="mwinc", as_of=AS_OF.isoformat(), lang="en").run()
    assert not at.exception and [h.value for h in at.header] == []
