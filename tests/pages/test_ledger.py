"""The Data page: upload, preview, confirm, batches and undo; leaders and admins only."""

import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.apptest import app, open_page
from tests.conftest import copy_of
from tests.ledger.helpers import (
    EXAMPLE_888,
    moved_into_period,
    shared_strings_workbook,
)


@pytest.fixture
def db_path(tmp_path: Path, every_project_template: Path) -> Path:
    """Overrides the shared fixture: every embedded project, as in tests/ledger where these tests began."""
    return copy_of(every_project_template, tmp_path)


CSV = (
    "Bilagsnr;Dato;Konto;Tekst;Beløp\r\nB1;05.01.2025;5000;Lønn januar;1 234,50\r\n"
    "B2;10.02.2025;6790;Transkribering;-34,50\r\n"
).encode()
# 1234.50 - 34.50 = 1200.00, in 2025 (the seed's submitted accounts reports lock 2021-2024)


def rendered(markdown: str) -> str:
    """A message as the page shows it: st.error and friends render Markdown, and the page escapes every markup
    character of a message (ui/components/ledger.py: inert), so the source has a backslash before each."""
    return re.sub(r"\\(.)", r"\1", markdown)


def ledger(db_path):
    con = duckdb.connect(str(db_path))  # the app in this process holds it read-write: same configuration
    try:
        return con.execute(
            "select coalesce(sum(amount), 0), count(*) from ledger_entry where batch_id is not null"
        ).fetchone()
    finally:
        con.close()


def uploaded(at, name: str, content: bytes):
    at.file_uploader(key="import_file").set_value((name, content, "text/csv"))
    at.run()
    at.selectbox(key="import_partner").set_value("usn").run()
    at.button(key="import_preview").click().run()
    return at


def test_leader_sees_the_page_and_no_batches(app_env):
    at = open_page("ledger", user="leader", lang="en")
    assert not at.exception
    assert at.title[0].value == "Ledger import"
    assert any("No imported files yet" in rendered(i.value) for i in at.info)


@pytest.mark.parametrize("user", ["nav", "reader"])
def test_partners_and_readers_cannot_open_it(app_env, user):
    at = app(user=user).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/ledger.py")


def test_upload_preview_confirm_then_undo(app_env):
    at = uploaded(open_page("ledger", user="leader", lang="en"), "ledger.csv", CSV)
    assert not at.exception
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Lines read"] == "2" and tiles["New lines"] == "2" and tiles["Rejected"] == "0"
    assert ledger(app_env) == (0, 0)  # a preview writes nothing
    at.button(key="import_confirm").click().run()
    assert not at.exception
    assert any("Imported as batch" in rendered(s.value) for s in at.success)
    assert ledger(app_env) == (Decimal("1200.00"), 2)
    at.button(key="import_undo").click().run()
    assert any("was undone: 2 lines removed" in rendered(s.value) for s in at.success)
    assert ledger(app_env) == (0, 0)


def test_a_bad_row_is_listed_and_nothing_can_be_confirmed(app_env):
    bad = CSV.replace(b"10.02.2025", b"31.02.2025")
    at = uploaded(open_page("ledger", user="leader", lang="en"), "ledger.csv", bad)
    assert any("row(s) rejected" in rendered(e.value) for e in at.error)
    rejected = at.dataframe[1].value
    assert rejected.iloc[0].tolist() == ["ledger.csv", 3, "Dato", "'31.02.2025' is not a real date"]
    assert "import_confirm" not in [b.key for b in at.button]
    assert ledger(app_env) == (0, 0)


def test_a_hostile_file_is_refused_with_a_message(app_env):
    hostile = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "x">]><AuditFile/>'
    at = uploaded(open_page("ledger", user="leader", lang="en"), "ledger.xml", hostile)
    assert not at.exception
    assert any("The file was refused" in rendered(e.value) and "DTD" in rendered(e.value) for e in at.error)
    assert ledger(app_env) == (0, 0)


# --- issue 12: the preview in nb, nothing offered when nothing would be written ---------------------------

ENGLISH = (
    "lines read",
    "empty",
    "Ready",
    "the file",
    "company",
    "dimension",
    "blocked",
    "already",
    "batch",
    "skipped",
    "before the project",
    "nothing",
)


