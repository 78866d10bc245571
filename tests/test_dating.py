import datetime as dt

import pytest

from lod.dating import NotationError, find_datetime, parse_date
from lod.record import PartialDate

JULY_1950 = PartialDate(1950, 7, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("From Pyongyang.Sent 2.7.50 04.00.", dt.datetime(1950, 7, 2, 4, 0)),
        ("Received 31.8 17:27", dt.datetime(1950, 8, 31, 17, 27)),
        ("Received 13.9. 13:15", dt.datetime(1950, 9, 13, 13, 15)),
        ("Sent by wire on 10/14/50 at 03:15 a.m.", dt.datetime(1950, 10, 14, 3, 15)),
        ("Received in Moscow on 10/14/50 at 6:36 p.m.", dt.datetime(1950, 10, 14, 18, 36)),
        ("Typed by Bantsekina on 10/14/50 at 13:30 p.m.", dt.datetime(1950, 10, 14, 13, 30)),
        ("From BEIJING No. 1309 20 hours 05\nminutes, 13.1.1951", dt.datetime(1951, 1, 13, 20, 5)),
        ("From Pyongyang, No. 4040. 10 hours 10 minutes. 8.II.1950", dt.datetime(1950, 2, 8, 10, 10)),
        ("Received on 4:10 am, 14 May 1950", dt.datetime(1950, 5, 14, 4, 10)),
        ("Sent 1.7.51 5:30", dt.datetime(1951, 7, 1, 5, 30)),
        ("24.III.50 Shtykov", dt.date(1950, 3, 24)),
        ("your directive dated 13.10.50", dt.date(1950, 10, 13)),
    ],
)
def test_every_notation_of_the_headers(text: str, expected: dt.datetime | dt.date) -> None:
    found = find_datetime(text, JULY_1950)
    assert found is not None
    assert found.value == expected


def test_a_day_and_month_alone_take_the_year_of_the_document() -> None:
    assert find_datetime("Received 31.12 23:59", PartialDate(1949, 12, 31)).value == dt.datetime(1949, 12, 31, 23, 59)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Sent 31.13.50 04.00", "no month 13"),
        ("Sent 30.2.50 04.00", "day 30 does not exist"),
        ("Received 2.7.50 25.10", "no time 25:10"),
    ],
)
def test_impossible_values_are_named_not_guessed(text: str, reason: str) -> None:
    with pytest.raises(NotationError, match=reason):
        find_datetime(text, JULY_1950)


def test_text_without_a_date_has_none() -> None:
    assert find_datetime("By wire. Extremely Urgent.") is None


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("July 1, 1950", "1950-07-01", "day"),
        ("1st April, 1949", "1949-04-01", "day"),
        ("14 May 1950", "1950-05-14", "day"),
        ("November 1967", "1967-11", "month"),
        ("June, 1934", "1934-06", "month"),
        ("1950", "1950", "year"),
        ("2023-10-10", "2023-10-10", "day"),
    ],
)
def test_document_dates_keep_their_precision(text: str, iso: str, precision: str) -> None:
    date = parse_date(text)
    assert (date.isoformat(), date.precision) == (iso, precision)


def test_a_document_date_that_is_not_one() -> None:
    with pytest.raises(NotationError, match="not a date"):
        parse_date("sometime in the fifties")
