"""The scraper's export (JSON lines and CSV) of Wilson Center records."""

import json
from pathlib import Path

import pytest

from conftest import SOURCES
from lod.record import Record, Rejection
from lod.sources import wilson_export

EXPORT = SOURCES / "wilson" / "nhamby_wilson_records_merged.jsonl"


def records(path: Path) -> list[Record | Rejection]:
    return list(wilson_export.read(path, str(path)))


def test_every_row_of_the_shipped_export_is_read() -> None:
    rows = records(EXPORT)
    assert len(rows) == 14
    assert all(isinstance(r, Record) and not r.problems for r in rows)
    assert all(r.title and r.date and r.creators and r.citation and r.references for r in rows)


def test_a_letter_with_its_author_places_and_archive() -> None:
    nehru = next(r for r in records(EXPORT) if r.identifier == "300653")
    assert (nehru.kind, nehru.key, nehru.date.isoformat()) == ("letter", "wilson-300653", "1949-04-01")
    assert [c.written for c in nehru.creators] == ["Nehru, Jawaharlal"]
    assert [p.written for p in nehru.mentioned_places] == ["India", "China", "Southeast Asia", "Pakistan"]
    assert nehru.classification == "Secret"
    [reference] = nehru.references
    assert (reference.archive.written, reference.archive.variants) == ("Nehru Memorial Museum and Library", ("NMML",))
    assert reference.reference_code == "File No. JNSG, vol. 21-1"
    assert (
        nehru.url == "https://digitalarchive.wilsoncenter.org/document/letter-jawaharlal-nehru-all-provincial-premiers"
    )


def test_a_memorandum_without_authors_is_signed_by_its_writer() -> None:
    memo = next(r for r in records(EXPORT) if r.identifier == "300240")
    assert memo.kind == "memorandum"
    assert [c.written for c in memo.creators] == ["Blomeyer"]
    assert [c.written for c in memo.contributors][:2] == ["Kohl, Helmut", "Kuchma, Leonid Danylovych"]


def test_a_citation_that_names_no_archive_takes_the_archive_field() -> None:
    address = next(r for r in records(EXPORT) if r.identifier == "300646")
    [reference] = address.references
    assert reference.archive.written == "United Nations Digital Library"
    assert reference.reference_code.startswith("General Assembly Official Records")
    assert [c.written for c in address.creators] == ["Frank Aiken"]


def test_organizations_keep_their_qualifier() -> None:
    report = next(r for r in records(EXPORT) if r.identifier == "300645")
    people = {m.written: (m.kind, m.variants) for m in report.mentions}
    assert people["Poland. Embassy (Canada)"] == ("organization", ())
    assert people["Cremin, Cornelius Christopher"] == ("person", ("Con",))


def test_csv_and_json_lines_read_alike(corpora: Path) -> None:
    csv_rows = records(corpora / "wilson" / "nhamby_wilson_archive_2910f69.csv")
    assert len(csv_rows) == 11 and all(isinstance(r, Record) for r in csv_rows)
    by_id = {r.identifier: r for r in records(EXPORT)}
    for row in csv_rows:
        assert row.title == by_id[row.identifier].title
        assert row.locator.startswith("row ")


def test_malformed_rows_are_rejected_one_by_one(tmp_path: Path) -> None:
    good = EXPORT.read_text().splitlines()[0]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join([good, "{not json", json.dumps(["a list"]), json.dumps({"title": ""})]) + "\n")
    rows = records(path)
    assert isinstance(rows[0], Record)
    assert [(r.record, r.rule) for r in rows[1:]] == [
        ("line 2", "export:json"),
        ("line 3", "export:json"),
        ("line 4", "export:empty-row"),
    ]


@pytest.mark.parametrize("field", ["original_publication_date", "title"])
def test_a_row_missing_a_required_field_is_a_problem(tmp_path: Path, field: str) -> None:
    row = json.loads(EXPORT.read_text().splitlines()[0])
    row[field] = None
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps(row) + "\n")
    [record] = records(path)
    assert isinstance(record, Record)
    assert f"export:{field}" in [p.rule for p in record.problems]
