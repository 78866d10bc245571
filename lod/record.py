"""The plain record every reader produces: no RDF here, only what the document says.

A :class:`Record` keeps values *as written* next to what the reader understood of them
(a :class:`Name` keeps "FENG XI" and its bracketed "[Stalin]"); resolving names to
entities and turning the record into RDF are later stages.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import hashlib
import io
import pickle
from dataclasses import dataclass, field
from typing import Any, Literal

AgentKind = Literal["person", "organization"]

#: The kinds of record this project knows; each is a class in the vocabulary.
DOCUMENT_KINDS = (
    "telegram",
    "airgram",
    "letter",
    "message",
    "memorandum",
    "memorandum-of-conversation",
    "telephone-conversation",
    "editorial-note",
    "report",
    "despatch",
    "note",
    "speech",
    "statement",
    "petition",
    "press-release",
    "document",
    "series",
    "file",
)


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the day, the month or only the year.

    >>> PartialDate(1967, 11).isoformat()
    '1967-11'
    >>> PartialDate(1950, 7, 1).precision
    'day'
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        # Raises ValueError for impossible dates such as 31.13.50.
        dt.date(self.year, self.month or 1, self.day or 1)
        if self.day is not None and self.month is None:
            raise ValueError("a day without a month")

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def isoformat(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def as_date(self) -> dt.date | None:
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    def days(self) -> tuple[dt.date, dt.date]:
        """The first and last day it may be: 1967-11 -> 1 to 30 November 1967."""
        first = dt.date(self.year, self.month or 1, self.day or 1)
        month = self.month or 12
        return first, dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])


@dataclass(frozen=True)
class Name:
    """A name as written, with the variants an editor gave in brackets.

    ``kind`` is what the reader knows from context (a copies list names people or files;
    an "authors" field may name a ministry); ``None`` leaves it to the resolver.
    """

    written: str  # the name; empty when only an office is written ("the Secretary of State")
    variants: tuple[str, ...] = ()
    kind: AgentKind | None = None
    note: str | None = None  # what a list of persons says of them ("Ambassador in Russia")
    office: str | None = None  # the office written with the name: "Minister in Paraguay", "Acting Secretary"
    heading: str | None = None  # the party as the head writes it: "The Minister in Paraguay (Nicholson)"
    evidence: str | None = None  # how the reader knows the name when the head does not write it

    def __str__(self) -> str:
        return (self.written or self.office or "") + "".join(f" [{v}]" for v in self.variants)

    @property
    def as_written(self) -> str:
        """The whole party as written, for ``tg:addressedAs`` and the names report."""
        return self.heading or self.written or self.office or ""


@dataclass(frozen=True)
class Copy:
    """One line of a distribution list: who received copies, and how many."""

    recipient: Name
    count: int = 1


@dataclass(frozen=True)
class ArchivalReference:
    """Where a record is kept, as written: an archive and the levels of its holdings.

    Russian archives write fond, opis, delo, papka and folios; American ones a record group, a series
    (or collection), a box and a file; a decimal file number carries a date ("761.00/4–156": 1 April 1956).
    """

    archive: Name
    as_written: str
    fond: str | None = None
    opis: str | None = None
    delo: str | None = None
    papka: str | None = None
    folios: str | None = None
    reference_code: str | None = None  # the file as written: "761.00/4–156", "POL 27 VIET S"
    record_group: str | None = None
    series: str | None = None
    box: str | None = None
    lot: str | None = None
    file_date: dt.date | None = None


@dataclass(frozen=True)
class MessageReference:
    """A telegram a record cites by its number: "Deptel 1112", "urtel 107", "Reference MAC 1061".

    ``whose``: the record's ``sender``'s own telegram, the ``addressee``'s (the one it answers), or
    ``None`` when the series names neither party.
    """

    written: str
    number: str  # as the cited telegram's own number is written: "1112", "MAC 1061"
    series: str | None = None
    whose: str | None = None


@dataclass(frozen=True)
class Attribution:
    """A part someone had in a record besides writing it: drafting, clearance, approval, signature."""

    role: str  # drafting, clearance, approval, signature
    agent: Name  # with what the volume's list of persons says of the name
    written: str = ""  # the name as the source writes it: "Rockwell"


@dataclass(frozen=True)
class RoutingStep:
    """A station in a telegram's handling: forwarded to, arrived at, deciphered, typed."""

    note: str
    to: Name | None = None
    at: dt.datetime | None = None


@dataclass(frozen=True)
class Problem:
    """Something the reader could not accept; the record is rejected with this rule and message."""

    rule: str
    message: str


