"""One Problem for every importer and register (monitor/errors.py): where (file, row, column) and why, told in
either language."""

from monitor.errors import Invalid, Notice, Problem


def test_a_problem_says_where_and_why_in_english_for_logs_and_the_cli():
    assert str(Problem("ledger.csv", 4, "Beløp", "not an amount")) == "ledger.csv, row 4, column Beløp: not an amount"
    assert str(Problem(None, None, None, "the file is empty")) == "the file is empty"


def test_a_catalog_reason_is_told_in_the_user_s_language_with_the_column_s_label():
    problem = Problem(None, 3, "title", Notice("registers.problem.required"))
    labels = {"title": {"nb": "Tittel", "en": "Title"}}
    assert problem.code == "required"
    assert problem.text("nb", lambda name, lang: labels[name][lang]) == "Rad 3, Tittel: verdien må fylles ut"
    assert Invalid([problem], lambda name, lang: labels[name][lang]).text("en") == ["Row 3, Title: value is required"]
    assert problem.text("en") == "Row 3, title: value is required"  # without labels: the column as the file names it
