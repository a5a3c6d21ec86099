"""One call from a report to a file's bytes, used by the page's download buttons and by `monitor export`."""

from __future__ import annotations

import datetime as dt

from monitor import format as fmt
from monitor.i18n import project_text, t
from monitor.reports import present, tables, writers
from monitor.reports.tables import Report

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "application/zip",
    "pdf": "application/pdf",
}


def report_name(report: Report, lang: str) -> str:
    """'Framdriftsrapport 2024' / 'Final report'."""
    kind = t(f"report.kind.{report.kind}", lang)
    return kind if report.kind == "final" else f"{kind} {report.period}"


def cover(report: Report, lang: str, unit: str, generated_at: dt.datetime) -> writers.Cover:
    project = report.project
    name = project["name_nb" if lang == "nb" else "name_en"]
    lines = [
        (t("report.cover.project", lang), f"{project['acronym']} – {name}"),
        (t("report.cover.funder", lang), project_text(project, "funder", lang) or ""),
        (t("report.cover.programme", lang), project.get("programme") or ""),
        (t("report.cover.reference", lang), project.get("funder_ref") or ""),
        (t("report.cover.report", lang), report_name(report, lang)),
        (
            t("report.cover.project_period", lang),
            f"{fmt.date(project['start_date'], lang)} – {fmt.date(project['end_date'], lang)}",
        ),
        (t("report.cover.as_of", lang), fmt.date(report.as_of, lang)),
        (t("report.cover.generated", lang), f"{fmt.date(generated_at.date(), lang)} {generated_at:%H:%M:%S}"),
        (t("report.cover.unit", lang), present.unit_label(unit, lang)),
        (t("report.cover.fingerprint", lang), tables.fingerprint(report.tables)),
    ]
    if unit != "nok":
        lines.append(("", t("report.cover.rounding", lang)))
    if project.get("is_sample_data"):
        lines.append((t("report.cover.sample", lang), project_text(project, "sample_data_note", lang) or ""))
    return writers.Cover(title=f"{report_name(report, lang)} – {project['acronym']}", lines=tuple(lines), lang=lang)


def file_name(report: Report, file_format: str) -> str:
    return f"{report.project_id}_{report.kind}_{report.period}.{'zip' if file_format == 'csv' else file_format}"


def build_file(report: Report, file_format: str, lang: str, unit: str, generated_at: dt.datetime) -> bytes:
    """The report as xlsx, csv (a zip) or pdf bytes, from the tables the screen shows."""
    shown = present.present(report, lang, unit)
    front = cover(report, lang, unit, generated_at)
    if file_format == "xlsx":
        return writers.to_xlsx(front, shown)
    if file_format == "csv":
        return writers.to_csv_zip(front, shown)
    if file_format == "pdf":
        cost = report.tables.get("cost")
        return writers.to_pdf(front, shown, writers.chart_images(cost, lang) if cost is not None else [])
    raise ValueError(f"unknown format {file_format!r}; expected one of {', '.join(FORMATS)}")
