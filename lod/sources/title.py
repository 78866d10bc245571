"""What a catalogue title says of a document: its form, numbers, sender and addressees.

Digital archives title documents in a few set patterns::

    Ciphered telegram, Shtykov to Stalin on the Political Mood in North Korea
    Ciphered Telegram No. 25553, Roshchin to Filippov [Stalin]
    Telegram from Kim Il Sung to Stalin (via Shtykov)
    Confidential Report from Thomas J. Kieran (Ottawa) to Con Cremin (Dublin), 'Poland and our Policy at U.N.O.'
    Letter, Jawaharlal Nehru to All Provincial Premiers

>>> t = read_title("Ciphered Telegram No. 25553, Roshchin to Filippov [Stalin]")
>>> t.kind, t.numbers, t.sender.written, t.addressees[0].variants
('telegram', ['25553'], 'Roshchin', ('Stalin',))
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field

from ..dating import NotationError, parse_date
from ..names import looks_like_organization, split_variants
from ..record import Name

# Form words -> kind of record, the first that occurs wins.
_FORMS: list[tuple[str, str]] = [
    (r"editorial note", "editorial-note"),
    (
        r"memorandum (?:of|for the record of) (?:a )?telephone conversation|telephone (?:conversation|call)|"
        r"transcript of (?:a )?telephone",
        "telephone-conversation",
    ),
    (
        r"memorandum (?:of|for the record of) (?:a )?conversation|record of (?:a )?conversation",
        "memorandum-of-conversation",
    ),
    (r"airgram", "airgram"),
    (r"telegram|cable|cablegram|telex|backchannel message", "telegram"),
    (r"despatch|dispatch", "despatch"),
    (r"letter", "letter"),
    (r"memorandum|memo\b|conversation|meeting|minutes", "memorandum"),
    (r"report", "report"),
    (r"press release", "press-release"),
    (r"address|speech|remarks", "speech"),
    (r"statement|declaration", "statement"),
    (r"petition", "petition"),
    (r"note\b|aide-m[ée]moire", "note"),
    (r"message", "message"),
]
_FORM = "|".join(f"(?:{pattern})" for pattern, _ in _FORMS)
# "<form>[ No. N][,| from] A to B[ on ...]"
_CORRESPONDENCE = re.compile(
    rf"^(?P<form>(?:[\w\-]+\s+){{0,3}}?(?:{_FORM}))(?:\s+(?:No\.|Nº|#)\s*(?P<num>[\w/\-]+))?"
    r"(?:,\s*|\s+from\s+|\s+by\s+)(?P<sender>.+?)(?:\s+to\s+(?P<to>.+))?$",
    re.IGNORECASE,
)
_ADDRESSEE_END = re.compile(
    r"\s+(?:on|about|regarding|concerning|transmitting|conveying|with|informing|in\s+reply)\b|,\s*['‘\"“]|\s*\(via\b|\s+via\b",
    re.IGNORECASE,
)


@dataclass
class Heading:
    kind: str = "document"
    numbers: list[str] = field(default_factory=list)
    sender: Name | None = None
    addressees: list[Name] = field(default_factory=list)
    sent_from: Name | None = None
    sent_to: Name | None = None
    declassified_on: dt.date | None = None


def kind_of(title: str) -> str:
    lowered = title.lower()
    best = ("document", len(lowered) + 1)
    for pattern, kind in _FORMS:
        match = re.search(rf"\b(?:{pattern})", lowered)
        if match and match.start() < best[1]:
            best = (kind, match.start())
    return best[0]


def _party(text: str) -> tuple[Name | None, Name | None]:
    """A name with an optional place in parentheses: "Thomas J. Kieran (Ottawa)"."""
    place = None
    located = re.match(r"^(?P<name>.+?)\s*\((?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)\)$", text.strip())
    if located and not re.search(r"\[|\(", located["name"]):
        name = split_variants(located["name"])
        # "(Stalin)" after a code name is a variant, not a place: places are not persons' names
        if located["place"] not in {"Stalin"} and not name.variants:
            place = Name(located["place"])
            text = located["name"]
    name = split_variants(text)
    return (Name(name.written, name.variants) if name.written else None), place


def read_title(title: str) -> Heading:
    heading = Heading(kind=kind_of(title))
    number = re.search(r"\bNo\.\s*(?P<num>\d[\w/\-]*)", title)
    if number and heading.kind == "telegram":
        heading.numbers.append(number["num"])
    released = re.search(r"\[Approved for Release,\s*(?P<date>[^\]]+)\]", title)
    if released:
        with contextlib.suppress(NotationError):
            heading.declassified_on = parse_date(released["date"]).as_date()
    match = _CORRESPONDENCE.match(re.sub(r"\s*\[Approved for Release[^\]]*\]", "", title))
    if not match or match["to"] is None:
        # "Address by Mr. Frank Aiken", "Press Release containing a Speech by ... Frank Aiken and ..."
        authored = re.search(r"\bby\s+(?P<who>.+?)(?=\s+(?:and|on|at|in|before)\s|,|$)", title)
        if authored:
            heading.sender = _party(_without_office(authored["who"]))[0]
        return heading
    sender_text = re.sub(r"^(?:the\s+)?", "", match["sender"].strip(), flags=re.IGNORECASE)
    if len(sender_text.split()) > 12:
        return heading
    heading.sender, heading.sent_from = _party(_without_office(sender_text))
    to = _ADDRESSEE_END.split(match["to"], maxsplit=1)[0]
    parts = [p for p in re.split(r",\s*|\s+and\s+", to) if p.strip()]
    # "Ministry of Foreign Affairs, Moscow": a one-word place after a body is its seat, not an addressee.
    if len(parts) == 2 and looks_like_organization(parts[0]) and re.fullmatch(r"[A-Z][a-z]+", parts[1].strip()):
        heading.sent_to = Name(parts[1].strip())
        parts = parts[:1]
    for part in parts:
        name, place = _party(re.sub(r"^the\s+", "", part.strip()))
        if (
            name
            and name.written[:1].isupper()
            and len(name.written.split()) <= 6
            and not re.search(r"\d", name.written)
        ):
            heading.addressees.append(name)
            heading.sent_to = heading.sent_to or place
    return heading


_OFFICE = re.compile(
    r"\b(?:minister|secretary|ambassador|president|chairman|premier|chancellor|governor|consul|envoy|"
    r"chargé|charge|commissar|general|marshal|colonel|head)\b",
    re.IGNORECASE,
)
_BODY = re.compile(
    r"\b(?:ministry|directorate|department|committee|division|bureau|embassy|government|council|office|"
    r"administration|staff|association|party|assembly|legation|mission)\b",
    re.IGNORECASE,
)


def _without_office(text: str) -> str:
    """ "Soviet Defense Minister A.M. Vasilevsky" -> "A.M. Vasilevsky"; bodies are left whole."""
    text = re.sub(r"^(?:Mr|Mrs|Ms|Dr)\.?\s+", "", text.strip())
    if not _OFFICE.search(text) or _BODY.search(text.split(" of ")[0] if " of " in text else text):
        return text
    tokens = text.split()
    tail = tokens[-2:] if len(tokens) >= 2 else tokens
    if len(tokens) >= 3 and re.fullmatch(r"[A-Z]\.", tokens[-2]):
        tail = tokens[-3:]
    if not all(t[:1].isupper() for t in tail):
        return text
    return " ".join(tail)
