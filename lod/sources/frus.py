"""Foreign Relations of the United States (FRUS) volumes in TEI P5, from the Office of the Historian.

Every ``<div type="document">`` becomes a record. A telegram (its source note says "[Telegram]" or
"…: Telegram", or its head says telegram) reads like this::

    <note type="source">File No. 861.51/133</note>
    <head>The Ambassador in Russia (<persName type="from" corresp="#p_FDR1">Francis</persName>)
          to the <gloss type="to">Secretary of State</gloss></head>
    <note type="source">[Telegram]</note>
    <dateline><placeName>Petrograd</placeName>, <date when="1917-04-06T12:00:00">April 6, 1917,
          12 p.m.</date> [Received April 8, 7.45 p.m.]</dateline>
    <p>1161. Your 1295. For Secretary of Treasury: …</p>
    <closer><signed><persName corresp="#p_FDR1">Francis</persName></signed></closer>

Names with ``@corresp`` take the full name from the volume's list of persons, and an office in a
``gloss`` ("the Secretary of State") becomes the person the list says held it, or else the office.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..dating import NotationError, parse_date
from ..names import clean
from ..record import Name, PartialDate, Problem, Record, Rejection
from .frus_dates import set_date, written_date
from .frus_notes import read_opener, read_source, received
from .frus_parties import head_parties, name_acting_addressees, name_bare_surnames, signature
from .frus_source import repeated_in_note
from .frus_telegram import read_numbers
from .title import kind_of
from .xml import parse_xml, text

READER = "frus-tei"
FIRST_YEAR = 1776  # no document of the United States' foreign relations is older
TEI = "http://www.tei-c.org/ns/1.0"
FRUS = "http://history.state.gov/frus/ns/1.0"
NS = {"t": TEI, "frus": FRUS}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SKIP = ("note", "pb", "fw", "figure")
RIGHTS = "Public domain: a work of the United States Government (Foreign Relations of the United States)."
_FORM_FIRST = re.compile(
    r"^(?:Circular\s+|Paraphrase\s+of\s+(?:a\s+)?|Backchannel\s+)?(?:Telegram|Airgram|Memorandum|Letter|Message|"
    r"Editorial\s+Note|Note|Despatch|Transcript|Minutes|Record|Report|Paper|Address|Remarks|Statement|Cablegram)\b"
)
_ORG_PART = re.compile(
    r"\b(?:legation|department|consulate|embassy|office|commissioner|ministry|mission|headquarters)\b", re.I
)


@dataclass(frozen=True)
class Listed:
    """An entry of a volume's list of persons: the name as listed and what the list says of them."""

    name: str
    description: str

    def offices(self) -> list[tuple[str, dt.date | None]]:
        """ "Secretary of State; plenipotentiary ..." -> [("secretary of state", None), ...]."""
        found = []
        for segment in self.description.split(";"):
            office, since = segment.strip(" .,"), None
            dated = re.search(r",?\s*(?:from\s+)?(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4})", office)
            if dated:
                try:
                    since = parse_date(dated["date"]).as_date()
                except NotationError:
                    since = None
                office = office[: dated.start()].strip(" ,")
            found.append((office.lower(), since))
        return found


