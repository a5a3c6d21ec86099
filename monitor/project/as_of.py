"""The as-of date a project opens on, one rule for the app's sidebar and the `summary` and `export` commands.

Pure: the caller brings the settings, today's date and the project's end date (from its project row).
"""

from __future__ import annotations

import datetime as dt

from monitor.config import Config
from monitor.i18n import t


def default_as_of(config: Config, today: dt.date, end: dt.date | None) -> dt.date:
    """config's app.as_of; else today, or the project's end date once today is past it, so that a finished
    project is shown as it ended rather than as hundreds of days overdue."""
    if config.as_of_default:
        return config.as_of_default
    return end if end is not None and today > end else today


def as_of_note(config: Config, today: dt.date, end: dt.date | None, chosen: dt.date, lang: str) -> str | None:
    """Said beside the date when the default moved it to the project's end."""
    if config.as_of_default is None and end is not None and today > end and chosen == end:
        return t("overview.as_of_at_end", lang, end=end)
    return None
