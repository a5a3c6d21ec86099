"""The risk matrix (monitor/registers/risks.py), checked against the risks of data/seed/mwinc."""

from monitor.access.scope import local_user
from monitor.registers import risks


def test_risk_matrix_leaves_out_closed_risks(shared_con):
    view = risks.build_view(risks.load(shared_con, "mwinc", local_user()), "en")
    # open/mitigated (probability, impact): (3,4), (3,3), (4,3), (4,2); the closed (2,5) is left out
    assert view.open_count == 4
    heatmap = view.matrix.data[0]
    filled = sorted(
        (int(heatmap.y[row]), int(heatmap.x[column]))
        for row, cells in enumerate(heatmap.text)
        for column, cell in enumerate(cells)
        if cell
    )
    assert filled == [(3, 3), (3, 4), (4, 2), (4, 3)]
    assert view.register["Score"].tolist()[:2] == [12, 12]  # 3 x 4 and 4 x 3 first; the closed one last
    assert view.register["State of play"].tolist()[-1] == "Closed"
