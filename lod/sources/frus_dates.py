"""When a FRUS document was written: its dateline, the editors' range, and what to do with a date that
cannot be.

The date comes from the dateline's ``@when`` (with the offset it gives), else the editors'
``frus:doc-dateTime-min``/``-max``, else a date in the text or the head. A date outside the years a volume
can hold is an encoder's or a printer's slip: it is corrected from the date as printed, or the record is
rejected with the reason.
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from ..dating import MONTHS, NotationError, parse_date
from ..record import PartialDate, Problem, Record
from .xml import text

FRUS = "http://history.state.gov/frus/ns/1.0"
NS = {"t": "http://www.tei-c.org/ns/1.0"}
SKIP = ("note", "pb", "fw", "figure")


def written_date(div: etree._Element, dateline: etree._Element | None, head: str) -> tuple[str | None, str, str]:
    """The document's date (ISO, maybe with a time), where it came from, and the date as printed."""
    if dateline is not None:
        for date in dateline.iterfind(".//t:date[@when]", NS):
            when = date.get("when", "")
            if not when.startswith("--"):  # "--11-14": the day without its year; the range may say more
                return when, "dateline", text(date, SKIP)
    low = div.get(f"{{{FRUS}}}doc-dateTime-min")
    if low:
        return low, "range", text(dateline, SKIP) if dateline is not None else ""
    for date in div.iterfind(".//t:date[@when]", NS):
        if not (date.get("when") or "").startswith("--"):
            return date.get("when"), "text", text(date, SKIP)
    written = re.search(r"([A-Z][a-z]+\.? \d{1,2}, \d{4})", head)
    return (written[1], "head", written[1]) if written else (None, "", "")


_PRINTED = re.compile(
    r"(?P<month>" + "|".join(sorted((m for m in MONTHS if len(m) > 2), key=len, reverse=True)) + r")\.?\s*"
    r"(?P<day>\d{1,2})?(?:\s*[–—-]\s*\d{1,2})?\s*[—–-]?[,.]?\s*(?P<year>\d{4})\b",
    re.IGNORECASE,
)


def _printed_date(printed: str, span: tuple[int, int]) -> PartialDate | None:
    """The date as printed, when it gives a year within the volume's span ("June 5–17, 1864", "July —, 1870")."""
    match = _PRINTED.search(printed)
    if match is None or not span[0] <= int(match["year"]) <= span[1]:
        return None
    try:
        return PartialDate(
            int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]) if match["day"] else None
        )
    except (KeyError, ValueError):
        return None


def _added_in_print(day: PartialDate, printed: str, published: int) -> bool:
    """A document of the year after the title page's: correspondence added while the volume was in the press
    (frus1872p2v2: "has taken place since the President's Message of December 2"), when print and encoding agree."""
    return day.year == published + 1 and _printed_date(printed, (day.year, day.year)) is not None


def _moment(when: str, printed: str) -> dt.datetime:
    """The instant as encoded, with its offset ("…T14:00:00+01:00"); a Zulu time printed ("1610Z") is UTC."""
    moment = dt.datetime.fromisoformat(when)
    if moment.tzinfo is None and re.search(r"\b\d{4}\s?Z\b", printed):
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


def set_date(record: Record, when: str, origin: str, printed: str, div: etree._Element, span: tuple[int, int]) -> None:
    """The date to the precision known; a span (FRUS's min/max) keeps its bounds; a dateline's time is when sent.

    A date outside the years the volume can hold (``span``: from 1776 to the printing) is an encoder's or a
    printer's slip: it is corrected from the date as printed when the print gives one within them, with an
    editorial note saying so; otherwise the record is rejected with the reason. The year after the title
    page's is one a document can be of when its print says so too: the volume was still in the press.
    """
    try:
        day = parse_date(when[:10] if re.match(r"\d{4}-\d{2}-\d{2}", when) else when)
        moment = _moment(when, printed) if "T" in when else None
    except (ValueError, NotationError) as error:
        record.problems.append(Problem("frus:date", f"the date {when!r} cannot be read: {error}"))
        return
    low, high_year = span
    high = div.get(f"{{{FRUS}}}doc-dateTime-max")
    if not low <= day.year <= high_year and not _added_in_print(day, printed, high_year):
        corrected = _printed_date(printed, span)
        years = f"{low}–{high_year}"
        if corrected is None:
            shown = f', printed "{printed}"' if printed else ""
            record.problems.append(
                Problem(
                    "frus:date-out-of-range",
                    f"dated {when[:10]}{shown}: outside the years a document of this volume can be of ({years}), "
                    "and the print gives no date within them to correct it from",
                )
            )
            return
        record.editorial_notes.append(
            f"Date corrected: the volume's encoding gives {when[:10]}, outside the years a document of this volume can "
            f'be of ({years}); the printed date "{printed}" gives {corrected.isoformat()}.'
        )
        day, high = corrected, None
        corrected_day = corrected.as_date()
        moment = dt.datetime.combine(corrected_day, moment.timetz()) if moment and corrected_day else None
    if origin == "range" and high and high[:10] != when[:10]:
        record.earliest, record.latest = dt.date.fromisoformat(when[:10]), dt.date.fromisoformat(high[:10])
        day = PartialDate(day.year, day.month) if high[:7] == when[:7] else PartialDate(day.year)
    record.date = day
    exact = origin == "range" and high == when and when[11:19] not in ("", "00:00:00")  # the editors' instant
    if moment is not None and (origin == "dateline" or exact):
        record.sent_at = moment
