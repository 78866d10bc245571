"""The documents' search engine: Tantivy, beside the catalogue's tables, for every question on a set of
documents (which match, in what order, how many of each facet value, per period, who wrote to whom).

Chosen by measurement over SQLite FTS5 (``bench/README.md``): with FTS5 the cost of a search grew with the
number of documents it matched, since every match came back through SQL to be counted by facet; at a million
records a common word took eleven seconds. Tantivy matches, ranks, counts and aggregates in one pass in Rust.

Each document is one Tantivy document holding its words (folded as :func:`lod.text.searchable` folds
them, so the reader's words meet them alike), a multi-valued column per facet (the catalogue's entity
numbers, years as years), its dates as day numbers, the keys of its citations, and its correspondence
(sender and addressee, sender and copy recipient) for the network. Each text field also holds its adjacent
words two by two as terms (:func:`pairs`): a two-word phrase is looked up as one term, not by reading the
positions of both words in every document that has them. Facet counts are exact: each
segment counts every value (``segment_size``), and a count is refused if Tantivy says it is not.

Counting the facets of a search is most of its cost (ten aggregations over every match), and Tantivy lets go
of Python's lock while it counts: the facets are counted in as many parts at once as the machine has cores,
parts of about equal work (:func:`parts`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import tantivy

from ..errors import StoreError
from ..text import searchable
from .schema import FACETS
from .words import name_forms

DIRECTORY = "catalogue.tantivy"
TEXT_FIELDS = {"title": 10.0, "summary": 4.0, "body": 1.0, "written": 6.0}  # weights, as the reading room ranks
COUNTED = [name for name in FACETS if name != "name"]  # "name": any role, a filter only
ROUTES = ("route", "route_inferred")  # from the place sent from to the place sent to: as written, inferred
UNDATED = 1 << 31  # after every day number, so undated documents sort last
ALL_VALUES = 1 << 24  # segment_size: every value of a facet is counted in every segment (exact)
_HEAP = 64_000_000  # bytes the writer gathers before it writes a segment
_CORES = max(1, min(len(COUNTED), os.cpu_count() or 1))
PAIRS = "pairs_"  # each text field's adjacent words, two by two, as one term: a two-word phrase found as a term
_TOKEN = re.compile(r"[a-z0-9]+")  # Tantivy's default tokenizer on folded (ASCII, lower case) text
_LONG = 40  # and the length from which it drops a word, leaving a gap where it was


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("doc", indexed=True, fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, stored=False, tokenizer_name="default", index_option="position")
        builder.add_text_field(PAIRS + name, stored=False, tokenizer_name="raw", index_option="freq")
    builder.add_text_field("ref", stored=False, tokenizer_name="raw", index_option="basic")
    for name in FACETS:
        builder.add_unsigned_field(f"f_{name}", indexed=True, fast=True)
    for name in ("earliest", "latest"):
        builder.add_integer_field(name, indexed=True, fast=True)
    fast = ("by_date", "by_date_desc", "span_day", "span_month", "span_year", "addressed", "copied")
    for name in (*fast, *ROUTES):
        builder.add_unsigned_field(name, indexed=False, fast=True)
    return builder.build()


SCHEMA = _schema()


def day_number(day: str) -> int:
    return dt.date.fromisoformat(day[:10]).toordinal()


#: a document's texts as the engine indexes them: each field folded, and its pairs of words joined by newlines
Folded = dict[str, str]


def folded(texts: tuple[str, str, str, list[str]]) -> Folded:
    """A document's title, summary, body and names as written, folded as they are indexed
    (:func:`lod.text.searchable`; the names with their joined-up forms), each with its pairs of words
    (:func:`pairs`). Made where the card is packed (a worker, or the published build, which kept it),
    not where the catalogue is written: a build carrying its records over folds none of them again."""
    title, summary, body, written = texts
    fields = {"title": searchable(title), "summary": searchable(summary), "body": searchable(body)}
    fields["written"] = name_forms(written)
    return {**fields, **{PAIRS + name: "\n".join(pairs(text)) for name, text in fields.items()}}


def entry(
    doc: int,
    texts: Folded,
    facets: Iterable[tuple[int, int]],
    earliest: str | None,
    latest: str | None,
    refs: list[str],
    sender: list[int],
    addressees: list[int],
    copies: list[int],
    routes: tuple[list[int], list[int], list[int]] = ([], [], []),
) -> dict[str, Any]:
    """One document as the engine holds it (its texts :func:`folded`)."""
    by_code: dict[int, list[int]] = {}
    for code, value in facets:
        by_code.setdefault(code, []).append(value)
    document: dict[str, Any] = {"doc": doc, "ref": refs, **texts}
    year = FACETS["year"][0]
    names = sorted({v for code, values in by_code.items() if code != year for v in values})
    for name, (code, _) in FACETS.items():
        values = names if name == "name" else by_code.get(code, [])
        if values:
            document[f"f_{name}"] = sorted(values)
    if earliest:
        first, last = dt.date.fromisoformat(earliest), dt.date.fromisoformat(latest or earliest)
        document["earliest"], document["latest"] = first.toordinal(), last.toordinal()
        document["by_date"] = (first.toordinal() << 32) | doc
        document["by_date_desc"] = ((first.toordinal() + 1) << 32) | doc
        document["span_day"] = (first.toordinal() << 32) | last.toordinal()
        document["span_month"] = ((first.year * 12 + first.month) << 32) | (last.year * 12 + last.month)
        document["span_year"] = (first.year << 32) | last.year
    else:
        document["by_date"], document["by_date_desc"] = (UNDATED << 32) | doc, doc
    origins, destinations, inferred = routes
    pairs = [("addressed", sender, addressees), ("copied", sender, copies)]
    pairs += [("route", origins, destinations), ("route_inferred", origins, inferred if not destinations else [])]
    for name, sources, targets in pairs:
        edges = sorted({(s << 32) | t for s in sources for t in targets if s != t})
        if edges:
            document[name] = edges
    return document


class EngineWriter:
    """Writes the engine's documents, in whichever process writes the catalogue."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self._index = tantivy.Index(SCHEMA, path=str(path), reuse=True)
        self._writer: Any = self._index.writer(heap_size=_HEAP, num_threads=1)

    def add(self, documents: Iterable[dict[str, Any]]) -> None:
        for document in documents:
            for name in TEXT_FIELDS:
                joined = document[PAIRS + name]
                document[PAIRS + name] = joined.split("\n") if joined else []
            self._writer.add_document(tantivy.Document.from_dict(document, SCHEMA))

    def close(self) -> None:
        """Commit what was added and let the segments merge (the writer's lock goes with it)."""
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None


