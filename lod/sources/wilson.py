"""Wilson Center Digital Archive document pages, saved as text.

A page reads, top to bottom: the document date, the title, an optional funding credit, the
transcript (for a telegram: service header, body, signature, copies), the editors' summary,
then "Document Information" with the archival citation, the rights statement, "Original
Uploaded Date" and "Record ID" (labelled "Source", "Rights", ... on some pages).

The scraper's export of the same pages (JSON lines or CSV) is read by
:mod:`lod.sources.wilson_export`; both produce the same :class:`~lod.record.Record`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..citation import parse_citation
from ..dating import NotationError, parse_date
from ..names import editorial_notes, persons_in_text, split_variants
from ..record import Name, PartialDate, Problem, Record, Rejection
from .text import read_text
from .title import read_title
from .transcript import is_footer_line, read_transcript

READER = "wilson-page"
_METADATA_LABELS = {
    "source": "citation",
    "rights": "rights",
    "original uploaded date": "uploaded",
    "record id": "record_id",
    "original archive": "archive",
    "type": "type",
    "language": "language",
    "author(s):": "authors",
    "author(s)": "authors",
    "associated people & organizations": "people",
    "associated places": "places",
    "associated topics": "topics",
    "subjects discussed": "topics",
    "related documents": "related",
}
_PAGE_END_MARKER = "Document Information"


def looks_like_page(text: str) -> bool:
    return _PAGE_END_MARKER in text or text.lstrip().startswith("Skip to content")


def read(path: Path, label: str) -> Iterator[Record | Rejection]:
    """The one record of a saved page, or why it cannot be read."""
    text = read_text(path, label)
    if isinstance(text, Rejection):
        yield text
        return
    yield read_page(text, label)


def _paragraphs(lines: list[str]) -> list[list[str]]:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line.rstrip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _metadata(lines: list[str]) -> dict[str, list[str]]:
    """The labelled blocks after "Document Information".

    Older pages leave the labels out: the first paragraph is then the citation and the ones
    after it, up to the next label, the rights statement.
    """
    fields: dict[str, list[str]] = {}
    labelled: set[str] = set()
    current: str | None = None
    for paragraph in _paragraphs(lines):
        for line in paragraph:
            label = _METADATA_LABELS.get(line.strip().lower())
            if label:
                current = label
                labelled.add(label)
                fields.setdefault(label, [])
                continue
            current = current or "citation"
            fields.setdefault(current, []).append(line.strip())
        if current == "citation" and "citation" not in labelled:
            current = "rights"
    return fields


def read_page(text: str, label: str) -> Record | Rejection:
    lines = text.splitlines()
    while lines and (not lines[0].strip() or lines[0].strip() == "Skip to content"):
        lines.pop(0)
    try:
        end = next(i for i, line in enumerate(lines) if line.strip() == _PAGE_END_MARKER)
    except StopIteration:
        return Rejection(
            label,
            "page",
            "wilson:truncated",
            f"the page ends after {len(text.encode())} bytes without its '{_PAGE_END_MARKER}' section: "
            "the file looks cut off or is not a Wilson Center page",
        )
    document, metadata = lines[:end], _metadata(lines[end + 1 :])
    paragraphs = _paragraphs(document)
    if len(paragraphs) < 2:
        return Rejection(label, "page", "wilson:structure", "no date and title before 'Document Information'")

    problems: list[Problem] = []
    date_line, title = " ".join(paragraphs[0]), " ".join(paragraphs[1])
    date: PartialDate | None = None
    try:
        date = parse_date(date_line)
    except NotationError as error:
        problems.append(Problem("wilson:date", f"document date {error}"))

    rest = paragraphs[2:]
    funders: list[Name] = []
    if rest and rest[0][0].startswith("This document was made possible with support from"):
        funders = [Name(n.strip(), kind="organization") for n in re.split(r",\s*|\s+and\s+", rest[0][0][50:]) if n]
        rest = rest[1:]
    meta_labels = {"Author(s):", "Associated People & Organizations", "Associated Places", "Associated Topics"}
    while rest and rest[-1][0].strip() in meta_labels:
        rest = rest[:-1]
    # The editors' summary closes the document part, unless the transcript runs to the end.
    summary = None
    if len(rest) > 1 and not is_footer_line(rest[-1][0]):
        summary = " ".join(rest[-1])
        rest = rest[:-1]
    transcript_lines = [line for paragraph in rest for line in [*paragraph, ""]]

    heading = read_title(title)
    record = Record(
        source=label,
        locator="page",
        reader=READER,
        key="",
        kind=heading.kind,
        title=title,
        date=date,
        description=summary,
        problems=problems,
        funders=funders,
    )
    read_transcript(transcript_lines, record)
    # What the transcript does not say, the catalogue title may.
    record.telegram_numbers = _unique([*heading.numbers, *record.telegram_numbers])
    record.sent_from = record.sent_from or heading.sent_from
    record.sent_to = record.sent_to or heading.sent_to
    record.declassified_on = record.declassified_on or heading.declassified_on
    record.sender = record.sender or heading.sender
    record.addressees = record.addressees or heading.addressees
    if record.sender:
        record.creators = [record.sender]
    if record.body:
        record.mentions = persons_in_text(record.body)
        record.editorial_notes = editorial_notes(record.body)
    _apply_metadata(record, metadata)
    record.key = page_key(record)
    return record


def _apply_metadata(record: Record, metadata: dict[str, list[str]]) -> None:
    citation = " ".join(metadata.get("citation", [])) or None
    record.citation = citation
    if citation:
        record.references, credits = parse_citation(citation)
        record.translators = [Name(n, kind="person") for n in credits.translators]
        record.contributors = [Name(n, kind="person") for n in credits.contributors]
    record.rights = "\n\n".join(metadata.get("rights", [])) or None
    uploaded = " ".join(metadata.get("uploaded", [])).strip()
    if uploaded:
        try:
            day = parse_date(uploaded)
            record.uploaded_on = day.as_date()
        except NotationError as error:
            record.problems.append(Problem("wilson:uploaded-date", f"Original Uploaded Date {error}"))
    # "Record ID" holds the number; a funder's name may follow it on the page.
    for line in metadata.get("record_id", []):
        if line.isdigit():
            record.identifier = line
        elif line not in {f.written for f in record.funders}:
            record.funders.append(Name(line, kind="organization"))
    if not record.creators:
        record.creators = [split_variants(a) for a in metadata.get("authors", [])]


_KEY_STOPWORDS = {"a", "an", "and", "the", "of", "on", "to", "in", "for", "from", "with", "by", "no"}


def page_key(record: Record) -> str:
    """A stable key: the archive's record ID, else the date and the title's first words.

    >>> page_key(Record("x", "page", READER, "", title="Ciphered telegram, Shtykov to Stalin on the Mood",
    ...                 date=PartialDate(1950, 7, 1)))
    'wilson-1950-07-01-ciphered-telegram-shtykov-stalin-mood'
    """
    if record.identifier:
        return f"wilson-{record.identifier}"
    words = [w for w in re.split(r"[^a-z0-9]+", (record.title or "").lower()) if w and w not in _KEY_STOPWORDS]
    date = record.date.isoformat() if record.date else "undated"
    return "-".join(["wilson", date, *words[:6]])


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
