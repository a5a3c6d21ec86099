"""The catalogs (monitor/i18n): both languages for every key, placeholders, labels of codes, project texts."""

from decimal import Decimal

from monitor import db, i18n
from monitor.i18n import project_text, sample_note


def test_every_key_has_both_languages_and_no_key_is_declared_twice():
    # catalog() raises CatalogError on a duplicate key or a missing language.
    entries = i18n.catalog()
    assert entries
    assert all(set(texts) == {"nb", "en"} and all(texts.values()) for texts in entries.values())


def test_placeholders_are_filled_and_formatted_per_language():
    values = {"declared": Decimal("11900000"), "planned": Decimal("11948000"), "difference": Decimal("48000")}
    nb = i18n.t("check.declared_funder_differs", "nb", **values)
    en = i18n.t("check.declared_funder_differs", "en", **values)
    assert "48\u00a0000\u00a0kr" in nb and "NOK\u00a048,000" in en


def test_every_placeholder_in_a_text_appears_in_both_languages():
    import string

    for key, texts in i18n.catalog().items():
        fields = [{name for _, name, _, _ in string.Formatter().parse(text) if name} for text in texts.values()]
        assert fields[0] == fields[1], key


def test_labels_of_codes():
    assert i18n.label("category", "personnel_indirect", "nb") == "Personal- og indirekte kostnader"
    assert i18n.label("source", "funder", "en") == "The Research Council"
    assert i18n.label("category", "unknown_code", "en") == "unknown_code"


def test_a_placeholder_may_be_named_key_or_lang():
    # A data-quality finding names the row with {key}; it once raised "t() got multiple values for argument 'key'".
    nb = i18n.t("check.outside_period", "nb", table="ledger_entry", key="P:202/GL/7", date="2017-03-01", lang="x")
    assert nb == "ledger_entry P:202/GL/7: datoen 2017-03-01 ligger utenfor prosjektperioden"


def test_every_placeholder_name_can_be_filled_by_keyword():
    import string

    for key, texts in i18n.catalog().items():
        names = {name for _, name, _, _ in string.Formatter().parse(texts["en"]) if name}
        assert i18n.t(key, "en", **{name: "x" for name in names}) is not None, key


def _project(con, project_id="mwinc"):
    return db.query(con, "project", project_id=project_id).iloc[0]


def test_the_funder_is_named_in_each_language(con):
    project = _project(con)
    assert project_text(project, "funder", "nb") == "Norges forskningsråd"
    assert project_text(project, "funder", "en") == "Research Council of Norway"


def test_the_sample_note_is_in_each_language(con):
    project = _project(con)
    # Escaped for Streamlit's markdown (a note is data, never markup).
    assert sample_note(project, "nb").startswith("Eksempeldata: Årlig kostnads\\- og finansieringsplan")
    assert sample_note(project, "en").startswith("Sample data: Yearly cost and funding plan")


def test_a_text_given_once_serves_both_languages():
    project = {"funder": "Social Innovation Community", "funder_nb": None, "is_sample_data": False}
    assert project_text(project, "funder", "nb") == "Social Innovation Community"
    assert sample_note(project, "nb") is None
