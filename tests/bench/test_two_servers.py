"""Two app servers on one PostgreSQL and a command-line import while both serve (bench/two_servers.py, short)."""

import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import two_servers  # noqa: E402
from load_sessions import Options  # noqa: E402


@pytest.mark.slow
def test_both_servers_serve_whole_batches_while_the_cli_imports(pg_cluster):
    result = two_servers.run(4, Options(duration=12.0, think=1.0, ramp=2.0, page_timeout=30.0))
    assert result["import_exit"] == 0, result["import_said"]
    assert result["problems"] == [] and result["server_tracebacks"] == 0
    # 12 345.67 + 2 000.00 - 345.00 = 14 000.67 added, by hand, and no part of it seen on its own
    assert Decimal(result["spent_after"]) - Decimal(result["spent_before"]) == Decimal("14000.67")
    assert result["totals_wrong"] == 0
