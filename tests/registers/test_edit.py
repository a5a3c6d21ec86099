"""Adding, editing and deleting register rows through the plain functions: validation, versions,
conflicts between two sessions, and the audit log written with each change.
"""

import datetime as dt
import threading

import pytest

from monitor import db
from monitor.access import audit
from monitor.access.scope import AccessDenied, local_user
from monitor.errors import Conflict, Invalid
from monitor.registers import edit as registers
from monitor.registers import files as register_io
from monitor.registers.edit import ADD, DELETE, EDIT, Change
from tests.registers import writes
from tests.scopes import LEADER, NAV, OTHER_LEADER, READER, counts

TODAY = dt.date(2025, 6, 1)


NEW_RISK = {"title": "Key researcher leaves", "probability": 2, "impact": 4, "state": "open"}


def _row(con, register, key):
    spec = registers.REGISTERS[register]
    frame = registers.rows(con, register, "mwinc", local_user())
    return frame[frame[spec.key] == key].iloc[0].to_dict()


def _log(con, **filters):
    return audit.read(con, local_user(), audit.Filters(project_id="mwinc", **filters))


def _first_risk(con):
    return registers.rows(con, "risks", "mwinc", local_user())["risk_id"].iloc[0]


MID_2024 = dt.date(2024, 6, 30)  # the access tests' day


WITHDRAWAL = {"title": "Partner withdraws", "probability": 2, "impact": 3, "state": "open"}


ACTIONS = {"insert": audit.INSERT, "update": audit.UPDATE, "delete": audit.DELETE}


NEW = {
    "milestones": {"code": "M9", "title": "Walk", "baseline_due": "2024-01-01", "due_date": "2024-01-01"},
    "deliverables": {
        "code": "D9",
        "title": "Walk",
        "baseline_due": "2025-08-31",
        "due_date": "2025-08-31",
        "status": "pending",
    },
    "results": {"category": "report", "title": "Walk", "result_date": "2024-01-01"},
    "risks": {"title": "Walk", "probability": 1, "impact": 1, "state": "open"},
    "payments": {
        "payment_date": "2024-05-30",
        "amount": "100",
        "payment_kind": "invoice",
        "payment_status": "received",
    },
    "transfers": {"partner_id": "nho_vt", "grant_year": 2024, "due_date": "2024-03-01", "amount": "100"},
    "commitments": {
        "partner_id": "usn",
        "cost_category": "other_operating",
        "ordered_date": "2024-01-01",
        "amount": "100",
        "commitment_status": "open",
    },
    "people": {"partner_id": "nav_vt", "person_name": "Walk", "person_category": "partner_staff"},
    # person_id: a person of the seed, found when walked (ids come from the database).
    "hours": {"wp_code": "WP1", "month": "2024-05-01", "hours": "7.5", "effort_status": "reported"},
}
# The field the walk edits and the value it writes.
WALKED = {name: ("reference" if name in ("payments", "transfers", "commitments") else "title") for name in NEW}
WALKED.update(people="person_name", hours="hours")
WALKED_VALUE = {"hours": "8"}


def _write_queries() -> set[tuple[str, str]]:
    found = set()
    for path in db.SQL_DIR.rglob("register_*_*.sql"):
        table, _, operation = path.stem.removeprefix("register_").rpartition("_")
        if operation in ACTIONS:
            found.add((table, ACTIONS[operation]))
    return found


def _walk_functions(con) -> None:
    person_id = registers.rows(con, "people", "mwinc", local_user())["person_id"].iloc[0]
    for register, values in NEW.items():
        values = {**values, "person_id": person_id} if register == "hours" else values
        key = writes.add(con, register, "mwinc", values, local_user("walker"), TODAY)
        edited = {WALKED[register]: WALKED_VALUE.get(register, "Walked")}
        registers.edit(con, register, "mwinc", key, 1, edited, local_user("walker"), TODAY)
        writes.delete(con, register, "mwinc", key, 2, local_user("walker"))


def _walk_editor_and_import(con) -> None:
    snapshot = registers.rows(con, "risks", "mwinc", local_user())
    state = {"edited_rows": {0: {"owner": "Editor"}}, "added_rows": [NEW["risks"]], "deleted_rows": []}
    registers.apply(
        con, "risks", "mwinc", registers.changes_from_editor("risks", snapshot, state), local_user("editor"), TODAY
    )
    text = register_io.export_csv(registers.rows(con, "milestones", "mwinc", local_user()), "milestones").decode(
        "utf-8-sig"
    )
    text = (
        text.replace("Dialogue conference", "Dialogue conference held") + "M99;;Imported;2024-01-01;2024-01-01;;;\r\n"
    )
    register_io.import_file(con, "milestones", "mwinc", text.encode(), "m.csv", local_user("importer"), TODAY)


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


