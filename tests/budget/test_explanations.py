"""Explained deviations: read within the scope, saved by leaders (versioned, audited), and the unexplained
deviations above the threshold, computed by hand from the seed (data/seed/mwinc).

2021 (the project starts 01.12.2021), cost_plan.csv: personnel_indirect 100 000 + 80 000 + 50 000 = 230 000,00;
other_operating 20 000,00. ledger.csv, December 2021, all USN: personnel (accounts 5000-5999) 58 342,00 + 8 226,22
+ 27 531,78 + 46 559,52 + 6 564,89 + 21 971,59 = 169 196,00, so −60 804,00 = −26,4 % of the plan; other
operating (7140, 6790) 6 020,00 + 6 100,00 = 12 120,00, so −7 880,00 = −39,4 %. No in-kind hours in 2021."""

import datetime as dt
from decimal import Decimal

import pytest

from monitor.access.scope import AccessDenied, Scope, local_user
from monitor.budget import explanations
from monitor.budget.load import load_budget
from monitor.errors import Conflict, Invalid
from monitor.project.load import load_project

LEADER = Scope("annett.arntzen", "leader", frozenset({"mwinc"}))
NOW = dt.datetime(2025, 6, 2, 10, 0)
AS_OF = dt.date(2025, 11, 30)
PERSONNEL_2021 = [2021, "personnel_indirect", None, Decimal("230000.00"), Decimal("169196.00"), Decimal("-60804.00")]
PERSONNEL_2021_USN = [*PERSONNEL_2021[:2], "usn", *PERSONNEL_2021[3:]]


def partner(partner_id: str) -> Scope:
    return Scope(f"{partner_id}.kontakt", "partner", frozenset({"mwinc"}), partner_id)


def budget(con, scope=LEADER):
    return load_budget(con, load_project(con, "mwinc", AS_OF, scope), scope)


DEFAULT = explanations.Threshold()  # 10 % and NOK 50 000, as config.yaml


def unexplained(con, threshold=DEFAULT, scope=LEADER) -> list[list]:
    found = explanations.unexplained(budget(con, scope), explanations.read(con, "mwinc", scope), threshold)
    return found[["year", "cost_category", "partner_id", "planned", "actual", "deviation"]].values.tolist()


def without_2021(con) -> None:
    con.execute("delete from deviation_explanation where project_id = 'mwinc' and year = 2021")


def rows(con) -> tuple[int, int]:
    return (
        con.execute("select count(*) from deviation_explanation").fetchone()[0],
        con.execute("select count(*) from audit_log").fetchone()[0],
    )


def test_the_seed_explains_every_deviation_above_the_threshold(con):
    assert unexplained(con) == []
    # the seed's five sample explanations (deviation_explanations.csv), all labelled as sample data
    read = explanations.read(con, "mwinc", LEADER)
    assert read[["year", "partner_id"]].values.tolist() == [
        [2021, None],
        [2022, None],
        [2023, None],
        [2023, "usn"],
        [2024, None],
    ]
    assert set(read["is_sample_data"]) == {True}


def test_a_deviation_above_both_thresholds_is_flagged_for_the_project_and_the_partner(con):
    without_2021(con)
    # −60 804,00 exceeds 50 000 and −26,4 % exceeds 10 %: flagged for the project and for USN (its only cost)
    assert unexplained(con) == [PERSONNEL_2021, PERSONNEL_2021_USN]
    # other operating 2021, −7 880,00 (−39,4 %): above the share, below the amount: not flagged
    assert [2021, "other_operating"] not in [row[:2] for row in unexplained(con)]


@pytest.mark.parametrize(
    ("pct", "amount", "flagged"),
    [
        (10, 60804, False),  # the amount must be exceeded, not reached
        (10, 60803, True),
        (27, 50000, False),  # 26,4 % is below 27 %
        (26, 50000, True),
    ],
)
def test_the_threshold_takes_both_the_share_and_the_amount(con, pct, amount, flagged):
    without_2021(con)
    found = unexplained(con, explanations.Threshold(Decimal(pct), Decimal(amount)))
    assert (PERSONNEL_2021 in found) is flagged


