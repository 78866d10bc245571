"""gunicorn settings for `make serve` and the benchmarks: one place for both.

Synchronous workers, two per core (LOD_WORKERS; the benchmarks of bench/http.py use 2). Page
rendering and result serialisation are CPU-bound Python; measured with `python -m bench http`,
threads in a worker only lengthened the tail (p99 of a telegram's HTML page: 42 ms with 1 thread,
72 ms with 2, 220 ms with 4) without adding throughput. Public SPARQL queries run in a query
process of each worker's (lod/runner.py), stopped at LOD_QUERY_TIMEOUT; while one runs, its worker
waits, so there are more workers than cores, and one client may run only LOD_CLIENT_QUERIES at
once: a slow query holds one worker of four, not one of two. Scale out with more workers or
machines: the app keeps no state.
"""

import os

from lod.web import limits

limits.share()  # the per-client counts, made here in the master so that every forked worker shares them

bind = f"{os.environ.get('LOD_HOST', '127.0.0.1')}:{os.environ.get('LOD_PORT', '5000')}"
workers = int(os.environ.get("LOD_WORKERS", str(2 * (os.cpu_count() or 1))))
threads = 1
accesslog = "-"
wsgi_app = "lod.web:create_app()"
limit_request_line = 8190  # the longest request line gunicorn takes: SPARQL by GET fills 4 KB quickly


def post_worker_init(worker: object) -> None:
    """Each worker starts its query process (lod.runner) before its first request, not during it."""
    worker.wsgi.extensions["lod_runner"].warm()  # type: ignore[attr-defined]
