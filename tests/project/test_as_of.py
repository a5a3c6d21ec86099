"""The as-of date a project opens on (item 18): app.as_of, else today, or the project's end once it is past;
the same date for the app's sidebar and for `summary`/`export` without --as-of (tests/project/test_summary.py)."""

from __future__ import annotations

import datetime as dt

from monitor import config
from monitor.project.as_of import as_of_note, default_as_of

END = dt.date(2025, 11, 30)
NULL = config.defaults()  # app.as_of: null


def with_as_of(value: str) -> config.Config:
    return config.Config({**NULL.values, "app.as_of": value})


# --- item 18 ------------------------------------------------------------------------------------------


def test_after_the_end_the_default_is_the_end_date():
    assert default_as_of(NULL, dt.date(2027, 8, 1), END) == END


def test_while_running_and_on_the_last_day_the_default_is_today():
    assert default_as_of(NULL, dt.date(2025, 6, 1), END) == dt.date(2025, 6, 1)
    assert default_as_of(NULL, END, END) == END


def test_config_overrides_the_end_date():
    assert default_as_of(with_as_of("2024-06-30"), dt.date(2027, 8, 1), END) == dt.date(2024, 6, 30)


def test_the_end_date_is_explained_only_when_the_default_put_it_there():
    after = dt.date(2027, 8, 1)
    assert as_of_note(NULL, after, END, END, "nb") == "Prosjektet ble avsluttet 30.11.2025; viser status per sluttdato."
    assert (
        as_of_note(NULL, after, END, END, "en")
        == "The project ended on 30 Nov 2025; showing its status as of the end date."
    )
    assert as_of_note(NULL, after, END, dt.date(2024, 6, 30), "nb") is None  # the user chose a date
    assert as_of_note(NULL, dt.date(2025, 6, 1), END, dt.date(2025, 6, 1), "nb") is None  # running
    assert as_of_note(with_as_of("2025-11-30"), after, END, END, "nb") is None  # config chose it