@dataclass
class Record:
    """One archival record (a telegram, letter, memorandum, ...) as a reader understood it."""

    source: str
    locator: str
    reader: str
    key: str
    kind: str = "document"
    title: str | None = None
    date: PartialDate | None = None
    earliest: dt.date | None = None  # bounds of an uncertain or spanning date
    latest: dt.date | None = None
    date_as_written: str | None = None
    part_of: str | None = None  # the key of the record (series, file) this one belongs to
    description: str | None = None
    rights: str | None = None
    identifier: str | None = None
    url: str | None = None
    language: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()

    # who and where
    creators: list[Name] = field(default_factory=list)
    sender: Name | None = None
    signed: Name | None = None  # the signature as written, with the office it gives ("JOHN DAVIS, Acting Secretary")
    addressees: list[Name] = field(default_factory=list)
    sent_from: Name | None = None
    sent_to: Name | None = None
    copies: list[Copy] = field(default_factory=list)
    mentions: list[Name] = field(default_factory=list)
    mentioned_places: list[Name] = field(default_factory=list)
    contributors: list[Name] = field(default_factory=list)
    translators: list[Name] = field(default_factory=list)
    funders: list[Name] = field(default_factory=list)

    # the telegram's header and footer
    telegram_numbers: list[str] = field(default_factory=list)
    special_numbers: list[str] = field(default_factory=list)
    outgoing_number: str | None = None
    in_reply_to_number: str | None = None
    reference_numbers: list[str] = field(default_factory=list)  # "My 1010", "In addition to my No. 2390"
    message_series: str | None = None  # the series the own number belongs to: "JCS", "Secto"
    message_references: list[MessageReference] = field(default_factory=list)
    repeated_to: list[str] = field(default_factory=list)  # "Repeated to Ankara, Paris, ...", as written
    also_sent_to: list[str] = field(default_factory=list)  # "Also sent to Baghdad": addressees for information
    attributions: list[Attribution] = field(default_factory=list)
    sent_at: dt.datetime | None = None
    received_at: dt.datetime | None = None
    received_on: dt.date | None = None  # when only the day of receipt is known
    routing: list[RoutingStep] = field(default_factory=list)
    transmission_mode: str | None = None
    precedences: list[str] = field(default_factory=list)  # "Niact", "Priority": most urgent first, as written
    classification: str | None = None
    handling: list[str] = field(default_factory=list)  # caveats of the handling scheme: "Nodis", "Eyes Only"
    handling_notes: list[str] = field(default_factory=list)
    service_notes: list[str] = field(default_factory=list)  # header or footer lines no field takes
    declassified_on: dt.date | None = None

    # text and apparatus
    body: str | None = None
    editorial_notes: list[str] = field(default_factory=list)
    citation: str | None = None
    references: list[ArchivalReference] = field(default_factory=list)
    uploaded_on: dt.date | None = None
    problems: list[Problem] = field(default_factory=list)
    read_as: bytes = field(default=b"", compare=False, repr=False)  # :meth:`as_read`, made where it was read

    def as_read(self) -> bytes:
        """A digest of the record as read, but where it was read (its file, its place in it): what the build
        knows it again by (:mod:`lod.build.journal`, :func:`lod.build.carried.made_from`)."""
        if self.read_as:
            return self.read_as
        return digest({name: value for name, value in vars(self).items() if name not in _WHERE})

    def days(self) -> tuple[dt.date, dt.date] | None:
        """The days the record may have been written on: its editor's bounds, or its date to its precision."""
        if self.earliest and self.latest:
            return self.earliest, self.latest
        return self.date.days() if self.date else None

    @property
    def where(self) -> str:
        """File and record locator, for messages: ``data/x.jsonl: line 3``."""
        return f"{self.source}: {self.locator}" if self.locator else self.source

    def names(self) -> list[Name]:
        """Every agent name the record holds, in a stable order (for resolution)."""
        found: list[Name] = [*self.creators]
        if self.sender:
            found.append(self.sender)
        found += self.addressees
        found += [c.recipient for c in self.copies]
        found += self.mentions + self.contributors + self.translators + self.funders
        found += [step.to for step in self.routing if step.to]
        found += [a.agent for a in self.attributions]
        return found

    def places(self) -> list[Name]:
        return [p for p in (self.sent_from, self.sent_to) if p] + self.mentioned_places

    def replace(self, **changes: object) -> Record:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Harvested:
    """A record another archive published, harvested as RDF: validated and published as it is, not converted."""

    source: str  # the provider's request
    locator: str  # the record's OAI identifier
    iri: str  # the subject it is about
    triples: list[Any]  # pyoxigraph Triples, the record's and those of what it names
    kind: str = "document"  # "telegram" when it is typed tg:Telegram
    reader = "oai"
    date = None
    problems: tuple[Problem, ...] = ()

    @property
    def key(self) -> str:
        return self.iri


@dataclass(frozen=True)
class Rejection:
    """A record (or a whole file) that could not be read: it is listed, never dropped."""

    source: str
    record: str
    rule: str
    message: str


_WHERE = ("source", "locator", "read_as")  # where a record was read, and what is made from the rest


def digest(value: Any) -> bytes:
    """A digest of plain values by what they are: pickled (twice as fast as printed) without pickle's memo, so
    that a name two fields share and two equal names give the same bytes (a reader's caches may share one)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: each value written out where it occurs
    pickler.dump(value)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=20).digest()
