"""What the Partners and In-kind pages show: labelled tables, tiles and the comparison chart, built from
the scoped figures of `monitor.partners.load` and the scoped rows of `monitor.partners.inkind`. Pure: no Streamlit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
import plotly.graph_objects as go

from monitor import charts
from monitor import format as fmt
from monitor.errors import Problem
from monitor.i18n import label, t
from monitor.partners.load import PartnerFigures
from monitor.shown import Tile

# Hours are stored to the hundredth (7,25 h): shown with two decimals everywhere, so columns line up.
HOUR_DECIMALS = 2
# The chart's series and their colours: what was promised (plan colour) against what came in.
CHART_COLOURS = {"committed": charts.PLANNED, "delivered": charts.ACTUAL, "inkind_reported": charts.SERIES[1]}

# What the tables answer first (committed, delivered, the difference) comes first, so that it is in view
# at 1440 px; how it is made up (costs, in-kind, cash) follows, then the plan.
TOTAL_COLUMNS = (
    "committed",
    "delivered",
    "balance",
    "share_actual",
    "inkind_approved",
    "inkind_reported",
    "cash",
    "ledger_cost",
    "planned_cost",
    "share_planned",
)
YEAR_COLUMNS = (
    "committed",
    "delivered",
    "balance",
    "hours_approved",
    "inkind_approved",
    "inkind_reported",
    "cash",
    "ledger_cost",
    "planned_funding",
    "planned_cost",
)
SHARES = ("share_planned", "share_actual")
CHART_SERIES = tuple(CHART_COLOURS)


@dataclass(frozen=True)
class PartnersView:
    title: str
    caption: str
    chart_heading: str
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
        chart_heading=t("partners.chart_heading_mine" if mine else "partners.chart_heading", lang),
        tiles=tiles(figures.totals.iloc[0], lang) if mine else [],
        totals=totals_table(figures.totals, lang),
        years=years_table(figures.by_year, lang),
        chart=comparison_chart(figures.totals, lang),
        deliverables=deliverables_table(figures.deliverables, lang),
        results=results_table(figures.results, lang),
    )


def tiles(row: pd.Series, lang: str) -> list[Tile]:
    pending = row["inkind_reported"] - row["inkind_approved"]
    return [
        Tile(t("partners.tile.committed", lang), fmt.nok(row["committed"], lang)),
        Tile(t("partners.tile.delivered", lang), fmt.nok(row["delivered"], lang), delta=signed(row["balance"], lang)),
        Tile(t("partners.tile.pending", lang), fmt.nok(pending, lang)),
        Tile(
            t("partners.tile.share", lang),
            fmt.percent(row["share_actual"], lang, 1),
            help=t("partners.tile.share_help", lang, planned=fmt.percent(row["share_planned"], lang, 1)),
        ),
    ]


def signed(amount: Decimal, lang: str) -> str:
    """A delta for st.metric: it reads the sign from an ASCII '+' or '-' in front (a Unicode minus would
    be taken as positive and drawn with an up arrow); the amount itself stays in the language's format."""
    return ("+" if amount > 0 else "-" if amount < 0 else "") + fmt.nok(abs(amount), lang)


def hours(value: Decimal | None, lang: str) -> str:
    return "–" if value is None else fmt.number(value, lang, HOUR_DECIMALS)


def totals_table(totals: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = {
        t("partners.col.partner", lang): totals["short_name"].tolist(),
        t("partners.col.sector", lang): [label("sector", s, lang) for s in totals["sector"]],
    }
    for name in TOTAL_COLUMNS:
        table[t(f"partners.col.{name}", lang)] = (
            [fmt.percent(v, lang, 1) for v in totals[name]]
            if name in SHARES
            else [fmt.nok(v, lang) for v in totals[name]]
        )
    return pd.DataFrame(table)


def years_table(by_year: pd.DataFrame, lang: str) -> pd.DataFrame:
    table = {
        t("partners.col.partner", lang): by_year["short_name"].tolist(),
        t("col.year", lang): [str(y) for y in by_year["year"]],
    }
    for name in YEAR_COLUMNS:
        values = by_year[name]
        table[t(f"partners.col.{name}", lang)] = (
            [hours(v, lang) for v in values] if name == "hours_approved" else [fmt.nok(v, lang) for v in values]
        )
    return pd.DataFrame(table)


def comparison_chart(totals: pd.DataFrame, lang: str) -> go.Figure:
    """Committed, delivered and reported in-kind per partner, side by side (floats for plotting only).
    Partner names stay horizontal (wrapped when long) and the legend sits below them, never on them."""
    figure = go.Figure()
    names = [_wrapped(n) for n in totals["short_name"]]
    for name in CHART_SERIES:
        figure.add_bar(
            name=t(f"partners.col.{name}", lang),
            x=names,
            y=[float(v) for v in totals[name]],
            marker_color=CHART_COLOURS[name],
            hovertemplate="%{x}<br>%{y:,.0f}<extra>%{fullData.name}</extra>",
        )
    figure.update_layout(
        barmode="group",
        height=420,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        yaxis={"title": t("partners.chart_axis", lang)},
    )
    figure.update_xaxes(tickangle=0, automargin=True)
    figure.update_yaxes(automargin=True)
    return charts.legend_below(charts.localise(figure, lang))


def _wrapped(name: str, width: int = 12) -> str:
    """A long short name on two lines, so that no label needs rotating."""
    words, lines = str(name).split(), [""]
    for word in words:
        lines[-1:] = [f"{lines[-1]} {word}".strip()] if len(lines[-1]) + len(word) < width else [lines[-1], word]
    return "<br>".join(line for line in lines if line)


def deliverables_table(deliverables: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("partners.col.partner", lang): deliverables["partner_name"].tolist(),
            t("col.code", lang): deliverables["code"].tolist(),
            t("col.title", lang): deliverables["title"].tolist(),
            t("col.due", lang): [fmt.date(d, lang) for d in deliverables["due_date"]],
            t("col.status", lang): [label("schedule.stage", s, lang) for s in deliverables["status"]],
            t("partners.col.delivered_date", lang): [fmt.date(d, lang) for d in deliverables["delivered_date"]],
        }
    )