def test_a_low_amount_threshold_flags_the_small_line_and_only_ended_years_count(con):
    without_2021(con)
    found = unexplained(con, explanations.Threshold(Decimal(10), Decimal(7000)))
    # −7 880,00 > 7 000 and −39,4 % > 10 %
    assert [2021, "other_operating", None, Decimal("20000.00"), Decimal("12120.00"), Decimal("-7880.00")] in found
    everything = unexplained(con, explanations.Threshold(Decimal(0), Decimal(0)))
    assert everything and max(row[0] for row in everything) == 2024  # 2025 has not ended on 30.11.2025


def test_a_partner_explanation_covers_its_own_deviation_only(con):
    without_2021(con)
    entry = explanations.Entry(2021, "personnel_indirect", "usn", "Only USN had costs in December 2021.")
    assert explanations.save(con, "mwinc", entry, LEADER, NOW) == 1
    assert unexplained(con) == [PERSONNEL_2021]


def test_a_partner_sees_the_project_wide_explanations_and_its_own(con):
    assert explanations.read(con, "mwinc", partner("nav_vt"))["partner_id"].tolist() == [None] * 4
    assert explanations.read(con, "mwinc", partner("usn"))["partner_id"].tolist() == [None, None, None, "usn", None]
    without_2021(con)
    # a partner's flags are its own figures: USN's 2021 payroll; NAV Vestfold og Telemark had none in 2021
    assert unexplained(con, scope=partner("usn")) == [PERSONNEL_2021_USN]
    assert unexplained(con, scope=partner("nav_vt")) == []


@pytest.mark.parametrize("scope", [partner("usn"), Scope("funder", "viewer", frozenset({"mwinc"}))], ids=str)
def test_a_partner_or_viewer_cannot_save(con, scope):
    before = rows(con)
    with pytest.raises(AccessDenied):
        explanations.save(con, "mwinc", explanations.Entry(2025, "other_operating", "usn", "ours"), scope, NOW)
    assert rows(con) == before


def test_save_is_versioned_and_audited(con):
    first = explanations.Entry(2025, "other_operating", None, "Dissemination moved to 2026.")
    assert explanations.save(con, "mwinc", first, LEADER, NOW) == 1
    edited = explanations.Entry(2025, "other_operating", None, "Dissemination is in November.", version=1)
    assert explanations.save(con, "mwinc", edited, local_user("admin"), NOW) == 2
    log = con.execute(
        "select user_name, action, row_key, old_value, new_value from audit_log "
        "where table_name = 'deviation_explanation' order by audit_id"
    ).fetchall()
    assert log == [
        ("annett.arntzen", "insert", "2025/other_operating/", None, "Dissemination moved to 2026."),
        ("admin", "update", "2025/other_operating/", "Dissemination moved to 2026.", "Dissemination is in November."),
    ]
    before = rows(con)
    stale = explanations.Entry(2025, "other_operating", None, "A third text.", version=1)
    with pytest.raises(Conflict):
        explanations.save(con, "mwinc", stale, LEADER, NOW)
    with pytest.raises(Conflict):  # "new" while one exists: someone wrote it first
        explanations.save(con, "mwinc", explanations.Entry(2025, "other_operating", None, "New."), LEADER, NOW)
    assert rows(con) == before
    # a leader's edit of a seeded text makes it the leader's (no longer sample data)
    seeded = explanations.Entry(2022, "other_operating", None, "Rewritten.", version=1)
    assert explanations.save(con, "mwinc", seeded, LEADER, NOW) == 2
    read = explanations.read(con, "mwinc", LEADER)
    assert read.loc[read["year"] == 2022, ["text", "is_sample_data"]].values.tolist() == [["Rewritten.", False]]


def test_bad_input_is_named_and_nothing_written(con):
    before = rows(con)
    with pytest.raises(Invalid) as refused:
        explanations.save(con, "mwinc", explanations.Entry(2030, "travel", "nobody", "  "), LEADER, NOW)
    assert refused.value.text("en") == [
        "Explanation: write an explanation",
        "Cost category: unknown cost category 'travel'",
        "Year: 2030 is outside the project's years (2021–2025)",
        "Applies to: unknown partner 'nobody'",
    ]
    assert rows(con) == before
