"""The reading room's questions on the catalogue: search, facets, timeline, network (no HTTP).

What ``/search``, ``/timeline`` and ``/network`` ask of ``catalogue.sqlite`` for one request, timed
the same way as the SPARQL mix: three warm-up runs, then repeated for the given seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lod.index import FILENAME, Index, Query, Selection

from .common import percentile, table
from .mix import database


def _selection(words: str = "", start: str | None = None, end: str | None = None, **facets: str) -> Selection:
    return Selection(Query.parse(words), {name: [value] for name, value in facets.items()}, (), start, end)


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
]


def run(store: Path, records: int, seconds: float) -> dict[str, Any]:
    path = database(store).parent / FILENAME
    aid = Index(path)
    figures: dict[str, Any] = {"catalogue_mb": round(path.stat().st_size / 1e6, 1)}
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
    print(f"The reading room on the catalogue, {records:,} records ({figures['catalogue_mb']} MB) (ms)")
    print(table(["question", "runs", "p50", "p99", "found"], rows))
    return {"records": records, **figures}
