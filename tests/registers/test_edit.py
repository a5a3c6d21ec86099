"""Adding, editing and deleting register rows through the plain functions: validation, versions,
conflicts between two sessions, and the audit log written with each change."""

import datetime as dt
import threading

import pytest

from monitor.access import audit
from monitor.access.scope import local_user
from monitor.errors import Conflict, Invalid
from monitor.registers import edit as registers
from monitor.registers.edit import ADD, DELETE, EDIT, Change
from tests.registers import writes

TODAY = dt.date(2025, 6, 1)
NEW_RISK = {"title": "Key researcher leaves", "probability": 2, "impact": 4, "state": "open"}


def _row(con, register, key):
    spec = registers.REGISTERS[register]
    frame = registers.rows(con, register, "mwinc", local_user())
    return frame[frame[spec.key] == key].iloc[0].to_dict()


def _log(con, **filters):
    return audit.read(con, local_user(), audit.Filters(project_id="mwinc", **filters))


def test_edit_changes_the_fields_bumps_the_version_and_logs_each_field(con):
    version = registers.edit(
        con,
        "milestones",
        "mwinc",
        "M2.3",
        1,
        {"achieved_date": "2025-05-20", "comment": "Survey closed"},
        local_user("annett"),
        TODAY,
    )
    row = _row(con, "milestones", "M2.3")
    assert (row["achieved_date"], row["comment"], row["version"], version) == (
        dt.date(2025, 5, 20),
        "Survey closed",
        2,
        2,
    )
    log = _log(con, row_key="M2.3").sort_values("field")
    assert log[["user_name", "action", "table_name", "field", "old_value", "new_value"]].values.tolist() == [
        ["annett", "update", "milestone", "achieved_date", None, "2025-05-20"],
        ["annett", "update", "milestone", "comment", "Survey closed with too few answers; reopened", "Survey closed"],
    ]


def test_an_edit_that_changes_nothing_writes_nothing(con):
    assert (
        registers.edit(
            con,
            "milestones",
            "mwinc",
            "M0",
            1,
            {"title": "Kick-off with partners and cases"},
            local_user("annett"),
            TODAY,
        )
        == 1
    )
    assert _log(con).empty


def test_add_and_delete_a_risk(con):
    risk_id = writes.add(con, "risks", "mwinc", NEW_RISK, local_user("annett"), TODAY)
    assert _row(con, "risks", risk_id)["title"] == "Key researcher leaves"
    writes.delete(con, "risks", "mwinc", risk_id, 1, local_user("annett"))
    assert risk_id not in registers.rows(con, "risks", "mwinc", local_user())["risk_id"].tolist()
    actions = _log(con, row_key=str(risk_id)).groupby("action")["field"].apply(sorted).to_dict()
    fields = sorted(NEW_RISK)
    assert actions == {"insert": fields, "delete": fields}


def test_add_a_deliverable_with_text_values_as_a_file_or_editor_gives_them(con):
    writes.add(
        con,
        "deliverables",
        "mwinc",
        {
            "code": "D3.4",
            "wp_code": "WP3",
            "title": "Final webinar",
            "responsible_partner_id": "vtfk",
            "baseline_due": "2025-10-31",
            "due_date": "2025-10-31",
            "status": "pending",
        },
        local_user("annett"),
        TODAY,
    )
    row = _row(con, "deliverables", "D3.4")
    assert (row["due_date"], row["status"], row["version"]) == (dt.date(2025, 10, 31), "pending", 1)


