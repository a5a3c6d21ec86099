"""The Risks page's views: the register sorted by score (probability × impact) and the 5 × 5 matrix
of the risks that are not closed."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from monitor import charts, db
from monitor.access.scope import Scope
from monitor.i18n import label, t
from monitor.registers import edit as register_edit

SCORES = (1, 2, 3, 4, 5)
# Score 1–4 low, 5–12 medium, 15–25 high: light tints of the status colours, so black cell text stays legible.
LOW, MEDIUM, HIGH = "#c8e6c9", "#ffe082", "#ef9a9a"
# zmin 1, zmax 25: a score s sits at (s - 1) / 24 on the scale; the steps fall between 4 and 5, 12 and 15.
SCORE_SCALE = [[0, LOW], [3.5 / 24, LOW], [3.5 / 24, MEDIUM], [12.5 / 24, MEDIUM], [12.5 / 24, HIGH], [1, HIGH]]


@dataclass(frozen=True)
class RisksView:
    register: pd.DataFrame
    matrix: go.Figure
    open_count: int


def load(con: db.Connection, project_id: str, scope: Scope) -> pd.DataFrame:
    return register_edit.rows(con, "risks", project_id, scope)


def build_view(risks: pd.DataFrame, lang: str) -> RisksView:
    live = risks[risks["state"] != "closed"]
    return RisksView(register=register_table(risks, lang), matrix=matrix_figure(live, lang), open_count=len(live))


def matrix(risks: pd.DataFrame) -> dict[tuple[int, int], list[str]]:
    """{(probability, impact): risk labels ('R<id>')} for every cell of the 5 × 5 grid."""
    cells: dict[tuple[int, int], list[str]] = {(p, i): [] for p in SCORES for i in SCORES}
    for row in risks.to_dict("records"):
        cells[(int(row["probability"]), int(row["impact"]))].append(f"R{row['risk_id']}")
    return cells


def matrix_figure(risks: pd.DataFrame, lang: str) -> go.Figure:
    """Probability up (5 at the top), impact across; the background is the score in the status colours
    (low green, medium amber, high red), the cell text names the risks."""
    cells = matrix(risks)
    labels = [str(s) for s in SCORES]
    figure = go.Figure(
        go.Heatmap(
            x=labels,
            y=labels,
            z=[[p * i for i in SCORES] for p in SCORES],
            text=[["<br>".join(cells[(p, i)]) for i in SCORES] for p in SCORES],
            texttemplate="%{text}",
            colorscale=SCORE_SCALE,
            zmin=1,
            zmax=25,
            showscale=False,
            hovertemplate=t("risks.hover", lang) + "<extra></extra>",
        )
    )
    # A category axis draws its first category at the bottom: 1 at the bottom, 5 at the top, said explicitly.
    figure.update_layout(
        height=380,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={
            "title": t("risks.col.impact", lang),
            "type": "category",
            "categoryorder": "array",
            "categoryarray": labels,
        },
        yaxis={
            "title": t("risks.col.probability", lang),
            "type": "category",
            "categoryorder": "array",
            "categoryarray": labels,
            "autorange": True,
        },
    )
    return charts.localise(figure, lang)


def register_table(risks: pd.DataFrame, lang: str) -> pd.DataFrame:
    scores = [int(p) * int(i) for p, i in zip(risks["probability"], risks["impact"], strict=True)]
    table = pd.DataFrame(
        {
            "ID": [f"R{k}" for k in risks["risk_id"]],
            t("col.title", lang): risks["title"].tolist(),
            t("schedule.col.wp", lang): [w or "–" for w in risks["wp_code"]],
            t("risks.col.probability", lang): [int(p) for p in risks["probability"]],
            t("risks.col.impact", lang): [int(i) for i in risks["impact"]],
            t("risks.col.score", lang): scores,
            t("risks.col.owner", lang): [o or "" for o in risks["owner"]],
            t("risks.col.mitigation", lang): [m or "" for m in risks["mitigation"]],
            t("risks.col.state", lang): [label("risks.state", s, lang) for s in risks["state"]],
        }
    )
    order = sorted(range(len(table)), key=lambda n: (risks["state"].iloc[n] == "closed", -scores[n]))
    return table.iloc[order].reset_index(drop=True)
