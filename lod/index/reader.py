"""Reading the index: search with facets, browsing entities, counts, holdings, OAI-PMH sets, names.

One :class:`Index` per published build and process (:func:`open_index`), read-only and immutable.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..errors import QueryError, StoreError
from . import views
from .answers import (
    EVERYTHING,
    FACET_VALUES,
    PAGE,
    SORTS,
    Edge,
    Entry,
    FacetValue,
    Hit,
    Named,
    Node,
    Results,
    Selection,
    Timeline,
)
from .schema import FACETS, FILENAME
from .words import Query

_YEAR = FACETS["year"][0]


class Index:
    """Queries on one build's index."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise StoreError(
                f"the published build has no catalogue ({path.name}): publish it again with `lod build` "
                "to search and browse it"
            )
        self.path = path
        uri = f"file:{path}?mode=ro&immutable=1"
        self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self.lock = threading.RLock()  # held across a request's queries on its temporary table of hits

    def rows(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        with self.lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.OperationalError as error:
                raise StoreError(f"the catalogue could not answer: {error}") from None

    # --- entities ----------------------------------------------------------------------------------------

    def entity(self, key: str) -> Entry | None:
        rows = self.rows("SELECT key, iri, kind, label, documents, variants FROM entities WHERE key = ?", (key,))
        return Entry(*rows[0]) if rows else None

    def entity_by_iri(self, iri: str) -> Entry | None:
        rows = self.rows("SELECT key, iri, kind, label, documents, variants FROM entities WHERE iri = ?", (iri,))
        return Entry(*rows[0]) if rows else None

    def document(self, iri: str) -> Hit | None:
        """One record as the catalogue holds it (its dates as published, and the days they may mean)."""
        rows = self.rows(
            "SELECT iri, kind, coalesce(title, iri), date, earliest, latest, summary FROM documents WHERE iri = ?",
            (iri,),
        )
        return Hit(*rows[0]) if rows else None

    def _value_ids(self, facet: str, keys: list[str]) -> list[int]:
        if facet == "year":
            return [int(k) for k in keys if k.isdigit()]
        marks = ",".join("?" * len(keys))
        return [row[0] for row in self.rows(f"SELECT id FROM entities WHERE key IN ({marks})", keys)]

    def browse(self, kind: str, words: str = "", page: int = 1, size: int = 100) -> tuple[int, list[Entry]]:
        """Entities of a kind with the number of documents naming them, most named first."""
        query = Query.parse(words)
        where, params = "kind = ? AND documents > 0", [kind]
        if query:
            where += " AND id IN (SELECT rowid FROM entity_text WHERE entity_text MATCH ?)"
            params.append(" ".join(query.terms))
        total = self.rows(f"SELECT count(*) FROM entities WHERE {where}", params)[0][0]
        rows = self.rows(
            f"SELECT key, iri, kind, label, documents, variants FROM entities WHERE {where} "
            "ORDER BY documents DESC, label LIMIT ? OFFSET ?",
            [*params, size, (page - 1) * size],
        )
        return total, [Entry(*row) for row in rows]

    def counts(self) -> dict[str, int]:
        """How many entities of each kind documents name, and how many documents there are."""
        found = dict(self.rows("SELECT kind, count(*) FROM entities WHERE documents > 0 GROUP BY kind"))
        found["document"] = self.rows("SELECT count(*) FROM documents")[0][0]
        return found

    def holdings(self, archive: str) -> list[tuple[str | None, str | None, str | None, int]]:
        """(fond, opis, delo, documents) for an archive, in natural order."""
        rows = self.rows(
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

    def selected(self, selection: Selection) -> tuple[str, list[Any]]:
        """The matching documents as SQL for the queries that follow: all documents, or a temporary table
        filled once (the words and facets are matched once, not once per query). Call with the lock held."""
        hits_sql, params = self._hits(selection)
        if not params:
            return hits_sql, params
        self.rows("DROP TABLE IF EXISTS temp.hits")
        self.rows("CREATE TEMP TABLE hits (doc INTEGER PRIMARY KEY)")
        self.rows(f"INSERT INTO temp.hits SELECT DISTINCT doc FROM ({hits_sql})", params)
        return "SELECT doc FROM temp.hits", []

    def search(self, selection: Selection, page: int = 1, sort: str = "") -> Results:
        with self.lock:
            return self._search(selection, page, sort)

    def _search(self, selection: Selection, page: int, sort: str) -> Results:
        sort = sort if sort in SORTS else ("relevance" if selection.query else "date")
        hits_sql, params = self.selected(selection)
        total = self.rows(f"SELECT count(*) FROM ({hits_sql})", params)[0][0]
        columns = "d.iri, d.kind, coalesce(d.title, d.iri), d.date, d.earliest, d.latest, d.summary"
        window = [PAGE, (page - 1) * PAGE]
        if sort == "relevance" and selection.query:
            # the text's own matches first (title and names as written weigh most), then matches through names
            anything = " OR ".join(selection.query.terms)
            self.rows("DROP TABLE IF EXISTS temp.scored")
            self.rows("CREATE TEMP TABLE scored (doc INTEGER PRIMARY KEY, s REAL)")
            self.rows(
                "INSERT INTO temp.scored SELECT rowid, bm25(text, 10.0, 4.0, 1.0, 6.0) FROM text WHERE text MATCH ?",
                [anything],
            )
            rows = self.rows(
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
            rows = self.rows(
                f"SELECT {columns} FROM documents d {matching}ORDER BY {order} LIMIT ? OFFSET ?", [*params, *window]
            )
        return Results(selection, total, page, sort, [Hit(*row) for row in rows], self.facets(hits_sql, params))

    def facets(self, hits_sql: str, params: list[Any]) -> dict[str, list[FacetValue]]:
        """The most frequent values of every facet among the matching documents (for all of them, as the
        build counted them)."""
        if hits_sql == EVERYTHING:
            counted = self.rows("SELECT facet, value, n FROM facet_counts")
        else:
            counted = self.rows(  # from each matching document to its facets (CROSS JOIN keeps that order)
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
            for number, key, iri, label in self.rows(
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
        rows = self.rows(
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
        archives = self.rows("SELECT key, label FROM entities WHERE kind = 'archive' AND documents > 0 ORDER BY key")
        years = self.rows(f"SELECT value FROM facet_counts WHERE facet = {_YEAR} ORDER BY value")
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
        with self.lock:
            hits_sql, params = self.selected(Selection(facets=facets))
            total = self.rows(f"SELECT count(*) FROM ({hits_sql})", params)[0][0]
            matching = "" if hits_sql == EVERYTHING else f"AND d.id IN ({hits_sql}) "
            rows = self.rows(
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
        for iri, code, label, key, entity in self.rows(
            f"""SELECT d.iri, f.facet, coalesce(e.label, e.key), e.key, e.iri FROM documents d
                JOIN facets f ON f.doc = d.id JOIN entities e ON e.id = f.value
                WHERE d.iri IN ({marks}) AND f.facet != {_YEAR} {matching}ORDER BY d.id, f.facet, e.label""",
            params,
        ):
            found[iri].append(Named(roles[code], label, key, entity))
        return found

    # --- the index seen whole (lod/index/views.py) -------------------------------------------------------

    def timeline(self, selection: Selection, drawn: int = 150) -> Timeline:
        """Documents per period; a range of possible dates counts as possible in every period it overlaps."""
        return views.timeline(self, selection, drawn)

    def network(self, selection: Selection, most: int = 40) -> tuple[list[Node], list[Edge]]:
        """Who wrote to whom (and who got copies), among the ``most`` busiest correspondents."""
        return views.network(self, selection, most)

    def thread(self, iri: str, most: int = 100) -> list[tuple[Hit, str | None, str]]:
        """The documents linked to this one by replies and references, oldest first."""
        return views.thread(self, iri, most)


_OPEN: dict[str, Index] = {}
_OPENING = threading.Lock()


def open_index(build: Path) -> Index:
    """The index of a published build directory, opened once per process."""
    path = build / FILENAME
    key = str(path)
    aid = _OPEN.get(key)
    if aid is None:
        with _OPENING:
            aid = _OPEN.get(key) or Index(path)
            _OPEN.clear()  # an older build's catalogue is no longer read
            _OPEN[key] = aid
    return aid


def _natural(value: str | None) -> tuple[int, int, str]:
    """Sort key: "2" before "10", "059a" after "45", missing levels first."""
    if value is None:
        return (0, 0, "")
    number = re.match(r"\d+", value)
    return (1, int(number[0]) if number else 1 << 30, value)
