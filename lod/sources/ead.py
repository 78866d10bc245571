"""EAD 2002 finding aids: each component with a title and a date becomes a record.

Components (``<c01>`` … ``<c09>`` or ``<c>``) keep their place in the arrangement: a file is
``dcterms:isPartOf`` its series. Series and groups of files are record sets; a file whose title
says it holds letters ("Brief van X gericht aan Y", "Letter from X to Y") is a letter, with its
sender and addressee read from the title. ``unitdate/@normal`` gives the date or the span.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ..dating import NotationError, parse_date
from ..record import ArchivalReference, Name, PartialDate, Problem, Record, Rejection
from ..text import fold
from .xml import parse_xml, text

READER = "ead"
_COMPONENT = re.compile(r"^c(?:0[1-9]|1[0-2])?$")
_LETTER = re.compile(r"^(?:brie(?:f|ven)|lettre|lettres|lettera|lettere|letter|letters)\b", re.I)
# "van X gericht aan Y", "gericht aan Y van X, van Z", "from X to Y"
_STOP = (
    r"(?=\s+(?:gericht aan|addressed to|to|over|om|betreffende|met|concerning|about|on)\s"
    r"|,\s*(?:en\s+)?(?:van|from)\s|\s+en\s+van\s|$)"
)
_FROM = re.compile(r"(?:^|,\s*|\s)(?:van|from)\s+(?P<who>.+?)" + _STOP)
# "van de Nederlanden" describes; "van Carlo Dodero" names a sender
_TO = re.compile(
    r"\b(?:gericht aan|addressed to)\s+(?P<who>.+?)"
    r"(?=\s+(?:van(?!\s+(?:de|het|der|den)\b)|from|over|om|betreffende|met)\s|$)"
)
_TO_ENGLISH = re.compile(r"^from\s+.+?\s+to\s+(?P<who>.+?)(?=\s+(?:concerning|about|on)\s|$)")
_TITLES = re.compile(
    r"^(?:(?:graaf|gravin|markies(?: van)?|baron|barones|jonkheer|jhr\.|ridder|cav\.|cavaliere|conte|"
    r"contessa|marchese|de heer|mevrouw|mr\.|dr\.|prins|hertog)\s+)+",
    re.I,
)


def looks_like_ead(head: str) -> bool:
    return "<ead" in head and ("eadheader" in head or "EAD" in head or "ead.dtd" in head)


def read(path: Path, label: str) -> Iterator[Record | Rejection]:
    tree = parse_xml(path, label)
    if isinstance(tree, Rejection):
        yield tree
        return
    root = tree.getroot()
    _strip_namespaces(root)
    fonds = text(root.find(".//titleproper")) if root.find(".//titleproper") is not None else path.stem
    archive = _archive(root)
    prefix = "ead-" + "-".join(re.findall(r"[a-z0-9]+", fold(fonds))[:6])
    seen: dict[str, int] = {}
    descriptions = root.findall(".//dsc")
    if not descriptions:
        yield Rejection(label, "file", "ead:no-components", "the finding aid has no <dsc> with components")
        return
    years = _years(root)
    for dsc in descriptions:  # one per series in some finding aids
        yield from _components(dsc, label, prefix, fonds, archive, [], None, seen, years)


def _strip_namespaces(root: etree._Element) -> None:
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]


def _archive(root: etree._Element) -> Name:
    """The holding archive: the eadid's text or comment (as the Nationaal Archief writes it), else the publisher."""
    eadid = root.find(".//eadid")
    if eadid is not None:
        written = text(eadid) or " ".join(c.text.strip() for c in eadid if isinstance(c, etree._Comment) and c.text)
        if written.strip():
            return Name(written.strip(), kind="organization")
    publisher = root.find(".//publisher")
    return Name(text(publisher) if publisher is not None else "Unknown archive", kind="organization")


def _components(
    parent: etree._Element,
    label: str,
    prefix: str,
    fonds: str,
    archive: Name,
    path: list[str],
    parent_key: str | None,
    seen: dict[str, int],
    years: tuple[int, int] | None = None,
) -> Iterator[Record | Rejection]:
    for component in parent:
        if not isinstance(component.tag, str) or not _COMPONENT.match(component.tag):
            continue
        did = component.find("did")
        unitid = text(did.find("unitid")) if did is not None and did.find("unitid") is not None else ""
        steps = [*path, unitid.strip(" .")] if unitid else path
        key = prefix + "-" + "-".join(re.findall(r"[a-z0-9]+", fold(" ".join(steps)))) if steps else prefix
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}-{seen[key]}"
        record = _record(component, did, label, key, fonds, archive, steps, parent_key)
        if record is not None:
            _within(record, years, did)
            yield record
        yield from _components(
            component, label, prefix, fonds, archive, steps, key if record else parent_key, seen, years
        )


def _years(root: etree._Element) -> tuple[int, int] | None:
    """The years the finding aid describes: its own unitdate, the years its title gives ("…, 1816 - 1874"),
    or else those of its top-level units."""
    own = [int(y) for d in root.findall("archdesc/did/unitdate") for y in re.findall(r"\d{4}", d.get("normal") or "")]
    title = root.find(".//titleproper")
    titled = [int(y) for y in re.findall(r"\b(1[5-9]\d\d|20\d\d)\b", text(title))] if title is not None else []
    units = [
        int(y)
        for dsc in root.findall("archdesc/dsc")
        for d in dsc.findall("*/did/unitdate")
        for y in re.findall(r"\d{4}", d.get("normal") or "")
    ]
    found = own or titled or units
    return (min(found), max(found)) if found else None


