"""Archival dating: the date and time notations found on telegrams and their catalogue pages.

Telegram headers write the same instant in many ways. :func:`find_datetime` recognises all of
these and returns the first one in a text::

    2.7.50 04.00                     day.month.yy hh.mm
    31.8 17:27   13.9. 13:15         day.month hh:mm (the year comes from the document date)
    10/14/50 at 03:15 a.m.           month/day/yy at h:mm a.m.
    20 hours 05 minutes, 13.1.1951   hh hours mm minutes, day.month.year (or day.ROMAN.year)
    4:10 am, 14 May 1950             h:mm am, day Month year
    24.III.50   13.10.50             dates alone (a roman month is common on signatures)

An impossible value in a recognised notation (``31.13.50``) raises :class:`NotationError`
naming the notation and the reason, never a bare ``ValueError`` from the calendar.

>>> find_datetime("Sent 2.7.50 04.00.").value
datetime.datetime(1950, 7, 2, 4, 0)
>>> find_datetime("Received 31.8 17:27", PartialDate(1950, 8, 31)).value
datetime.datetime(1950, 8, 31, 17, 27)
>>> parse_date("July 1, 1950")
PartialDate(year=1950, month=7, day=1)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from .record import PartialDate

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
}

_MONTH_NAME = r"(?P<mname>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ROMAN = r"(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)"


class NotationError(ValueError):
    """A date or time written in a known notation that names no real instant."""

    def __init__(self, written: str, reason: str) -> None:
        super().__init__(f"{written!r} is not a valid date or time: {reason}")
        self.written = written
        self.reason = reason


@dataclass(frozen=True)
class Found:
    """A date or date-time found in a text, with where it was."""

    value: dt.datetime | dt.date
    start: int
    end: int
    written: str


def _year(text: str, reference: PartialDate | None) -> int:
    year = int(text)
    if len(text) > 2:
        return year
    anchor = reference.year if reference else 1950
    century = anchor - anchor % 100
    candidates = (century - 100 + year, century + year, century + 100 + year)
    return min(candidates, key=lambda y: abs(y - anchor))


def _month(text: str) -> int:
    if text.upper() in ROMAN:
        return ROMAN[text.upper()]
    return int(text)


def _hour(hour: str, meridiem: str | None) -> int:
    value = int(hour)
    if meridiem and value <= 12:
        if meridiem.lower().startswith("p") and value != 12:
            value += 12
        elif meridiem.lower().startswith("a") and value == 12:
            value = 0
    return value


def _make(
    written: str, year: int, month: int, day: int, hour: int | None = None, minute: int = 0
) -> dt.datetime | dt.date:
    if not 1 <= month <= 12:
        raise NotationError(written, f"there is no month {month}")
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise NotationError(written, f"day {day} does not exist in {year}-{month:02d}") from None
    if hour is None:
        return date
    if not (0 <= hour <= 24 and 0 <= minute <= 59) or (hour == 24 and minute):
        raise NotationError(written, f"there is no time {hour:02d}:{minute:02d}")
    if hour == 24:
        return dt.datetime.combine(date, dt.time(0, minute)) + dt.timedelta(days=1)
    return dt.datetime(year, month, day, hour, minute)


Builder = Callable[["re.Match[str]", PartialDate | None], dt.datetime | dt.date]

_AMPM = r"(?P<ampm>[ap])\.?\s?m\b\.?"

_PATTERNS: list[tuple[re.Pattern[str], Builder]] = [
    # 20 hours 05 minutes, 13.1.1951  /  10 hours 10 minutes. 8.II.1950
    (
        re.compile(
            r"(?P<h>\d{1,2})\s*hours?\s+(?P<mi>\d{1,2})\s*min(?:ute)?s?\.?[\s,.]*"
            rf"(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}}|{_ROMAN})\.(?P<y>\d{{4}}|\d{{2}})\b"
        ),
        lambda m, ref: _make(m[0], _year(m["y"], ref), _month(m["m"]), int(m["d"]), int(m["h"]), int(m["mi"])),
    ),
    # 4:10 am, 14 May 1950
    (
        re.compile(
            rf"(?P<h>\d{{1,2}})[:.](?P<mi>\d{{2}})\s*{_AMPM},?\s+(?P<d>\d{{1,2}})\s+{_MONTH_NAME}\s+(?P<y>\d{{4}})",
            re.IGNORECASE,
        ),
        lambda m, ref: _make(
            m[0], int(m["y"]), MONTHS[m["mname"].lower()], int(m["d"]), _hour(m["h"], m["ampm"]), int(m["mi"])
        ),
    ),
    # 10/14/50 at 03:15 a.m.
    (
        re.compile(
            rf"(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/(?P<y>\d{{4}}|\d{{2}})(?:,?\s*(?:at\s+)?(?P<h>\d{{1,2}})[:.](?P<mi>\d{{2}})(?:\s*{_AMPM})?)?",
            re.IGNORECASE,
        ),
        lambda m, ref: _make(
            m[0],
            _year(m["y"], ref),
            int(m["m"]),
            int(m["d"]),
            _hour(m["h"], m["ampm"]) if m["h"] else None,
            int(m["mi"] or 0),
        ),
    ),
    # 2.7.50 04.00   1.7.51 5:30   13.10.50   24.III.50
    (
        re.compile(
            rf"(?<![\d.])(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}}|{_ROMAN})\.(?P<y>\d{{4}}|\d{{2}})(?![\d])"
            r"(?:,?\s*(?:at\s+)?(?P<h>\d{1,2})[.:](?P<mi>\d{2})(?!\d))?"
        ),
        lambda m, ref: _make(
            m[0],
            _year(m["y"], ref),
            _month(m["m"]),
            int(m["d"]),
            int(m["h"]) if m["h"] else None,
            int(m["mi"] or 0),
        ),
    ),
    # 31.8 17:27   13.9. 13:15   (the year comes from the document date)
    (
        re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.?\s+(?P<h>\d{1,2})[.:](?P<mi>\d{2})(?!\d)"),
        lambda m, ref: _make(m[0], ref.year if ref else 0, int(m["m"]), int(m["d"]), int(m["h"]), int(m["mi"])),
    ),
    # 14 May 1950 / 14 October 1950 (a date alone)
    (
        re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_NAME},?\s+(?P<y>\d{{4}})\b", re.IGNORECASE),
        lambda m, ref: _make(m[0], int(m["y"]), MONTHS[m["mname"].lower()], int(m["d"])),
    ),
]


def find_datetime(text: str, reference: PartialDate | None = None, start: int = 0) -> Found | None:
    """The first date or date-time in ``text`` (from ``start``), in any notation of this module.

    ``reference`` (the document's date) supplies the year where a notation omits it and the
    century of two-digit years. Raises :class:`NotationError` for impossible values.
    """
    best: tuple[int, int, re.Match[str], Builder] | None = None
    for pattern, build in _PATTERNS:
        match = pattern.search(text, start)
        if match and (best is None or (match.start(), -len(match[0])) < (best[0], best[1])):
            best = (match.start(), -len(match[0]), match, build)
    if best is None:
        return None
    match, build = best[2], best[3]
    if reference is None and build is _PATTERNS[4][1]:
        raise NotationError(match[0], "the year is not written and the document has no date")
    return Found(build(match, reference), match.start(), match.end(), match[0])


_DATE_FORMS = [
    # July 1, 1950 / May 14 1950 / June, 1934 / November 1967
    re.compile(rf"^{_MONTH_NAME}\s*(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?)?,?\s*(?P<y>\d{{4}})$", re.IGNORECASE),
    # 1 July 1950 / 1st April, 1949
    re.compile(rf"^(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_NAME},?\s*(?P<y>\d{{4}})$", re.IGNORECASE),
    # 1950-07-01 / 1950-07 / 1950
    re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$"),
    # 01.07.1950
    re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$"),
]


def parse_date(text: str) -> PartialDate:
    """A document date as catalogues write it, to the precision written.

    Raises :class:`NotationError` when the text is not a date or names an impossible one.

    >>> parse_date("November 1967")
    PartialDate(year=1967, month=11, day=None)
    >>> parse_date("1st April, 1949").isoformat()
    '1949-04-01'
    """
    cleaned = " ".join(text.replace("\u00a0", " ").split()).strip(" .")
    for form in _DATE_FORMS:
        match = form.match(cleaned)
        if not match:
            continue
        groups = match.groupdict()
        month = MONTHS[groups["mname"].lower()] if groups.get("mname") else groups.get("m")
        day = groups.get("d")
        try:
            return PartialDate(int(groups["y"]), int(month) if month else None, int(day) if day else None)
        except ValueError as error:
            raise NotationError(text, str(error)) from None
    raise NotationError(text, "not a date in any known notation")
