"""A FRUS document's source note: where the original is kept, how it was marked, who drafted it.

Cold War volumes put everything the editors know of a document's original in one note::

    Source: National Archives, RG 59, Central Files 1967–69, POL US–USSR. Secret; Nodis.
    Source: Department of State, Central Files, 783A.00/5–1358. Top Secret; Niact; Limit Distribution.
        Drafted by Dulles and cleared by Rountree. Repeated to London.

Earlier volumes give the file number and the form alone ("851G.00/1–1449: Telegram", "File No.
861.51/133"). :func:`read_source_note` parses either into a :class:`SourceNote`: the archival
reference (archive, record group, series, box, file, lot, and the date a decimal file number
carries), the markings (classification, precedence, handling caveats), the drafting, clearance,
approval and signature, where it was repeated and also sent, and when it was received.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..names import clean
from ..record import ArchivalReference, Name

Naming = Callable[[str], Name]  # a name as written in the note, with what the volume's list says of it

#: Markings as FRUS writes them, by scheme; the labels are concepts.csv's.
MARKINGS: dict[str, dict[str, str]] = {
    "classification": {
        "top secret": "Top Secret",
        "secret": "Secret",
        "confidential": "Confidential",
        "restricted": "Restricted",
        "limited official use": "Limited Official Use",
        "official use only": "Official Use Only",
        "unclassified": "Unclassified",
    },
    "precedence": {
        "flash": "Flash",
        "niact immediate": "Niact Immediate",
        "niact": "Niact",
        "operational immediate": "Operational Immediate",
        "immediate": "Immediate",
        "us urgent": "Urgent",
        "urgent": "Urgent",
        "emergency": "Emergency",
        "priority": "Priority",
        "routine": "Routine",
    },
    "handling": {
        "nodis": "Nodis",
        "exdis": "Exdis",
        "limdis": "Limdis",
        "stadis": "Stadis",
        "limit distribution": "Limited Distribution",
        "limited distribution": "Limited Distribution",
        "noforn": "Noforn",
        "literally eyes only": "Eyes Only",
        "eyes only": "Eyes Only",
        "roger channel": "Roger Channel",
        "cherokee": "Cherokee",
        "sensitive": "Sensitive",
    },
}
_PHRASES = sorted(
    ((phrase, scheme, label) for scheme, table in MARKINGS.items() for phrase, label in table.items()),
    key=lambda item: -len(item[0]),
)
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:Vol|Vols|Sec|No|Nos|pp|p|Mr|Mrs|Dr|St|Jr|Sr|Gen|Adm|Col|Capt|Lt|Amb|Dept|Ibid|ca|Inc|Co|a\.m|p\.m)"
    r"|\b[A-Z]|\bU\.S|\bU\.N)$"
)
_FORMS = r"Telegram|Airgram|Despatch|Dispatch|Memorandum|Letter|Cablegram|Note|Message|Instruction"
_OLD_STYLE = re.compile(rf"^(?:File\s+No\.\s*)?(?P<file>[^:]+?)(?::\s*(?P<form>{_FORMS}))?\.?$", re.I)
# "761.00/4–156", "501.BC Indonesia/2–1949", "439.11c Colom, Eduardo/27", "783A.5–MSP/12–258"
_FILE_NUMBER = re.compile(r"^(?P<file>\d{3}[\w.]*(?:[\s,–-]+[\w.’'()-]+)*)/(?P<rest>[\w.–-]+)$")
_FILE_DATE = re.compile(r"^(?P<month>\d{1,2})[–-](?P<day>\d{1,2}?)(?P<year>\d{2})$")
_SUBJECT_NUMERIC = re.compile(r"^[A-Z]{2,6}(?:\s+[\dA-Z][\w–/-]*)+$")  # "POL 27 VIET S", "POL US–USSR"
_BOX = re.compile(r"^Box(?:es)?\s+(?P<box>[\w–-]+(?:\s*(?:and|,)\s*[\w–-]+)*)$", re.I)
_LOT = re.compile(r"\bLot\s+(?P<lot>\d+\s*[A-Z]\s*\d+)\b")
_RECORD_GROUP = re.compile(r"^RG\s+(?P<rg>\d+)$")
_ROLE = re.compile(r"\b(?P<role>drafted|cleared|approved|signed)\b", re.I)
_ROLES = {"drafted": "drafting", "cleared": "clearance", "approved": "approval", "signed": "signature"}
_SENT = re.compile(
    r"^(?:(?P<also>Also|Sent)\s+(?:for\s+information\s+)?(?:\w+\s+)?to\s+(?P<sent>.+?)"
    r"(?:,?\s+and\s+repeated\s+(?:\w+\s+)?to\s+(?P<then>.+))?|Repeated\s+(?:\w+\s+)?to\s+(?P<repeated>.+))$"
)
_REPEATED_IN = re.compile(
    r"(?:Repeated\s+)?in\s+telegram\s+(?P<number>\d+)[^;]*?\bto\s+(?P<to>[A-Z][\w.’'-]*(?:\s+(?!and\b|in\b)[A-Z][\w.’'-]*)*)"
)
_RECEIVED = re.compile(r"^Received\b(?P<rest>.*)$")
_TRANSMITTED = re.compile(r"^Transmitted\s+(?:to\s+\S+\s+)?in\s+telegram\s+(?P<number>[\w–/-]+)", re.I)


@dataclass
class SourceNote:
    """What a source note says, each part as written."""

    written: str
    reference: ArchivalReference | None = None
    form: str | None = None  # "Telegram", "Airgram": the form the old-style note gives
    markings: list[tuple[str, str]] = field(default_factory=list)  # (scheme, label): ("precedence", "Niact")
    caveats: list[str] = field(default_factory=list)  # marking phrases as written: "Eyes Only for the Secretary"
    attributions: list[tuple[str, str, Name]] = field(default_factory=list)  # ("drafting", "Allen", Name(…))
    repeated_to: list[str] = field(default_factory=list)
    also_sent_to: list[str] = field(default_factory=list)
    received: str | None = None  # "in the Department of State at 9:17 a.m."
    transmitted_in: str | None = None  # the telegram a message went in: "325"
    remarks: list[str] = field(default_factory=list)  # the sentences no field takes


def sentences(note: str) -> list[str]:
    """The note's sentences ("Vol. IX", "Sec. 1", "U.S." and initials do not end one)."""
    found: list[str] = []
    for piece in re.split(r"(?<=\.)\s+(?=[A-Z(“\"])", note):
        marking = read_markings(piece.split(";")[0].rstrip("."))[0]
        if found and _ABBREVIATIONS.search(found[-1].rstrip(".")) and not marking:  # "POL 27 VIET S. Secret"
            found[-1] = f"{found[-1]} {piece}"
        else:
            found.append(piece)
    return [s.strip() for s in found if s.strip()]


