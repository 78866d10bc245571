"""What a FRUS document's notes and opener say of it: its source note, its markings, its receipt.

The source note (:mod:`.frus_source`) gives the archival reference, the markings, the drafting and
clearance and where the telegram was repeated; the opener's ``<seg>`` ("secret us urgent niact")
and a precedence line above the text give markings too; the dateline or the source note says when
the telegram was received ("[Received December 2—9:03 a. m.]", "Received in the Department of State
at 9:17 a.m."). Each is read into the record here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from lxml import etree

from ..dating import MONTHS
from ..record import Attribution, Name, PartialDate, Record
from .frus_source import read_markings, read_source_note
from .xml import text

NS = {"t": "http://www.tei-c.org/ns/1.0"}
SKIP = ("note", "pb", "fw", "figure")
Listing = Callable[[etree._Element], Name | None]

_RECEIVED = re.compile(
    r"Received\s*(?:in\s+(?:the\s+)?[A-Z][\w ]*?\s+(?=at\b))?(?:at\s+)?"
    r"(?:(?P<month>[A-Z][a-z]+)\.?\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?)?"
    r"[\s,—–-]*(?:(?P<hour>\d{1,2})(?:[.:](?P<minute>\d{2}))?\s*(?P<ampm>[ap])\.\s?m\.?|(?P<noon>noon|midnight))?",
)
_EYES_ONLY = re.compile(r"\b(?:Literally\s+)?Eyes\s+only\b[^.]*", re.IGNORECASE)
_DESPATCH = re.compile(r"^No\.\s*(?P<num>\d+)")
_SUBJECT = re.compile(r"^(?:[\w/–-]+\.\s+)?Subject:\s*(?P<subject>.+?)(?:\.\s|\.?$|\s+Refs?:)")


def read_source(record: Record, element: etree._Element, listed: Listing, on: dt.date | None) -> None:
    """A source note's parts, into the record; the names it writes through the volume's list of persons."""
    persons = [(text(p, SKIP), p) for p in element.iterfind(".//t:persName", NS)]

    def naming(written: str) -> Name:
        for said, person in persons:
            if said == written or said.endswith(f" {written}") or written.endswith(f" {said}"):
                found = listed(person)
                if found is not None:
                    return found
        return Name(written, kind="person")

    written = text(element)
    despatch = _DESPATCH.match(written)
    if despatch:  # "No. 63.]": the sender's number of a despatch
        record.outgoing_number = record.outgoing_number or despatch["num"]
    note = read_source_note(written, naming, on)
    if note.reference is not None:
        record.references.append(note.reference)
    mark(record, note.markings)
    record.handling_notes += note.caveats
    record.attributions += [Attribution(role, name, written) for role, written, name in note.attributions]
    record.repeated_to += [t for t in note.repeated_to if t not in record.repeated_to]
    record.also_sent_to += [t for t in note.also_sent_to if t not in record.also_sent_to]
    if note.received and record.received_at is None:
        record.received_at, record.received_on = received(f"Received {note.received}", record.date)
    if note.transmitted_in:  # a message sent as a telegram: "Transmitted in telegram 325 to Athens"
        record.transmission_mode = record.transmission_mode or "By telegram"
        record.telegram_numbers.append(note.transmitted_in)
    record.editorial_notes += note.remarks


def read_opener(record: Record, div: etree._Element, paragraphs: list[str]) -> None:
    """Markings above the text: the opener's seg ("secret priority"), a precedence line, "Eyes only for …"."""
    for seg in div.iterfind("t:opener/t:seg", NS):
        found, rest = read_markings(text(seg, SKIP))
        mark(record, found)
        if rest:
            record.handling_notes.append(text(seg, SKIP))
    for paragraph in paragraphs[:2]:
        found, rest = read_markings(paragraph.rstrip("."))
        if not found or rest:
            break
        mark(record, found)
    subjects = [text(item, SKIP) for item in div.iterfind("t:list[@type='subject']/t:item", NS)]
    for paragraph in paragraphs[:2]:  # "1693. Subject: Delivery of President's Letter to Kosygin. Ref: State 061671."
        subject = _SUBJECT.search(paragraph)
        if subject:
            subjects.append(subject["subject"].strip())
            break
    record.subjects = tuple(dict.fromkeys([*record.subjects, *(s for s in subjects if s)]))
    for paragraph in paragraphs[:1]:
        eyes = _EYES_ONLY.search(paragraph)
        if eyes:  # "Eyes only for Ambassador from Secretary"
            mark(record, [("handling", "Eyes Only")])
            record.handling_notes.append(eyes.group(0).strip())


def mark(record: Record, markings: list[tuple[str, str]]) -> None:
    """Classification, precedences and handling caveats, each once, in the order written."""
    for scheme, label in markings:
        if scheme == "classification":
            record.classification = record.classification or label
        elif scheme == "precedence" and label not in record.precedences:
            record.precedences.append(label)
        elif scheme == "handling" and label not in record.handling:
            record.handling.append(label)


def received(written: str, sent: PartialDate | None) -> tuple[dt.datetime | None, dt.date | None]:
    """When a telegram was received, on the sending date unless the words give another."""
    match = _RECEIVED.search(written)
    if not match or sent is None or sent.as_date() is None:
        return None, None
    base = sent.as_date()
    assert base is not None
    day = base
    if match["month"] and match["month"].lower().rstrip(".") in MONTHS:
        month = MONTHS[match["month"].lower().rstrip(".")]
        year = int(match["year"]) if match["year"] else base.year + (1 if month < base.month else 0)
        try:
            day = dt.date(year, month, int(match["day"]))
        except ValueError:
            return None, None
    if match["noon"]:
        return dt.datetime.combine(day, dt.time(12 if match["noon"] == "noon" else 0)), None
    if match["hour"]:
        hour = int(match["hour"]) % 12 + (12 if match["ampm"] == "p" else 0)
        minute = int(match["minute"] or 0)
        if hour > 23 or minute > 59:
            return None, None
        return dt.datetime.combine(day, dt.time(hour, minute)), None
    return None, day if match["month"] else None
