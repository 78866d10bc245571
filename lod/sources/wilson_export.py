"""A web scraper's export of Wilson Center Digital Archive records, as JSON lines or CSV.

Each row is one document page: ``title``, ``original_publication_date``, ``text_body``,
``summary``, ``source`` (the archival citation), ``rights``, ``record_id`` ... with the list
fields (``authors``, ``associated_places``, ``associated_people_orgs``, ``subjects_discussed``,
``original_archive_title``, ``language``, ``donors``, ``document_contributors``) encoded as JSON
strings. Rows become the same :class:`~lod.record.Record` as the saved pages do.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..citation import parse_citation
from ..dating import NotationError, parse_date
from ..names import editorial_notes, looks_like_organization, split_variants
from ..record import ArchivalReference, Name, Problem, Record, Rejection
from .text import read_text
from .title import read_title
from .transcript import copies_from
from .wilson import page_key

READER = "wilson-export"
REQUIRED = ("title", "original_publication_date", "text_body")
SIGNATURES = ("document_url", "text_body", "original_publication_date")


def looks_like_export(head: str, suffix: str) -> bool:
    """An export's first line (CSV header or JSON object) names the scraper's fields."""
    return all(name in head for name in SIGNATURES) and suffix in {".jsonl", ".csv", ".ndjson"}


def read(path: Path, label: str) -> Iterator[Record | Rejection]:
    text = read_text(path, label)
    if isinstance(text, Rejection):
        yield text
        return
    if path.suffix.lower() == ".csv":
        yield from _read_csv(text, label)
    else:
        yield from _read_jsonl(text, label)


def _read_jsonl(text: str, label: str) -> Iterator[Record | Rejection]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        locator = f"line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield Rejection(label, locator, "export:json", f"not a JSON object: {error.msg} at column {error.colno}")
            continue
        if not isinstance(row, dict):
            yield Rejection(label, locator, "export:json", f"expected a JSON object, found {type(row).__name__}")
            continue
        yield read_row(row, label, locator)


def _read_csv(text: str, label: str) -> Iterator[Record | Rejection]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        for number, row in enumerate(reader, start=1):
            yield read_row(dict(row), label, f"row {number} (line {reader.line_num})")
    except csv.Error as error:
        yield Rejection(label, f"line {reader.line_num}", "export:csv", f"malformed CSV: {error}")


def _text(row: dict[str, Any], name: str) -> str | None:
    value = row.get(name)
    if value is None:
        return None
    text = str(value).strip()
    return text if text and text.lower() not in {"none", "null", "nan"} else None


def _list(row: dict[str, Any], name: str) -> list[str]:
    """List fields are JSON-encoded strings ('["India", "China"]'), or real lists in JSON lines."""
    value = row.get(name)
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = _text(row, name)
    if not text:
        return []
    try:
        decoded = json.loads(text)
    except json.JSONDecodeError:
        return [part.strip() for part in text.split(";") if part.strip()]
    if isinstance(decoded, list):
        return [str(v).strip() for v in decoded if str(v).strip()]
    return [str(decoded)]


def _signature(body: str) -> Name | None:
    """The memorandum writer's name in parentheses at the end: "(Bitterlich)"."""
    tail = [line.strip() for line in body.strip().splitlines()[-4:]]
    for line in reversed(tail):
        match = re.fullmatch(r"\((?P<name>[A-Z][\w\-’']+(?:\s+[A-Z][\w\-’']+){0,2})\)", line)
        if match:
            return Name(match["name"], kind="person")
    return None


def _agent(text: str) -> Name:
    """A person with variants in parentheses ("Chiang, Ching-kuo (Jiang Jingguo)"), or a body whose
    parentheses qualify it ("Poland. Embassy (Canada)")."""
    if looks_like_organization(text):
        return Name(text.strip(), kind="organization")
    name = split_variants(text)
    return Name(name.written, name.variants, "person")