def read_markings(words: str) -> tuple[list[tuple[str, str]], str]:
    """The markings a run of words gives ("secret us urgent niact"), and what is left of it."""
    rest = " ".join(words.lower().replace("—", " ").split())
    found: list[tuple[str, str]] = []
    while rest:
        for phrase, scheme, label in _PHRASES:
            if rest == phrase or rest.startswith(phrase + " "):
                found.append((scheme, label))
                rest = rest[len(phrase) :].strip()
                break
        else:
            break
    return found, rest


def read_source_note(written: str, naming: Naming, on: dt.date | None = None) -> SourceNote:
    """The parts of a source note; ``naming`` turns a name the note writes into a :class:`Name`."""
    cited = re.match(r"^\s*Source:\s*", written) is not None  # older notes give a file number or the form alone
    text = clean(re.sub(r"^\s*Source:\s*", "", written))
    note = SourceNote(written=clean(written))
    parts = sentences(text)
    if not parts:
        return note
    first, *others = parts
    if _markings_sentence(first, note):
        others = parts[1:]
    else:
        note.reference, note.form = _reference(first, on, cited)
    for sentence in others:
        if not _markings_sentence(sentence, note) and not _read_sentence(sentence, note, naming):
            note.remarks.append(sentence)
    return note


def _markings_sentence(sentence: str, note: SourceNote) -> bool:
    """ "Top Secret; Niact; Limit Distribution." read into the note, if that is what the sentence is."""
    pieces = [p.strip() for p in sentence.rstrip(".").split(";") if p.strip()]
    read = [read_markings(p) for p in pieces]
    if not pieces or not all(found for found, _ in read):
        return False
    for piece, (found, rest) in zip(pieces, read, strict=True):
        note.markings += [m for m in found if m not in note.markings]
        if rest:  # "Eyes Only for the Secretary": the caveat and whom it names
            note.caveats.append(piece)
    return True


