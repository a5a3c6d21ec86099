"""The admin's page for the funder's open data (pages/open_data.py): what a file holds and what importing it does
or did, in words and labelled tables. Reading and writing live in opendata.py, applications.py and funded.py."""

from __future__ import annotations

import pandas as pd

from monitor import format as fmt
from monitor.errors import Notice, Problem
from monitor.i18n import t
from monitor.portfolio import opendata
from monitor.portfolio.applications import RegisterImport


def problems_table(problems: list[Problem], lang: str) -> pd.DataFrame:
    """A refused file's problems, one per row: file, row, column, reason in `lang`."""
    return pd.DataFrame(
        {
            t("opendata.col.file", lang): [p.file or "" for p in problems],
            t("opendata.col.row", lang): [str(p.row) if p.row else "" for p in problems],
            t("opendata.col.column", lang): [p.column or "" for p in problems],
            t("opendata.col.reason", lang): [
                p.reason.text(lang) if isinstance(p.reason, Notice) else str(p.reason) for p in problems
            ],
        }
    )


def outcome_text(records: list[opendata.Record], result: RegisterImport, lang: str, *, done: bool) -> str:
    """'30 rows: 16 funded projects and 14 applications. Register: … Projects: …', before (`done` False) or
    after the import."""
    funded = len(opendata.funded(records))
    projects = result.projects
    return t(
        "opendata.done" if done else "opendata.preview",
        lang,
        rows=len(records),
        funded=funded,
        applications=len(records) - funded,
        added=len(result.added),
        changed=len(result.changed),
        unchanged=len(result.unchanged),
        projects_added=len(projects.added),
        projects_changed=len(projects.changed),
        projects_unchanged=len(projects.unchanged),
    )


def followed_text(result: RegisterImport, lang: str) -> str | None:
    """Project numbers the monitor already follows under another id, or None when there are none."""
    followed = result.projects.followed
    if not followed:
        return None
    pairs = ", ".join(f"{number} ({project_id})" for number, project_id in sorted(followed.items()))
    return t("opendata.followed", lang, projects=pairs)


def records_table(records: list[opendata.Record], result: RegisterImport, lang: str) -> pd.DataFrame:
    """Every row of the file with what the import does to it: new, changed or as it was; a funded row's project."""
    outcome = {n: "added" for n in result.added} | {n: "changed" for n in result.changed}
    project_outcome = {n: "added" for n in result.projects.added} | {n: "changed" for n in result.projects.changed}
    project_outcome |= {n: "followed" for n in result.projects.followed}
    return pd.DataFrame(
        {
            t("opendata.col.number", lang): [r.number for r in records],
            t("opendata.col.title", lang): [r.title for r in records],
            t("opendata.col.phase", lang): [t(f"opendata.phase.{r.phase}", lang) for r in records],
            t("opendata.col.owner", lang): [r.owner for r in records],
            t("opendata.col.programme", lang): [r.programme or "" for r in records],
            t("opendata.col.period", lang): [f"{r.start_year}–{r.end_year}" for r in records],
            t("opendata.col.applied", lang): [fmt.nok(r.applied, lang) if r.applied else "" for r in records],
            t("opendata.col.granted", lang): [fmt.nok(r.granted, lang) for r in records],
            t("opendata.col.register", lang): [
                t(f"opendata.outcome.{outcome.get(r.number, 'unchanged')}", lang) for r in records
            ],
            t("opendata.col.project", lang): [
                t(f"opendata.outcome.{project_outcome.get(r.number, 'unchanged')}", lang) if r.funded else ""
                for r in records
            ],
        }
    )