class Volume:
    """One FRUS volume: its identity, its title and its list of persons."""

    def __init__(self, tree: etree._ElementTree, path: Path) -> None:
        root = tree.getroot()
        self.id = root.get(XML_ID) or path.stem
        title = root.find(".//t:titleStmt/t:title[@type='complete']", NS)
        self.title = text(title) if title is not None else self.id
        self.persons: dict[str, Listed] = {}
        # "<item><persName xml:id=…>Dulles, John Foster</persName>, Secretary of State</item>", the name
        # often inside <hi rend="strong">
        for person in root.xpath(".//t:div[@xml:id='persons']//t:item//t:persName[@xml:id]", namespaces=NS):
            item = next(person.iterancestors(f"{{{TEI}}}item"))
            whole, name = text(item), text(person)
            description = (whole[whole.find(name) + len(name) :] if name in whole else "").strip(" ,.")
            self.persons[person.get(XML_ID, "")] = Listed(text(person), description)
        self.offices: dict[str, list[tuple[dt.date | None, Listed]]] = {}  # office -> who held it, from when
        for listed in self.persons.values():
            for office, since in listed.offices():
                self.offices.setdefault(office, []).append((since, listed))
        self.years = _years(self.id, self.title)
        published = root.find(".//t:publicationStmt/t:date", NS)
        year = re.search(r"\d{4}", text(published)) if published is not None else None
        # the years a document of this volume can be of: from the first US correspondence to the printing
        self.span = (FIRST_YEAR, int(year[0]) if year else (self.years[1] + 1 if self.years else 9999))

    def record(self, label: str, documents: list[Record]) -> Record:
        """The volume itself, a set of records: what its documents are part of."""
        # the years its id or title names; for a volume that names none, the years of its dated documents
        # (not the bounds they must fall within: 1776 to the printing)
        spans = [(d.earliest or d.date.days()[0], d.latest or d.date.days()[1]) for d in documents if d.date]
        spans += [(d.earliest, d.latest or d.earliest) for d in documents if not d.date and d.earliest]
        known = (min(s[0] for s in spans).year, max(s[1] for s in spans).year) if spans else (None, None)
        first, last = self.years or known
        return Record(
            source=label,
            locator="volume",
            reader=READER,
            key=self.id,
            kind="series",
            title=self.title,
            date=PartialDate(first) if first else None,
            earliest=dt.date(first, 1, 1) if first else None,
            latest=dt.date(last, 12, 31) if last else None,
            url=f"https://history.state.gov/historicaldocuments/{self.id}",
            rights=RIGHTS,
            language=("English",),
            identifier=self.id,
            citation=self.title,
        )

    def listed(self, element: etree._Element) -> Name | None:
        """The volume's list of persons entry an element points to (``@corresp``), as a name."""
        entry = self.persons.get((element.get("corresp") or "").lstrip("#"))
        if entry is None:
            return None
        written = clean(text(element, SKIP))
        variants = (written,) if written and written not in entry.name else ()
        return Name(entry.name, variants, "person", entry.description)

    def listed_holder(self, element: etree._Element, on: dt.date | None) -> Name | None:
        """For an office (``gloss``): who the list of persons says held it."""
        holder = self.holder(clean(text(element, SKIP)), on)
        return Name(holder.name, (), "person", holder.description) if holder else None

    def holder(self, office: str, on: dt.date | None) -> Listed | None:
        """Who the list of persons says held an office (at a date, when the list dates the office)."""
        wanted = re.sub(r"^the\s+", "", office.lower()).strip()
        candidates = self.offices.get(wanted, [])
        if len(candidates) == 1 and (candidates[0][0] is None or on is None or candidates[0][0] <= on):
            return candidates[0][1]
        dated = sorted((since, listed.name, listed) for since, listed in candidates if since and on and since <= on)
        return dated[-1][2] if dated else None


def looks_like_frus(head: str) -> bool:
    return TEI in head and ("frus" in head.lower())


def read(path: Path, label: str) -> Iterator[Record | Rejection]:
    tree = parse_xml(path, label)
    if isinstance(tree, Rejection):
        yield tree
        return
    volume = Volume(tree, path)
    documents = tree.getroot().iterfind(".//t:div[@type='document']", NS)
    items = [read_document(div, volume, label, number) for number, div in enumerate(documents, start=1)]
    records = [i for i in items if isinstance(i, Record)]
    name_acting_addressees(records)
    name_bare_surnames(records)
    yield volume.record(label, records)
    yield from items


def _name(element: etree._Element, volume: Volume) -> Name:
    """A persName of the text, with the full name the list of persons gives for its @corresp."""
    return volume.listed(element) or Name(clean(text(element, SKIP)), (), "person")


def _unnumbered(head: str, number: str | None) -> str:
    """The head without the edition's number of the document ("36. Telegram From …", "No. 127"); a despatch's
    own number ("No. 69. Mr. Martinez to …", not the document's) stays."""
    for prefix in (f"{number}. ", f"No. {number} ", f"No. {number}. "):  # "36. Telegram …", "No. 127 The Ambassador …"
        if number and head.startswith(prefix):
            return head[len(prefix) :]
    return head


def _kind(source_notes: str, bare: str) -> str:
    """What the document is, from its head without the edition's number: the form it begins with ("Telegram
    From …", "Memorandum of Conversation, by …"), else the form its source note gives ("…: Telegram"), else
    the head's words."""
    leading = kind_of(bare.split(" From ", 1)[0].split(",", 1)[0]) if _FORM_FIRST.match(bare) else "document"
    if leading != "document":
        return leading
    if re.search(r"\btele(?:gram|graphic)|\bcablegram|\bcable\b", source_notes + " " + bare, re.I):
        return "telegram"
    if re.search(r":\s*Airgram\b", source_notes):
        return "airgram"
    kind = kind_of(bare)
    if kind not in {"document", "telegram"}:
        return kind
    if re.search(r"^No\.\s*\d+", source_notes):
        return "despatch"
    return kind


def _place(dateline: etree._Element | None) -> Name | None:
    if dateline is None:
        return None
    place = dateline.find(".//t:placeName", NS)
    written = text(place, SKIP) if place is not None else text(dateline, SKIP).split(",")[0]
    parts = [p.strip(" .") for p in written.split(",") if p.strip(" .")]
    parts = [p for p in parts if not _ORG_PART.search(p)] or parts
    return Name(parts[0]) if parts and not re.search(r"\d", parts[0]) else None


def _years(volume_id: str, title: str) -> tuple[int, int] | None:
    """The years a volume is of, from its id: frus1934v04 -> 1934, frus1955-57v24 -> 1955-1957."""
    found = re.match(r"frus(?P<first>\d{4})(?:-(?P<last>\d{2,4}))?", volume_id)
    if found is None:
        years = [int(y) for y in re.findall(r"\b(1[789]\d\d|20\d\d)\b", title)]
        return (min(years), max(years)) if years else None
    first = int(found["first"])
    last = found["last"]
    return first, int(str(first)[: 4 - len(last)] + last) if last else first