class Engine:
    """Questions on one build's documents (read-only; one searcher shared by the process's threads)."""

    def __init__(self, path: Path, values: Mapping[str, int] | None = None) -> None:
        """``values``: how many values each facet holds over every document, to share the counting fairly."""
        if not (path / "meta.json").is_file():
            raise StoreError(
                f"the published build has no search index ({path.name}): publish it again with `lod build` "
                "to search and browse it"
            )
        self._index = tantivy.Index.open(str(path))
        try:  # an index of an earlier version has fields this one no longer matches its questions with
            tantivy.Query.term_query(self._index.schema, PAIRS + "title", "")
        except ValueError:
            raise StoreError(
                f"the published build's search index ({path.name}) was made by an earlier version: publish it "
                "again with `lod build`"
            ) from None
        self.searcher = self._index.searcher()
        self.shares = parts(values or {}, self.documents, _CORES)  # the facets each thread counts

    # --- queries -------------------------------------------------------------------------------------

    @staticmethod
    def words(tokens: list[str], prefix: bool, names: list[int]) -> tantivy.Query:
        """A word, a phrase or a beginning, in any text field (weighted) or through a name it matches."""
        Q = tantivy.Query
        either: list[tuple[tantivy.Occur, tantivy.Query]] = []
        phrase: list[str | tuple[int, str]] = list(tokens)
        for name, weight in TEXT_FIELDS.items():
            if prefix and len(tokens) == 1:
                matching = Q.regex_query(SCHEMA, name, _regex(tokens[0]) + ".*")
            elif prefix:
                matching = Q.phrase_prefix_query(SCHEMA, name, phrase)
            elif len(tokens) == 1:
                matching = Q.term_query(SCHEMA, name, tokens[0])
            elif len(tokens) == 2 and all(_TOKEN.fullmatch(t) and len(t) < _LONG for t in tokens):
                matching = Q.term_query(SCHEMA, PAIRS + name, " ".join(tokens))  # no positions to read
            else:
                matching = Q.phrase_query(SCHEMA, name, phrase)
            either.append((tantivy.Occur.Should, Q.boost_query(matching, weight)))
        if len(tokens) == 1 and tokens[0].isdigit() and not prefix:  # a number: its telegram's too
            either.append((tantivy.Occur.Should, Q.boost_query(Q.term_query(SCHEMA, "ref", f"no:{tokens[0]}"), 10.0)))
        if names:  # matched through a name only: after every match in the text
            either.append((tantivy.Occur.Should, Q.const_score_query(Q.term_set_query(SCHEMA, "f_name", names), 0.0)))
        return Q.boolean_query(either)

    @staticmethod
    def values(facet: str, ids: list[int]) -> tantivy.Query:
        return tantivy.Query.term_set_query(SCHEMA, f"f_{facet}", ids)

    @staticmethod
    def reference(key: str) -> tantivy.Query:
        return tantivy.Query.term_query(SCHEMA, "ref", key)

    @staticmethod
    def period(start: str | None, end: str | None) -> tantivy.Query:
        """Documents whose possible dates meet the period (a range counts where it overlaps)."""
        Q, integer = tantivy.Query, tantivy.FieldType.Integer
        parts = [Q.range_query(SCHEMA, "latest", integer, day_number(start or "0001-01-01"), None)]
        parts.append(Q.range_query(SCHEMA, "earliest", integer, None, day_number(end or "9999-12-31")))
        return Q.boolean_query([(tantivy.Occur.Must, part) for part in parts])

    @staticmethod
    def all(parts: list[tantivy.Query]) -> tantivy.Query:
        if not parts:
            return tantivy.Query.all_query()
        if len(parts) == 1:
            return parts[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, part) for part in parts])

    @staticmethod
    def excluding(query: tantivy.Query) -> tantivy.Query:
        """Every document the query does not match."""
        everything = tantivy.Query.all_query()
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, everything), (tantivy.Occur.MustNot, query)])

    @property
    def documents(self) -> int:
        return int(self.searcher.num_docs)

    @staticmethod
    def dated(query: tantivy.Query, dated: bool = True) -> tantivy.Query:
        occur = tantivy.Occur.Must if dated else tantivy.Occur.MustNot
        exists = tantivy.Query.exists_query("earliest")
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (occur, exists)])

    # --- answers -------------------------------------------------------------------------------------

    def count(self, query: tantivy.Query) -> int:
        return int(self.searcher.search(query, 1, count=True).count)  # type: ignore[attr-defined]  # not in the stub

    def page(self, query: tantivy.Query, size: int, offset: int = 0, order: str = "relevance") -> tuple[int, list[int]]:
        """How many match, and the catalogue numbers of a page of them: by relevance, by date (undated
        last) or by date from the newest ("-date")."""
        fields = {"date": ("by_date", tantivy.Order.Asc), "-date": ("by_date_desc", tantivy.Order.Desc)}
        if order in fields:
            field, direction = fields[order]
            found = self.searcher.search(query, size, count=True, order_by_field=field, offset=offset, order=direction)
        else:
            found = self.searcher.search(query, size, count=True, offset=offset)
        addresses = [address for _, address in found.hits]
        numbers = self.searcher.fast_field_values("doc", addresses) if addresses else []
        total = found.count  # type: ignore[attr-defined]  # not in the stub
        return int(total), [int(n) for n in numbers if n is not None]

    def facet_counts(self, query: tantivy.Query, most: int) -> dict[str, list[tuple[int, int]]]:
        """(value, documents) of each facet among the matches: the ``most`` frequent, every year."""
        requests = [
            {
                name: {
                    "terms": {
                        "field": f"f_{name}",
                        "size": ALL_VALUES if name == "year" else most,
                        "segment_size": ALL_VALUES,
                    }
                }
                for name in part
            }
            for part in self.shares
        ]
        if len(requests) == 1:  # one core: no thread to hand it to
            answers = iter([self.searcher.aggregate(query, requests[0])])
        else:
            answers = _counting().map(lambda request: self.searcher.aggregate(query, request), requests)
        return {name: self._buckets(answer, name) for answered in answers for name, answer in answered.items()}

    def spans(self, query: tantivy.Query, unit: str) -> list[tuple[int, int, int]]:
        """(first, last, documents) of the dated matches: day numbers, months (year * 12 + month) or years."""
        request = {"spans": {"terms": {"field": f"span_{unit}", "size": ALL_VALUES, "segment_size": ALL_VALUES}}}
        buckets = self._buckets(self.searcher.aggregate(query, request)["spans"], "spans")
        return [(key >> 32, key & 0xFFFFFFFF, n) for key, n in buckets]

    def bounds(self, query: tantivy.Query) -> tuple[int, int] | None:
        """The first and the last day the dated matches may mean."""
        request = {"first": {"min": {"field": "earliest"}}, "last": {"max": {"field": "latest"}}}
        answer = self.searcher.aggregate(query, request)
        first, last = answer["first"].get("value"), answer["last"].get("value")
        return None if first is None or last is None else (int(first), int(last))

    def edges(
        self, query: tantivy.Query, kinds: tuple[str, ...] = ("addressed", "copied")
    ) -> dict[str, list[tuple[int, int, int]]]:
        """(sender, addressee or recipient of a copy, documents) among the matches; with ``kinds`` ROUTES,
        (place sent from, place sent to, documents), as written and inferred."""
        request = {kind: {"terms": {"field": kind, "size": ALL_VALUES, "segment_size": ALL_VALUES}} for kind in kinds}
        answer = self.searcher.aggregate(query, request)
        return {
            kind: [(key >> 32, key & 0xFFFFFFFF, n) for key, n in self._buckets(answer[kind], kind)] for kind in request
        }

    @staticmethod
    def _buckets(answer: Mapping[str, Any], name: str) -> list[tuple[int, int]]:
        if answer.get("doc_count_error_upper_bound"):
            raise StoreError(f"the search index counted {name} approximately; it must count exactly")
        return [(int(bucket["key"]), int(bucket["doc_count"])) for bucket in answer.get("buckets", ())]


