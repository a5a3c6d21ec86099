"""summary --json against sums computed independently from the seed CSV files (csv module + Decimal)."""

import csv
import datetime as dt
import json
from decimal import Decimal
from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml

from monitor.access.scope import local_user
from monitor.budget import load as budget
from monitor.cli import main
from monitor.project import load as store
from monitor.project.summary import build_summary
from tests import oracle
from tests.conftest import ROOT


def rows(folder: Path, name: str) -> list[dict]:
    with (folder / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def summary(db_path: Path, capsys, *args: str) -> dict:
    assert main(["summary", "--db", str(db_path), "--project", "mwinc", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def seed_end(folder: Path) -> dt.date:
    """The project's end date as its seed states it."""
    return yaml.safe_load((folder / "project.yaml").read_text(encoding="utf-8"))["end_date"]


def config_with_as_of(folder: Path, value: str) -> Path:
    """The repository's config.yaml with app.as_of set (the rest as the app reads it)."""
    text = (ROOT / "config.yaml").read_text(encoding="utf-8")
    assert text.count("  as_of: null\n") == 1
    path = folder / "config.yaml"
    path.write_text(text.replace("  as_of: null\n", f"  as_of: {value}\n"), encoding="utf-8")
    return path


AS_OF = dt.date(2024, 6, 30)


@pytest.fixture
def state(con):
    data = store.load_project(con, "mwinc", AS_OF, local_user())
    return budget.load_budget(con, data, local_user())


def test_the_published_budget(db_path, seed_dir, capsys):
    figures = summary(db_path, capsys, "--as-of", "2024-06-30")
    assert figures["budget"]["total"] == "15102000.00"
    # own financing as published: 3.154 mill.; the grant is the rest: 15 102 000 - 3 154 000
    assert figures["budget"]["by_source"] == {"funder": "11948000.00", "own": "3154000.00"}
    # the English title as the seed's project.yaml states it (the project's published name)
    published = yaml.safe_load((seed_dir / "project.yaml").read_text(encoding="utf-8"))["name_en"]
    assert published.startswith("Migrant Work Inclusion - co-creating")
    assert figures["project"] == {
        "id": "mwinc",
        "name": published,
        "funder": "Research Council of Norway",
        "funder_ref": "326917",
        "start_date": "2021-12-01",
        "end_date": "2025-11-30",
    }
    # partners.csv: USN and 11 partners; work_packages.csv: WP1-WP3
    assert len(figures["partners"]) == 12 and len(figures["work_packages"]) == 3


def test_budget_maps_add_up_to_the_seed_plan(db_path, seed_dir, capsys):
    figures = summary(db_path, capsys)
    by_year: dict[str, Decimal] = {}
    for row in oracle.current_plan("cost_plan", seed_dir):  # the contract with the approved change request
        by_year[row["year"]] = by_year.get(row["year"], Decimal(0)) + Decimal(row["amount"])
    assert {y: Decimal(v) for y, v in figures["budget"]["by_year"].items()} == by_year
    # cost_plan.csv's 2023 and 2024 (4 100 000 and 4 000 000) with 100 000 moved from the one to the other
    assert (by_year["2023"], by_year["2024"]) == (Decimal("4000000.00"), Decimal("4100000.00"))
    assert sum(Decimal(v) for v in figures["budget"]["by_category"].values()) == Decimal("15102000")


@pytest.mark.parametrize("as_of", ["2021-11-30", "2022-12-31", "2024-06-30", "2025-11-30", "2026-11-22"])
def test_spent_equals_the_seed_files_summed_by_hand(db_path, seed_dir, capsys, as_of):
    figures = summary(db_path, capsys, "--as-of", as_of)
    day = dt.date.fromisoformat(as_of)
    assert Decimal(figures["spent"]["total"]) == oracle.spent(day, seed_dir)
    for key, field in (("by_partner", "partner_id"), ("by_category", "category"), ("by_account", "account")):
        assert {k: Decimal(v) for k, v in figures["spent"][key].items()} == oracle.spent_by(field, day, seed_dir), key
    assert {int(y): Decimal(v) for y, v in figures["spent"]["by_year"].items()} == oracle.spent_by(
        "year", day, seed_dir
    )
    assert all(len(v.split(".")[1]) == 2 for v in figures["spent"]["by_account"].values())


@pytest.mark.parametrize(
    "as_of, milestones, deliverables",
    [
        # before the start: nothing done, nothing due within 90 days of 2021-06-01 (first due 2022-02-28)
        (
            "2021-06-01",
            {"total": 10, "achieved": 0, "overdue": 0, "upcoming": 0},
            {"total": 8, "delivered": 0, "overdue": 0},
        ),
        # 2025-01-15: M1.3 (due 31.12.2024, achieved 14.02.2025) overdue; M2.3 due 31.03.2025 upcoming;
        # achieved M0, M1.1, M1.2, M2.1, M2.2, M3.1; delivered D1.1, D1.2, D2.1, D3.1
        (
            "2025-01-15",
            {"total": 10, "achieved": 6, "overdue": 1, "upcoming": 1},
            {"total": 8, "delivered": 4, "overdue": 0},
        ),
        # after the end: M2.3 and M3.3 never achieved; D2.2 and D3.3 never delivered
        (
            "2026-11-22",
            {"total": 10, "achieved": 8, "overdue": 2, "upcoming": 0},
            {"total": 8, "delivered": 6, "overdue": 2},
        ),
    ],
)
def test_schedule_counts(db_path, capsys, as_of, milestones, deliverables):
    figures = summary(db_path, capsys, "--as-of", as_of)
    assert figures["as_of"] == as_of
    assert figures["milestones"] == milestones
    assert figures["deliverables"] == deliverables


def test_without_as_of_a_finished_project_is_reported_as_of_its_end(db_path, seed_dir, tmp_path, capsys):
    """The date the app opens on: app.as_of is null, today is past the end, so the end date."""
    end = seed_end(seed_dir)
    assert dt.date.today() > end, "the seed project has ended"
    figures = summary(db_path, capsys, "--config", str(config_with_as_of(tmp_path, "null")))
    assert figures["as_of"] == end.isoformat()
    assert Decimal(figures["spent"]["total"]) == oracle.spent(end, seed_dir)


def test_without_as_of_the_configured_date_wins(db_path, tmp_path, capsys):
    figures = summary(db_path, capsys, "--config", str(config_with_as_of(tmp_path, "2024-06-30")))
    assert figures["as_of"] == "2024-06-30"


def test_an_as_of_option_wins_over_the_configured_date(db_path, tmp_path, capsys):
    config = config_with_as_of(tmp_path, "2024-06-30")
    assert summary(db_path, capsys, "--config", str(config), "--as-of", "2022-12-31")["as_of"] == "2022-12-31"


def test_summary_evm(state, settings):
    figures = build_summary(state.data, settings)["evm"]
    assert set(figures) == {"bac", "pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "etc", "vac"}
    assert figures["bac"] == "15102000.00" and figures["ac"] == build_summary(state.data, settings)["spent"]["total"]
    # PV: the current plan (v2) of 2021-2023 (250000 + 3900000 + 4000000) and half of 2024's 4100000, less the
    # øre each 2024 line loses to rounding in its first six months (see test_phasing): 10 200 000 at most.
    assert D("10199990") < D(figures["pv"]) <= D("10200000.00")
    assert figures["spi"] == str((D(figures["ev"]) / D(figures["pv"])).quantize(D("0.0001")))


def test_summary_money_in_a_partner_scope_is_its_own(con, settings):
    from monitor.access.scope import Scope
    from monitor.cash import load as cash_load

    nho = Scope("nho.kontakt", "partner", frozenset({"mwinc"}), "nho_vt")
    end = dt.date(2025, 11, 30)
    data = store.load_project(con, "mwinc", end, nho)
    figures = build_summary(data, settings, cash_load.load(con, "mwinc", end, settings, nho))
    assert figures["payments"] == {"received": None, "expected": None, "withheld": None}  # not the funder's money
    # transfers.csv: 60 000 × 3 + 20 000 = 200 000 received; approved in-kind 274 950; no ledger lines
    own = {"received": "200000.00", "spent": "0.00", "contributed": "274950.00", "position": "-74950.00"}
    assert figures["cash"] == {**own, "by_partner": {"nho_vt": own}}
    assert "payments" not in build_summary(data, settings)  # without the cash figures, the keys of before