def read_document(div: etree._Element, volume: Volume, label: str, number: int) -> Record | Rejection:
    doc_id = div.get(XML_ID) or f"n{div.get('n') or number}"
    locator = f"document {doc_id}"
    head_element = div.find("t:head", NS)
    head = text(head_element, SKIP) if head_element is not None else ""
    source_notes = [*div.iterfind("t:note[@type='source']", NS), *div.iterfind("t:head/t:note[@type='source']", NS)]
    notes = [text(n) for n in source_notes]
    dateline = div.find("t:dateline", NS)
    if dateline is None:
        dateline = div.find("t:opener/t:dateline", NS)
    paragraphs = [text(p, SKIP) for p in div.iterfind("t:p", NS)]
    paragraphs = [p for p in paragraphs if p]
    record = Record(
        source=label,
        locator=locator,
        reader=READER,
        key=f"{volume.id}-{doc_id}",
        kind=_kind(" ".join(notes), _unnumbered(head, div.get("n"))),
        title=_unnumbered(head, div.get("n")) or (f"[{paragraphs[0][:80]}…]" if paragraphs else None),
        url=f"https://history.state.gov/historicaldocuments/{volume.id}/{doc_id}",
        rights=RIGHTS,
        language=("English",),
        identifier=doc_id,
        part_of=volume.id,
    )
    when, origin, printed = written_date(div, dateline, head)
    if when is None and record.kind != "editorial-note":  # an editorial note is the volume's, dated by it
        record.problems.append(
            Problem("frus:no-date", "no date: neither the dateline, the document's dates nor its head give one")
        )
    elif when is not None:
        set_date(record, when, origin, printed, div, volume.span)
    on = record.date.as_date() if record.date else None

    def listed(element: etree._Element) -> Name | None:
        if etree.QName(element).localname == "gloss":
            return volume.listed_holder(element, on)
        return volume.listed(element)

    record.sender, record.addressees = head_parties(head_element, listed)
    # the dateline: its element, or the right-set paragraph some encoders used for it ("Treasury Department, …")
    right = div.find("t:p[@rend='right']", NS)
    place_words = text(dateline, SKIP) if dateline is not None else (text(right, SKIP) if right is not None else "")
    record.signed = signature(div.find("t:closer//t:signed", NS), place_words, listed)
    if record.signed is not None:
        if record.sender is None:
            record.sender = record.signed
        elif not record.sender.office and record.signed.office:  # "Mr. Davis", signed "JOHN DAVIS, Acting Secretary"
            record.sender = dataclasses.replace(record.sender, office=record.signed.office)
    if record.sender:
        record.creators = [record.sender]
    record.sent_from = _place(dateline)
    if dateline is not None:
        record.received_at, record.received_on = received(text(dateline, SKIP), record.date)
    for element in source_notes:
        read_source(record, element, volume.listed, on)
    read_opener(record, div, paragraphs)
    read_numbers(record, paragraphs, head)
    record.body = "\n\n".join(paragraphs) or None
    footnotes = [text(n) for n in div.iterfind(".//t:note", NS) if n.get("type") != "source" and text(n)]
    record.editorial_notes += footnotes
    record.repeated_to += [to for n in div.iterfind("t:head/t:note", NS) for to in repeated_in_note(text(n))]
    record.mentions = _mentions(div, volume, on, record)
    record.citation = f"{volume.title}, Document {div.get('n') or doc_id}" + (
        f", {record.references[0].reference_code}" if record.references else ""
    )
    return record


def _mentions(div: etree._Element, volume: Volume, on: dt.date | None, record: Record) -> list[Name]:
    found: dict[str, Name] = {}
    # the sender and addressee, resolved as such (the elements are kept: lxml's proxies are only
    # themselves while referenced, so their id() is no name for a node)
    parties = [e for part in ("t:head", "t:closer") for e in div.iterfind(f"{part}//t:persName", NS)]
    for element in div.iterfind(".//t:persName", NS):
        if any(element is party for party in parties):
            continue
        name = _name(element, volume)
        if name.written and len(name.written.split()) <= 6:
            found.setdefault(name.written.lower(), name)
    places: dict[str, Name] = {}
    for element in div.iterfind(".//t:placeName", NS):
        place = _place_name(text(element, SKIP))
        if place:
            places.setdefault(place.lower(), Name(place))
    record.mentioned_places = [p for p in places.values() if record.sent_from is None or p != record.sent_from]
    return list(found.values())


def _place_name(written: str) -> str | None:
    parts = [p.strip(" .") for p in written.split(",") if p.strip(" .") and not _ORG_PART.search(p)]
    return parts[0] if parts and not re.search(r"\d", parts[0]) and len(parts[0]) < 60 else None
