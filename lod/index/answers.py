"""What the index answers: a reader's selection, hits, facet values, results, entries, timelines and
networks, as plain values the pages and protocols render."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..errors import QueryError
from .schema import FACETS, day_span
from .words import Query

PAGE = 20
FACET_VALUES = 12  # values shown per facet
SORTS = ("relevance", "date", "-date")
MOST_VALUES = 20  # values of one facet a selection may name
_YEAR = FACETS["year"][0]
_SENDER, _ADDRESSEE, _COPY = FACETS["sender"][0], FACETS["addressee"][0], FACETS["copy"][0]


@dataclass
class Selection:
    """What a reader asked for: words, facet values, an archive's fond/opis/delo, a period."""

    query: Query = field(default_factory=lambda: Query.parse(""))
    facets: dict[str, list[str]] = field(default_factory=dict)  # facet -> keys ("person/shtykov", "1950")
    holding: tuple[str, ...] = ()  # archive key, fond, opis, delo: as far as given
    start: str | None = None  # "1950", "1950-07" or "1950-07-01": the period's first day (inclusive)
    end: str | None = None

    @classmethod
    def from_args(cls, args: Any) -> Selection:
        """From request arguments: q, one parameter per facet (repeatable), fond/opis/delo, from, to."""
        facets = {name: [v for v in args.getlist(name) if v][:MOST_VALUES] for name in FACETS if args.getlist(name)}
        facets = {name: values for name, values in facets.items() if values}
        holding: tuple[str, ...] = ()
        if facets.get("archive") and len(facets["archive"]) == 1:
            levels = [args.get(level, "") for level in ("fond", "opis", "delo")]
            given = []
            for level in levels:
                if not level:
                    break
                given.append(level)
            if given:
                holding = (facets["archive"][0], *given)
        words = Query.parse(args.get("q", ""), cite=True)
        return cls(words, facets, holding, _day(args.get("from")), _day(args.get("to"), True))

    def arguments(self) -> list[tuple[str, str]]:
        """The selection as URL arguments (to link to it, or add one facet value to it)."""
        pairs = [("q", self.query.text)] if self.query.text.strip() else []
        pairs += [(name, value) for name, values in self.facets.items() for value in values]
        pairs += list(zip(("fond", "opis", "delo"), self.holding[1:], strict=False))
        if self.start:
            pairs.append(("from", self.start))
        if self.end:
            pairs.append(("to", self.end))
        return pairs


def _day(text: str | None, last: bool = False) -> str | None:
    """ "1950" -> 1950-01-01 (or 1950-12-31 for the end of a period); None if it is no date."""
    if not text:
        return None
    text = text.strip()
    span = day_span(text) if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text) else None
    if span is None:
        raise QueryError(f"{text!r} is not a date: write a year (1950), a month (1950-07) or a day (1950-07-01)")
    return span[1] if last else span[0]


@dataclass
class Hit:
    iri: str
    kind: str
    title: str
    date: str | None
    earliest: str | None
    latest: str | None
    summary: str | None

    @property
    def uncertain(self) -> bool:
        return self.earliest != self.latest


class Named(NamedTuple):
    """An entity a record is linked to, in one role."""

    role: str  # the facet: sender, addressee, place, ...
    label: str
    key: str  # "person/shtykov"
    iri: str


@dataclass
class FacetValue:
    key: str
    label: str
    count: int
    iri: str | None = None


@dataclass
class Results:
    selection: Selection
    total: int
    page: int
    sort: str
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PAGE))


@dataclass
class Entry:
    """An entity as a browse page lists it."""

    key: str
    iri: str
    kind: str
    label: str
    documents: int
    variants: str = ""  # every other spelling and code name, "; "-separated


@dataclass
class Bin:
    label: str
    start: str
    end: str
    certain: int = 0
    possible: int = 0  # documents whose dates may fall here (a range that overlaps this period)


@dataclass
class Timeline:
    bins: list[Bin]
    unit: str  # "year", "month" or "day"
    first: str | None
    last: str | None
    dated: int
    undated: int
    documents: list[Hit]  # each with its range, when few enough to draw one by one


@dataclass
class Node:
    key: str
    iri: str
    label: str
    sent: int = 0
    received: int = 0


@dataclass
class Edge:
    source: str
    target: str
    count: int
    kind: str  # "addressed" or "copied"


@dataclass
class Stop:
    """A place on the map: where it is, what it was called in the period drawn, how many went and came."""

    key: str
    iri: str
    label: str
    latitude: float | None
    longitude: float | None
    sent: int = 0
    received: int = 0


@dataclass
class Route:
    """Telegrams from one place to another: as written, and with the destination inferred from the post."""

    source: str
    target: str
    written: int = 0
    inferred: int = 0

    @property
    def count(self) -> int:
        return self.written + self.inferred