@pytest.mark.parametrize(
    "register, values, field, reason",
    [
        (
            "milestones",
            {"code": "M9", "title": "x", "baseline_due": "2021-11-30", "due_date": "2022-01-01"},
            "baseline_due",
            "outside the project period",
        ),  # the day before the project starts
        (
            "milestones",
            {"code": "M9", "title": "x", "baseline_due": "2022-01-01", "due_date": "2025-12-01"},
            "due_date",
            "outside the project period",
        ),  # the day after it ends
        ("milestones", {"code": "M9", "baseline_due": "2022-01-01", "due_date": "2022-01-01"}, "title", "required"),
        (
            "milestones",
            {"code": "M0", "title": "x", "baseline_due": "2022-01-01", "due_date": "2022-01-01"},
            "code",
            "already exists",
        ),
        (
            "milestones",
            {"code": "M9", "title": "x", "wp_code": "WP9", "baseline_due": "2022-01-01", "due_date": "2022-01-01"},
            "wp_code",
            "unknown work package",
        ),
        (
            "milestones",
            {"code": "M9", "title": "x", "baseline_due": "2022-02-30", "due_date": "2022-01-01"},
            "baseline_due",
            "not a date",
        ),
        (
            "deliverables",
            {
                "code": "D9",
                "title": "x",
                "baseline_due": "2024-01-31",
                "due_date": "2024-01-31",
                "status": "submitted",
                "delivered_date": "2024-02-10",
            },
            "delay_justification",
            "late deliverable needs a justification",
        ),  # delivered 10 days late
        (
            "deliverables",
            {"code": "D9", "title": "x", "baseline_due": "2025-05-31", "due_date": "2025-05-31", "status": "draft"},
            "delay_justification",
            "late deliverable",
        ),  # due before TODAY, not delivered
        (
            "deliverables",
            {"code": "D9", "title": "x", "baseline_due": "2025-08-31", "due_date": "2025-08-31", "status": "submitted"},
            "delivered_date",
            "needs its delivered date",
        ),
        (
            "deliverables",
            {"code": "D9", "title": "x", "baseline_due": "2025-08-31", "due_date": "2025-08-31", "status": "sent"},
            "status",
            "not one of",
        ),
        (
            "deliverables",
            {
                "code": "D9",
                "title": "x",
                "baseline_due": "2025-08-31",
                "due_date": "2025-08-31",
                "status": "pending",
                "link": "javascript:alert(1)",
            },
            "link",
            "not a web address",
        ),
        (
            "deliverables",
            {
                "code": "D9",
                "title": "x",
                "baseline_due": "2025-08-31",
                "due_date": "2025-08-31",
                "status": "pending",
                "responsible_partner_id": "acme",
            },
            "responsible_partner_id",
            "unknown partner",
        ),
        (
            "results",
            {"category": "article", "title": "x", "result_date": "2024-01-01", "doi": "doi.org/x"},
            "doi",
            "not a DOI",
        ),
        (
            "results",
            {"category": "article", "title": "x", "result_date": "2024-01-01", "cristin_id": "12a"},
            "cristin_id",
            "not a Cristin id",
        ),
        ("results", {"category": "event", "title": "x", "result_date": "2024-01-01"}, "category", "not one of"),
        (
            "results",
            {"category": "user_dissemination", "title": "x", "result_date": "2024-01-01", "attendance_migrants": "-3"},
            "attendance_migrants",
            "negative",
        ),
        (
            "results",
            {"category": "report", "title": "x", "result_date": "2024-01-01", "partner_ids": "usn;acme"},
            "partner_ids",
            "unknown partner(s) acme",
        ),
        ("risks", {**NEW_RISK, "probability": 6}, "probability", "score from 1 to 5"),
        ("risks", {**NEW_RISK, "state": "gone"}, "state", "not one of"),
    ],
)
def test_invalid_values_are_refused_with_field_and_reason_and_nothing_is_written(
    shared_con, register, values, field, reason
):
    before = len(registers.rows(shared_con, register, "mwinc", local_user()))
    with pytest.raises(Invalid) as refused:
        writes.add(shared_con, register, "mwinc", values, local_user("annett"), TODAY)
    assert any(p.column == field and reason in p.reason for p in refused.value.problems), refused.value.problems
    assert len(registers.rows(shared_con, register, "mwinc", local_user())) == before
    assert _log(shared_con).empty


def test_a_late_deliverable_with_a_justification_is_accepted(con):
    writes.add(
        con,
        "deliverables",
        "mwinc",
        {
            "code": "D9",
            "title": "x",
            "baseline_due": "2024-01-31",
            "due_date": "2024-01-31",
            "status": "submitted",
            "delivered_date": "2024-02-10",
            "delay_justification": "Waited for data",
        },
        local_user("annett"),
        TODAY,
    )
    assert _row(con, "deliverables", "D9")["delay_justification"] == "Waited for data"


def test_a_key_cannot_be_changed_by_an_edit(con):
    with pytest.raises(Invalid, match="key cannot be changed"):
        registers.edit(con, "milestones", "mwinc", "M0", 1, {"code": "M00"}, local_user("annett"), TODAY)


