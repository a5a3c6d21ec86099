"""The Data page: upload, preview, confirm, batches and undo; leaders and admins only."""

from decimal import Decimal

import duckdb
import pytest

from tests.apptest import app, open_page

CSV = ("Bilagsnr;Dato;Konto;Tekst;Beløp\r\nB1;05.01.2024;5000;Lønn januar;1 234,50\r\n"
       "B2;10.02.2024;6790;Transkribering;-34,50\r\n").encode()
# 1234.50 - 34.50 = 1200.00


def ledger(db_path):
    con = duckdb.connect(str(db_path))  # the app in this process holds it read-write: same configuration
    try:
        return con.execute("select coalesce(sum(amount), 0), count(*) from ledger_entry "
                           "where batch_id is not null").fetchone()
    finally:
        con.close()


def uploaded(at, name: str, content: bytes):
    at.file_uploader(key="import_file").set_value((name, content, "text/csv"))
    at.run()
    at.selectbox(key="import_partner").set_value("usn").run()
    at.button(key="import_preview").click().run()
    return at


def test_leader_sees_the_page_and_no_batches(app_env):
    at = open_page("data", user="leader", lang="en")
    assert not at.exception
    assert at.title[0].value == "Ledger import"
    assert any("No imported files yet" in i.value for i in at.info)


@pytest.mark.parametrize("user", ["nav", "reader"])
def test_partners_and_readers_cannot_open_it(app_env, user):
    at = app(user=user).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/data.py")


def test_upload_preview_confirm_then_undo(app_env):
    at = uploaded(open_page("data", user="leader", lang="en"), "ledger.csv", CSV)
    assert not at.exception
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Lines read"] == "2" and tiles["New lines"] == "2" and tiles["Rejected"] == "0"
    assert ledger(app_env) == (0, 0)  # a preview writes nothing
    at.button(key="import_confirm").click().run()
    assert not at.exception
    assert any("Imported as batch" in s.value for s in at.success)
    assert ledger(app_env) == (Decimal("1200.00"), 2)
    at.button(key="import_undo").click().run()
    assert any("was undone: 2 lines removed" in s.value for s in at.success)
    assert ledger(app_env) == (0, 0)


def test_a_bad_row_is_listed_and_nothing_can_be_confirmed(app_env):
    bad = CSV.replace(b"10.02.2024", b"31.02.2024")
    at = uploaded(open_page("data", user="leader", lang="en"), "ledger.csv", bad)
    assert any("row(s) rejected" in e.value for e in at.error)
    rejected = at.dataframe[1].value
    assert rejected.iloc[0].tolist() == ["ledger.csv", 3, "Dato", "'31.02.2024' is not a real date"]
    assert "import_confirm" not in [b.key for b in at.button]
    assert ledger(app_env) == (0, 0)


def test_a_hostile_file_is_refused_with_a_message(app_env):
    hostile = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "x">]><AuditFile/>'
    at = uploaded(open_page("data", user="leader", lang="en"), "ledger.xml", hostile)
    assert not at.exception
    assert any("The file was refused" in e.value and "DTD" in e.value for e in at.error)
    assert ledger(app_env) == (0, 0)