def results_table(results: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("partners.col.partner", lang): results["partner_name"].tolist(),
            t("partners.col.category", lang): [label("results.category", c, lang) for c in results["category"]],
            t("col.title", lang): results["title"].tolist(),
            t("partners.col.date", lang): [fmt.date(d, lang) for d in results["result_date"]],
        }
    )


# --- in-kind ------------------------------------------------------------------------------------

# Shown in this order, so that what a reader scans for (who, when, how much, status) fits at 1440 px
# and the long free text (activity, comment) comes last.
INKIND_COLUMNS = {
    "contribution_id": "id",
    "partner_id": "partner",
    "work_date": "date",
    "person_role": "person",
    "hours": "hours",
    "amount": "amount",
    "status": "status",
    "wp_code": "wp",
    "hourly_rate": "rate",
    "activity": "activity",
    "reported_by": "reported_by",
    "decided_by": "decided_by",
    "decision_comment": "comment",
}
# The field a problem names, by the label the form shows it under.
FIELD_LABELS = {
    "partner_id": "inkind.field.partner",
    "work_date": "inkind.field.date",
    "person_role": "inkind.field.person",
    "hours": "inkind.field.hours",
    "activity": "inkind.field.activity",
    "wp_code": "inkind.field.wp",
    "hourly_rate": "inkind.field.rate",
    "decision_comment": "inkind.field.comment",
    "contribution_id": "inkind.field.reports",
}


def partner_names(partners: pd.DataFrame) -> dict[str, str]:
    """{partner id: short name}, the label a partner goes by in tables and pickers."""
    return dict(zip(partners["partner_id"], partners["short_name"], strict=True))


def inkind_table(rows: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Detail rows as shown: partner names, dates, hours and NOK formatted, statuses labelled. Text stays
    plain text."""
    shown = rows[list(INKIND_COLUMNS)].astype(object)
    shown["contribution_id"] = [str(k) for k in shown["contribution_id"]]
    shown["partner_id"] = [names.get(p, p) for p in shown["partner_id"]]
    shown["work_date"] = [fmt.date(d, lang) for d in shown["work_date"]]
    shown["hours"] = [hours(h, lang) for h in shown["hours"]]
    for name in ("hourly_rate", "amount"):
        shown[name] = [fmt.nok(v, lang, 2) for v in shown[name]]
    shown["status"] = [label("inkind_status", s, lang) for s in shown["status"]]
    shown = shown.where(shown.notna(), "")
    return shown.rename(columns={name: t(f"inkind.col.{key}", lang) for name, key in INKIND_COLUMNS.items()})


def queue_choices(rows: pd.DataFrame, names: dict[str, str], lang: str) -> dict[int, str]:
    """{contribution id: one line describing it} for the leader's choice of reports to decide."""
    return {
        int(r["contribution_id"]): f"{r['contribution_id']} · {names.get(r['partner_id'], r['partner_id'])} · "
        f"{fmt.date(r['work_date'], lang)} · {hours(r['hours'], lang)} h · "
        f"{fmt.nok(r['amount'], lang, 2)}"
        for r in rows.to_dict("records")
    }


def decision_summary(rows: pd.DataFrame, chosen: list[int], status: str, lang: str) -> str:
    """What the leader is asked to confirm: how many reports, their hours and amount, the decision."""
    picked = rows[rows["contribution_id"].isin(chosen)]
    total_hours = sum((Decimal(h) for h in picked["hours"]), Decimal(0))
    amount = sum((Decimal(a) for a in picked["amount"]), Decimal(0))
    return t(f"inkind.confirm_{status}", lang, count=str(len(picked)), hours=hours(total_hours, lang), amount=amount)


def problem_lines(problems: list[Problem], lang: str) -> list[str]:
    """Each problem in the user's language, naming the field by the label the form shows."""
    return [problem_text(p, lang) for p in problems]


def problem_text(problem: Problem, lang: str) -> str:
    rule = getattr(problem, "rule", "")
    if not rule:
        return t("inkind.problem.other", lang)
    # Hours in the hours format; typed-in text made inert, since the message is shown as Markdown.
    values = {
        name: hours(v, lang) if isinstance(v, Decimal) else fmt.plain(v) if isinstance(v, str) else v
        for name, v in problem.values
    }
    field = t(FIELD_LABELS[problem.column], lang) if problem.column in FIELD_LABELS else t("inkind.field.other", lang)
    return t(f"inkind.problem.{rule}", lang, field=field, **values)
