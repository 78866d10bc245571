"""The finding aid: the catalogue read for the reading room (search, browse, timeline, network, threads).

Opened read-only on the published build's ``catalogue.sqlite``; a build never changes once
published, so the file is opened immutable (no locks) and reopened when a new build is published.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sqlite3
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .catalogue import FACETS, FILENAME, OWN, REFERENCE, REPLY, Query, day_span
from .errors import QueryError, StoreError
from .text import searchable

PAGE = 20
EVERYTHING = "SELECT id AS doc FROM documents"
FACET_VALUES = 12  # values shown per facet
SORTS = ("relevance", "date", "-date")
MOST_VALUES = 20  # values of one facet a selection may name
_YEAR = FACETS["year"][0]
_SENDER, _ADDRESSEE, _COPY = FACETS["sender"][0], FACETS["addressee"][0], FACETS["copy"][0]
_WORD = re.compile(r"\w+(?:['’]\w+)*")


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
        return cls(Query.parse(args.get("q", "")), facets, holding, _day(args.get("from")), _day(args.get("to"), True))

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


class FindingAid:
    """Queries on one build's catalogue."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise StoreError(
                f"the published build has no catalogue ({path.name}): publish it again with `lod build` "
                "to search and browse it"
            )
        self.path = path
        uri = f"file:{path}?mode=ro&immutable=1"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._lock = threading.RLock()  # held across a request's queries on its temporary table of hits

    def _rows(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.OperationalError as error:
                raise StoreError(f"the catalogue could not answer: {error}") from None

    # --- entities ----------------------------------------------------------------------------------------

    def entity(self, key: str) -> Entry | None:
        rows = self._rows("SELECT key, iri, kind, label, documents, variants FROM entities WHERE key = ?", (key,))
        return Entry(*rows[0]) if rows else None

    def entity_by_iri(self, iri: str) -> Entry | None:
        rows = self._rows("SELECT key, iri, kind, label, documents, variants FROM entities WHERE iri = ?", (iri,))
        return Entry(*rows[0]) if rows else None

    def document(self, iri: str) -> Hit | None:
        """One record as the catalogue holds it (its dates as published, and the days they may mean)."""
        rows = self._rows(
            "SELECT iri, kind, coalesce(title, iri), date, earliest, latest, summary FROM documents WHERE iri = ?",
            (iri,),
        )
        return Hit(*rows[0]) if rows else None

    def _value_ids(self, facet: str, keys: list[str]) -> list[int]:
        if facet == "year":
            return [int(k) for k in keys if k.isdigit()]
        marks = ",".join("?" * len(keys))
        return [row[0] for row in self._rows(f"SELECT id FROM entities WHERE key IN ({marks})", keys)]

    def browse(self, kind: str, words: str = "", page: int = 1, size: int = 100) -> tuple[int, list[Entry]]:
        """Entities of a kind with the number of documents naming them, most named first."""
        query = Query.parse(words)
        where, params = "kind = ? AND documents > 0", [kind]
        if query:
            where += " AND id IN (SELECT rowid FROM entity_text WHERE entity_text MATCH ?)"
            params.append(" ".join(query.terms))
        total = self._rows(f"SELECT count(*) FROM entities WHERE {where}", params)[0][0]
        rows = self._rows(
            f"SELECT key, iri, kind, label, documents, variants FROM entities WHERE {where} "
            "ORDER BY documents DESC, label LIMIT ? OFFSET ?",
            [*params, size, (page - 1) * size],
        )
        return total, [Entry(*row) for row in rows]

    def counts(self) -> dict[str, int]:
        """How many entities of each kind documents name, and how many documents there are."""
        found = dict(self._rows("SELECT kind, count(*) FROM entities WHERE documents > 0 GROUP BY kind"))
        found["document"] = self._rows("SELECT count(*) FROM documents")[0][0]
        return found

    def holdings(self, archive: str) -> list[tuple[str | None, str | None, str | None, int]]:
        """(fond, opis, delo, documents) for an archive, in natural order."""
        rows = self._rows(
            "SELECT h.fond, h.opis, h.delo, count(DISTINCT h.doc) FROM holdings h JOIN entities e ON e.id = h.archive "
            "WHERE e.key = ? GROUP BY h.fond, h.opis, h.delo",
            (archive,),
        )
        return sorted(rows, key=lambda row: tuple(_natural(v) for v in row[:3]))

    # --- searching -----------------------------------------------------------------------------------------

    def _hits(self, selection: Selection) -> tuple[str, list[Any]]:
        """SQL for the set of matching documents' numbers (column ``doc``), and its parameters."""
        parts: list[str] = []
        params: list[Any] = []
        for term in selection.query.terms:  # in the text, or in a name of an entity the document is linked to
            parts.append(
                "SELECT doc FROM (SELECT rowid AS doc FROM text WHERE text MATCH ? UNION SELECT doc FROM facets "
                f"WHERE value IN (SELECT rowid FROM entity_text WHERE entity_text MATCH ?) AND facet != {_YEAR})"
            )
            params += [term, term]
        for facet, keys in selection.facets.items():
            ids = self._value_ids(facet, keys)
            marks = ",".join("?" * len(ids)) or "NULL"
            if facet == "name":  # in any role
                parts.append(f"SELECT DISTINCT doc FROM facets WHERE facet != {_YEAR} AND value IN ({marks})")
                params += ids
            else:
                parts.append(f"SELECT doc FROM facets WHERE facet = ? AND value IN ({marks})")
                params += [FACETS[facet][0], *ids]
        if selection.holding:
            levels = [
                "e.key = ?",
                *(f"h.{level} = ?" for level in ("fond", "opis", "delo")[: len(selection.holding) - 1]),
            ]
            parts.append(
                "SELECT h.doc AS doc FROM holdings h JOIN entities e ON e.id = h.archive WHERE " + " AND ".join(levels)
            )
            params += list(selection.holding)
        if selection.start or selection.end:
            parts.append("SELECT id AS doc FROM documents WHERE latest >= ? AND earliest <= ?")
            params += [selection.start or "0000", selection.end or "9999"]
        if not parts:
            return EVERYTHING, []
        return " INTERSECT ".join(parts), params

    def _selected(self, selection: Selection) -> tuple[str, list[Any]]:
        """The matching documents as SQL for the queries that follow: all documents, or a temporary table
        filled once (the words and facets are matched once, not once per query). Call with the lock held."""
        hits_sql, params = self._hits(selection)
        if not params:
            return hits_sql, params
        self._rows("DROP TABLE IF EXISTS temp.hits")
        self._rows("CREATE TEMP TABLE hits (doc INTEGER PRIMARY KEY)")
        self._rows(f"INSERT INTO temp.hits SELECT DISTINCT doc FROM ({hits_sql})", params)
        return "SELECT doc FROM temp.hits", []

    def search(self, selection: Selection, page: int = 1, sort: str = "") -> Results:
        with self._lock:
            return self._search(selection, page, sort)

    def _search(self, selection: Selection, page: int, sort: str) -> Results:
        sort = sort if sort in SORTS else ("relevance" if selection.query else "date")
        hits_sql, params = self._selected(selection)
        total = self._rows(f"SELECT count(*) FROM ({hits_sql})", params)[0][0]
        columns = "d.iri, d.kind, coalesce(d.title, d.iri), d.date, d.earliest, d.latest, d.summary"
        window = [PAGE, (page - 1) * PAGE]
        if sort == "relevance" and selection.query:
            # the text's own matches first (title and names as written weigh most), then matches through names
            anything = " OR ".join(selection.query.terms)
            self._rows("DROP TABLE IF EXISTS temp.scored")
            self._rows("CREATE TEMP TABLE scored (doc INTEGER PRIMARY KEY, s REAL)")
            self._rows(
                "INSERT INTO temp.scored SELECT rowid, bm25(text, 10.0, 4.0, 1.0, 6.0) FROM text WHERE text MATCH ?",
                [anything],
            )
            rows = self._rows(
                f"SELECT {columns} FROM ({hits_sql}) AS hits JOIN documents d ON d.id = hits.doc "
                "LEFT JOIN temp.scored ON scored.doc = hits.doc "
                "ORDER BY coalesce(scored.s, 0), d.earliest, d.id LIMIT ? OFFSET ?",
                [*params, *window],
            )
        else:  # by date, undated last: in the order of the index on dates, keeping the matching documents
            matching = "" if hits_sql == EVERYTHING else f"WHERE d.id IN ({hits_sql}) "
            order = (
                "d.earliest IS NOT NULL DESC, d.earliest DESC, d.id DESC"
                if sort == "-date"
                else "d.earliest IS NULL, d.earliest, d.id"
            )
            rows = self._rows(
                f"SELECT {columns} FROM documents d {matching}ORDER BY {order} LIMIT ? OFFSET ?", [*params, *window]
            )
        return Results(selection, total, page, sort, [Hit(*row) for row in rows], self.facets(hits_sql, params))

    def facets(self, hits_sql: str, params: list[Any]) -> dict[str, list[FacetValue]]:
        """The most frequent values of every facet among the matching documents (for all of them, as the
        build counted them)."""
        if hits_sql == EVERYTHING:
            counted = self._rows("SELECT facet, value, n FROM facet_counts")
        else:
            counted = self._rows(  # from each matching document to its facets (CROSS JOIN keeps that order)
                f"SELECT f.facet, f.value, count(*) AS n FROM ({hits_sql}) AS hits CROSS JOIN facets f "
                "ON f.doc = hits.doc GROUP BY f.facet, f.value",
                params,
            )
        by_facet: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for code, value, count in counted:
            by_facet[code].append((count, value))
        found: dict[str, list[FacetValue]] = {}
        wanted: set[int] = set()
        for name, (code, _) in FACETS.items():
            values = by_facet.get(code, [])
            if name == "year":
                values.sort(key=lambda pair: pair[1])
            else:
                values.sort(key=lambda pair: -pair[0])
                values = values[:FACET_VALUES]
                wanted.update(value for _, value in values)
            by_facet[code] = values
        labels: dict[int, tuple[str, str, str]] = {}
        if wanted:
            marks = ",".join("?" * len(wanted))
            for number, key, iri, label in self._rows(
                f"SELECT id, key, iri, coalesce(label, key) FROM entities WHERE id IN ({marks})", list(wanted)
            ):
                labels[number] = (key, iri, label)
        for name, (code, _) in FACETS.items():
            if name == "year":
                found[name] = [FacetValue(str(v), str(v), n) for n, v in by_facet[code]]
            else:
                found[name] = [
                    FacetValue(labels[v][0], labels[v][2], n, labels[v][1]) for n, v in by_facet[code] if v in labels
                ]
        return found

    def candidates(self, words: str, kinds: tuple[str, ...], most: int = 50) -> list[tuple[Entry, str]]:
        """Entities of the given kinds that any of the words names, best full-text matches first:
        (entry, its names as indexed) for the caller to score."""
        query = Query.parse(words)
        if not query:
            return []
        marks = ",".join("?" * len(kinds))
        rows = self._rows(
            f"""SELECT e.key, e.iri, e.kind, coalesce(e.label, e.key), e.documents, e.variants, e.names
                FROM entity_text JOIN entities e ON e.id = entity_text.rowid
                WHERE entity_text MATCH ? AND e.kind IN ({marks})
                ORDER BY bm25(entity_text), e.documents DESC LIMIT ?""",
            [" OR ".join(query.terms), *kinds, most],
        )
        return [(Entry(*row[:6]), row[6]) for row in rows]

    # --- harvesting ---------------------------------------------------------------------------------------

    def sets(self) -> list[tuple[str, str]]:
        """OAI-PMH sets: (setSpec, setName) for each archive that holds records, and each year."""
        archives = self._rows("SELECT key, label FROM entities WHERE kind = 'archive' AND documents > 0 ORDER BY key")
        years = self._rows(f"SELECT value FROM facet_counts WHERE facet = {_YEAR} ORDER BY value")
        return [("archive:" + key.split("/", 1)[1], label or key) for key, label in archives] + [
            (f"year:{year}", f"Records dated {year}") for (year,) in years
        ]

    def harvest(self, set_spec: str | None, after: int, size: int) -> tuple[int, list[tuple[int, Hit]]]:
        """Records in the order of their numbers, from the one after ``after``: (how many in all, a page
        of (number, record)). ``set_spec`` is ``archive:{key}`` or ``year:{yyyy}``; StoreError if neither."""
        facets: dict[str, list[str]] = {}
        if set_spec:
            kind, _, value = set_spec.partition(":")
            if kind == "archive" and value:
                facets = {"archive": [f"archive/{value}"]}
            elif kind == "year" and value.isdigit():
                facets = {"year": [value]}
            else:
                raise QueryError(f"there is no set {set_spec!r}: sets are archive:KEY and year:YYYY")
        with self._lock:
            hits_sql, params = self._selected(Selection(facets=facets))
            total = self._rows(f"SELECT count(*) FROM ({hits_sql})", params)[0][0]
            matching = "" if hits_sql == EVERYTHING else f"AND d.id IN ({hits_sql}) "
            rows = self._rows(
                "SELECT d.id, d.iri, d.kind, coalesce(d.title, d.iri), d.date, d.earliest, d.latest, d.summary "
                f"FROM documents d WHERE d.id > ? {matching}ORDER BY d.id LIMIT ?",
                [after, *params, size],
            )
        return total, [(row[0], Hit(*row[1:])) for row in rows]

    def names_of(self, iris: list[str], query: Query | None = None) -> dict[str, list[Named]]:
        """For each record, what it is linked to, by facet ("sender: Terentii Shtykov"); with ``query``, only
        what the words name, so a reader sees why a record was found ("addressee: Joseph Stalin")."""
        if not iris or (query is not None and not query):
            return {}
        marks = ",".join("?" * len(iris))
        matching, params = "", list(iris)
        if query is not None:
            matching = "AND e.id IN (SELECT rowid FROM entity_text WHERE entity_text MATCH ?) "
            params.append(" OR ".join(query.terms))
        found: dict[str, list[Named]] = defaultdict(list)
        roles = {code: name for name, (code, _) in FACETS.items()}
        for iri, code, label, key, entity in self._rows(
            f"""SELECT d.iri, f.facet, coalesce(e.label, e.key), e.key, e.iri FROM documents d
                JOIN facets f ON f.doc = d.id JOIN entities e ON e.id = f.value
                WHERE d.iri IN ({marks}) AND f.facet != {_YEAR} {matching}ORDER BY d.id, f.facet, e.label""",
            params,
        ):
            found[iri].append(Named(roles[code], label, key, entity))
        return found

    # --- time ----------------------------------------------------------------------------------------------

    def timeline(self, selection: Selection, drawn: int = 150) -> Timeline:
        """Documents per period; a range of possible dates counts as possible in every period it overlaps."""
        with self._lock:
            return self._timeline(selection, drawn)

    def _timeline(self, selection: Selection, drawn: int) -> Timeline:
        hits_sql, params = self._selected(selection)
        spans = self._rows(
            f"SELECT d.earliest, d.latest, count(*) FROM ({hits_sql}) AS hits JOIN documents d ON d.id = hits.doc "
            "WHERE d.earliest IS NOT NULL GROUP BY d.earliest, d.latest",
            params,
        )
        undated = self._rows(
            f"SELECT count(*) FROM ({hits_sql}) AS hits JOIN documents d ON d.id = hits.doc WHERE d.earliest IS NULL",
            params,
        )[0][0]
        dated = sum(n for _, _, n in spans)
        if not spans:
            return Timeline([], "year", None, None, 0, undated, [])
        first = min(e for e, _, _ in spans)
        last = max(latest or e for e, latest, _ in spans)
        days = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days
        unit = "day" if days <= 62 else "month" if days <= 5 * 366 else "year"
        bins = _periods(first, last, unit)
        starts = [b.start for b in bins]
        import bisect

        for earliest, latest, count in spans:
            latest = latest or earliest
            low = bisect.bisect_right(starts, earliest) - 1
            high = bisect.bisect_right(starts, latest) - 1
            if low == high:
                bins[low].certain += count
            else:
                for index in range(max(low, 0), high + 1):
                    bins[index].possible += count
        documents: list[Hit] = []
        if dated <= drawn:
            rows = self._rows(
                "SELECT d.iri, d.kind, coalesce(d.title, d.iri), d.date, d.earliest, d.latest, d.summary "
                f"FROM ({hits_sql}) AS hits JOIN documents d ON d.id = hits.doc WHERE d.earliest IS NOT NULL "
                "ORDER BY d.earliest, d.latest, d.id",
                params,
            )
            documents = [Hit(*row) for row in rows]
        return Timeline(bins, unit, first, last, dated, undated, documents)

    # --- correspondence ------------------------------------------------------------------------------------

    def network(self, selection: Selection, most: int = 40) -> tuple[list[Node], list[Edge]]:
        """Who wrote to whom (and who got copies), among the ``most`` busiest correspondents."""
        with self._lock:
            return self._network(selection, most)

    def _network(self, selection: Selection, most: int) -> tuple[list[Node], list[Edge]]:
        hits_sql, params = self._selected(selection)
        edges: list[tuple[int, int, int, str]] = []
        for facet, kind in ((_ADDRESSEE, "addressed"), (_COPY, "copied")):
            if hits_sql == EVERYTHING:  # counted by the build
                counted = self._rows("SELECT source, target, n FROM correspondence WHERE facet = ?", (facet,))
            else:
                counted = self._rows(
                    f"""SELECT s.value, t.value, count(*) FROM ({hits_sql}) AS hits
                        JOIN facets s ON s.doc = hits.doc AND s.facet = {_SENDER}
                        JOIN facets t ON t.doc = hits.doc AND t.facet = {facet}
                        WHERE s.value != t.value GROUP BY s.value, t.value""",
                    params,
                )
            edges += [(source, target, count, kind) for source, target, count in counted]
        weight: defaultdict[int, int] = defaultdict(int)
        for source, target, count, _ in edges:
            weight[source] += count
            weight[target] += count
        chosen = sorted(weight, key=lambda n: -weight[n])[:most]
        if not chosen:
            return [], []
        marks = ",".join("?" * len(chosen))
        nodes = {
            number: Node(key, iri, label or key)
            for number, key, iri, label in self._rows(
                f"SELECT id, key, iri, label FROM entities WHERE id IN ({marks})", chosen
            )
        }
        kept: list[Edge] = []
        for source, target, count, kind in sorted(edges, key=lambda e: -e[2]):
            if source in nodes and target in nodes:
                if kind == "addressed":
                    nodes[source].sent += count
                    nodes[target].received += count
                kept.append(Edge(nodes[source].key, nodes[target].key, count, kind))
        ordered = sorted(nodes.values(), key=lambda n: -(n.sent + n.received))
        return ordered, kept

    def thread(self, iri: str, most: int = 100) -> list[tuple[Hit, str | None, str]]:
        """The documents linked to this one by replies and references, oldest first:
        (document, the IRI of the one it answers or continues, how: "reply" or "reference")."""
        rows = self._rows(
            f"""WITH RECURSIVE linked(doc) AS (
                    SELECT id FROM documents WHERE iri = ?
                    UNION SELECT to_doc FROM replies JOIN linked ON replies.doc = linked.doc
                    UNION SELECT replies.doc FROM replies JOIN linked ON replies.to_doc = linked.doc
                    LIMIT {most})
                SELECT d.iri, d.kind, coalesce(d.title, d.iri), d.date, d.earliest, d.latest, d.summary,
                       (SELECT t.iri FROM replies r JOIN documents t ON t.id = r.to_doc WHERE r.doc = d.id
                        ORDER BY r.role LIMIT 1),
                       (SELECT r.role FROM replies r WHERE r.doc = d.id ORDER BY r.role LIMIT 1)
                FROM linked JOIN documents d ON d.id = linked.doc ORDER BY d.earliest, d.id""",
            (iri,),
        )
        if len(rows) < 2:
            return []
        how = {REPLY: "reply", REFERENCE: "reference", OWN: "reference", None: ""}
        return [(Hit(*row[:7]), row[7], how.get(row[8], "")) for row in rows]


def _natural(value: str | None) -> tuple[int, int, str]:
    """Sort key: "2" before "10", "059a" after "45", missing levels first."""
    if value is None:
        return (0, 0, "")
    number = re.match(r"\d+", value)
    return (1, int(number[0]) if number else 1 << 30, value)


def _periods(first: str, last: str, unit: str) -> list[Bin]:
    """Consecutive periods (years, months or days) from the one holding ``first`` to the one holding ``last``."""
    bins: list[Bin] = []
    start = dt.date.fromisoformat(first)
    end = dt.date.fromisoformat(last)
    if unit == "year":
        for year in range(start.year, end.year + 1):
            bins.append(Bin(str(year), f"{year:04d}-01-01", f"{year:04d}-12-31"))
    elif unit == "month":
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            label = dt.date(year, month, 1).strftime("%b %Y")
            bins.append(Bin(label, f"{year:04d}-{month:02d}-01", (following - dt.timedelta(days=1)).isoformat()))
            year, month = following.year, following.month
    else:
        day = start
        while day <= end:
            bins.append(Bin(f"{day.day} {day:%b %Y}", day.isoformat(), day.isoformat()))
            day += dt.timedelta(days=1)
    return bins


def snippet(text: str, query: Query, width: int = 14) -> list[tuple[str, bool]] | None:
    """The words around the first place ``text`` matches the query, as (text, matched) pieces; None if
    it does not match. Words are compared folded, as the index compares them."""
    if not text or not query.words:
        return None
    words = list(_WORD.finditer(text))
    wanted = query.words

    def matches(word: str) -> bool:
        folded = searchable(word).replace("'", "").replace("’", "")
        return any(folded.startswith(w) if prefix else folded == w for w, prefix in wanted)

    hits = [i for i, w in enumerate(words) if matches(w[0])]
    if not hits:
        return None
    start_word = max(0, hits[0] - width)
    end_word = min(len(words) - 1, hits[0] + width)
    begin, finish = words[start_word].start(), words[end_word].end()
    pieces: list[tuple[str, bool]] = [("… " if begin > 0 else "", False)]
    position = begin
    for index in hits:
        if index > end_word:
            break
        if index < start_word:
            continue
        match = words[index]
        pieces.append((text[position : match.start()], False))
        pieces.append((match[0], True))
        position = match.end()
    pieces.append((text[position:finish] + (" …" if finish < len(text) else ""), False))
    return [(piece, marked) for piece, marked in pieces if piece]


_OPEN: dict[str, FindingAid] = {}
_OPENING = threading.Lock()


def finding_aid(build: Path) -> FindingAid:
    """The finding aid of a published build directory, opened once per process."""
    path = build / FILENAME
    key = str(path)
    aid = _OPEN.get(key)
    if aid is None:
        with _OPENING:
            aid = _OPEN.get(key) or FindingAid(path)
            _OPEN.clear()  # an older build's catalogue is no longer read
            _OPEN[key] = aid
    return aid
