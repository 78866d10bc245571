"""What the pipeline tells those who keep account of a build: each record published, rejected or warned of.

The pipeline emits one :data:`Event` per fact, in order; the report, the index of the reading room, the
index of names, the rejects and warnings files and the staging (the store's load, the dumps and the
statistics) each listen (``Pipeline.listen``) and take what concerns them. None of them is called by the
stages directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..convert import Conversion
from ..correspondents import Outcome
from ..rdf import Triples, ntriples
from ..record import Harvested, Name, Record


@dataclass(frozen=True)
class Published:
    """A record is published (``copy``: read again from another source, identical, published once)."""

    record: Record | Harvested
    iri: str
    conversion: Conversion
    outcomes: list[tuple[str, Name, Outcome]] = field(default_factory=list)
    copy: bool = False


@dataclass(frozen=True)
class Rejected:
    """A record, or a whole file, is not published: where, by which rule, and why."""

    entry: dict[str, Any]


@dataclass(frozen=True)
class Warned:
    """Something published breaks a rule of warning severity: a record, an entity description, a link."""

    entry: dict[str, Any]


@dataclass(frozen=True)
class Stated:
    """Statements to publish, validated: a record's, an entity's final description, the build's provenance,
    the links of threads. Every triple of the build is stated once, in one of these: as terms, or as
    N-Triples already (a record's: as converted, or as the published build kept it)."""

    statements: Triples | bytes
    record: str = ""  # the IRI of the record whose statements these are (none: the build's others)
    stood: bool = False  # a record's, as the published build stated them (lod.build.standing)

    @property
    def ntriples(self) -> bytes:
        return self.statements if isinstance(self.statements, bytes) else ntriples(self.statements)


@dataclass(frozen=True)
class Described:
    """An entity named by published records, as it stands after all of them: its label and other names."""

    iri: str
    label: str
    names: list[str]
    point: tuple[float, float] | None = None  # a place's latitude and longitude
    times: list[tuple[str, int | None, int | None]] = field(default_factory=list)  # a place's names in time


Event = Published | Rejected | Warned | Stated | Described
Listener = Callable[[Event], None]


def rejected_to(sink: Callable[[dict[str, Any]], None]) -> Listener:
    """A listener that hands each rejection's entry to ``sink`` (the rejects file)."""

    def listen(event: Event) -> None:
        if isinstance(event, Rejected):
            sink(event.entry)

    return listen


def warned_to(sink: Callable[[dict[str, Any]], None]) -> Listener:
    """A listener that hands each warning's entry to ``sink`` (the warnings file)."""

    def listen(event: Event) -> None:
        if isinstance(event, Warned):
            sink(event.entry)

    return listen
