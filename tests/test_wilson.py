"""The Wilson Center page reader, on the seed and on pages of the same family of notations."""

import datetime as dt
from pathlib import Path

import pytest

from conftest import DATA, SEED
from lod.record import Record, Rejection
from lod.sources import wilson


def page(name: str) -> Record:
    path = SEED if name == "seed" else DATA / "wilson" / name
    [record] = list(wilson.read(path, str(path)))
    assert isinstance(record, Record), record
    assert not record.problems, record.problems
    return record


def test_the_seed_page_field_by_field() -> None:
    r = page("seed")
    assert (r.kind, r.title) == (
        "telegram",
        "Ciphered telegram, Shtykov to Stalin on the Political Mood in North Korea",
    )
    assert r.date.isoformat() == "1950-07-01"
    assert r.telegram_numbers == ["405809"]
    assert r.sent_from.written == "Pyongyang"
    assert (r.sent_at, r.received_at) == (dt.datetime(1950, 7, 2, 4, 0), dt.datetime(1950, 7, 2, 5, 47))
    [step] = r.routing
    assert step.to.written == "8th Administration of the General Staff of the Armed Forces"
    assert step.at == dt.datetime(1950, 7, 2, 5, 55)
    assert (r.transmission_mode, r.precedences) == ("By wire", ["Extremely urgent"])
    assert [(a.written, a.variants) for a in r.addressees] == [("FENG XI", ("Stalin",))]
    assert r.in_reply_to_number == "362"
    assert (r.outgoing_number, r.sender.written) == ("423/Sh", "SHTYKOV")
    assert [(c.recipient.written, c.count) for c in r.copies] == [
        ("Stalin", 2),
        ("Molotov", 1),
        ("Beria", 1),
        ("Malenkov", 1),
        ("Mikoyan", 1),
        ("Kaganovich", 1),
        ("Bulganin", 1),
        ("File of 8th Department", 1),
    ]
    assert r.body.startswith("I report about the political mood") and r.body.endswith("offensive of the People's Army.")
    assert r.description.startswith("Telegram from Shtykov to Stalin (copied to the Soviet leadership)")
    assert r.editorial_notes == ["KNP [Korean People's Republic, apparently a misspelling of DPRK]"]
    assert [(x.archive.written, x.fond, x.opis, x.delo, x.papka, x.folios) for x in r.references] == [
        ("APRF", "45", "1", "346", None, "105-107"),
        ("AVPRF", "059a", "5a", "3", "11", "107-110"),
    ]
    assert r.rights.startswith("The History and Public Policy Program welcomes reuse")
    assert (r.identifier, r.uploaded_on) == (None, None)  # the seed's fields are present but empty
    mentioned = {m.written: m.variants for m in r.mentions}
    assert mentioned["GWON MIN-GI"] == ("Kwon Min Ki",)
    assert mentioned["Choe Yeungeun"] == ("Choe Yung Un",)
    assert {"Kim Il Sung", "Kim Baek", "Kang Geun", "Pak Il-u", "Pak Heon-yeong", "KIM DU-BONG"} <= set(mentioned)


def test_day_month_times_routing_and_short_copy_list() -> None:
    r = page("1950-08-31-shtykov-feng-xi.txt")
    assert (r.sent_at, r.received_at) == (dt.datetime(1950, 8, 31, 11, 32), dt.datetime(1950, 8, 31, 17, 27))
    assert r.routing[0].at == dt.datetime(1950, 8, 31, 17, 35)
    assert r.transmission_mode == "By telegraph"
    assert [(a.written, a.variants) for a in r.addressees] == [("FENG XI", ("Stalin",))]
    assert (r.in_reply_to_number, r.outgoing_number) == ("483/sh", "1001")
    assert r.copies[0].count == 2 and r.copies[-1].recipient.written == "File of 8th"


def test_american_times_distribution_list_and_letter_spaced_signature() -> None:
    r = page("1950-10-14-shtykov-feng-xi-600428.txt")
    assert r.telegram_numbers == ["600428/sh"]
    assert (r.sent_from.written, r.sent_to.written) == ("PYONGYANG", "Moscow")
    assert (r.sent_at, r.received_at) == (dt.datetime(1950, 10, 14, 3, 15), dt.datetime(1950, 10, 14, 6, 36))
    assert [(s.to.written, s.at.time().isoformat()) for s in r.routing] == [
        ("8D/GS", "07:10:00"),
        ("Morozov", "07:45:00"),
        ("Bantsekina", "13:30:00"),
    ]
    assert [(c.recipient.written, c.count) for c in r.copies][:2] == [("Stalin", 2), ("Molotov", 1)]
    assert len(r.copies) == 7
    assert [(a.written, a.variants) for a in r.addressees] == [("FENG XI", ("STALIN",))]
    assert (r.sender.written, r.outgoing_number) == ("SHTYKOV", "1476/sh")
    assert (r.identifier, r.uploaded_on, r.key) == ("114917", dt.date(2011, 11, 20), "wilson-114917")
    assert r.references[0].as_written == "APRF, fond 45, opis 1, delo 335, list 3"


