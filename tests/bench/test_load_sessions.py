"""bench/load_sessions.py: the figures it expects, the checks it makes on what a session saw, and a short
run of two sessions and the import against a real `streamlit run`."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import load_sessions as load  # noqa: E402
from streamlit_client import Run  # noqa: E402

from tests import oracle  # noqa: E402

AS_OF = dt.date(2025, 11, 30)  # MW Inc ended then: the app's default as-of date from 2025-12-01 on
NBSP = "\u00a0"


@pytest.fixture
def exp(db_path):
    return load.expected(db_path, dt.date(2026, 11, 30))


def test_the_expected_totals_are_the_seed_files_sums_and_the_import_adds_its_own(exp):
    assert exp.as_of == AS_OF
    assert exp.total_before == oracle.spent(AS_OF)
    assert exp.total_after - exp.total_before == Decimal("14000.67")  # 12 345.67 + 2 000.00 - 345.00, by hand
    assert exp.partner_before["nav_vt"] == oracle.spent(AS_OF, partner_id="nav_vt")
    assert exp.partner_after["usn"] - exp.partner_before["usn"] == Decimal("14000.67")
    assert exp.partner_after["nho_vt"] == exp.partner_before["nho_vt"] == oracle.spent(AS_OF, partner_id="nho_vt")


def test_the_import_file_holds_the_three_lines():
    assert load.import_file().decode("utf-8").splitlines() == [
        "Bilagsnr;Dato;Konto;Tekst;Beløp;Partner",
        "LT1;02.06.2025;5000;Lastprøve lønn;12345,67;usn",
        "LT2;03.06.2025;6790;Lastprøve tjeneste;2000,00;usn",
        "LT3;04.06.2025;7140;Lastprøve reise, kreditnota;-345,00;usn",
    ]


def test_amounts_are_written_as_the_nb_interface_writes_them():
    assert load.kroner(Decimal("14498396.54")) == f"14{NBSP}498{NBSP}396,54{NBSP}kr"
    assert load.kroner(Decimal("12863206.54"), 0) == f"12{NBSP}863{NBSP}207{NBSP}kr"
    assert load.kroner(Decimal("-345.00")) == f"-345,00{NBSP}kr"


def page(username: str, *texts: str) -> Run:
    return Run(0.1, texts=[load.signed_in_caption(username), *texts])


def test_a_partner_seeing_its_own_figure_passes_and_another_partners_figure_is_a_leak(exp):
    own = load.kroner(exp.partner_before["nav_vt"], 0)
    assert load.check_run("nav", page("nav", own), False, exp).problems == []
    nho = load.kroner(exp.partner_before["nho_vt"], 0)
    assert load.check_run("nav", page("nav", own, f"Levert {nho}"), False, exp).problems == [
        f"leak: partner nav_vt sees {nho!r}"
    ]
    project_total = exp.totals["before"]
    assert load.check_run("nho", page("nho", project_total), False, exp).problems == [
        f"leak: partner nho_vt sees {project_total!r}"
    ]


def test_another_users_name_in_the_sidebar_is_a_leak_and_a_missing_own_name_an_error(exp):
    seen = Run(0.1, texts=[load.signed_in_caption("leader")])
    assert load.check_run("reader", seen, False, exp).problems == [
        "error: the sidebar does not name the session's own user (signed out?)",
        "leak: the sidebar names leader",
    ]


def test_the_overview_must_show_the_total_before_or_after_and_nothing_else(exp):
    before, after = exp.totals["before"], exp.totals["after"]
    assert load.check_run("reader", page("reader", f"{before}. Regnskap ført"), True, exp).total_seen == "before"
    assert load.check_run("leader", page("leader", after), True, exp).total_seen == "after"
    between = load.kroner(exp.total_before + Decimal("2000.00"))
    assert load.check_run("reader", page("reader", between), True, exp).problems == [
        f"total: the Overview shows neither of {exp.totals}"
    ]
    assert load.check_run("admin", page("admin", before, after), True, exp).problems == [
        f"total: the Overview shows ['before', 'after'] of {exp.totals}"
    ]


def test_an_error_message_or_a_traceback_is_an_error(exp):
    broken = page("leader", load.t("app.error", "nb"))
    broken.exceptions.append("KeyError: 'x'")
    assert load.check_run("leader", broken, False, exp).problems == [
        "error: traceback shown: KeyError: 'x'",
        f"error: the page says {load.t('app.error', 'nb')!r}",
    ]


def test_a_view_started_after_the_commit_showing_the_old_total_fails_the_run(exp):
    line = load.Timeline(
        start=0.0, ramp=0.0, duration=10.0, import_at=3.0, last_sign_in=1.0, import_committed=4.0, signed_in=[0.5]
    )
    line.views = [
        load.PageView(0, "reader", "Oversikt", 3.5, 0.2, [], "before"),  # started before: fine
        load.PageView(0, "reader", "Oversikt", 4.5, 0.2, [], "before"),
    ]  # stale
    result = load.summary(1, line, exp, exp.total_after, 1.0, 1.0, 100.0, (0.0, 0.0))
    assert result["problems"] == ["total: reader on Oversikt: started after the import committed, shows the old total"]
    assert result["totals_before"] == 2 and result["steady_views"] == 2


def test_two_sessions_and_the_import_against_a_real_server():
    result = load.run_load(2, load.Options(duration=6.0, think=0.3, ramp=0.5, page_timeout=30.0))
    assert result["problems"] == []
    # Views of any phase: on a loaded machine (CI runs tests two at a time) sign-ins can take most of the run.
    assert result["signed_in"] == 2 and result["views"] >= 2
    assert result["totals_before"] + result["totals_after"] >= 1  # the reader's Overview was checked
    assert set(result["import"]) >= {"upload", "preview", "confirm"}
    assert Decimal(result["spent_after"]) - Decimal(result["spent_before"]) == Decimal("14000.67")


def test_the_shipped_server_skips_the_forced_collection_after_each_run():
    """The load test measured Streamlit's gc.collect() after every run as 82 % of the server's time at 50
    sessions (p95 11.7 s, 0.64 s without it; BENCHMARKS.md): the shipped config keeps it off."""
    import tomllib

    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["runner"]["postScriptGC"] is False