def _read_sentence(sentence: str, note: SourceNote, naming: Naming) -> bool:
    body = sentence.rstrip(".")
    if _ROLE.match(body):
        note.attributions += _attributions(body, naming)
        return True
    sent = _SENT.match(body)
    if sent:
        if sent["sent"]:
            note.also_sent_to += _destinations(sent["sent"])
        note.repeated_to += _destinations(sent["then"] or sent["repeated"] or "")
        return True
    repeated_in = list(_REPEATED_IN.finditer(body))
    if repeated_in and body.startswith("Repeated"):
        note.repeated_to += [m["to"].strip() for m in repeated_in]
        return True
    received = _RECEIVED.match(body)
    if received:
        note.received = received["rest"].strip(" ,")
        return True
    transmitted = _TRANSMITTED.match(body)
    if transmitted:
        note.transmitted_in = transmitted["number"]
        note.remarks.append(sentence)  # the rest ("which is the source text") stays readable
        return True
    return False


def repeated_in_note(text: str) -> list[str]:
    """Where a footnote says the telegram was repeated: "Repeated to Bangkok and Rangoon.", "Repeated in
    telegram 141, February 19, … to The Hague"."""
    text = text.strip()
    if text.startswith("Repeated to "):
        return _destinations(sentences(text)[0][len("Repeated to ") :].rstrip("."))
    if not text.startswith("Repeated"):
        return []
    return [m["to"].strip().rstrip(".") for m in _REPEATED_IN.finditer(text)]


def _destinations(words: str) -> list[str]:
    """ "Ankara, Paris, London, Belgrade, and Istanbul" -> each place or post."""
    words = re.sub(r"\s+(?:for\s+information|for\s+action)$", "", words.strip())
    items = re.split(r",\s*(?:and\s+)?|\s+and\s+", words)
    return [i.strip() for i in items if i.strip()]


def _attributions(body: str, naming: Naming) -> list[tuple[str, str, Name]]:
    """ "Drafted by Rockwell and cleared by Rountree, by Smith and Bell in ICA, and in substance by Dulles" """
    found: list[tuple[str, str, Name]] = []
    matches = list(_ROLE.finditer(body))
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(body)
        segment = body[match.end() : end]
        segment = re.split(r"\s+(?:who|which|under|on\s+the\s+basis|after|with)\b|;", segment)[0]
        segment = re.sub(r"^\s*(?:on\s+[A-Z][a-z]+\s+\d{1,2}(?:,\s*\d{4})?\s+)?", "", segment)
        role = _ROLES[match["role"].lower()]
        for written in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*\bby\b\s*", segment):
            written = re.sub(
                r"\s+(?:on|in)\s+(?:[A-Z][a-z]+\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+)\b.*$", "", written
            )  # "on February 15"
            written = re.sub(r"\s+in\s+(?:substance|draft|part)\b.*$|^\s*in\s+(?:substance|draft)\s*", "", written)
            written = re.sub(r"\s+(?:in|of)\s+(?:the\s+)?[A-Z][\w/–-]*(?:\s+[A-Z][\w/–-]*)*$", "", written).strip()
            if written and written[0].isupper() and len(written.split()) <= 4:
                found.append((role, written, naming(written)))
    return found


# -- the archival reference ---------------------------------------------------------------------