def test_a_batch_is_all_or_nothing(con):
    with pytest.raises(Invalid) as refused:
        registers.apply(
            con,
            "risks",
            "mwinc",
            [Change(ADD, NEW_RISK, line=1), Change(ADD, {**NEW_RISK, "impact": 0}, line=2)],
            local_user("annett"),
            TODAY,
        )
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "impact")]
    assert len(registers.rows(con, "risks", "mwinc", local_user())) == 5  # the five seeded risks, none added


def test_the_second_of_two_sessions_editing_the_same_row_is_refused_and_both_are_logged(con):
    # Both sessions read M1.3 at version 1.
    first, second = con.cursor(), con.cursor()
    registers.edit(first, "milestones", "mwinc", "M1.3", 1, {"comment": "first"}, local_user("annett"), TODAY)
    with pytest.raises(Conflict) as refused:
        registers.edit(second, "milestones", "mwinc", "M1.3", 1, {"comment": "second"}, local_user("ole"), TODAY)
    assert refused.value.changed_by == "annett"
    assert "changed by annett at" in str(refused.value) and "reload" in str(refused.value)
    assert _row(con, "milestones", "M1.3")["comment"] == "first"  # nothing lost, nothing overwritten
    log = _log(con, row_key="M1.3")
    assert sorted(zip(log["user_name"], log["action"], log["field"], log["new_value"], strict=True)) == [
        ("annett", "update", "comment", "first"),
        ("ole", "refused", "comment", "second"),
        ("ole", "refused", "version", None),
    ]


def test_deleting_a_row_someone_else_changed_is_refused(con):
    registers.edit(con, "risks", "mwinc", _first_risk(con), 1, {"state": "closed"}, local_user("annett"), TODAY)
    with pytest.raises(Conflict):
        writes.delete(con.cursor(), "risks", "mwinc", _first_risk(con), 1, local_user("ole"))
    assert _first_risk(con) in registers.rows(con, "risks", "mwinc", local_user())["risk_id"].tolist()


def test_editing_a_row_someone_else_deleted_is_refused(con):
    writes.delete(con, "milestones", "mwinc", "M0", 1, local_user("annett"))
    with pytest.raises(Conflict, match="changed by annett"):
        registers.edit(con.cursor(), "milestones", "mwinc", "M0", 1, {"comment": "x"}, local_user("ole"), TODAY)


