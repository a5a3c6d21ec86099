"""What the Partners and In-kind pages show: labelled tables, tiles and the comparison chart, built from
the scoped figures of `monitor.partners` and the scoped rows of `monitor.inkind`. Pure: no Streamlit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go

from monitor import format as fmt
from monitor.i18n import label, t
from monitor.overview import Tile
from monitor.partners import PartnerFigures

TOTAL_COLUMNS = ("planned_cost", "committed", "ledger_cost", "inkind_reported", "inkind_approved", "cash",
                 "delivered", "balance")
YEAR_COLUMNS = ("planned_cost", "planned_funding", "committed", "ledger_cost", "inkind_reported",
                "inkind_approved", "hours_approved", "cash", "delivered", "balance")
CHART_SERIES = ("committed", "delivered", "inkind_reported")


@dataclass(frozen=True)
class PartnersView:
    title: str
    caption: str
    tiles: list[Tile]
    totals: pd.DataFrame
    years: pd.DataFrame
    chart: go.Figure
    deliverables: pd.DataFrame
    results: pd.DataFrame

    @property
    def empty(self) -> bool:
        return self.totals.empty


def build_view(figures: PartnerFigures, acronym: str, as_of: dt.date, lang: str) -> PartnersView:
    """The page for every role: a partner user's figures are its own only ("my organisation")."""
    mine = figures.own_partner_id is not None and not figures.totals.empty
    name = figures.totals.iloc[0]["name"] if mine else None
    return PartnersView(
        title=t("partners.my_title", lang, name=name) if mine else t("partners.title", lang, acronym=acronym),
        caption=t("partners.caption", lang, date=as_of),
        tiles=tiles(figures.totals.iloc[0], lang) if mine else [],
        totals=totals_table(figures.totals, lang), years=years_table(figures.by_year, lang),
        chart=comparison_chart(figures.totals, lang),
        deliverables=deliverables_table(figures.deliverables, figures.totals, lang),
        results=results_table(figures.results, figures.totals, lang),
    )


def tiles(row: pd.Series, lang: str) -> list[Tile]:
    pending = row["inkind_reported"] - row["inkind_approved"]
    return [
        Tile(t("partners.tile.committed", lang), fmt.nok(row["committed"], lang)),
        Tile(t("partners.tile.delivered", lang), fmt.nok(row["delivered"], lang),
             delta=_signed(row["balance"], lang)),
        Tile(t("partners.tile.pending", lang), fmt.nok(pending, lang)),
        Tile(t("partners.tile.share", lang), fmt.percent(row["share_actual"], lang, 1),
             help=t("partners.tile.share_help", lang, planned=fmt.percent(row["share_planned"], lang, 1))),
    ]


def _signed(amount: Decimal, lang: str) -> str:
    return ("+" if amount > 0 else "−" if amount < 0 else "") + fmt.nok(abs(amount), lang)


def totals_table(totals: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = {t("partners.col.partner", lang): totals["name"].tolist(),
             t("partners.col.sector", lang): [label("sector", s, lang) for s in totals["sector"]]}
    for name in TOTAL_COLUMNS:
        table[t(f"partners.col.{name}", lang)] = [fmt.nok(v, lang) for v in totals[name]]
    for name in ("share_planned", "share_actual"):
        table[t(f"partners.col.{name}", lang)] = [fmt.percent(v, lang, 1) for v in totals[name]]
    return pd.DataFrame(table)


def years_table(by_year: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = {t("partners.col.partner", lang): by_year["short_name"].tolist(),
             t("col.year", lang): [str(y) for y in by_year["year"]]}
    for name in YEAR_COLUMNS:
        values = by_year[name]
        table[t(f"partners.col.{name}", lang)] = ([fmt.number(v, lang, 1) for v in values] if name == "hours_approved"
                                                  else [fmt.nok(v, lang) for v in values])
    return pd.DataFrame(table)


def comparison_chart(totals: pd.DataFrame, lang: str) -> go.Figure:
    """Committed, delivered and reported in-kind per partner, side by side (floats for plotting only)."""
    figure = go.Figure()
    for name in CHART_SERIES:
        figure.add_bar(name=t(f"partners.col.{name}", lang), x=totals["short_name"].tolist(),
                       y=[float(v) for v in totals[name]])
    figure.update_layout(barmode="group", separators=", " if lang == "nb" else ".,", height=360,
                         margin={"l": 10, "r": 10, "t": 10, "b": 10}, legend={"orientation": "h"},
                         yaxis={"title": "NOK"})
    return figure


def _names(totals: pd.DataFrame) -> dict[str, str]:
    return dict(zip(totals["partner_id"], totals["short_name"], strict=True))


def deliverables_table(deliverables: pd.DataFrame, totals: pd.DataFrame, lang: str) -> pd.DataFrame:
    names = _names(totals)
    return pd.DataFrame({
        t("partners.col.partner", lang): [names.get(p, p) for p in deliverables["partner_id"]],
        t("col.code", lang): deliverables["code"].tolist(),
        t("col.title", lang): deliverables["title"].tolist(),
        t("col.due", lang): [fmt.date(d, lang) for d in deliverables["due_date"]],
        t("col.status", lang): deliverables["status"].tolist(),
        t("partners.col.delivered_date", lang): [fmt.date(d, lang) for d in deliverables["delivered_date"]],
    })


def results_table(results: pd.DataFrame, totals: pd.DataFrame, lang: str) -> pd.DataFrame:
    names = _names(totals)
    return pd.DataFrame({
        t("partners.col.partner", lang): [names.get(p, p) for p in results["partner_id"]],
        t("partners.col.category", lang): [label("results.category", c, lang) for c in results["category"]],
        t("col.title", lang): results["title"].tolist(),
        t("partners.col.date", lang): [fmt.date(d, lang) for d in results["result_date"]],
    })


# --- in-kind ------------------------------------------------------------------------------------

INKIND_COLUMNS = {"contribution_id": "id", "partner_id": "partner", "work_date": "date", "person_role": "person",
                  "hours": "hours", "hourly_rate": "rate", "amount": "amount", "activity": "activity",
                  "wp_code": "wp", "status": "status", "reported_by": "reported_by", "decided_by": "decided_by",
                  "decision_comment": "comment"}


def inkind_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Detail rows as shown: dates, hours and NOK formatted, statuses labelled. Text stays plain text."""
    shown = rows[list(INKIND_COLUMNS)].astype(object)
    shown["work_date"] = [fmt.date(d, lang) for d in shown["work_date"]]
    shown["hours"] = [fmt.number(h, lang, 2) for h in shown["hours"]]
    for name in ("hourly_rate", "amount"):
        shown[name] = [fmt.nok(v, lang, 2) for v in shown[name]]
    shown["status"] = [label("inkind_status", s, lang) for s in shown["status"]]
    shown = shown.where(shown.notna(), "")
    return shown.rename(columns={name: t(f"inkind.col.{key}", lang) for name, key in INKIND_COLUMNS.items()})


def queue_choices(rows: pd.DataFrame, lang: str) -> dict[int, str]:
    """{contribution id: one line describing it} for the leader's approval choice."""
    return {int(r["contribution_id"]): f"{r['contribution_id']} · {r['partner_id']} · {fmt.date(r['work_date'], lang)}"
                                         f" · {fmt.number(r['hours'], lang, 2)} h · {fmt.nok(r['amount'], lang, 2)}"
            for r in rows.to_dict("records")}
