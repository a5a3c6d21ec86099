"""The Effort page (AppTest) as leader (nb and en), partner and viewer, against MW Inc's sample files
(data/seed/mwinc/people.csv, effort_plan.csv, hours.csv): person-months planned against actual per work package ×
partner with a total row, effort month by month, PhD and postdoc person-years; a partner sees its own rows only.

By hand from the sample files (every figure below):
- Planned (effort_plan.csv, baseline): USN 2021 0.75 × 3 = 2.25; 2022 9 + 3 + 6 + 4 + 4 + 3 = 29;
  2023 10 + 2 + 8 + 2.5 + 5 + 2.5 = 30; 2024 9 + 1.5 + 7 + 2 + 5 + 3 = 27.5; 2025 5 + 1 + 4 + 1.5 + 4 + 3 = 18.5;
  USN 2.25 + 29 + 30 + 27.5 + 18.5 = 107.25; five partners × (1 + 1 + 1 + 0.5) = 17.5; total 124.75 PM.
  Rows: WP1 usn, nav_vt, nav_ov; WP2 usn, nho_vt, vtfk; WP3 usn, mrfk = 8 (the approved hours fall in these).
- Approved hours (hours.csv, the reported April row and the rejected NHO rows left out) and the partners' approved
  in-kind hours (inkind.csv, part of the one effort register; 14 quarterly reports each, 28.03.2022-28.06.2025):
  Jan 2024 140 + 130 + 20 + 30 + 40 + 30 + 10 + 10 = 410; Feb 150 + 130 + 20 + 25 + 40 + 30 + 12 = 407;
  Mar 120 + 140 + 20 + 25 + 45 + 30 = 380 + in kind 28.03.2024 32.2 + 32.2 + 23.0 + 33.0 + 34.0 = 154.4 -> 534.4.
  hours.csv 1 197 h + in kind 2 005.8 h (tests/effort/test_load.py's docstring sums each partner's reports)
  = 3 202.8 h = 38 433.6 / 1 628 = 23.6078 → 23.61 PM.
  Months: the 16 quarter ends 2022-2025 with in-kind reports, and January and February 2024.
  Per month: 410 × 12 / 1 628 = 3.0221 → 3.02; 407 → 4 884 / 1 628 = 3.0000 → 3.00; 534.4 → 6 412.8 / 1 628 =
  3.9391 → 3.94.
- PhD 140 + 150 + 120 = 410 h / 1 628 = 0.2518 → 0.25 person-years; postdoc 130 + 130 + 140 = 400 h → 0.2457 → 0.25.
- NAV VT (partner nav): planned 1 + 1 + 1 + 0.5 = 3.5 PM in WP1; approved in kind 402.6 h = 4 831.2 / 1 628 =
  2.9676 → 2.97 PM; deviation 2.97 − 3.50 = −0.53.
"""

import contextlib
import io
import json

import pytest

from monitor import cli
from tests.apptest import open_page
from tests.conftest import copy_of

pytestmark = pytest.mark.usefixtures("app_env")


@pytest.fixture
def db_path(tmp_path, every_project_template):
    """Every embedded project (a person's load spans them: Annett Arntzen works in MW Inc and INTEGRATE)."""
    return copy_of(every_project_template, tmp_path)


AS_OF = "2025-11-30"


def texts(at) -> str:
    return " ".join(
        [e.value for e in (*at.title, *at.caption, *at.info, *at.warning, *at.subheader, *at.markdown)]
        + [m.label + " " + m.value for m in at.metric]
    )


def tables(at) -> list:
    return [d.value for d in at.dataframe]


