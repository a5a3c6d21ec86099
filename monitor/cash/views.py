"""What the Payments and cash page shows: the funder's schedule, the partners' shares and transfers, and the cash
position as a table and a chart, labelled in the user's language. Pure: no Streamlit. The tables keep their
amounts as Decimal and their dates as dates: the page formats them (ui.shown.table) and the downloads write them
as numbers (monitor/reports/downloads.py), so screen and file hold the same figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from monitor import charts
from monitor import format as fmt
from monitor.cash import rules
from monitor.cash.load import PROJECT, CashData, payment_figures
from monitor.i18n import t
from monitor.shown import Tile


def partner_names(cash: CashData) -> dict[str, str]:
    return dict(zip(cash.partners["partner_id"], cash.partners["short_name"], strict=True))


# --- payments in --------------------------------------------------------------------------------


def mode_note(cash: CashData, lang: str) -> str:
    """How the funder pays this project, in one sentence (the rule behind the expected dates)."""
    terms = cash.terms
    if terms.mode == rules.INVOICE:
        return t("cash.mode_note.invoice", lang, days=terms.invoice_days)
    weeks = ", ".join(str(w) for w in terms.weeks)
    return t("cash.mode_note.automatic", lang, weeks=weeks)


def withheld_note(cash: CashData, lang: str) -> str:
    """Said beside the schedule: why the final payment is withheld and how the tool learns it is released."""
    final = next((r for r in cash.schedule_rows or [] if r.instalment and r.instalment.kind == rules.FINAL), None)
    if final is None:
        return ""
    key = "cash.final_received" if final.status == rules.RECEIVED else "cash.final_withheld"
    return t(
        key,
        lang,
        amount=final.instalment.amount,
        deadline=cash.terms.final_due,
        date=final.instalment.expected_date,
        days=cash.terms.invoice_days,
    )


def payment_tiles(cash: CashData, lang: str) -> list[Tile]:
    """Received, expected and withheld. Without a grant in the funding plan (a project from the funder's open
    data has no plan yet) nothing can be expected or withheld, and no payment recorded is not a payment of
    zero: the tiles say so in words."""
    figures = payment_figures(cash)
    planned = bool(cash.schedule_rows)
    received = figures["received"]
    return [
        Tile(
            t("cash.tile.received", lang),
            fmt.nok(received, lang) if received or planned else t("declared.tile.none_recorded", lang),
        ),
        Tile(
            t("cash.tile.expected", lang),
            fmt.nok(figures["expected"], lang) if planned else t("declared.tile.no_grant_planned", lang),
            help=t("cash.tile.expected_help", lang),
        ),
        Tile(
            t("cash.tile.withheld", lang),
            fmt.nok(figures["withheld"], lang) if planned else t("declared.tile.no_grant_planned", lang),
            help=t("cash.tile.withheld_help", lang),
        ),
    ]


def nothing_recorded(cash: CashData) -> bool:
    """No money received, spent or contributed in the project up to the date: a position of zeros month after
    month would say nothing the page cannot say in words."""
    flows = cash.flows
    return flows.empty or not any(flows[c].fillna(0).ne(0).any() for c in ("received", "spent", "contributed"))


def schedule_table(cash: CashData, lang: str) -> pd.DataFrame:
    """One row per instalment (and per received payment beyond the schedule): when and how much was expected,
    what was received, the difference and the status; on invoice, the tertial's ledger costs beside it."""
    invoice = cash.terms.mode == rules.INVOICE
    rows = []
    for row in cash.schedule_rows or []:
        instalment = row.instalment
        line = {
            t("cash.col.number", lang): instalment.number if instalment else None,
            t("cash.col.period", lang): _period(instalment, lang),
            t("cash.col.kind", lang): t(f"cash.payment_kind.{_kind(row)}", lang),
            t("cash.col.expected_date", lang): instalment.expected_date if instalment else None,
            t("cash.col.expected", lang): instalment.amount if instalment else None,
        }
        if invoice:
            costs = cash.costs_by_tertial.get((instalment.year, instalment.tertial)) if instalment else None
            line[t("cash.col.costs", lang)] = costs
        line.update(
            {
                t("cash.col.received_date", lang): row.received_date,
                t("cash.col.received", lang): row.received,
                t("cash.col.difference", lang): row.difference,
                t("cash.col.status", lang): t(f"cash.status.{row.status}", lang),
            }
        )
        rows.append(line)
    return pd.DataFrame(rows)


def _period(instalment: rules.Instalment | None, lang: str) -> str:
    if instalment is None:
        return t("cash.unscheduled", lang)
    return t("cash.tertial", lang, tertial=instalment.tertial, year=str(instalment.year))


def _kind(row: rules.ScheduleRow) -> str:
    return row.instalment.kind if row.instalment else row.payments[0].kind


# --- payments out -------------------------------------------------------------------------------


def shares_table(cash: CashData, lang: str) -> pd.DataFrame:
    names = partner_names(cash)
    shares = cash.shares
    return pd.DataFrame(
        {
            t("cash.col.partner", lang): [names.get(p, p) for p in shares["partner_id"]],
            t("cash.col.grant_year", lang): [str(y) for y in shares["grant_year"]],
            t("cash.col.agreed", lang): list(shares["agreed"]),
            t("cash.col.paid", lang): list(shares["paid"]),
            t("cash.col.outstanding", lang): list(shares["outstanding"]),
            t("cash.col.late", lang): [t("shown.yes" if late else "shown.no", lang) for late in shares["late"]],
        }
    )


