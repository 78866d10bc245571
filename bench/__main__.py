"""The benchmark harness.

    python -m bench [all|build|query|reading|http|load|changes] [--records N ...] [--seconds S] [--concurrency C ...]

``all`` (what ``make bench`` runs) measures build throughput at each size, then query latency on
the embedded store and HTTP throughput against the reference systems on the largest store built.
``reading`` measures the reading room's questions in process, then as pages over HTTP at each
concurrency. ``load`` (``make load``) drives a mixed workload with and without hostile clients, a step per
concurrency (``--seconds 60 --concurrency 1 4 16 64``). ``changes`` builds a copy of the corpus, corrects
1 % of its records, builds it again and counts what OAI-PMH ``from=`` then lists. Every part prints a
table and keeps its figures in ``var/bench/results.json`` together with the machine's description.
Corpora and stores are kept under ``var/bench`` and reused by the next run.
"""

from __future__ import annotations

import argparse

from . import building, changes, http, load, querying, reading
from .common import RESULTS, machine, record


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "part", nargs="?", default="all", choices=["all", "build", "query", "reading", "http", "load", "changes"]
    )
    parser.add_argument("--records", type=int, nargs="+", default=[10_000], help="corpus sizes (default 10000)")
    parser.add_argument(
        "--workers", type=int, nargs="+", help="build with each number of workers (LOD_WORKERS; default: one per core)"
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per measurement (default 5)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32], help="HTTP clients (1 8 32)")
    parser.add_argument(
        "--references",
        nargs="*",
        default=["oxigraph", "rdflib-endpoint"],
        choices=["oxigraph", "rdflib-endpoint"],
        help="reference systems for the HTTP part (default both)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="TARGET",
        help="HTTP targets (the mix's questions by name, doc_turtle, doc_html, doc_person_html; default all)",
    )
    args = parser.parse_args()
    about = machine()
    print(f"machine: {about['cpu']}, {about['cores']} cores, {about['memory_gb']} GB, Python {about['python']}")
    sizes = sorted(args.records)
    if args.part == "changes":  # not in "all": two builds of a copy of the corpus
        for records in sizes:
            record(f"changes-{records}", changes.run(records))
        print(f"figures written to {RESULTS}")
        return
    if args.part in ("all", "build"):
        for figures in building.run(sizes, args.workers)["builds"]:
            suffix = f"-workers-{figures['workers_asked']}" if args.workers else ""
            record(f"build-{figures['records']}{suffix}", figures)
    for records in sizes if args.part != "all" else sizes[-1:]:
        store = building.store_for(records)
        if not (store / "current" / "build.json").exists():
            building.run([records])
        if args.part in ("all", "query"):
            record(f"query-{records}", querying.run(store, records, args.seconds))
        if args.part in ("all", "reading"):
            http_pages = args.concurrency if args.part == "reading" else None
            record(f"reading-{records}", reading.run(store, records, args.seconds, http_pages))
        if args.part in ("all", "http"):
            figures = http.run(store, records, args.concurrency, args.seconds, args.references, args.only)
            record(f"http-{records}", figures)
        if args.part == "load":  # not in "all": a minute per step, twice per concurrency
            record(f"load-{records}", load.run(store, records, args.concurrency, args.seconds))
    print(f"figures written to {RESULTS}")


if __name__ == "__main__":
    main()
