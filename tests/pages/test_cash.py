"""The Payments and cash page (AppTest) as leader, partner and viewer, in nb and en: the schedule with its withheld
final payment, the transfers with the late one, the position chart and table; the leader's register editors (a
final payment entered releases the withheld one); a partner sees its own transfers and position only."""

import pytest

from monitor import db
from monitor.access import audit
from monitor.access.scope import local_user
from tests.apptest import open_page

pytestmark = pytest.mark.usefixtures("app_env")

END = "2025-11-30"


def texts(at) -> str:
    return " ".join(
        [e.value for e in (*at.title, *at.caption, *at.info, *at.warning, *at.subheader)]
        + [t.label for t in at.tabs]
        + [m.label + " " + m.value for m in at.metric]
    )


def tables(at) -> list:
    return [d.value for d in at.dataframe]


@pytest.mark.parametrize(
    "lang, words, withheld",
    [
        ("en", ["Payments from the funder", "Transfers to partners", "Cash position", "Withheld"], "NOK\xa0626,727"),
        (
            "nb",
            ["Utbetalinger fra finansiør", "Overføringer til partnere", "Likviditet", "Holdt tilbake"],
            "626\xa0727\xa0kr",
        ),
    ],
)
def test_the_leader_sees_schedule_transfers_and_position_and_edits_the_registers(lang, words, withheld):
    at = open_page("cash", user="leader", project="mwinc", as_of=END, lang=lang)
    assert not at.exception, at.exception
    page = texts(at)
    for word in words:
        assert word in page, word
    assert withheld in page  # the withheld tile
    schedule, shares, transfers, position = tables(at)[0], tables(at)[2], tables(at)[3], tables(at)[-1]
    assert len(schedule) == 13 and len(shares) == 4 and len(transfers) == 4 and len(position) == 48
    assert "snapshot:payments:mwinc" in at.session_state and "snapshot:transfers:mwinc" in at.session_state
    assert [b.label for b in at.download_button][-2:] in (
        ["Download CSV", "Download Excel"],
        ["Last ned CSV", "Last ned Excel"],
    )


def test_the_late_transfer_is_flagged(app_env):
    at = open_page("cash", user="leader", project="mwinc", as_of=END, lang="en")
    assert any("1 transfer(s) paid late" in w.value for w in at.warning)
    transfers = next(t for t in tables(at) if "Paid on" in t.columns)
    assert transfers["Status"].tolist() == ["Paid", "Paid", "Paid late", "Paid"]


def test_a_final_payment_entered_in_the_editor_releases_the_withheld_one(app_env):
    at = open_page("cash", user="leader", project="mwinc", as_of="2026-02-28", lang="en")
    at.session_state["editor:payments"] = {
        "edited_rows": {},
        "added_rows": [
            {
                "payment_date": "2026-02-02",
                "amount": "626 727,28",  # as a Norwegian types it: the core parses it to the øre
                "payment_kind": "final",
                "payment_status": "received",
            }
        ],
        "deleted_rows": [],
    }
    at.button(key="save:payments").click().run()
    assert not at.exception, at.exception
    schedule = tables(at)[0]
    assert schedule["Status"].tolist()[-1] == "Received"
    assert any(m.label == "Withheld" and m.value == "NOK\xa00" for m in at.metric)
    con = db.connect(app_env)
    logged = audit.read(con, local_user(), audit.Filters(table_name="funder_payment"))
    assert logged[["user_name", "action"]].drop_duplicates().values.tolist() == [["leader", "insert"]]


@pytest.mark.parametrize("lang, title, position", [("nb", "Overføringer og likviditet – NHO VT", "-74\xa0950\xa0kr")])
def test_a_partner_sees_its_own_transfers_and_position_only(lang, title, position):
    at = open_page("cash", user="nho", project="mwinc", as_of=END, lang=lang)
    assert not at.exception, at.exception
    assert at.title[0].value == title
    assert len(at.tabs) == 2  # no funder's payments
    assert not [s for s in at.selectbox if s.label == "Vis likviditet for"]  # no one else to choose
    assert any(m.value == position for m in at.metric)
    shares, transfers, months = tables(at)
    assert set(transfers["Partner"]) == {"NHO VT"} and len(months) == 48
    assert not [b for b in at.button if (b.key or "").startswith("save:")]  # no editor
    assert "snapshot:transfers:mwinc" not in at.session_state


def test_a_partner_asking_for_another_position_gets_its_own(app_env):
    at = open_page("cash", user="nav", project="mwinc", as_of=END, lang="en", cash="usn")
    assert not at.exception, at.exception
    assert at.title[0].value == "Transfers and cash – NAV VT"
    assert "USN" not in texts(at)
    (months,) = [t for t in tables(at) if "Month" in t.columns]
    assert months.iloc[-1]["Received, cumulative"] == "0.00"  # NAV VT received nothing, not USN's millions
    assert any(i.value == "No transfers have been registered." for i in at.info)


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_a_viewer_reads_everything_and_edits_nothing(lang):
    at = open_page("cash", user="reader", project="mwinc", as_of=END, lang=lang)
    assert not at.exception, at.exception
    assert len(at.tabs) == 3 and len(tables(at)[0]) == 13
    assert not [b for b in at.button if (b.key or "").startswith("save:")]
    assert not at.expander


def test_the_project_choice_shows_a_partner_position(app_env):
    at = open_page("cash", user="admin", project="mwinc", as_of=END, lang="en", cash="nho_vt")
    assert not at.exception, at.exception
    choice = next(s for s in at.selectbox if s.label == "Show the position of")
    assert choice.value == "nho_vt"
    assert any(m.label == "Cash position" and m.value == "NOK\xa0-74,950" for m in at.metric)