def transfers_table(cash: CashData, lang: str) -> pd.DataFrame:
    names = partner_names(cash)
    transfers = cash.transfers
    return pd.DataFrame(
        {
            t("cash.col.partner", lang): [names.get(p, p) for p in transfers["partner_id"]],
            t("cash.col.grant_year", lang): [str(y) for y in transfers["grant_year"]],
            t("cash.col.due_date", lang): list(transfers["due_date"]),
            t("cash.col.paid_date", lang): [None if pd.isna(d) else d for d in transfers["paid_date"]],
            t("cash.col.amount", lang): list(transfers["amount"]),
            t("cash.col.status", lang): [t(f"cash.transfer_status.{s}", lang) for s in transfers["status"]],
            t("cash.col.reference", lang): list(transfers["reference"]),
            t("cash.col.note", lang): list(transfers["note"]),
        }
    )


def late_count(cash: CashData) -> int:
    return int(cash.transfers["late"].sum()) if not cash.transfers.empty else 0


# --- cash position ------------------------------------------------------------------------------


def position_choices(cash: CashData, lang: str) -> dict[str, str]:
    """{code: label} of the positions the scope may see: the whole project and each partner with money moving
    (a partner user: its own only)."""
    names = partner_names(cash)
    if cash.own_partner_id is not None:
        return {cash.own_partner_id: names.get(cash.own_partner_id, cash.own_partner_id)}
    owner = cash.project.get("owner_partner_id")
    choices = {PROJECT: t("cash.whole_project", lang)}
    for partner_id in cash.partners_with_money():
        name = names.get(partner_id, partner_id)
        choices[partner_id] = t("cash.owner_name", lang, name=name) if partner_id == owner else name
    return choices


@dataclass(frozen=True)
class PositionView:
    tiles: list[Tile]
    table: pd.DataFrame  # shown and downloaded
    chart: go.Figure
    note: str


def position_view(cash: CashData, partner_id: str, lang: str) -> PositionView:
    table = cash.position(partner_id)
    figures = rules.position_totals(table)
    owner = partner_id != PROJECT and partner_id == cash.project.get("owner_partner_id")
    note_key = "cash.position_note.project" if partner_id == PROJECT else "cash.position_note.partner"
    return PositionView(
        tiles=[
            Tile(t("cash.tile.cash_received", lang), fmt.nok(figures["received"], lang)),
            Tile(t("cash.tile.spent", lang), fmt.nok(figures["spent"], lang)),
            Tile(t("cash.tile.contributed", lang), fmt.nok(figures["contributed"], lang)),
            Tile(t("cash.tile.position", lang), fmt.nok(figures["position"], lang), help=t("cash.position_rule", lang)),
        ],
        table=position_table(table, lang),
        chart=position_chart(table, lang),
        note=t("cash.position_note.owner" if owner else note_key, lang),
    )


POSITION_LABELS = {
    "received": "cash.col.month_received",
    "spent": "cash.col.month_spent",
    "contributed": "cash.col.month_contributed",
    "received_cum": "cash.col.received_cum",
    "spent_cum": "cash.col.spent_cum",
    "contributed_cum": "cash.col.contributed_cum",
    "position": "cash.col.position",
}


def position_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    frame = {t("cash.col.month", lang): [month_label(m, lang) for m in table["month"]]}
    for column, key in POSITION_LABELS.items():
        frame[t(key, lang)] = list(table[column])
    return pd.DataFrame(frame)


def month_label(month: dt.date, lang: str) -> str:
    return charts.month_ticks(month, month, lang)[1][0]


def position_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """Cumulative spent and contributed as stacked areas (what the money went to), cumulative received as a
    line over them, and the position (their difference) as a dashed line: floats for plotting only."""
    x = list(table["month"])
    labels = [month_label(m, lang) for m in x]
    figure = go.Figure()
    for column, colour, stacked in (
        ("spent_cum", charts.ACTUAL, True),
        ("contributed_cum", charts.PLANNED, True),
        ("received_cum", charts.ON_TRACK, False),
        ("position", charts.NEUTRAL, False),
    ):
        name = t(POSITION_LABELS[column], lang)
        figure.add_scatter(
            x=x,
            y=[float(v) for v in table[column]],
            name=name,
            mode="lines",
            line={
                "color": colour,
                "width": 3 if column == "received_cum" else 2,
                "dash": "dash" if column == "position" else None,
            },
            stackgroup="costs" if stacked else None,
            customdata=labels,
            hovertemplate=(
                f"{name}<br>%{{customdata}}: {t('chart.amount', lang, amount=charts.hover_number('y'))}<extra></extra>"
            ),
        )
    figure.add_hline(y=0, line_color="#444444", line_width=1)
    if x:
        charts.date_axis(figure, x[0], x[-1], lang)
    figure.update_layout(
        height=420,
        yaxis={"title": t("chart.nok", lang)},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        hovermode="x unified",
        showlegend=True,
        legend={"traceorder": "normal"},  # stacked areas would otherwise be listed bottom-up
    )
    return charts.legend_below(charts.localise(figure, lang))