def shown_text(at) -> str:
    """Every text the page shows: messages, tiles, headings, widget labels and table headers and cells."""
    parts = [
        rendered(e.value)
        for kind in (at.error, at.warning, at.info, at.success, at.markdown, at.subheader, at.title, at.caption)
        for e in kind
    ]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [w.label for kind in (at.selectbox, at.text_input, at.checkbox, at.button) for w in kind]
    for frame in at.dataframe:
        parts += [str(c) for c in frame.value.columns] + [str(v) for v in frame.value.to_numpy().ravel()]
    return "\n".join(parts)


def previewed(at, name: str, content: bytes, partner: str | None = None, dimension: str | None = None):
    at.file_uploader(key="import_file").set_value((name, content, "text/xml"))
    at.run()
    if partner:
        at.selectbox(key="import_partner").set_value(partner)
    if dimension:
        at.text_input(key="import_dimension").set_value(dimension)
    at.button(key="import_preview").click().run()
    return at


def test_the_real_file_with_the_defaults_says_why_nothing_matched_in_nb(app_env):
    at = previewed(open_page("ledger", user="admin", lang="nb"), EXAMPLE_888.name, EXAMPLE_888.read_bytes())
    assert not at.exception
    errors = " ".join(rendered(e.value) for e in at.error)
    assert "Filens firma 888888888 er ikke organisasjonsnummeret til noen partner" in errors
    assert "Ingen linje i filen har dimensjonen P:326917" in errors and "P:202 (15)" in errors
    dimensions = next(f.value for f in at.dataframe if "Dimensjon" in f.value.columns)
    assert dict(zip(dimensions["Dimensjon"], dimensions["Linjer"], strict=True))["P:202"] == "15"
    assert {m.label: m.value for m in at.metric}["Linjer lest"] == "170"
    assert "import_confirm" not in [b.key for b in at.button] and not at.success
    text = shown_text(at)
    assert [word for word in ENGLISH if word in text] == []


def test_the_real_file_on_p202_lists_every_line_as_before_the_project_start(app_env):
    at = previewed(
        open_page("ledger", user="admin", lang="nb"),
        EXAMPLE_888.name,
        EXAMPLE_888.read_bytes(),
        partner="usn",
        dimension="P:202",
    )
    # 10000 + 5000 + 25000 + 14562 + 12000 + 8000 = 74 562 kr, six lines dated January to April 2017
    assert any(
        "6 linjer (74\u00a0562,00\u00a0kr) er datert utenfor prosjektperioden 01.12.2021–30.11.2025"
        in rendered(w.value)
        for w in at.warning
    )
    skipped = next(f.value for f in at.dataframe if "Årsak" in f.value.columns)
    assert set(skipped["Årsak"]) == {"før prosjektstart 01.12.2021"} and len(skipped) == 6
    assert "22.01.2017" in skipped["Dato"].tolist() and "14\u00a0562,00\u00a0kr" in skipped["Beløp"].tolist()
    assert "import_confirm" not in [b.key for b in at.button]
    assert [word for word in ENGLISH if word in shown_text(at)] == []
    assert ledger(app_env) == (0, 0)


@pytest.mark.usefixtures("years_reopened")  # its file is dated 2023, a year the seed locks
def test_the_file_moved_into_the_period_imports_its_p202_costs_in_nb(app_env, tmp_path):
    moved = moved_into_period(EXAMPLE_888, tmp_path)
    at = previewed(
        open_page("ledger", user="admin", lang="nb"), moved.name, moved.read_bytes(), partner="usn", dimension="P:202"
    )
    assert {m.label: m.value for m in at.metric}["Sum nye linjer"] == "74\u00a0562,00\u00a0kr"
    assert any("Klar til import" in rendered(s.value) for s in at.success)
    at.button(key="import_confirm").click().run()
    assert not at.exception
    assert any("Importert som bunt" in rendered(s.value) and "6 linjer" in rendered(s.value) for s in at.success)
    assert ledger(app_env) == (Decimal("74562.00"), 6)
    assert "Bunt" in shown_text(at) and "saft" not in at.dataframe[-1].value.to_numpy().ravel().tolist()


def test_a_file_already_imported_offers_nothing_to_confirm(app_env):
    at = uploaded(open_page("ledger", user="leader", lang="en"), "ledger.csv", CSV)
    at.button(key="import_confirm").click().run()
    at.button(key="import_preview").click().run()
    assert any("Nothing to import: already imported" in rendered(i.value) for i in at.info)
    assert "import_confirm" not in [b.key for b in at.button] and not any(
        "Ready" in rendered(s.value) for s in at.success
    )


