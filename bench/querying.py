"""Query latency on the embedded store: the mix, each question asked repeatedly, answers serialised.

This is what the endpoint's store does for one request, without HTTP: Oxigraph evaluates the
query and writes SPARQL JSON results, as ``/sparql`` does.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .common import percentile, table
from .mix import database, questions


def latencies(db: ox.Store, sparql: str, seconds: float, at_most: int = 1000) -> list[float]:
    """Milliseconds per run, after three warm-up runs, for about ``seconds`` (at least 10 runs)."""
    for _ in range(3):
        _ask(db, sparql)
    times: list[float] = []
    deadline = time.perf_counter() + seconds
    while len(times) < 10 or (time.perf_counter() < deadline and len(times) < at_most):
        started = time.perf_counter()
        _ask(db, sparql)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _ask(db: ox.Store, sparql: str) -> int:
    result = db.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    return len(result.serialize(format=ox.QueryResultsFormat.JSON) or b"")


def run(store: Path, records: int, seconds: float) -> dict[str, Any]:
    db = ox.Store.read_only(str(database(store)))
    figures = {}
    for question in questions(store):
        times = latencies(db, question.sparql, seconds)
        figures[question.name] = {
            "question": question.description,
            "runs": len(times),
            "p50_ms": round(percentile(times, 50), 3),
            "p95_ms": round(percentile(times, 95), 3),
            "p99_ms": round(percentile(times, 99), 3),
            "answer_bytes": _ask(db, question.sparql),
        }
    print(f"Queries on the embedded store, {records:,} records (ms)")
    rows = [[q["question"], q["runs"], q["p50_ms"], q["p95_ms"], q["p99_ms"]] for q in figures.values()]
    print(table(["question", "runs", "p50", "p95", "p99"], rows))
    return {"records": records, "questions": figures}
