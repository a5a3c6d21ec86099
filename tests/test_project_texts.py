"""The project's own texts (the funder's name, the sample-data note) in the chosen language."""

from monitor import db
from monitor.i18n import project_text, sample_note
from monitor.setup.seed import SeedInvalid, build_database


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


def test_a_text_in_two_languages_needs_both(tmp_path, seed_dir, settings):
    path = seed_dir / "project.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  nb: Norges forskningsråd\n", "  de: Forschungsrat\n"),
        encoding="utf-8",
    )
    try:
        build_database(tmp_path / "x.duckdb", seed_dir, settings)
    except SeedInvalid as error:
        assert "en and nb" in str(error.problems[0])
    else:
        raise AssertionError("a funder text without nb was accepted")