@pytest.mark.parametrize("scope", [NAV, READER, OTHER_LEADER], ids=["partner", "viewer", "leader elsewhere"])
def test_register_writes_outside_the_scope_are_refused_and_write_nothing(con, scope):
    before = counts(con)
    with pytest.raises(AccessDenied):
        registers.apply(con, "risks", "mwinc", [Change(ADD, WITHDRAWAL)], scope, MID_2024)
    with pytest.raises(AccessDenied):
        registers.edit(con, "milestones", "mwinc", "M1.1", 1, {"comment": "mine now"}, scope, MID_2024)
    with pytest.raises(AccessDenied):
        register_io.import_file(con, "risks", "mwinc", b"title\nX\n", "r.csv", scope, MID_2024)
    assert counts(con) == before


def test_a_leader_writes_its_own_project_s_register_under_its_name(con):
    registers.apply(con, "risks", "mwinc", [Change(ADD, WITHDRAWAL)], LEADER, MID_2024)
    log = audit.read(con, LEADER, audit.Filters(project_id="mwinc", table_name="risk"))
    assert set(log["user_name"]) == {"annett"}


def test_every_write_query_is_walked_and_logged(con):
    _walk_functions(con)
    log = audit.read(con, local_user())
    logged = set(zip(log["table_name"], log["action"], strict=True))
    assert _write_queries() <= logged
    assert len(_write_queries()) == 27  # 9 registers x insert, update, delete


def test_editor_and_import_writes_are_logged_with_their_user(con):
    _walk_editor_and_import(con)
    log = audit.read(con, local_user())
    assert set(zip(log["user_name"], log["table_name"], log["action"], strict=True)) == {
        ("editor", "risk", "update"),
        ("editor", "risk", "insert"),
        ("importer", "milestone", "update"),
        ("importer", "milestone", "insert"),
    }
    assert ("M3.2", "title", "Dialogue conference", "Dialogue conference held") in set(
        zip(log["row_key"], log["field"], log["old_value"], log["new_value"], strict=True)
    )


def test_each_logged_change_matches_the_table(con):
    """Replaying the log's new values over the seeded rows gives the rows as stored."""
    _walk_editor_and_import(con)
    stored = registers.rows(con, "milestones", "mwinc", local_user()).set_index("code")
    log = audit.read(con, local_user(), audit.Filters(table_name="milestone"))
    for key, field, new in zip(log["row_key"], log["field"], log["new_value"], strict=True):
        assert audit.as_text(key if field == "code" else stored.loc[key, field]) == new


def test_a_failed_write_leaves_neither_change_nor_log(con):
    before = registers.rows(con, "milestones", "mwinc", local_user())
    try:
        registers.apply(
            con,
            "milestones",
            "mwinc",
            [
                registers.Change(registers.EDIT, {"comment": "ok"}, "M0", 1),
                registers.Change(registers.EDIT, {"due_date": "2030-01-01"}, "M1.1", 1),
            ],
            local_user("walker"),
            TODAY,
        )
    except registers.Invalid:
        pass
    assert registers.rows(con, "milestones", "mwinc", local_user()).equals(before)
    assert audit.read(con, local_user()).empty


# --- money registers: whose rows a partner may read --------------------------------------------


def test_a_partner_reads_its_own_transfers_and_commitments_only_and_no_funder_payments(con):
    # One transfer and one commitment for each of two partners, entered by the leader.
    for partner in ("nav_vt", "nho_vt"):
        registers.apply(
            con, "transfers", "mwinc", [Change(ADD, {**NEW["transfers"], "partner_id": partner})], LEADER, TODAY
        )
        registers.apply(
            con, "commitments", "mwinc", [Change(ADD, {**NEW["commitments"], "partner_id": partner})], LEADER, TODAY
        )
    assert set(registers.rows(con, "transfers", "mwinc", NAV)["partner_id"]) == {"nav_vt"}
    assert set(registers.rows(con, "commitments", "mwinc", NAV)["partner_id"]) == {"nav_vt"}
    assert {"nav_vt", "nho_vt"} <= set(registers.rows(con, "transfers", "mwinc", READER)["partner_id"])
    with pytest.raises(AccessDenied):
        registers.rows(con, "payments", "mwinc", NAV)


def test_a_partner_cannot_write_the_money_registers(con):
    before = con.execute("select count(*) from partner_transfer").fetchone()[0]
    with pytest.raises(AccessDenied):
        registers.apply(
            con, "transfers", "mwinc", [Change(ADD, {**NEW["transfers"], "partner_id": "nav_vt"})], NAV, TODAY
        )
    assert con.execute("select count(*) from partner_transfer").fetchone()[0] == before
