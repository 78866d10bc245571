"""EAD finding aids: components as records, letters as letters, the hierarchy kept."""

from pathlib import Path

import pytest

from conftest import SHARED, BuildStore
from lod.record import Record
from lod.sources import ead

EAD = """<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE ead SYSTEM "http://www.nationaalarchief.nl/collectie/ead/ead.dtd">
<ead><eadheader><eadid><!--Nationaal Archief--></eadid>
<filedesc><titlestmt><titleproper>Archieffonds Nederlandse Legatie in Turijn, 1816 - 1874</titleproper></titlestmt>
</filedesc></eadheader>
<archdesc level="fonds"><did><unittitle/></did><dsc>
<c01 level="series"><did><unitid>276.</unitid><unittitle>Correspondentie 1818 – 1819</unittitle>
<unitdate normal="1817-12-03/1819-12-31">03 december 1817 tot en met 31 december 1819</unitdate></did>
<c02 level="file"><did><unitid>pp. 1-7</unitid>
<unittitle>Brieven van graaf De La Val (Minister van Buitenlandse Zaken van het Koninkrijk Sardinië) gericht aan
Cav. Wander Hoeven (Gevolmachtigd minister van de Nederlanden)</unittitle>
<unitdate normal="1817-12-03/1817-12-06">03 december 1817 tot en met 06 december 1817</unitdate></did></c02>
<c02 level="file"><did><unitid>pp. 8-9</unitid><unittitle>Journal de Paris</unittitle>
<unitdate normal="1817-12-08">08 december 1817</unitdate></did></c02>
</c01></dsc></archdesc></ead>"""


@pytest.fixture
def finding_aid(tmp_path: Path) -> Path:
    path = tmp_path / "legatie.ead.xml"
    path.write_text(EAD)
    return path


def test_components_become_records_in_their_hierarchy(finding_aid: Path) -> None:
    series, letter, newspaper = list(ead.read(finding_aid, "legatie.ead.xml"))
    assert (series.kind, letter.kind, newspaper.kind) == ("series", "letter", "file")
    assert letter.part_of == series.key and newspaper.part_of == series.key
    assert (letter.earliest.isoformat(), letter.latest.isoformat(), letter.date.isoformat()) == (
        "1817-12-03",
        "1817-12-06",
        "1817-12",
    )
    assert newspaper.date.isoformat() == "1817-12-08"
    assert letter.date_as_written == "03 december 1817 tot en met 06 december 1817"
    assert (letter.sender.written, letter.sender.note) == (
        "De La Val",
        "Minister van Buitenlandse Zaken van het Koninkrijk Sardinië",
    )
    assert [(a.written, a.note) for a in letter.addressees] == [
        ("Wander Hoeven", "Gevolmachtigd minister van de Nederlanden")
    ]
    [reference] = letter.references
    assert (reference.archive.written, reference.reference_code) == ("Nationaal Archief", "276, pp. 1-7")


def test_the_dtd_named_on_the_web_is_not_fetched(finding_aid: Path, build_store: BuildStore) -> None:
    _store, done = build_store(finding_aid, name="ead")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "published 3, rejected 0, read 3" in done.stdout


def test_the_whole_finding_aid(corpora: Path) -> None:
    path = SHARED / "ead" / "dutch_legation_turin_rome_inventaris_nl_NL.ead.xml"
    records = [r for r in ead.read(path, path.name) if isinstance(r, Record)]
    assert len(records) == 271
    letters = [r for r in records if r.kind == "letter"]
    assert len(letters) > 100 and sum(1 for r in letters if r.addressees) > 0.7 * len(letters)
    assert len({r.key for r in records}) == 271


def test_dates_outside_the_years_the_finding_aid_describes_are_corrected_or_rejected(tmp_path: Path) -> None:
    text = EAD.replace('normal="1817-12-08">08 december 1817', 'normal="1617-12-08">08 december 1817')
    text = text.replace(
        'normal="1817-12-03/1817-12-06">03 december 1817 tot en met 06 december 1817',
        'normal="1670-03-01">1 maart 1670',
    )
    path = tmp_path / "slips.ead.xml"
    path.write_text(text)
    read = {r.title: r for r in ead.read(path, str(path)) if isinstance(r, Record)}
    journal = read["Journal de Paris"]  # @normal 1617, written "08 december 1817": the title's 1816 - 1874 holds
    assert journal.date.isoformat() == "1817-12-08" and not journal.problems
    assert any("1617-12-08" in note and "1816–1874" in note for note in journal.editorial_notes)
    [letter] = [r for t, r in read.items() if t.startswith("Brieven")]
    [problem] = letter.problems  # 1670, written so: nothing within the years to correct it from
    assert problem.rule == "ead:date-out-of-range" and "1816–1874" in problem.message