def summary_json(db_path) -> dict:
    """`summary --json` run in this process (the app under test holds the file; DuckDB allows one process)."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        assert cli.main(["summary", "--db", str(db_path), "--project", "mwinc", "--as-of", AS_OF, "--json"]) == 0
    return json.loads(output.getvalue())


def test_the_leader_sees_planned_against_actual_in_english(app_env):
    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    page = texts(at)
    for words in ("Effort in", "Person-months planned against actual", "Effort over time", "Sample data"):
        assert words in page, words
    plan, months, training = tables(at)[:3]  # the Person-months tab (the later tabs follow)
    assert len(plan) == 9  # 8 WP × partner rows and the total
    total = plan.iloc[-1]
    assert total["Work package"] == "Total"
    assert total["Planned person-months"] == "124.75"
    assert total["Approved hours"] == "3,202.80"
    assert total["Actual person-months"] == "23.61"
    assert total["Deviation (person-months)"] == "-101.14"  # 23.61 − 124.75
    assert set(plan["Partner"][:-1]) == {"USN", "NAV VT", "NAV ØV", "NHO VT", "MRFK", "VTFK"}
    assert all(not code.startswith("usn") for code in plan["Partner"])  # labels, not codes
    assert len(months) == 16
    assert months["Actual person-months"].tolist()[8:11] == ["3.02", "3.00", "3.94"]  # January-March 2024
    assert training["Staff category"].tolist() == ["PhD candidate", "Postdoc"]
    assert training["Person-years"].tolist() == ["0.25", "0.25"]
    assert [m.value for m in at.metric] == ["124.75", "23.61", "0.25", "0.25"]
    assert len(at.get("plotly_chart")) == 1
    assert summary_json(app_env)["effort"]["planned_pm"] == "124.75"


def test_the_leader_reads_it_in_norwegian(app_env):
    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="nb")
    assert not at.exception, at.exception
    page = texts(at)
    for words in ("Innsats i", "Personmåneder planlagt mot faktisk", "Eksempeldata"):
        assert words in page, words
    plan = tables(at)[0]
    assert plan.iloc[-1]["Arbeidspakke"] == "Totalt"
    assert plan.iloc[-1]["Planlagte personmåneder"] == "124,75"
    assert plan.iloc[-1]["Godkjente timer"] == "3\xa0202,80"


@pytest.mark.parametrize("user, partner, planned, actual", [("nav", "NAV VT", "3.50", "2.97")])
def test_a_partner_sees_its_own_rows_only(app_env, user, partner, planned, actual):
    at = open_page("effort", user=user, project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    plan, months, training = tables(at)[:3]  # the Person-months tab (the later tabs follow)
    assert plan["Partner"].tolist() == [partner, ""]
    assert plan.iloc[0]["Planned person-months"] == planned
    assert plan.iloc[0]["Actual person-months"] == actual
    assert plan.iloc[-1]["Deviation (person-months)"] == "-0.53"
    # NAV VT's fourteen approved in-kind reports (tests/effort/test_load.py's docstring)
    expected = "27.80 30.30 28.40 27.20 29.40 29.40 28.10 30.90 32.20 29.40 30.90 27.80 26.00 24.80".split()
    assert months["Approved hours"].tolist() == expected
    assert training["Person-years"].tolist() == ["0.00", "0.00"]  # USN's PhD and postdoc are not NAV VT's
    assert "USN" not in " ".join(str(v) for v in plan.to_numpy().ravel())


def test_a_viewer_sees_the_page(app_env):
    at = open_page("effort", user="reader", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    assert tables(at)[0].iloc[-1]["Planned person-months"] == "124.75"


# --- the tab "People's load" (ui/components/effort_load.py) ----------------------------------------------------
# By hand from the seed files: MW Inc's people with approved hours, per year with hours here: USN's six (PhD,
# postdoc, Ole, Lars, Cathrine, Annett) in 2024 = 6 rows; the five partners' staff, in kind 2022-2025 = 5 × 4 = 20
# rows; 26 rows. Annett Arntzen 2024: MW Inc 30 × 3 + 10 = 100 h; INTEGRATE (data/seed/integrate/hours.csv) 12 × 128 =
# 1 536 h; across 1 636 h in 2 projects, 1 636 / 1 628 = 1.0049 -> 1.00 person-years; over one person-year.
# NHO VT's Regiondirektør: salary 1 000 000 × 1.2 ‰ = NOK 1 200 an hour, over the cap of 1 100, in 2024 (the year of
# the hours entered, and priced, here).


def load_table(at):
    return tables(at)[3]  # after the Person-months tab's three


def test_the_leader_sees_each_persons_load_and_the_breaches(app_env):
    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    assert "Each person's hours across projects" in texts(at)
    table = load_table(at)
    assert len(table) == 26
    annett = table[table["Name or role"] == "Annett Arntzen"].iloc[0]
    assert annett["Partner"] == "USN" and annett["Staff category"] == "Researcher"
    assert (annett["Year"], annett["Hours in this project"], annett["Hours across projects"]) == (
        2024,
        "100.00",
        "1,636.00",
    )
    assert (annett["Projects"], annett["Person-years across projects"]) == (2, "1.00")
    assert annett["Breaches"] == "over one person-year (1,628 hours)"
    warnings = [w.value for w in at.warning]
    assert any("Annett Arntzen charged 1,636 hours in 2024 across the projects (MW Inc, +1)" in w for w in warnings)
    assert any("Regiondirektør has an hourly rate of NOK\u00a01,200.00 in 2024" in w for w in warnings)
    assert "INTEGRATE" not in " ".join(warnings)  # MW Inc's leader is not in INTEGRATE: counted, not named
    assert len(at.get("download_button")) == 2  # CSV and Excel


def test_the_leader_reads_the_loads_in_norwegian(app_env):
    at = open_page("effort", user="leader", project="mwinc", as_of=AS_OF, lang="nb")
    assert not at.exception, at.exception
    table = load_table(at)
    annett = table[table["Navn eller rolle"] == "Annett Arntzen"].iloc[0]
    assert annett["Timer i alle prosjekter"] == "1\xa0636,00"
    assert annett["Brudd"] == "over ett årsverk (1 628 timer)"
    assert any("Annett Arntzen har ført 1\xa0636 timer i 2024" in w.value for w in at.warning)


def test_a_partner_sees_its_own_peoples_load_only(app_env):
    at = open_page("effort", user="nho", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    table = load_table(at)
    assert set(table["Name or role"]) == {"Regiondirektør"}  # in kind 2022-2025 and entered in 2024: 4 rows
    assert table["Year"].tolist() == [2022, 2023, 2024, 2025]
    assert table["Breaches"].tolist()[2] == "hourly rate over the cap"
    assert [w.value for w in at.warning if "Annett" in w.value] == []  # USN's people are not NHO VT's


def test_a_partner_without_breaches_is_told_so(app_env):
    at = open_page("effort", user="nav", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    assert set(load_table(at)["Name or role"]) == {"Rådgiver, NAV Vestfold og Telemark"}
    assert any("No breaches of the Research Council's limits." in s.value for s in at.success)


def test_a_viewer_is_told_who_may_see_loads(app_env):
    at = open_page("effort", user="reader", project="mwinc", as_of=AS_OF, lang="en")
    assert not at.exception, at.exception
    assert any("shown to the project leader and the person's own partner only" in i.value for i in at.info)
    assert len(tables(at)) == 3  # the Person-months tab's tables, no loads
    assert len(at.error) == 0