def test_hours_and_minutes_notation_copies_first_and_dated_signature() -> None:
    r = page("1951-01-13-roshchin-beijing.txt")
    assert (r.sent_from.written, r.telegram_numbers, r.special_numbers) == ("BEIJING", ["1309"], ["62"])
    assert r.sent_at == dt.datetime(1951, 1, 13, 20, 5)
    assert len(r.copies) == 10 and r.copies[-1].recipient.written == "Copy"
    assert r.sender.written == "ROSHCHIN"


def test_roman_month_signature_and_strictly_secret() -> None:
    r = page("1950-03-24-shtykov-vyshinsky.txt")
    assert (r.classification, r.sender.written, r.sent_from.written) == ("Strictly secret", "Shtykov", "Pyongyang")
    assert [a.written for a in r.addressees] == ["Vyshinsky"]
    assert r.references[0].folios == "146-147" and r.references[0].fond is None


def test_received_before_sent_numbered_copies_and_declassification() -> None:
    r = page("1950-05-14-vyshinsky-mao-8600.txt")
    assert (r.received_at, r.sent_at) == (dt.datetime(1950, 5, 14, 4, 10), dt.datetime(1950, 5, 14, 5, 30))
    assert (r.telegram_numbers, r.special_numbers) == (["8600"], ["550"])
    assert r.sent_to.written == "PEKING"
    assert r.classification == "Top secret"
    assert "Making copies is prohibited" in r.handling_notes
    assert r.declassified_on == dt.date(1993, 12, 14)
    assert [c.recipient.written for c in r.copies] == ["Stalin", "Molotov", "Vyshinsky", "10th department", "Copy"]
    assert r.sender.written == "VYSHINSKY"
    assert [f.written for f in r.funders] == ["Leon Levy Foundation"]
    assert r.service_notes == ["MFA USSR", "Tenth Department"]


def test_number_in_the_title_and_reply_reference_in_the_body() -> None:
    r = page("1950-10-12-roshchin-filippov-25553.txt")
    assert r.telegram_numbers == ["25553"]
    assert [a.written for a in r.addressees] == ["Filippov"]
    assert r.outgoing_number == "2395"
    assert [t.written for t in r.translators] == ["Gary Goldberg"]
    assert [x.archive.written for x in r.references] == ["AP RF", "RGASPI"]


def test_header_lines_broken_anywhere_and_a_seat_line() -> None:
    r = page("1950-09-13-shtykov-mfa.txt")
    assert r.received_at == dt.datetime(1950, 9, 13, 13, 15)
    assert r.sent_at is None  # only the day was written: no time is invented
    assert r.precedences == ["Extremely urgent"]
    assert (r.sent_to.written, [a.written for a in r.addressees]) == (
        "Moscow",
        ["Ministry of Foreign Affairs of the USSR"],
    )
    assert r.outgoing_number == "1154/sh"


@pytest.mark.parametrize(
    ("content", "rule", "words"),
    [
        (b"", "source:empty", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "source:binary", "binary"),
        (SEED.read_bytes()[:300], "wilson:truncated", "cut off"),
        ("Ünïcode".encode("latin-1"), "source:encoding", "not UTF-8"),
    ],
)
def test_unreadable_pages_say_why(tmp_path: Path, content: bytes, rule: str, words: str) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(content)
    [rejection] = list(wilson.read(path, str(path)))
    assert isinstance(rejection, Rejection)
    assert (rejection.source, rejection.rule) == (str(path), rule)
    assert words in rejection.message


def test_an_impossible_date_is_a_problem_of_the_record(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text(SEED.read_text().replace("Sent 2.7.50 04.00", "Sent 31.13.50 04.00"))
    [record] = list(wilson.read(path, str(path)))
    assert isinstance(record, Record)
    assert [p.rule for p in record.problems] == ["transcript:date-notation"]
    assert "31.13.50 04.00" in record.problems[0].message and "no month 13" in record.problems[0].message