def test_two_sessions_saving_at_the_same_moment_one_wins(con):
    """Two threads, each with its own cursor, hold open transactions on the same row; DuckDB lets one commit."""
    barrier, outcomes = threading.Barrier(2), {}

    def save(user):
        cursor = con.cursor()
        barrier.wait()
        try:
            registers.apply(
                cursor, "milestones", "mwinc", [Change(EDIT, {"comment": user}, "M3.3", 1)], local_user(user), TODAY
            )
            outcomes[user] = "saved"
        except Conflict:
            outcomes[user] = "refused"

    threads = [threading.Thread(target=save, args=(user,)) for user in ("annett", "ole")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["refused", "saved"]
    winner = next(user for user, outcome in outcomes.items() if outcome == "saved")
    row = _row(con, "milestones", "M3.3")
    assert (row["comment"], row["version"]) == (winner, 2)
    log = _log(con, row_key="M3.3")
    assert sorted(set(log["action"])) == ["refused", "update"]


def test_changes_from_the_table_editor(con):
    snapshot = registers.rows(con, "risks", "mwinc", local_user())
    state = {"edited_rows": {"1": {"impact": 5}}, "added_rows": [NEW_RISK], "deleted_rows": [0]}
    changes = registers.changes_from_editor("risks", snapshot, state)
    assert [(c.op, c.key, c.version, c.line) for c in changes] == [
        (EDIT, snapshot.loc[1, "risk_id"], 1, 2),
        (ADD, None, None, 6),
        (DELETE, snapshot.loc[0, "risk_id"], 1, 1),
    ]
    registers.apply(con, "risks", "mwinc", changes, local_user("annett"), TODAY)
    after = registers.rows(con, "risks", "mwinc", local_user())
    assert len(after) == 5  # 5 seeded + 1 added - 1 deleted
    assert after.set_index("risk_id").loc[snapshot.loc[1, "risk_id"], "impact"] == 5


def _first_risk(con):
    return registers.rows(con, "risks", "mwinc", local_user())["risk_id"].iloc[0]


# --- issue 12, item 10: every message in the chosen language, the field by its label ------------------


@pytest.mark.parametrize(
    "values, lang, expected",
    [
        (
            {"code": "M9", "baseline_due": "2022-01-01", "due_date": "2022-01-01"},
            "nb",
            "Rad 4, Tittel: verdien må fylles ut",
        ),
        (
            {"code": "M9", "baseline_due": "2022-01-01", "due_date": "2022-01-01"},
            "en",
            "Row 4, Title: value is required",
        ),
        (
            {"code": "M9", "title": "x", "baseline_due": "2021-11-30", "due_date": "2022-01-01"},
            "nb",
            "Rad 4, Opprinnelig frist: 30.11.2021 er utenfor prosjektperioden 01.12.2021–30.11.2025",
        ),
        (
            {"code": "M9", "title": "x", "wp_code": "WP9", "baseline_due": "2022-01-01", "due_date": "2022-01-01"},
            "nb",
            "Rad 4, Arbeidspakke: ukjent arbeidspakke «WP9»",
        ),
        (
            {"code": "M0", "title": "x", "baseline_due": "2022-01-01", "due_date": "2022-01-01"},
            "nb",
            "Rad 4, Kode: «M0» finnes allerede",
        ),
    ],
)
def test_problems_are_told_in_the_chosen_language(shared_con, values, lang, expected):
    with pytest.raises(Invalid) as refused:
        registers.apply(shared_con, "milestones", "mwinc", [Change(ADD, values, line=4)], local_user("annett"), TODAY)
    assert refused.value.text(lang) == [expected]


def test_a_late_deliverable_and_a_bad_state_are_told_in_norwegian(shared_con):
    with pytest.raises(Invalid) as refused:
        registers.apply(
            shared_con,
            "deliverables",
            "mwinc",
            [
                Change(
                    ADD,
                    {
                        "code": "D9",
                        "title": "x",
                        "baseline_due": "2025-08-31",
                        "due_date": "2025-08-31",
                        "status": "sendt",
                    },
                    line=2,
                )
            ],
            local_user("annett"),
            TODAY,
        )
    assert refused.value.text("nb") == ["Rad 2, Leveransestatus: «sendt» er ikke en av pending, draft, submitted"]
    with pytest.raises(Invalid) as refused:
        registers.apply(
            shared_con,
            "deliverables",
            "mwinc",
            [
                Change(
                    ADD,
                    {
                        "code": "D9",
                        "title": "x",
                        "baseline_due": "2025-05-31",
                        "due_date": "2025-05-31",
                        "status": "draft",
                    },
                    line=2,
                )
            ],
            local_user("annett"),
            TODAY,
        )
    assert refused.value.text("nb") == [
        "Rad 2, Begrunnelse for forsinkelse: en forsinket leveranse må ha en begrunnelse for forsinkelsen"
    ]


def test_a_bad_register_file_is_told_in_norwegian(shared_con):
    from monitor.registers import files as register_io

    lines = "code;title;baseline_due;due_date;colour\nM9;Ny;2024-02-30;2024-03-01;rød\n"
    with pytest.raises(Invalid) as refused:
        register_io.import_file(shared_con, "milestones", "mwinc", lines.encode(), "m.csv", local_user("leader"), TODAY)
    assert refused.value.text("nb") == ["Rad 1, colour: ukjent kolonne"]
    without_colour = lines.replace(";colour", "").replace(";rød", "")
    with pytest.raises(Invalid) as refused:
        register_io.import_file(
            shared_con, "milestones", "mwinc", without_colour.encode(), "m.csv", local_user("leader"), TODAY
        )
    assert refused.value.text("nb") == ["Rad 2, Opprinnelig frist: «2024-02-30» er ikke en dato på formen ÅÅÅÅ-MM-DD"]
    with pytest.raises(Invalid) as refused:
        register_io.import_file(
            shared_con,
            "milestones",
            "mwinc",
            "code;title\nM9;rød\n".encode("cp1252"),
            "m.csv",
            local_user("leader"),
            TODAY,
        )
    # Windows-1252: 'ø' is byte 15 (0-based) after "code;title\n" (11 bytes) and "M9;r" (4)
    assert refused.value.text("nb")[0].startswith("m.csv er ikke UTF-8 (byte 15); lagre den som «CSV UTF-8»")