def _within(record: Record, years: tuple[int, int] | None, did: etree._Element | None) -> None:
    """A unit dated outside the years the finding aid describes: corrected from its date as written, or rejected."""
    days = record.days()
    if years is None or days is None or record.problems or (years[0] <= days[0].year and days[1].year <= years[1]):
        return
    element = did.find("unitdate") if did is not None else None
    written = text(element) if element is not None else ""
    described = f"{years[0]}–{years[1]}"
    try:
        printed = parse_date(written) if written else None
    except NotationError:
        printed = None
    if printed is not None and years[0] <= printed.year <= years[1]:
        record.editorial_notes.append(
            f"Date corrected: unitdate/@normal gives {days[0].isoformat()}, outside the years the finding aid "
            f'describes ({described}); the date as written, "{written}", gives {printed.isoformat()}.'
        )
        record.date, record.earliest, record.latest = printed, None, None
        return
    record.problems.append(
        Problem(
            "ead:date-out-of-range",
            f"dated {days[0].isoformat()}: outside the years the finding aid describes ({described}), and the date "
            f"as written ({written!r}) gives none within them",
        )
    )


def _record(
    component: etree._Element,
    did: etree._Element | None,
    label: str,
    key: str,
    fonds: str,
    archive: Name,
    steps: list[str],
    parent_key: str | None,
) -> Record | None:
    title_element = did.find("unittitle") if did is not None else None
    date_element = did.find("unitdate") if did is not None else None
    title = text(title_element) if title_element is not None else ""
    if not title and date_element is None:
        return None  # a grouping without description: its children are read on their own
    level = component.get("level", "")
    kind = "series" if level in {"series", "subseries", "otherlevel", "recordgrp", "fonds"} else "file"
    if kind == "file" and _LETTER.match(title):
        kind = "letter"
    reference = ", ".join(s for s in steps if s)
    record = Record(
        source=label,
        locator=f"component {reference or component.tag}",
        reader=READER,
        key=key,
        kind=kind,
        title=title or None,
        part_of=parent_key,
        citation=f"{fonds}, {reference}" if reference else fonds,
    )
    record.references = [ArchivalReference(archive, record.citation or fonds, reference_code=reference or None)]
    if not title:
        record.problems.append(Problem("ead:no-title", "the component has a date but no <unittitle>"))
    if date_element is None:
        record.problems.append(Problem("ead:no-date", f"the component {reference!r} has no <unitdate>"))
    else:
        _date(record, date_element)
    if kind == "letter":
        _parties(record, title)
    return record


def _date(record: Record, element: etree._Element) -> None:
    normal = (element.get("normal") or "").strip()
    record.date_as_written = text(element) or normal
    if not normal:
        record.problems.append(Problem("ead:date", f"the unitdate {text(element)!r} has no @normal form"))
        return
    first, _, last = normal.partition("/")
    try:
        start = _iso(first)
        end = _iso(last) if last else start
    except ValueError as error:
        record.problems.append(Problem("ead:date", f"unitdate/@normal {normal!r} is not an ISO date: {error}"))
        return
    if end.isoformat() == start.isoformat():
        record.date = start
        return
    record.earliest, record.latest = start.as_date() or dt.date(start.year, start.month or 1, 1), end.as_date()
    if (start.year, start.month) == (end.year, end.month):
        record.date = PartialDate(start.year, start.month)
    else:
        record.date = PartialDate(start.year)


def _iso(value: str) -> PartialDate:
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not match:
        raise ValueError(f"{value!r}")
    return PartialDate(int(match[1]), int(match[2]) if match[2] else None, int(match[3]) if match[3] else None)


def _person(written: str, notes: list[str]) -> Name | None:
    """ "graaf De La Val ⟨0⟩" -> the name, with the office held out in parentheses as its note."""
    marker = re.search(r"⟨(\d+)⟩", written)
    office = notes[int(marker[1])] if marker else None
    name = re.sub(r"\s*⟨\d+⟩", "", written).strip(" ,.")
    name = _TITLES.sub("", name).strip()
    if not name or len(name.split()) > 8:
        return None
    kind = "organization" if re.match(r"^(?:het|de)\s", name) else "person"  # "de Vice-consul", not "De Perron"
    return Name(name, (), kind, office)  # type: ignore[arg-type]


def _parties(record: Record, title: str) -> None:
    """Sender(s) and addressee from "Brie(f|ven) van X (office) gericht aan Y (office)"."""
    notes: list[str] = []

    def hold(match: re.Match[str]) -> str:  # offices in parentheses may themselves say "van"
        notes.append(match[1])
        return f" ⟨{len(notes) - 1}⟩"

    body = re.sub(r"\s*\(([^()]*)\)", hold, _LETTER.sub("", title, count=1).strip())
    body = re.sub(r"(?<=\s)" + _TITLES.pattern[1:], "", " " + body, flags=re.I).strip()
    to = _TO.search(body) or _TO_ENGLISH.search(body)
    if to:
        addressee = _person(to["who"], notes)
        if addressee:
            record.addressees = [addressee]
        body = body[: to.start()] + " " + body[to.end() :]
    senders = [p for p in (_person(m["who"], notes) for m in _FROM.finditer(body)) if p]
    record.creators = senders
    if len(senders) == 1:
        record.sender = senders[0]