def pairs(text: str) -> list[str]:
    """Each two adjacent words of a folded text as one term ("the political mood" -> "the political",
    "political mood"): the pairs a phrase query would find at consecutive positions, no more."""
    found: dict[str, None] = {}
    before = ""
    for token in _TOKEN.findall(text):
        if len(token) >= _LONG:  # dropped by the tokenizer: the words either side are not adjacent
            before = ""
            continue
        if before:
            found[f"{before} {token}"] = None
        before = token
    return list(found)


def parts(values: Mapping[str, int], documents: int, cores: int) -> list[list[str]]:
    """The counted facets in ``cores`` parts of about equal work, the largest first into the lightest part.
    A facet's work is a visit to every match and a count of each of its values (``values``: over all
    documents, as the matches are unknown in advance)."""
    loads: list[int] = [0] * cores
    shares: list[list[str]] = [[] for _ in range(cores)]
    for name in sorted(COUNTED, key=lambda n: -values.get(n, 0)):
        lightest = loads.index(min(loads))
        shares[lightest].append(name)
        loads[lightest] += documents + values.get(name, 0)
    return [share for share in shares if share]


_pool: tuple[int, ThreadPoolExecutor] | None = None


def _counting() -> ThreadPoolExecutor:
    """This process's threads for counting facets (made again in a process forked from one that had them)."""
    global _pool
    if _pool is None or _pool[0] != os.getpid():
        _pool = (os.getpid(), ThreadPoolExecutor(_CORES, thread_name_prefix="facets"))
    return _pool[1]


def _regex(token: str) -> str:
    """A folded word as a literal inside Tantivy's regular expression (the words are letters and digits)."""
    return "".join(ch if ch.isalnum() else "\\" + ch for ch in token)
