"""bench/budget_pages.py: the generated project it measures and the key under which it notes a page's queries."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import budget_pages as bench  # noqa: E402


def test_the_measured_project_is_the_middle_generated_one():
    # every generated project holds ledger_rows / projects lines, so the middle one is of average size:
    # 300 // 2 = 150, 3000 // 2 = 1500; a single project is its own middle
    assert bench.middle_project(300) == "gen00150"  # the project of the 300 x 5 M table
    assert bench.middle_project(3000) == "gen01500"
    assert bench.middle_project(1) == "gen00001"


def test_a_query_with_a_list_parameter_is_noted_once():
    # the Effort page binds lists of ids: the same query twice is one key, another list another key
    first = bench.query_key("query", "effort_hours", {"person_ids": [1, 2], "as_of": "2025-06-30"})
    again = bench.query_key("query", "effort_hours", {"as_of": "2025-06-30", "person_ids": [1, 2]})
    other = bench.query_key("query", "effort_hours", {"person_ids": [1, 3], "as_of": "2025-06-30"})
    assert first == again and first != other
    assert len({first, again, other}) == 2