def test_a_file_with_a_line_in_a_locked_year_is_refused_whole(app_env):
    # one line in 2025 (open) and one in 2024 (locked by the seed's submitted accounts report of 14.01.2025)
    locked = CSV.replace(b"10.02.2025", b"10.02.2024")
    at = uploaded(open_page("ledger", user="leader", lang="nb"), "ledger.csv", locked)
    assert not at.exception
    assert any("Låst år: 2024 (låst 14.01.2025" in rendered(e.value) for e in at.error)
    assert "import_confirm" not in [b.key for b in at.button]
    assert ledger(app_env) == (0, 0)


def test_rejected_rows_and_refused_files_are_explained_in_nb(app_env):
    bad = CSV.replace(b"10.02.2025", b"31.02.2025")
    at = uploaded(open_page("ledger", user="leader", lang="nb"), "ledger.csv", bad)
    assert any("1 rad(er) avvist" in rendered(e.value) for e in at.error)
    rejected = next(f.value for f in at.dataframe if "Årsak" in f.value.columns)
    assert rejected.iloc[0].tolist() == ["ledger.csv", 3, "Dato", "'31.02.2025' er ikke en virkelig dato"]
    hostile = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "x">]><AuditFile/>'
    at = uploaded(open_page("ledger", user="leader", lang="nb"), "ledger.xml", hostile)
    assert any("Filen ble avvist: ledger.xml: filen har en DTD" in rendered(e.value) for e in at.error)
    assert [word for word in ENGLISH if word in shown_text(at)] == []


@pytest.mark.usefixtures("years_reopened")  # its file is dated 2023, a year the seed locks
def test_a_conflicting_file_is_refused_until_replace_is_ticked(app_env, tmp_path):
    from tests.ledger.helpers import company_file

    first = company_file(tmp_path / "system-a.xml")  # T1 1000.00 + T2 250.00
    second = company_file(tmp_path / "system-b.xml", amount_t2="260.00")  # T2's key with another amount
    at = previewed(open_page("ledger", user="leader", lang="nb"), first.name, first.read_bytes(), partner="usn")
    at.button(key="import_confirm").click().run()
    assert ledger(app_env) == (Decimal("1250.00"), 2)
    at = previewed(at, second.name, second.read_bytes(), partner="usn")
    assert any(
        "har kildenøkkelen til en linje som alt er importert" in rendered(e.value)
        and "system-a.xml" in rendered(e.value)
        for e in at.error
    )
    conflicts = next(f.value for f in at.dataframe if "Avviker i" in f.value.columns)
    assert conflicts["Avviker i"].tolist() == ["Beløp"]
    assert "import_confirm" not in [b.key for b in at.button]
    at.checkbox(key="import_replace").check().run()
    at.button(key="import_preview").click().run()
    assert any("Importen erstatter bunt" in rendered(i.value) for i in at.info)
    at.button(key="import_confirm").click().run()
    assert not at.exception and ledger(app_env) == (Decimal("1260.00"), 2)  # 1000 + 260, once


def test_the_data_page_reads_an_uploads_header_once_however_often_it_reruns(app_env, tmp_path, monkeypatch):
    from monitor.ledger import readers
    from tests.apptest import open_page

    reads = []
    real = readers.file_header
    monkeypatch.setattr(readers, "file_header", lambda *args, **kw: reads.append(args[0]) or real(*args, **kw))
    content = shared_strings_workbook(tmp_path / "ledger.xlsx", 1).read_bytes()
    at = open_page("ledger", user="leader", lang="en")
    at.file_uploader(key="import_file").set_value(("ledger.xlsx", content, "application/octet-stream"))
    at.run()
    at.selectbox(key="import_partner").set_value("usn").run()
    at.checkbox(key="import_replace").check().run()
    assert not at.exception
    assert at.selectbox(key="import_column_amount").value == "Beløp" and len(reads) == 1  # a shared string, read


def test_a_refused_uploads_name_is_shown_as_text_not_markdown(app_env):
    from tests.apptest import open_page

    name = "[click](http://evil.example/x).csv"
    at = uploaded(open_page("ledger", user="leader", lang="en"), name, b"MZ\x90\x00 not a ledger")
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors and all("[click](" not in e for e in errors)  # the Markdown source: no link in it
    assert rendered(errors[0]) == (
        "The file was refused: [click](http://evil.example/x).csv: not a text file "
        "(binary content); export the ledger as CSV or choose Excel"
    )