def _reference(citation: str, on: dt.date | None, cited: bool) -> tuple[ArchivalReference | None, str | None]:
    """The reference a note's first sentence gives: a file number of the Department's files, or (``cited``,
    after "Source:") an archive and the levels of its holdings."""
    citation = written = citation.strip().rstrip(".")
    old = _OLD_STYLE.match(citation)
    if old and _FILE_NUMBER.match(old["file"].strip()):  # "851G.00/1–1449: Telegram"
        number = old["file"].strip()
        return _file_reference(Name(DEPARTMENT_FILES), citation, number, on, series=CENTRAL_FILES), old["form"]
    if not cited and re.search(r"\bFiles?\b", citation) and (_LOT.search(citation) or citation.endswith("Files")):
        # "CA Files: Lot 56 D 625", "Executive Secretariat Files": a note of the 1940s and 1950s citing the
        # Department's own files without saying so
        citation = f"{DEPARTMENT_FILES}, {citation}"
        cited = True
    parts = _parts(citation) if cited else []
    if len(parts) < 2:
        return None, None
    archive, rest = parts[0], parts[1:]
    group = _RECORD_GROUP.match(rest[0]) if rest else None
    if group:
        rest = rest[1:]
    lot = next((m["lot"] for p in rest if (m := _LOT.search(p))), None)
    boxes = [(i, m["box"]) for i, p in enumerate(rest) if (m := _BOX.match(p))]
    box = boxes[0][1] if boxes else None
    if boxes:
        series, files = rest[: boxes[0][0]], rest[boxes[0][0] + 1 :]
    else:
        series, files = rest[:1], rest[1:]
    if series and ":" in series[-1]:  # "JCS Files: CCS 381 Lebanon (5–13–58) Sec. 1", "S/S Files: Lot 64 D 199"
        head, _, tail = series[-1].partition(":")
        series = [*series[:-1], head.strip()]
        files = [t for t in (tail.strip(),) if t and not _LOT.fullmatch(t.strip())] + files
    files = [f for f in files if not _LOT.fullmatch(f.strip())]
    file = ", ".join(files) or None
    if archive in ("Department of State", DEPARTMENT_FILES):
        archive = DEPARTMENT_FILES
    reference = _file_reference(
        Name(archive, kind="organization"),
        written,
        file,
        on,
        series=", ".join(series) or None,
        record_group=group["rg"] if group else None,
        box=box,
        lot=lot,
    )
    return reference, None


DEPARTMENT_FILES = "U.S. Department of State"  # the archive: its files, not the Department writing
CENTRAL_FILES = "Central Files"


def _file_reference(
    archive: Name,
    written: str,
    file: str | None,
    on: dt.date | None,
    *,
    series: str | None = None,
    record_group: str | None = None,
    box: str | None = None,
    lot: str | None = None,
) -> ArchivalReference:
    number = _FILE_NUMBER.match(file) if file else None
    return ArchivalReference(
        archive,
        written,
        reference_code=file,
        record_group=record_group,
        series=series,
        box=box,
        lot=lot,
        file_date=_file_date(number["rest"], on) if number else None,
    )


def _file_date(rest: str, on: dt.date | None) -> dt.date | None:
    """The date a decimal file number carries after its slash: "1–1449" is 14 January 1949."""
    found = _FILE_DATE.match(rest)
    if found is None or not found["day"]:
        return None
    century = (on.year // 100 * 100) if on else 1900
    year = century + int(found["year"])
    if on is not None and year > on.year + 1:
        year -= 100
    try:
        return dt.date(year, int(found["month"]), int(found["day"]))
    except ValueError:
        return None


def _parts(citation: str) -> list[str]:
    """Comma-separated parts, commas inside parentheses kept ("Sisco Middle East Talks, April–June 1969")."""
    parts, depth, current = [], 0, ""
    for char in citation:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return [p for p in parts if p]


def is_subject_numeric(file: str) -> bool:
    """ "POL 27 VIET S", "POL US–USSR": a file of the subject-numeric system (1963–1973)."""
    return bool(_SUBJECT_NUMERIC.match(file))
