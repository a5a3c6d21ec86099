"""The Research Council's open data read into records (monitor/portfolio/opendata.py), checked against the
30-row sample in tests/fixtures/rcn-open-data/ (its README lists the rows). Every expected figure below is
worked out by hand from the fixture's rows, the arithmetic in the comment beside it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest

from monitor.portfolio import opendata

FIXTURES = Path(__file__).parents[1] / "fixtures" / "rcn-open-data"
SAMPLE = FIXTURES / "projects.csv"
EDITED = FIXTURES / "applications-edited.csv"


@pytest.fixture(scope="module")
def sample() -> opendata.Reading:
    return opendata.read_path(SAMPLE)


def _numbers(records) -> list[str]:
    return [record.number for record in records]


# --- the sample, read -----------------------------------------------------------------------------------


def test_every_row_of_the_sample_is_read_without_a_problem(sample):
    assert sample.problems == []
    assert len(sample.records) == 30


def test_funded_projects_are_split_from_applications(sample):
    # Bevilgning: 225941, 225950 (2). Avsluttet: 225873 225880 225883 225885 225897 225922 225928 225934
    # 225939 225956 225968 225993 226026 226030 (14). 2 + 14 = 16 funded; the other 30 - 16 = 14 are Avslag.
    funded = opendata.funded(sample.records)
    applications = opendata.applications(sample.records)
    assert len(funded) == 16
    assert sorted(r.number for r in funded if r.phase == "Bevilgning") == ["225941", "225950"]
    assert len(applications) == 14
    assert {r.phase for r in applications} == {"Avslag"}


def test_one_funded_project_every_field(sample):
    record = next(r for r in sample.records if r.number == "225873")
    assert record.row == 2  # the first row under the header
    assert record.title == (
        "Stokastisk optimaliseringsmodell for Norden med individuelle vannverdier og nettrestriksjoner"
    )
    assert record.phase == "Avsluttet" and record.funded
    assert (record.start_year, record.end_year) == (2013, 2017)
    # years only in the file: the period runs 1 January of the first year to 31 December of the last
    assert (record.start, record.end) == (dt.date(2013, 1, 1), dt.date(2017, 12, 31))
    assert record.owner == "STATNETT SF"
    assert record.institution is None  # kortnavn is empty
    assert record.org_number == "962986633"
    assert record.sector == "Offentlig sektor"
    assert record.programme == "Stort program energi"
    assert record.programme_code == "ENERGIX"
    assert record.applied == Decimal("8000000.00")  # "8000000.0"
    assert record.granted == Decimal("6978124.00")  # "6978124.0"
    assert (record.phd_years, record.postdoc_years) == (Decimal("0.0"), Decimal("0.0"))
    assert record.applied_on == dt.date(2012, 10, 17)  # "2012-10-17 00:00:00"


def test_titles_keep_their_line_breaks_and_norwegian_letters(sample):
    by_number = {r.number: r for r in sample.records}
    assert by_number["225922"].title == (
        "Enhanced oil recovery by pressure stimulation employment - \nMethod proposed by Impact Technology Systems AS"
    )
    assert by_number["225894"].title.count("\n") == 2
    assert by_number["225874"].title.startswith("Økt verdiskaping")
    assert by_number["225883"].owner == "ÅKREHAMN TRÅLBØTERI AS"
    assert by_number["225953"].owner.startswith("Sørlandet Sykehus HF")


def test_a_row_is_counted_as_a_spreadsheet_counts_it_not_by_lines(sample):
    # 225894 (row 7) has a title over three lines; the next record, 225897, is still row 8
    rows = {r.number: r.row for r in sample.records}
    assert (rows["225894"], rows["225897"]) == (7, 8)
    assert rows["226030"] == 31  # the last of 30 rows under the header


def test_organisation_number_zero_means_none_given(sample):
    record = next(r for r in sample.records if r.number == "225880")
    assert record.org_number is None
    assert record.institution == "HIOA"


def test_amounts_with_ore_and_person_years_are_exact(sample):
    by_number = {r.number: r for r in sample.records}
    assert by_number["225941"].granted == Decimal("27336753.52")
    assert by_number["225968"].granted == Decimal("39999999.35")
    funded = opendata.funded(sample.records)
    # PhD person-years: 225885 5.57 + 225956 3.99 + 226030 4.82 = 14.38
    assert sum(r.phd_years for r in funded) == Decimal("14.38")
    # postdoc: 225885 10.48 + 225956 5.98 + 226026 2.99 + 226030 1.99 = 21.44
    assert sum(r.postdoc_years for r in funded) == Decimal("21.44")


# --- figures an office reads ----------------------------------------------------------------------------


def test_granted_totals_by_start_year(sample):
    # 2013: 6 978 124 (225873) + 350 000 (225880) + 1 175 000 (225883) + 9 251 000 (225885) + 3 052 000 (225897)
    #   + 6 873 000 (225922) + 1 566 000 (225928) + 125 000 (225934) + 1 120 000 (225939) + 22 838 000 (225956)
    #   + 6 000 000 (226026) + 7 590 000 (226030) = 66 918 124.00
    # 2014: 27 336 753.52 (225941) + 25 000 000 (225950) + 39 999 999.35 (225968) + 13 921 399 (225993)
    #   = 106 258 151.87
    assert opendata.granted_by_year(sample.records) == {
        2013: Decimal("66918124.00"),
        2014: Decimal("106258151.87"),
    }


def test_the_amount_applied_for_by_the_rejected_applications(sample):
    # 10 000 000 + 38 885 000 + 213 700 000 + 4 236 000 + 7 618 000 + 4 047 000 + 16 800 000 + 16 992 000 + 0
    # + 7 500 000 + 5 482 000 + 9 600 000 + 7 448 000 + 9 029 000 = 351 337 000
    assert sum(r.applied for r in opendata.applications(sample.records)) == Decimal("351337000.00")


def test_success_rate_by_start_year(sample):
    # 2013: 12 funded (above) + 11 rejected (225874 225894 225929 225943 225953 225986 225998 226017 226021
    # 226023 226028) = 23 decided; 12 / 23 = 0.52173.. -> 0.5217
    # 2014: 4 funded + 3 rejected (225901 225960 225985) = 7 decided; 4 / 7 = 0.57142.. -> 0.5714
    rates = opendata.success_rates(sample.records)
    assert list(rates) == [2013, 2014]
    assert (rates[2013].decided, rates[2013].funded, rates[2013].rate) == (23, 12, Decimal("0.5217"))
    assert (rates[2014].decided, rates[2014].funded, rates[2014].rate) == (7, 4, Decimal("0.5714"))
    assert rates[2014].granted == Decimal("106258151.87")


def test_success_rate_by_sector(sample):
    # Helseforetak: 225885 funded; 225929, 225953, 225998 rejected -> 1 of 4 = 0.25
    rates = opendata.success_rates(sample.records, by="sector")
    assert (rates["Helseforetak"].decided, rates["Helseforetak"].funded) == (4, 1)
    assert rates["Helseforetak"].rate == Decimal("0.2500")


def test_applications_not_yet_decided_count_in_no_success_rate(sample):
    edited = opendata.read_path(EDITED)
    assert edited.problems == []
    assert [(r.number, r.phase) for r in edited.records] == [
        ("225879", "Mottatt"),
        ("225907", "Vurderes"),
        ("225935", "Mottatt"),
    ]
    both = sample.records + edited.records
    # 14 rejected + 3 received or under review = 17 applications; still 23 and 7 decided (as above)
    assert len(opendata.applications(both)) == 17
    rates = opendata.success_rates(both)
    assert (rates[2013].decided, rates[2014].decided) == (23, 7)


# --- filters --------------------------------------------------------------------------------------------


def test_filter_by_organisation_number(sample):
    # ENERGINORGE / FORNYBARAKADEMIET AS, 982745764: 225897 (3 052 000) and 225939 (1 120 000), both funded
    chosen = opendata.of_organisation(sample.records, "982745764")
    assert _numbers(chosen) == ["225897", "225939"]
    assert sum(r.granted for r in opendata.funded(chosen)) == Decimal("4172000.00")  # 3 052 000 + 1 120 000
    # Universitetet i Bergen's own number: only the two rows that give it, 225985 and 226023, both rejected
    assert _numbers(opendata.of_organisation(sample.records, "874789542")) == ["225985", "226023"]


def test_filter_by_name_finds_the_institution_and_its_faculties(sample):
    # kortnavn UIB: 225894 225943 225956 225985 226017 226021 226023 226026 (8); funded 225956 (22 838 000)
    # and 226026 (6 000 000) = 28 838 000
    chosen = opendata.of_organisation(sample.records, "uib")
    assert _numbers(chosen) == ["225894", "225943", "225956", "225985", "226017", "226021", "226023", "226026"]
    assert sum(r.granted for r in opendata.funded(chosen)) == Decimal("28838000.00")
    # a part of the owner's name, case ignored: "sørlandet" is in 225953 Sørlandet Sykehus HF only
    assert _numbers(opendata.of_organisation(sample.records, "sørlandet")) == ["225953"]


def test_an_organisation_nobody_has_gives_nothing(sample):
    assert opendata.of_organisation(sample.records, "999999999") == []


# --- bad files and bad rows -----------------------------------------------------------------------------


def _sample_rows() -> tuple[list[str], list[dict[str, str]]]:
    with SAMPLE.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        return list(reader.fieldnames or []), list(reader)


def _csv(header: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _where(reading: opendata.Reading) -> list[tuple]:
    return [(p.file, p.row, p.column, p.code) for p in reading.problems]


def test_bad_rows_are_told_with_row_column_and_reason_and_the_good_rows_still_read():
    header, rows = _sample_rows()
    first, second, third, fourth = (dict(row) for row in rows[:4])
    first["prosjektfase"] = "Innvilget"  # row 2: not a phase
    first["tildelt_belop"] = "6 978 124"  # row 2 as well: every problem of a row at once
    second["prosjektslutt"] = "2012"  # row 3: 225874 starts 2013
    third["organisasjonsnummer"] = "96298663"  # row 4: eight digits
    fourth["sokt_belop"] = "-1175000.0"  # row 5: below zero
    good = dict(rows[4])  # row 6: 225885 unchanged
    reading = opendata.read_text(_csv(header, [first, second, third, fourth, good]), "rcn.csv")
    assert _where(reading) == [
        ("rcn.csv", 2, "prosjektfase", "not_phase"),
        ("rcn.csv", 2, "tildelt_belop", "not_amount"),
        ("rcn.csv", 3, "prosjektslutt", "ends_before_start"),
        ("rcn.csv", 4, "organisasjonsnummer", "not_org_number"),
        ("rcn.csv", 5, "sokt_belop", "below_zero"),
    ]
    assert _numbers(reading.records) == ["225885"]


def test_a_funded_project_needs_its_granted_amount_an_application_does_not():
    header, rows = _sample_rows()
    funded, rejected = dict(rows[0]), dict(rows[1])  # 225873 Avsluttet, 225874 Avslag
    funded["tildelt_belop"] = rejected["tildelt_belop"] = ""
    reading = opendata.read_text(_csv(header, [funded, rejected]), "rcn.csv")
    assert _where(reading) == [("rcn.csv", 2, "tildelt_belop", "required")]
    assert [(r.number, r.granted) for r in reading.records] == [("225874", Decimal("0.00"))]


def test_a_project_number_twice_is_refused_on_its_second_row():
    header, rows = _sample_rows()
    reading = opendata.read_text(_csv(header, [rows[0], rows[1], rows[0]]), "rcn.csv")
    assert _where(reading) == [("rcn.csv", 4, "prosjektnummer", "duplicate")]
    assert reading.problems[0].reason.values == {"first": 2}
    assert _numbers(reading.records) == ["225873", "225874"]


def test_a_missing_column_refuses_the_whole_file():
    header, rows = _sample_rows()
    without = [name for name in header if name != "prosjektfase"]
    text = _csv(without, [{k: v for k, v in row.items() if k != "prosjektfase"} for row in rows[:3]])
    reading = opendata.read_text(text, "rcn.csv")
    assert _where(reading) == [("rcn.csv", 1, "prosjektfase", "missing_column")]
    assert reading.records == []


def test_a_row_with_too_few_fields():
    header, rows = _sample_rows()
    text = _csv(header, rows[:1]) + "225999,Et prosjekt,Avsluttet\r\n"
    reading = opendata.read_text(text, "rcn.csv")
    assert _where(reading) == [("rcn.csv", 3, None, "field_count")]
    assert reading.problems[0].reason.values == {"found": 3, "expected": len(header)}


def test_a_file_not_in_utf8_and_an_empty_file():
    latin1 = SAMPLE.read_text(encoding="utf-8").encode("latin-1", errors="replace")
    reading = opendata.read_bytes(latin1, "rcn.csv")
    assert [(p.row, p.column, p.code) for p in reading.problems] == [(None, None, "not_utf8")]
    assert reading.records == []
    assert [p.code for p in opendata.read_bytes(b"", "rcn.csv").problems] == ["empty"]


def test_a_byte_order_mark_is_no_part_of_the_first_column():
    reading = opendata.read_bytes(b"\xef\xbb\xbf" + SAMPLE.read_bytes(), "rcn.csv")
    assert reading.problems == [] and len(reading.records) == 30


def test_a_problem_reads_in_both_languages():
    header, rows = _sample_rows()
    row = dict(rows[0], prosjektstart="13")
    (problem,) = opendata.read_text(_csv(header, [row]), "rcn.csv").problems
    assert problem.text("en") == "rcn.csv, Row 2, prosjektstart: '13' is not a year like 2024"
    assert problem.text("nb") == "rcn.csv, Rad 2, prosjektstart: «13» er ikke et årstall som 2024"
