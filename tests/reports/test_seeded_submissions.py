"""Issue 12, item 15: the sample story's reports were sent on time, so the demo calendar does not call every
past report overdue. They are seeded from data/seed/mwinc/submitted_reports.csv as snapshots whose frozen
tables are the report as the data gave it on the day it was sent."""

import datetime as dt

import pytest

from monitor import config
from monitor.access.scope import local_user
from monitor.reports import calendar, snapshot
from monitor.setup import seed
from tests.apptest import open_page
from tests.conftest import ROOT
from tests.reports import seed_figures

END = dt.date(2025, 11, 30)


def test_the_seed_holds_the_reports_sent_on_time(con):
    frozen = snapshot.snapshots(con, "mwinc", local_user())
    assert sorted((s.kind, s.period) for s in frozen) == sorted(
        [("accounts", str(y)) for y in range(2021, 2025)] + [("progress", str(y)) for y in (2022, 2023, 2024)]
    )
    assert {s.submitted_by for s in frozen} == {"seed"}
    sent = calendar.calendar(dt.date(2021, 12, 1), END, calendar.Rules(), snapshot.first_submissions(frozen), END)
    # at the project's end: everything past its deadline was sent; the final report (30.12.2025) and the
    # 2025 accounts (20.01.2026) are still to come
    assert "overdue" not in set(sent["status"])
    assert sent.loc[sent["status"] == "due", ["kind", "period"]].values.tolist() == [
        ["final", "final"],
        ["accounts", "2025"],
    ]
    on_time = [(row.deadline, row.submitted_at.date()) for row in sent.itertuples() if row.status == "submitted"]
    assert all(when <= deadline for deadline, when in on_time)


def test_a_seeded_report_freezes_the_figures_of_its_day(con):
    accounts_2021 = snapshot.snapshots(con, "mwinc", local_user(), "accounts", "2021")[0]
    assert accounts_2021.as_of == dt.date(2022, 1, 14)
    cost = accounts_2021.tables["cost"]
    expected = seed_figures.actual_cost(dt.date(2022, 1, 14))  # straight from ledger.csv and inkind.csv
    frozen = {(int(y), k): a for y, k, a in zip(cost["year"], cost["key"], cost["actual"], strict=True)}
    assert frozen == {key: value for key, value in expected.items() if key[0] == 2021}


def test_a_bad_submitted_reports_file_names_file_row_and_column(tmp_path, seed_dir):
    (seed_dir / "submitted_reports.csv").write_text(
        "report_type,period,as_of,submitted_at\naccounts,2021,2022-01-14,2022-01-14\nprogress,final,2022-09-28,"
        "2022-09-31\n",
        encoding="utf-8",
    )
    with pytest.raises(seed.SeedInvalid) as refused:
        seed.build_database(tmp_path / "x.duckdb", seed_dir.parent, config.load(ROOT / "config.yaml", env={}))
    described = sorted((p.row, p.column) for p in refused.value.problems)
    assert described == [(3, "period"), (3, "submitted_at")]
    assert not (tmp_path / "x.duckdb").exists()


@pytest.mark.usefixtures("app_env")
def test_the_page_shows_a_seeded_report_as_sent_and_offers_no_second_submission():
    at = open_page("report", user="leader", lang="nb", as_of="2025-11-30", report="accounts", year="2024")
    assert not at.exception, at.exception
    sent = next(s.value for s in at.success if "er sendt inn" in s.value)
    assert "Prosjektregnskapsrapport for 2024 er sendt inn 14.01.2025 av eksempeldata" in sent
    assert at.button(key="freeze").disabled
    table = next(d.value for d in at.dataframe if "Sendt inn" in d.value.columns)
    assert "Forfalt" not in table["Status"].tolist()


def test_a_seed_without_the_file_still_loads(tmp_path, seed_dir):
    (seed_dir / "submitted_reports.csv").unlink()
    path = tmp_path / "y.duckdb"
    assert seed.build_database(path, seed_dir.parent, config.load(ROOT / "config.yaml", env={})) == ["mwinc"]
