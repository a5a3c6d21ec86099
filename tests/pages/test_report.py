"""AppTests of the funder report page: tables equal the seed's figures, submission freezes, viewers read."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from monitor import db
from monitor.access.scope import Scope
from monitor.reports import snapshot, tables
from tests.apptest import open_page
from tests.conftest import copy_of_the_seed
from tests.reports import seed_figures
from tests.reports.conftest import AS_OF, END

LEADER = Scope("leader", "leader")

pytestmark = pytest.mark.usefixtures("app_env")


@pytest.fixture
def seed_dir(seed_dir):
    """The embedded seed without its submitted reports: these tests submit the 2024 accounts themselves."""
    (seed_dir / "submitted_reports.csv").unlink(missing_ok=True)
    return seed_dir


def cost_tables(at, column: str) -> list:
    """The cost tables on the page (today's first, then the submitted one), found by their amount column."""
    return [
        frame.value
        for frame in at.dataframe
        if column in frame.value.columns and frame.value.columns[1] in ("Cost category", "Kostnadsart")
    ]


def amount(text: str) -> Decimal:
    """An amount as the page shows it (en '14,498,397.00', nb '14 498 397,00') back as a Decimal."""
    if "," in text and "." not in text:
        text = text.replace("\u00a0", "").replace(",", ".")
    return Decimal(text.replace(",", "").replace("\u00a0", "").replace("\u2212", "-"))


def test_leader_sees_the_tables_and_submits(app_env):
    at = open_page("report", user="leader", lang="en", as_of=AS_OF.isoformat(), report="accounts", year="2024")
    assert not at.exception
    assert at.selectbox(key="choice:report").value == "accounts" and at.selectbox(key="choice:year").value == 2024
    assert any("Project accounts report for 2024" in c.value for c in at.caption)
    total = cost_tables(at, "Actual (NOK)")[0].iloc[-1]
    actual = sum(v for (y, _), v in seed_figures.actual_cost(AS_OF).items() if y <= 2024)
    assert amount(total["Actual (NOK)"]) == actual
    assert [b.label for b in at.get("download_button")] == ["Excel", "CSV (zip)", "PDF"]
    at.checkbox(key="freeze_confirm:accounts:2024").check().run()
    at.button(key="freeze").click().run()
    assert not at.exception
    assert any("Submitted and frozen" in s.value for s in at.success)
    assert any("same as the submitted" in s.value for s in at.success)
    today, submitted = cost_tables(at, "Actual (NOK)")
    assert amount(submitted.iloc[-1]["Actual (NOK)"]) == amount(today.iloc[-1]["Actual (NOK)"]) == actual


def test_viewer_reads_but_cannot_submit(app_env):
    at = open_page("report", user="reader", lang="nb", report="final")
    assert not at.exception
    assert not [b for b in at.button if b.key == "freeze"]
    assert any("Bare prosjektleder" in c.value for c in at.caption)
    # final report, all years: the budget total is the plan's 15 102 000 (project.yaml, cost_plan.csv)
    assert cost_tables(at, "Budsjett (kr)")[0].iloc[-1]["Budsjett (kr)"] == "15\u00a0102\u00a0000,00"


# --- issue 12, item 15: confirm before freezing, the result where the button was, no second submission ---


def test_submitting_asks_for_confirmation_first(app_env):
    at = open_page("report", user="leader", lang="nb", as_of=AS_OF.isoformat(), report="accounts", year="2024")
    assert at.button(key="freeze").disabled  # one click does not freeze: the box must be ticked first
    confirm = at.checkbox(key="freeze_confirm:accounts:2024")
    assert "Prosjektregnskapsrapport for 2024" in confirm.label and "låses" in confirm.label
    assert not at.success or not any("Sendt inn og låst" in s.value for s in at.success)
    confirm.check().run()
    assert not at.button(key="freeze").disabled


def test_once_submitted_the_page_says_so_and_offers_no_second_submission(app_env):
    at = open_page("report", user="leader", lang="nb", as_of=AS_OF.isoformat(), report="accounts", year="2024")
    at.checkbox(key="freeze_confirm:accounts:2024").check().run()
    at.button(key="freeze").click().run()
    assert not at.exception, at.exception
    messages = [s.value for s in at.success]
    assert any(m.startswith("Sendt inn og låst: fingeravtrykk") for m in messages)
    assert any("Prosjektregnskapsrapport for 2024 er sendt inn" in m and "av leader" in m for m in messages)
    assert at.button(key="freeze").disabled
    assert not [c for c in at.checkbox if c.key == "freeze_confirm:accounts:2024"]
    # another year is not submitted: its box and button are there again
    at.selectbox(key="choice:year").set_value(2023).run()
    assert not at.exception, at.exception
    assert [c.key for c in at.checkbox] == ["freeze_confirm:accounts:2023"]


def test_the_calendar_shows_labels_dates_and_no_none(app_env):
    at = open_page("report", user="leader", lang="nb", as_of="2025-11-30", report="accounts", year="2024")
    calendar = next(d.value for d in at.dataframe if "Frist" in d.value.columns and "Sendt inn" in d.value.columns)
    assert "None" not in calendar.to_string() and "NaT" not in calendar.to_string()
    final = calendar[calendar["Rapport"] == "Sluttrapport"].iloc[0]
    assert final["Frist"] == "30.12.2025"  # one month after the end, 30.11.2025
    assert final["Sendt inn"] == "–"


def test_report_selectors_show_labels_and_keep_the_code_in_the_url(app_env):
    at = open_page("report", user="leader", lang="nb", as_of=AS_OF.isoformat(), report="accounts", year="2024")
    kind = at.selectbox(key="choice:report")
    assert kind.options == ["Framdriftsrapport", "Prosjektregnskapsrapport", "Sluttrapport"]
    kind.set_value("final").run()
    assert at.query_params["report"] == "final"


class TestWithTheSeededReports:
    """The seed as it is, its submitted reports included (the module's seed_dir leaves them out)."""

    @pytest.fixture
    def seed_dir(self, tmp_path: Path) -> Path:
        return copy_of_the_seed(tmp_path)

    def test_the_page_shows_a_seeded_report_as_sent_and_offers_no_second_submission(self):
        at = open_page("report", user="leader", lang="nb", as_of="2025-11-30", report="accounts", year="2024")
        assert not at.exception, at.exception
        sent = next(s.value for s in at.success if "er sendt inn" in s.value)
        assert "Prosjektregnskapsrapport for 2024 er sendt inn 14.01.2025 av eksempeldata" in sent
        assert at.button(key="freeze").disabled
        table = next(d.value for d in at.dataframe if "Sendt inn" in d.value.columns)
        assert "Forfalt" not in table["Status"].tolist()

    def test_a_seeded_report_submitted_before_the_person_month_table_is_shown_without_it(self):
        at = open_page("report", user="leader", lang="en", as_of="2025-11-30", report="accounts", year="2024")
        assert not at.exception, at.exception
        # today's report has the table; the submitted copy (frozen in the older form) has none, and no difference
        assert len([d for d in at.dataframe if "Planned person-months" in d.value.columns]) == 1
        assert any("the same as the submitted" in s.value for s in at.success)


class TestLockSection:
    """Issue 16: the locked years on the report page; the seed's submitted accounts reports lock 2021-2024."""

    @pytest.fixture
    def seed_dir(self, tmp_path: Path) -> Path:
        return copy_of_the_seed(tmp_path)

    @staticmethod
    def page(user: str, lang: str = "en"):
        return open_page("report", user=user, lang=lang, as_of="2025-11-30", report="accounts", year="2024")

    @staticmethod
    def locks_shown(at):
        return next(d.value for d in at.dataframe if "Locked by" in d.value.columns or "Låst av" in d.value.columns)

    def test_the_admin_sees_the_locks_and_reopens_a_year_that_can_then_be_submitted_again(self, app_env):
        at = self.page("admin")
        assert not at.exception, at.exception
        shown = self.locks_shown(at)
        assert shown["Year"].tolist() == ["2024", "2023", "2022", "2021"]  # newest first
        assert set(shown["State"]) == {"Locked"} and set(shown["Locked by"]) == {
            "sample data (loaded with the project's sample data, not by a user)"
        }
        assert any("2024: the figures are the same" in c.value for c in at.caption)
        assert at.button(key="freeze").disabled  # submitted and locked
        at.selectbox(key="reopen:year").set_value(2024)
        at.text_area(key="reopen:reason").input("A credit note of 2024 arrived late")
        at.button(key="reopen").click().run()
        assert not at.exception, at.exception
        assert any("2024 is reopened" in s.value for s in at.success)
        assert self.locks_shown(at)["State"].tolist()[0] == "Reopened"
        assert any("2024 was reopened on" in i.value and "A credit note" in i.value for i in at.info)
        # the report can be marked as submitted again, which locks the year again
        at.checkbox(key="freeze_confirm:accounts:2024").check().run()
        at.button(key="freeze").click().run()
        assert not at.exception, at.exception
        assert self.locks_shown(at)["State"].tolist()[:2] == ["Locked", "Reopened"]

    def test_the_leader_is_told_only_an_admin_reopens(self, app_env):
        at = self.page("leader", "nb")
        assert not at.exception, at.exception
        assert self.locks_shown(at)["År"].tolist() == ["2024", "2023", "2022", "2021"]
        assert any("Bare en administrator kan åpne" in c.value for c in at.caption)
        assert "reopen" not in [b.key for b in at.button]

    def test_the_viewer_reads_the_locks_without_any_form(self, app_env):
        at = self.page("reader")
        assert not at.exception, at.exception
        assert len(self.locks_shown(at)) == 4
        assert "reopen" not in [b.key for b in at.button]
        assert not any("administrator can reopen" in c.value for c in at.caption)

    def test_a_figure_changed_after_the_lock_is_flagged(self, app_env):
        con = duckdb.connect(str(app_env))
        # a 2024 travel line of USN changed outside the app (account 7140: other operating cost)
        con.execute(
            "update ledger_entry set amount = amount + 1000 where entry_id = "
            "(select min(entry_id) from ledger_entry where project_id = 'mwinc' and year = 2024 and account = '7140')"
        )
        con.close()
        at = self.page("leader")
        assert not at.exception, at.exception
        assert any(
            "2024: figures have changed since the project accounts report was submitted" in w.value for w in at.warning
        )
        assert not any("2023: figures have changed" in w.value for w in at.warning)  # 2023 as submitted


# --- issue 17: the person-month table on the page (hand sums in tests/reports/seed_figures.py) ------------------


def effort_tables(at) -> list:
    return [d.value for d in at.dataframe if "Planned person-months" in d.value.columns]


def test_the_page_previews_the_person_month_table_and_its_changes_after_submission(app_env):
    at = open_page("report", user="leader", lang="en", as_of="2025-11-30", report="final")
    assert not at.exception, at.exception
    assert any(s.value.startswith("Person-months per work package and partner") for s in at.subheader), (
        "the table's title"
    )
    (today,) = effort_tables(at)
    total = today.iloc[-1]
    # 124.75 planned, 3 202.8 h, 23.61 PM, 23.61 − 124.75 = −101.14
    assert total.tolist() == ["Total", "", "124.75", "3,202.80", "23.61", "-101.14"]
    usn = today[(today["Work package"] == "WP1 Inclusion through employment") & (today["Partner"] == "USN")].iloc[0]
    assert usn.tolist()[2:] == ["42.00", "480.00", "3.54", "-38.46"]
    at.checkbox(key="freeze_confirm:final:final").check().run()
    at.button(key="freeze").click().run()
    assert not at.exception, at.exception
    today, submitted = effort_tables(at)
    assert submitted.equals(today)


def test_a_change_of_hours_after_submission_shows_by_its_labels(app_env):
    """Submitted first (outside the page, so the page's cached reads start from this database), then 10 more
    approved hours of USN in WP1: 490 h -> 5 880 / 1 628 = 3.6118 -> 3.61 PM, +10.00 h and +0.07 PM."""
    con = db.connect(app_env)
    snapshot.freeze(con, tables.build(con, "mwinc", "final", None, END, LEADER, 90), LEADER, dt.datetime(2025, 12, 1))
    con.execute(
        "update effort_actual set hours = hours + 10 where effort_id = (select min(effort_id) from effort_actual"
        " where wp_code = 'WP1' and status = 'approved' and month = date '2024-01-01')"
    )
    con.close()
    at = open_page("report", user="leader", lang="en", as_of="2025-11-30", report="final")
    assert not at.exception, at.exception
    changes = next(d.value for d in at.dataframe if "Row" in d.value.columns)
    effort = changes[changes["Table"].str.startswith("Person-months")]
    assert effort["Row"].tolist() == ["WP1 Inclusion through employment – USN"] * 2  # labels, not codes
    assert effort["Column"].tolist() == ["Approved hours", "Actual person-months"]
    assert effort["Difference"].tolist() == ["10.00", "0.07"]
    today, submitted = effort_tables(at)
    assert today.iloc[-1].tolist()[2:5] == ["124.75", "3,212.80", "23.68"]  # 3 212.8 × 12 / 1 628 = 23.6816
    assert submitted.iloc[-1].tolist()[2:5] == ["124.75", "3,202.80", "23.61"]  # as submitted


def test_a_project_without_effort_says_so_on_the_page(app_env):
    con = duckdb.connect(str(app_env))
    for statement in (
        "delete from effort_plan",
        "delete from effort_actual",
        "update inkind_contribution set status = 'reported'",
    ):
        con.execute(statement)
    con.close()
    at = open_page("report", user="leader", lang="nb", as_of="2025-11-30", report="final")
    assert not at.exception, at.exception
    assert not [d for d in at.dataframe if "Planlagte personmåneder" in d.value.columns]
    assert any("ingen innsatsplan og ingen godkjente timer" in c.value for c in at.caption)


def _in_page_order(node):
    """Every element under `node`, in the order the page shows them."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _in_page_order(child)


def test_the_popular_science_counts_stand_under_their_texts(app_env):
    # The person-month table was added after the popular-science table; the counts of characters belong to the
    # texts and must stay right under them, not under the last table.
    at = open_page("report", user="leader", lang="en", as_of=AS_OF.isoformat(), report="progress", year="2024")
    assert not at.exception
    shown = [
        getattr(e, "value", None)
        for e in _in_page_order(at.main)
        if getattr(e, "type", None) in ("subheader", "caption", "heading")
        or type(e).__name__ in ("Caption", "Subheader")
    ]
    texts = [v for v in shown if isinstance(v, str)]
    count = next(i for i, v in enumerate(texts) if v.startswith("Norwegian: ") and "characters" in v)
    person_months = next(i for i, v in enumerate(texts) if v.startswith("Person-months per work package"))
    assert count < person_months, texts
