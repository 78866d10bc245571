"""The transcript of a telegram: service header, body, signature block and distribution list.

Translated telegrams (Soviet ciphered telegrams above all) open with service lines (number,
origin, sent and received times, routing through the cipher department, mode, precedence,
classification), then the addressee, the body, and close with the outgoing number, the
signature and the list of copies. Editors and transcribers lay these lines out differently
from page to page, so the header is read as a sequence of *statements* that begin with a
known keyword wherever the line breaks fall ("From Pyongyang.Sent 2.7.50 04.00.",
"From BEIJING No. 1309 20 hours 05 / minutes, 13.1.1951").
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right

from ..dating import NotationError, find_datetime
from ..names import clean, split_variants
from ..record import Copy, Name, PartialDate, Problem, Record, RoutingStep

PRECEDENCES = r"extremely\s+urgent|top\s+priority|most\s+immediate|urgent|immediate|priority|flash"
CLASSIFICATIONS = r"top\s+secret|strictly\s+secret|special\s+file|secret|confidential|restricted"
HANDLING = (
    r"making\s+copies\s+is\s+(?:forbidden|prohibited)|copying\s+(?:is\s+)?(?:forbidden|prohibited)"
    r"|not\s+to\s+be\s+copied|indefinite\s+duration|copy\s+(?:no\.\s*)?\d+\s+of\s+\d+|no\.\s*\d+\s+of\s+\d+\s+copies"
)
MODES = r"wire|telegraph|telegram|radio|courier|teletype"

# Keywords that open a statement of the service header. Order matters: longer forms first.
_STATEMENT = re.compile(
    r"(?P<kw>"
    r"(?:ciphered\s+)?(?:telegram|cable)\s*(?:no\.?|nº|№|#)"
    r"|issuing\s+no\.?|special\s+no\.?"
    r"|(?<![a-z])sent\s+to\b|arrived\s+at\b|dispatched\s+to\b|forwarded\s+to\b|deciphered\s+by\b|typed\s+by\b"
    rf"|(?<![a-z])sent\s+by\s+(?:{MODES})\b|(?<![a-z])sent\b|(?<![a-z])received\b"
    r"|destination\s*:|to\s+whom\s*:"
    r"|(?:^|(?<=\n))(?:from|to|for)\b:?"
    r"|copies(?:\s+to)?\s*:?|distribution\s+list"
    r"|\[?stamp:\s*declassified|(?<![a-z])declassified"
    rf"|by\s+(?:{MODES})\b"
    rf"|(?:{PRECEDENCES})\b|(?:{CLASSIFICATIONS})\b|(?:{HANDLING})"
    r")",
    re.IGNORECASE,
)
_NUMBER = r"(?P<num>[\w][\w/\-]*)"
_PLACE_END = re.compile(r"[.,;]|\bno\.|\bsent\b|\breceived\b|\d", re.IGNORECASE)
_COPY_COUNT = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<a>\d+)\)|[-–—]\s*(?P<b>\d+))\s*$")
# A line that only restates the document's form: "CIPHERED TELEGRAM", "Ciphered Telegram."
_FORM_LINE = re.compile(r"(?:ciphered\s+)?(?:telegram|cable(?:gram)?)\.?", re.IGNORECASE)
_FOOTER_NUMBER = re.compile(r"^(?:No\.|Nº|№)\s*(?P<num>[\w][\w/.\-]*?)\.?(?:\s+(?P<rest>.+))?$")


def _words(text: str) -> str:
    return " ".join(text.split())


_LOWER = re.compile(r"[a-z]")
_UPPER = re.compile(r"[A-Z]")
_SERVICE_START = re.compile(r"(?:copies|distribution\s+list|spravka|sent|received|from)\b", re.IGNORECASE)


def _is_body_line(line: str) -> bool:
    """Running prose: long, mostly lower-case, and not a service line."""
    if len(line) < 60 or line.count(" ") < 7:
        return False
    lower = len(_LOWER.findall(line))
    if not lower or lower < len(_UPPER.findall(line)):
        return False
    return not _SERVICE_START.match(line)


def is_footer_line(line: str) -> bool:
    return bool(
        _FOOTER_NUMBER.match(line)
        or re.match(r"^(?:copies|distribution\s+list|typed\s+by|\d+\s+copies)\b", line, re.IGNORECASE)
        or _signature_of(line)
    )


def _signature_of(line: str) -> Name | None:
    """A signature line: "SHTYKOV", "S H T Y K O V", "13.1.51 ROSHCHIN", "24.III.50 Shtykov"."""
    text = line.strip(' .”"')
    dated = re.match(r"^[\dIVX]{1,4}\.[\dIVX]{1,4}\.\d{2,4}\s+(?P<name>[A-Za-z][\w\-]+(?:\s+[A-Z][\w\-]+)?)$", text)
    if dated:
        return Name(clean(dated["name"]), kind="person")
    if re.fullmatch(r"(?:[A-Z] ){2,}[A-Z]|[A-Z][A-Z\-]{2,}(?: [A-Z][A-Z\-]+){0,2}(?: \[[^\]]+\])?", text):
        name = split_variants(text)
        return Name(name.written, name.variants, "person")
    return None


class _Header:
    """Reads the statements of a service header into the record."""

    def __init__(self, record: Record, reference: PartialDate | None) -> None:
        self.t = record
        self.reference = reference

    def when(self, text: str, what: str) -> dt.datetime | dt.date | None:
        try:
            found = find_datetime(text, self.reference)
        except NotationError as error:
            self.t.problems.append(Problem("transcript:date-notation", f"{what}: {error}"))
            return None
        return found.value if found else None

    def instant(self, text: str, what: str) -> dt.datetime | None:
        value = self.when(text, what)
        return value if isinstance(value, dt.datetime) else None

    def read(self, statement: str, keyword: str) -> bool:
        """Apply one statement; False when the keyword turned out not to open one."""
        kw = _words(keyword).lower().rstrip(":")
        rest = statement[len(keyword) :].strip()
        flat = _words(rest)
        t = self.t
        if re.match(r"(?:ciphered\s+)?(?:telegram|cable)|issuing", kw):
            number = re.match(_NUMBER, flat)
            if number:
                t.telegram_numbers.append(number["num"])
        elif kw.startswith("special no"):
            number = re.match(_NUMBER, flat)
            if number:
                t.special_numbers.append(number["num"])
        elif kw in {"sent to", "arrived at", "dispatched to", "forwarded to", "deciphered by", "typed by"}:
            at = self.instant(rest, f"{keyword} ...")
            target = re.split(r"\s+on\s+\d|\.?\s*\d{1,2}[./]\d", flat, maxsplit=1)[0].strip(" .")
            target = re.sub(r"^the\s+", "", target, flags=re.IGNORECASE)
            who = Name(clean(target), kind="organization" if kw != "typed by" and kw != "deciphered by" else "person")
            t.routing.append(RoutingStep(_words(statement).rstrip("."), who if who.written else None, at))
        elif kw == "sent" or kw.startswith("sent by"):
            if kw.startswith("sent by"):
                t.transmission_mode = t.transmission_mode or f"By {kw.split()[-1]}"
            t.sent_at = self.instant(rest, f"{keyword} {flat}") or t.sent_at
        elif kw == "received":
            place = re.match(r"in\s+([A-Z][\w\-]+)", flat)
            if place:
                t.sent_to = t.sent_to or Name(clean(place[1]))
            t.received_at = self.instant(rest, f"Received {flat}") or t.received_at
        elif kw in {"from"}:
            self.origin(flat)
        elif kw == "destination":
            destination = re.split(r"\s{2,}|\bto\s+whom\b", rest, maxsplit=1, flags=re.IGNORECASE)[0]
            t.sent_to = Name(clean(destination))
        elif kw in {"to whom", "to", "for"}:
            return self.addressee(flat, kw)
        elif kw.startswith(("copies", "distribution")):
            t.copies += copies_from(flat)
        elif "declassified" in kw:
            day = self.when(rest, f"Declassified {flat}")
            if isinstance(day, dt.datetime):
                day = day.date()
            t.declassified_on = day or t.declassified_on
        elif kw.startswith("by "):
            t.transmission_mode = t.transmission_mode or f"By {kw.split()[-1]}"
        elif re.fullmatch(PRECEDENCES, kw):
            precedence = _words(keyword).rstrip(".").capitalize()
            if precedence not in t.precedences:
                t.precedences.append(precedence)
        elif re.fullmatch(CLASSIFICATIONS, kw):
            t.classification = t.classification or _words(keyword).rstrip(".").capitalize()
        else:
            t.handling_notes.append(_words(keyword).rstrip(".").capitalize())
        return True

    def origin(self, flat: str) -> None:
        t = self.t
        end = _PLACE_END.search(flat)
        place = flat[: end.start()] if end else flat
        if place.strip():
            t.sent_from = Name(clean(place))
        number = re.search(rf"\bno\.\s*{_NUMBER}", flat, re.IGNORECASE)
        if number:
            t.telegram_numbers.append(number["num"].rstrip("."))
        sent = self.instant(flat, f"From {flat}")
        if sent and t.sent_at is None:
            t.sent_at = sent

    def addressee(self, flat: str, kw: str) -> bool:
        t = self.t
        reply = re.match(rf"(?:your\s+)?(?:no\.|nº|№)\s*{_NUMBER}", flat, re.IGNORECASE)
        if reply:
            t.in_reply_to_number = reply["num"].rstrip(".")
            return True
        flat = clean(flat) if flat.count(" ") < 12 else flat
        text = re.split(r"\.\s|\s{2,}|\bdestination\s*:", flat, maxsplit=1, flags=re.IGNORECASE)[0].rstrip(".")
        if not text or len(text.split()) > 8:
            return False
        for part in re.split(r",\s*|\s+and\s+", text):
            name = split_variants(part)
            if name.written:
                t.addressees.append(Name(name.written, name.variants))
        return True


def copies_from(text: str) -> list[Copy]:
    """A distribution list: "Stalin (2), Molotov", "Stalin - 2, Molotov-1", "11 copies: ..."."""
    text = re.sub(r"^(?:[-–:\s]*\d+\s+copies\s*:?)", "", text.strip(), flags=re.IGNORECASE)
    copies = []
    for item in re.split(r",\s*|;\s*", text):
        item = item.strip(" .")
        if not item:
            continue
        counted = _COPY_COUNT.match(item)
        name, count = (counted["name"], int(counted["a"] or counted["b"])) if counted else (item, 1)
        recipient = split_variants(name)
        if recipient.written:
            copies.append(Copy(Name(recipient.written, recipient.variants), count))
    return copies


_TIMED = {"sent", "received", "from", "sent to", "arrived at", "dispatched to", "forwarded to", "deciphered by"}


def _continues(statement: str, keyword: str, next_line: str) -> bool:
    """Whether a header statement runs on to the next line.

    It does when its line ends with a comma or hyphen ("Stalin - 2,"), when the next line starts
    in lower case or with a digit ("minutes, 13.1.1951"), or when a statement that should carry a
    time has none yet ("Sent to the 8th Administration of the General" / "Staff ... 2.7.50 05.55").
    """
    if not next_line or _STATEMENT.match(next_line):
        return False
    if statement.rstrip().endswith((",", "-", "–")) or next_line[:1].islower() or next_line[:1].isdigit():
        return True
    kind = _words(keyword).lower().rstrip(":")
    if kind in _TIMED or kind.startswith("sent by"):
        try:
            return find_datetime(statement) is None
        except NotationError:
            return False
    return False


def _addressee_line(line: str, record: Record) -> bool:
    """A line that only names the addressee: "FENG XI [Stalin]", "Moscow—Ministry of Foreign Affairs"."""
    if record.addressees:
        return False
    seat = re.fullmatch(r"(?P<place>[A-Z][a-z]+)\s*[—–]\s*(?P<who>[A-Z][^.]{3,80})\.?", line.strip())
    if seat:
        record.sent_to = record.sent_to or Name(seat["place"])
        record.addressees.append(Name(clean(seat["who"])))
        return True
    name = split_variants(line)
    if name.variants and 0 < len(name.written.split()) <= 4 and not re.search(r"[.!?,;:]\s", name.written):
        record.addressees.append(Name(name.written, name.variants))
        return True
    return False


def _statements(header: str) -> list[tuple[str, str, int, int]]:
    """The header's statements: (keyword, text, first line, last line).

    A statement starts at a keyword and ends at the next keyword or at the end of its line,
    unless :func:`_continues` carries it over; what no statement takes is left to the caller.
    """
    lines = header.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    matches = list(_STATEMENT.finditer(header))
    found = []
    for i, match in enumerate(matches):
        limit = matches[i + 1].start() if i + 1 < len(matches) else len(header)
        first = last = bisect_right(starts, match.start()) - 1  # the line it starts on
        end = min(limit, starts[last] + len(lines[last]))
        while (
            end < limit
            and last + 1 < len(lines)
            and _continues(header[match.start() : end], match["kw"], lines[last + 1])
        ):
            last += 1
            end = min(limit, starts[last] + len(lines[last]))
        found.append((match["kw"], header[match.start() : end], first, last))
    return found


def read_transcript(lines: list[str], record: Record) -> None:
    """Split a telegram's lines into header, body and footer, and read each into the record.

    The record's date, when known, gives the year of notations that omit it.
    """
    reference = record.date
    lines = [line.strip() for line in lines if line.strip()]
    prose = [i for i, line in enumerate(lines) if _is_body_line(line)]
    first = prose[0] if prose else 0
    last = prose[-1] if prose else len(lines) - 1

    header_lines = lines[:first]
    # Lines after the last service statement (a salutation, "FENG XI [Stalin]") open the body.
    header = "\n".join(header_lines)
    statements = _statements(header)
    reader = _Header(record, reference)
    used_lines: set[int] = set()
    for keyword, statement, first_line, last_line in statements:
        if reader.read(statement, keyword):
            used_lines.update(range(first_line, last_line + 1))
    body_start = max(used_lines) + 1 if used_lines else 0
    for index, text in enumerate(header_lines[:body_start]):
        if index in used_lines or _addressee_line(text, record):
            continue
        if re.search(r"[A-Za-z]", text) and not _FORM_LINE.fullmatch(text):
            record.service_notes.append(text)
    opening = header_lines[body_start:]
    if opening and _addressee_line(opening[0], record):
        opening = opening[1:]

    footer = lines[last + 1 :]
    footer_start = next((i for i, line in enumerate(footer) if is_footer_line(line)), len(footer))
    body = [*opening, *lines[first : last + 1], *footer[:footer_start]]
    record.body = "\n\n".join(body) or None
    _read_footer(footer[footer_start:], record, reader)


def _read_footer(lines: list[str], record: Record, reader: _Header) -> None:
    index = 0
    listing_copies = False
    while index < len(lines):
        line = lines[index]
        index += 1
        number = _FOOTER_NUMBER.match(line)
        copies = re.match(r"^(?:copies(?:\s+to)?|distribution\s+list)\b[\s:\-–]*(?P<list>.*)$", line, re.IGNORECASE)
        if copies:
            text = copies["list"]
            while text.rstrip().endswith(",") and index < len(lines):
                text += " " + lines[index]
                index += 1
            record.copies += copies_from(text)
            listing_copies = not text.strip()
        elif listing_copies and re.match(r"^\d+\.\s*\S", line):
            item = re.sub(r"^\d+\.\s*", "", line)
            record.copies += copies_from(clean(item) if not re.match(r"(?i)comr\.?\s+copy$", item) else "Copy")
        elif number and not record.outgoing_number:
            record.outgoing_number = number["num"]
            signature = _signature_of(number["rest"] or "")
            if signature:
                record.sender = signature
        elif re.match(r"^typed\s+by\b", line, re.IGNORECASE):
            reader.read(line, re.match(r"typed\s+by", line, re.IGNORECASE)[0])  # type: ignore[index]
        elif re.match(r"^\d+\s+copies$", line, re.IGNORECASE):
            record.handling_notes.append(line)
        elif (signature := _signature_of(line)) and record.sender is None:
            record.sender = signature
        elif re.fullmatch(r"\d{1,2}\s+\w+\s+(?:\d{4}|of\s+this\s+year)\.?", line):
            continue  # the date the telegram was signed, already the document's date
        else:
            record.service_notes.append(line)
