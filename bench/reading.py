"""The reading room's questions: search, facets, timeline, network, in process and over HTTP.

First what ``/search``, ``/timeline`` and ``/network`` ask of the index for one request, timed in this
process the same way as the SPARQL mix (three warm-up runs, then repeated for the given seconds); then the
same questions as pages, from gunicorn as ``make serve`` runs it, driven by ``wrk`` at each concurrency.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from lod.index import FILENAME, Index, Query, Selection

from .common import percentile, table
from .mix import database


def _selection(words: str = "", start: str | None = None, end: str | None = None, **facets: str) -> Selection:
    return Selection(Query.parse(words, cite=True), {name: [value] for name, value in facets.items()}, (), start, end)


#: (name, what a reader does, the call)
QUESTIONS: list[tuple[str, str, Callable[[Index], Any]]] = [
    ("variant", "search a transliteration: Pak Hon Yong", lambda a: a.search(_selection("Pak Hon Yong"))),
    ("code_name", "search a code name: Feng Xi", lambda a: a.search(_selection("Feng Xi"))),
    ("common", "search a common word: government", lambda a: a.search(_selection("government"))),
    ("phrase", 'search a phrase: "political mood"', lambda a: a.search(_selection('"political mood"'))),
    ("prefix", "search a word's beginning: Shtyk*", lambda a: a.search(_selection("Shtyk*"))),
    ("facet", "every record Stalin received", lambda a: a.search(_selection(addressee="person/stalin"))),
    ("facet_words", "Korea in 1950", lambda a: a.search(_selection("Korea", year="1950"))),
    ("everything", "browse everything by date, with facets", lambda a: a.search(_selection())),
    ("timeline", "the timeline of everything", lambda a: a.timeline(_selection())),
    ("timeline_person", "Stalin's timeline", lambda a: a.timeline(_selection(name="person/stalin"))),
    ("network", "the network of everything", lambda a: a.network(_selection())),
    ("network_year", "the network of 1950", lambda a: a.network(_selection("", "1950-01-01", "1950-12-31"))),
    ("browse", "persons, most named first", lambda a: a.browse("person")),
    ("citation", "a citation: Fond 45, Opis 1, Delo 346", lambda a: a.search(_selection("Fond 45, Opis 1, Delo 346"))),
]

#: (name, the page a reader opens): the same questions over HTTP
PAGES: list[tuple[str, str]] = [
    ("variant", "/search?" + urlencode({"q": "Pak Hon Yong"})),
    ("code_name", "/search?" + urlencode({"q": "Feng Xi"})),
    ("common", "/search?" + urlencode({"q": "government"})),
    ("phrase", "/search?" + urlencode({"q": '"political mood"'})),
    ("prefix", "/search?" + urlencode({"q": "Shtyk*"})),
    ("facet", "/search?" + urlencode({"addressee": "person/stalin"})),
    ("facet_words", "/search?" + urlencode({"q": "Korea", "year": "1950"})),
    ("everything", "/search"),
    ("timeline", "/timeline"),
    ("timeline_person", "/timeline?" + urlencode({"name": "person/stalin"})),
    ("network", "/network"),
    ("network_year", "/network?" + urlencode({"from": "1950", "to": "1950"})),
    ("browse", "/browse/persons"),
    ("citation", "/search?" + urlencode({"q": "Fond 45, Opis 1, Delo 346"})),
]


def run(store: Path, records: int, seconds: float, concurrency: list[int] | None = None) -> dict[str, Any]:
    path = database(store).parent / FILENAME
    aid = Index(path)
    files = [path, *(f for f in path.with_suffix(".tantivy").rglob("*") if f.is_file())]
    figures: dict[str, Any] = {"catalogue_mb": round(sum(f.stat().st_size for f in files if f.exists()) / 1e6, 1)}
    rows = []
    for name, description, call in QUESTIONS:
        for _ in range(3):
            call(aid)
        times: list[float] = []
        deadline = time.perf_counter() + seconds
        while len(times) < 5 or (time.perf_counter() < deadline and len(times) < 500):
            started = time.perf_counter()
            answer = call(aid)
            times.append((time.perf_counter() - started) * 1000)
        total = getattr(answer, "total", None)
        figures[name] = {
            "question": description,
            "runs": len(times),
            "p50_ms": round(percentile(times, 50), 2),
            "p99_ms": round(percentile(times, 99), 2),
            "found": total,
        }
        rows.append([description, len(times), figures[name]["p50_ms"], figures[name]["p99_ms"], total or ""])
    print(f"The reading room in process, {records:,} records (index {figures['catalogue_mb']} MB) (ms)")
    print(table(["question", "runs", "p50", "p99", "found"], rows))
    if concurrency:
        figures["http"] = pages(store, records, seconds, concurrency)
    return {"records": records, **figures}


def pages(store: Path, records: int, seconds: float, concurrency: list[int]) -> dict[str, Any]:
    """The questions as pages from gunicorn (2 workers), at each concurrency: p50 and p99 (ms), requests/s."""
    from .http import ours, wrk

    found: dict[str, Any] = {}
    with ours(store) as server:
        for name, path in PAGES:
            found[name] = {str(c): wrk(server.base + path, "text/html", c, seconds) for c in concurrency}
    described = dict((name, description) for name, description, _ in QUESTIONS)
    heads = ["page"] + [f"{label} c={c}" for c in concurrency for label in ("p50", "p99", "req/s")]
    rows = [
        [described.get(name, name)]
        + [found[name][str(c)].get(key, "") for c in concurrency for key in ("p50_ms", "p99_ms", "requests_per_s")]
        for name, _ in PAGES
    ]
    print(f"The reading room over HTTP (gunicorn, 2 workers), {records:,} records (ms)")
    print(table(heads, rows))
    return found