def read_row(row: dict[str, Any], label: str, locator: str) -> Record | Rejection:
    missing = [name for name in REQUIRED if not _text(row, name)]
    if len(missing) == len(REQUIRED):
        return Rejection(label, locator, "export:empty-row", "the row has no title, date or text")
    title = _text(row, "title")
    record = Record(source=label, locator=locator, reader=READER, key="", title=title)
    for name in missing:
        record.problems.append(Problem(f"export:{name}", f"the field {name!r} is empty"))
    date_text = _text(row, "original_publication_date")
    if date_text:
        try:
            record.date = parse_date(date_text)
        except NotationError as error:
            record.problems.append(Problem("export:date", f"original_publication_date {error}"))
    heading = read_title(title or "")
    record.kind = heading.kind
    record.telegram_numbers = heading.numbers
    record.body = _text(row, "text_body")
    record.description = _text(row, "summary")
    record.rights = _text(row, "rights")
    record.url = _text(row, "document_url")
    record.identifier = _text(row, "record_id")
    if record.identifier and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", record.identifier):
        # it names the record's IRI: letters, digits, dots, hyphens and underscores only
        shown = record.identifier[:40]
        record.problems.append(Problem("export:record-id", f"record_id {shown!r} is not a record ID of the archive"))
        record.identifier = None
    record.citation = _text(row, "source")
    record.language = tuple(_list(row, "language"))
    record.subjects = tuple(_list(row, "subjects_discussed"))
    record.classification = _text(row, "original_classification")
    uploaded = _text(row, "original_upload_date")
    if uploaded:
        try:
            record.uploaded_on = parse_date(uploaded).as_date()
        except NotationError as error:
            record.problems.append(Problem("export:upload-date", f"original_upload_date {error}"))

    record.mentions = [_agent(p) for p in _list(row, "associated_people_orgs")]
    record.mentioned_places = [Name(p) for p in _list(row, "associated_places")]
    record.contributors = [_agent(p) for p in _list(row, "document_contributors")]
    record.funders = [Name(d, kind="organization") for d in _list(row, "donors")]
    authors = [split_variants(a) for a in _list(row, "authors")]
    signature = _signature(record.body or "")
    record.creators = [Name(a.written, a.variants) for a in authors] or [
        n for n in (heading.sender, signature) if n is not None
    ][:1]
    record.sender = heading.sender if record.kind in {"telegram", "letter", "despatch", "report"} else None
    if record.sender is None and record.kind in {"telegram", "letter", "despatch"} and record.creators:
        record.sender = record.creators[0]
    record.addressees = heading.addressees
    record.sent_from, record.sent_to = heading.sent_from, heading.sent_to
    if record.body:
        record.editorial_notes = editorial_notes(record.body) if record.kind == "telegram" else []
        copies = re.search(r"^Copies(?: to)?:?\s*(?P<list>.+)$", record.body, re.MULTILINE)
        if copies and record.kind == "telegram":
            record.copies = copies_from(copies["list"])
    _references(record, _list(row, "original_archive_title"))
    record.key = page_key(record)
    return record


def _references(record: Record, archives: list[str]) -> None:
    """Citation references; the export's archive field names the archive when the citation does not."""
    if not record.citation:
        return
    references, credits = parse_citation(record.citation)
    record.translators = [Name(n, kind="person") for n in credits.translators]
    record.contributors += [Name(n, kind="person") for n in credits.contributors]
    named = [split_variants(a) for a in archives]
    fixed = []
    for reference in references:
        head = reference.archive.written.lower()
        known = next((n for n in named if head in {n.written.lower(), *(v.lower() for v in n.variants)}), None)
        if known or not named:
            if known:  # the export's full name, with its abbreviation as a variant
                archive = Name(known.written, known.variants, "organization")
                reference = dataclasses.replace(reference, archive=archive)
            fixed.append(reference)
            continue
        # "General Assembly Official Records, ..., United Nations Digital Library, https://...": the
        # export's archive field is the archive, the whole citation its reference.
        archive = named[0]
        fixed.append(
            ArchivalReference(
                archive=Name(archive.written, archive.variants, "organization"),
                as_written=reference.as_written,
                reference_code=reference.as_written,
            )
        )
    if not fixed and named:
        archive = named[0]
        fixed.append(
            ArchivalReference(
                Name(archive.written, archive.variants, "organization"), record.citation, reference_code=record.citation
            )
        )
    record.references = fixed
