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

import tantivy

from ..errors import StoreError
from . import views
from .answers import (
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
    Route,
    Selection,
    Stop,
    Timeline,
)
from .citations import code_key, held_by, holding_key
from .engine import ALL_VALUES, DIRECTORY, Engine
from .schema import FACET_OF_CODE, FACETS, FILENAME
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
        self.lock = threading.RLock()  # one statement at a time on the shared connection
        held = self.rows("SELECT facet, sum(n) FROM facet_counts GROUP BY facet")
        self.engine = Engine(path.parent / DIRECTORY, {FACET_OF_CODE[code]: int(n) for code, n in held})

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
        if query.terms:
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

    def matching(self, selection: Selection) -> tantivy.Query | None:
        """The selection as a query of the search engine; None when it selects every document."""
        parts: list[tantivy.Query] = []
        query = selection.query
        whole = self.engine.reference(code_key(query.text)) if query.text.strip() else None
        if whole is not None and self.engine.count(whole):  # a reference code as written: "B 136/59748"
            query = Query(query.text)
            parts.append(whole)
        for (tokens, prefix), term in zip(query.clauses, query.terms, strict=True):
            # in the text, or through a name of an entity the document is linked to in any role
            names = [row[0] for row in self.rows("SELECT rowid FROM entity_text WHERE entity_text MATCH ?", (term,))]
            parts.append(self.engine.words(tokens, prefix, names))
        for citation in query.citations:
            key = citation.key
            if citation.archive:  # "APRF 45/1/346": under the archive of those initials, when one is known
                known = self.candidates(citation.archive, ("archive",), most=1)
                key = held_by(known[0][0].key, key) if known else key
            parts.append(self.engine.reference(key))
        for facet, keys in selection.facets.items():
            parts.append(self.engine.values(facet, self._value_ids(facet, keys)))
        if selection.holding:
            archive, *levels = selection.holding
            parts.append(self.engine.reference(held_by(archive, str(holding_key(*levels)))))
        if selection.start or selection.end:
            parts.append(self.engine.period(selection.start, selection.end))
        return self.engine.all(parts) if parts else None

    def search(self, selection: Selection, page: int = 1, sort: str = "") -> Results:
        sort = sort if sort in SORTS else ("relevance" if selection.query else "date")
        matching = self.matching(selection)
        query = matching or tantivy.Query.all_query()
        total, numbers = self.engine.page(query, PAGE, (page - 1) * PAGE, sort)
        return Results(selection, total, page, sort, self.documents(numbers), self.facets(matching, total))

    def documents(self, numbers: list[int]) -> list[Hit]:
        """The documents of these numbers, in that order."""
        if not numbers:
            return []
        marks = ",".join("?" * len(numbers))
        found = {
            row[0]: Hit(*row[1:])
            for row in self.rows(
                "SELECT id, iri, kind, coalesce(title, iri), date, earliest, latest, summary FROM documents "
                f"WHERE id IN ({marks})",
                numbers,
            )
        }
        return [found[n] for n in numbers if n in found]

    def facets(self, matching: tantivy.Query | None, total: int | None = None) -> dict[str, list[FacetValue]]:
        """The most frequent values of every facet among the ``total`` matching documents, counted exactly:
        for every document as the build counted them; where most documents match, as everything's counts
        less those of the fewer documents that do not; otherwise over the matches."""
        by_facet: dict[str, list[tuple[int, int]]] = defaultdict(list)
        if matching is None or (total is not None and total > self.engine.documents / 2):
            for code, value, count in self.rows("SELECT facet, value, n FROM facet_counts"):
                by_facet[FACET_OF_CODE[code]].append((value, count))
            if matching is not None:
                rest = self.engine.facet_counts(self.engine.excluding(matching), ALL_VALUES)
                for name, counted in rest.items():
                    fewer = dict(counted)
                    by_facet[name] = [(v, n - fewer.get(v, 0)) for v, n in by_facet[name] if n > fewer.get(v, 0)]
        else:
            by_facet.update(self.engine.facet_counts(matching, FACET_VALUES))
        found: dict[str, list[FacetValue]] = {}
        wanted: set[int] = set()
        for name in FACETS:
            values = by_facet.get(name, [])
            if name == "year":
                values.sort()
            else:
                values.sort(key=lambda pair: (-pair[1], pair[0]))
                values = values[:FACET_VALUES]
                wanted.update(value for value, _ in values)
            by_facet[name] = values
        labels: dict[int, tuple[str, str, str]] = {}
        if wanted:
            marks = ",".join("?" * len(wanted))
            for number, key, iri, label in self.rows(
                f"SELECT id, key, iri, coalesce(label, key) FROM entities WHERE id IN ({marks})", list(wanted)
            ):
                labels[number] = (key, iri, label)
        for name in FACETS:
            if name == "year":
                found[name] = [FacetValue(str(v), str(v), n) for v, n in by_facet[name]]
            else:
                found[name] = [
                    FacetValue(labels[v][0], labels[v][2], n, labels[v][1]) for v, n in by_facet[name] if v in labels
                ]
        return found

    def candidates(self, words: str, kinds: tuple[str, ...], most: int = 50) -> list[tuple[Entry, str]]:
        """Entities of the given kinds that any of the words names, best full-text matches first:
        (entry, its names as indexed) for the caller to score."""
        query = Query.parse(words)
        if not query.terms:
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

    def names_of(self, iris: list[str], query: Query | None = None) -> dict[str, list[Named]]:
        """For each record, what it is linked to, by facet ("sender: Terentii Shtykov"); with ``query``, only
        what the words name, so a reader sees why a record was found ("addressee: Joseph Stalin")."""
        if not iris or (query is not None and not query.terms):
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

    def routes(self, selection: Selection, most: int = 60) -> tuple[list[Stop], list[Route]]:
        """Where telegrams went, from the place sent from to the place sent to, among the busiest routes."""
        return views.routes(self, selection, most)

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
