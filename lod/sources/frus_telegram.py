"""A FRUS telegram's own number and the telegrams it cites, with whose each one is.

The number opens the first paragraph ("2232. Vienna for Ambassador Bohlen."), or the first after a
precedence line; it may carry its series ("JCS 941782.", "Secto 68/3276.", the airgram "A–2252.").
Cited telegrams are named by their series, which says whose they are::

    urtel 107            the addressee's ("your telegram")
    Deptel 1112          the Department's: the addressee's when a post writes, the sender's own when the
    Ref: State 061671    Department does
    Embtel 3937          a post's ("Embassy telegram"): the sender's own when a post writes
    Contel 903, Legtel   a consulate's, a legation's
    Reference MAC 1061   the Military Assistance Command's: whoever of the two parties is that command
    Gocus 593            a series of its own, cited as written

Each becomes a :class:`~lod.record.MessageReference`; the reader's thread rule links a reply to the
telegram it names when that telegram is in the graph.
"""

from __future__ import annotations

import re

from ..record import MessageReference, Record
from .frus_source import read_markings

# Series that name a side of the exchange: the Department's, a post's, or the one writing.
_DEPARTMENT = {"deptel", "deptels", "state", "depcirtel", "circtel", "department", "department's"}
_POST = {"embtel", "embtels", "legtel", "legtels", "contel", "contels", "embassy's", "legation's", "consulate's"}
_ADDRESSEE = {"urtel", "urtels", "your", "reurtel", "urdes", "urairgram"}
_SENDER = {"mytel", "mytels", "my", "ourtel", "our"}
# Military and conference series, by the words of the party that numbers them.
_SERIES_OF = {
    "MAC": ("military assistance command", "macv", "westmoreland"),
    "JCS": ("joint chiefs of staff",),
    "CINCPAC": ("commander in chief, pacific", "cincpac"),
    "CAP": ("white house", "president"),
    "Secto": ("secretary of state", "secretary"),
    "Tosec": ("department of state",),
    "Usun": ("mission to the united nations", "usun"),
}
_PLAIN = _DEPARTMENT | _POST | _ADDRESSEE | _SENDER
_CITED = re.compile(
    r"\b(?:(?P<re>Re|Reference|Ref|Refs)\s*:?\s+)?(?:(?P<whose>[Yy]our|[Mm]y|[Oo]ur)\s+(?=[A-Z]{2}))?"
    r"(?P<series>Deptels?|Embtels?|Legtels?|Contels?|urtels?|mytels?|ourtel|reurtel|Depcirtel|Circtel|"
    r"Department['’]s|Embassy['’]s|Legation['’]s|Consulate['’]s|[Yy]our|[Mm]y|[Oo]ur|State|"
    r"Secto|Tosec|Gocus|Usgoc|Usun|Delga|Gadel|Polto|Topol|Ecato|Toeca|MAC|JCS|CINCPAC|CAP|"
    r"(?P<post>(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Today|Yesterday|Tomorrow|Tonight)(?:New\s|Tel\s|Hong\s)?[A-Z][a-z]+)"
    r"['’]s)"  # "Rangoon's 504", "New Delhi's 844": a third post's telegram
    r"(?:\s+(?:telegram|tel|airgram|despatch)s?)?(?:\s+No\.)?[\s–-]+(?P<number>[A-Z]?[–-]?\d[\d/–-]*\d|\d)\b"
)
_OWN = re.compile(r"^(?:(?P<series>[A-Z][A-Za-z]{0,7})[\s–-]+)?(?P<number>\d[\d/–-]*\d|\d)\.\s")


def read_numbers(record: Record, paragraphs: list[str], head: str) -> None:
    """The telegram's number (with its series), and every telegram its opening cites."""
    opening = _opening(paragraphs)
    own = _OWN.match(opening)
    if own and (record.kind in ("telegram", "airgram") or own["series"]):
        number = own["number"]
        written = f"{own['series']} {number}" if own["series"] and not _plain(own["series"]) else number
        if own["series"] in ("A", "CA"):  # "A–2252": an airgram's number, as the series writes it
            written = f"{own['series']}–{number}"
        record.telegram_numbers.append(written)
        if own["series"] and not _plain(own["series"]):
            record.message_series = own["series"]
        opening = opening[own.end() :]
    elif record.kind != "telegram":
        leading = re.match(r"^No\.\s*(?P<num>\d+)", opening)
        if leading:
            record.outgoing_number = record.outgoing_number or leading["num"]
    department_writes = _department_writes(record, head)
    parties = head.lower().split(" to ", 1) if " to " in head.lower() else [head.lower(), ""]
    for match in _CITED.finditer(opening[:400]):
        reference = _reference(match, department_writes, parties)
        if reference is not None and reference not in record.message_references:
            record.message_references.append(reference)
    replies = [r.number for r in record.message_references if r.whose == "addressee"]
    record.in_reply_to_number = record.in_reply_to_number or (replies[0] if replies else None)
    record.reference_numbers += [r.number for r in record.message_references if r.whose == "sender"]


def _opening(paragraphs: list[str]) -> str:
    """The first paragraph, or the first after a precedence line ("Niact", "Flash")."""
    for paragraph in paragraphs[:3]:
        found, rest = read_markings(paragraph.rstrip("."))
        if not found or rest:
            return paragraph
    return paragraphs[0] if paragraphs else ""


def _stems(series: set[str]) -> set[str]:
    return {s.rstrip("s") for s in series}


def _plain(series: str) -> bool:
    return series.lower().replace("’", "'").rstrip("s") in _stems(_PLAIN)


def _department_writes(record: Record, head: str) -> bool:
    """Whether the Department (or the Secretary) sends this telegram, not a post."""
    sender = head.lower().split(" to ", 1)[0]
    return bool(re.search(r"department of state|secretary of state|\bsecretary\b", sender)) and not re.search(
        r"\b(?:embassy|legation|consul|mission|delegation|ambassador|minister|chargé)\b", sender
    )


def _reference(match: re.Match[str], department_writes: bool, parties: list[str]) -> MessageReference | None:
    series, number = match["series"], match["number"]
    key = series.lower().replace("’", "'").rstrip("s")
    whose: str | None
    if key in _stems(_ADDRESSEE):
        whose = "addressee"
    elif key in _stems(_SENDER):
        whose = "sender"
    elif key in _stems(_DEPARTMENT):
        whose = "sender" if department_writes else "addressee"
    elif key in _stems(_POST):
        whose = "addressee" if department_writes else "sender"
    elif match["whose"]:  # "your CAP-64375": a series of the addressee's
        whose = "sender" if match["whose"].lower() in _SENDER else "addressee"
    else:
        words = _SERIES_OF.get(series, ())
        sender, addressee = parties
        whose = "sender" if any(w in sender for w in words) else None
        whose = whose or ("addressee" if any(w in addressee for w in words) else None)
    written = " ".join(match.group(0).split())
    if match["post"] and key not in _stems(_DEPARTMENT | _POST):  # "Bangkok's 1083": numbered by that post
        return MessageReference(written=written, number=number, series=match["post"], whose=None)
    cited = number if _plain(series) else f"{series} {number}"
    return MessageReference(written=written, number=cited, series=series, whose=whose)
