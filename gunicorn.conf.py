"""gunicorn settings for `make serve` and the benchmarks: one place for both.

Synchronous workers, two per core (LOD_WEB_WORKERS; the benchmarks of bench/http.py use 2). Page
rendering and result serialisation are CPU-bound Python; measured with `python -m bench http`,
threads in a worker only lengthened the tail (p99 of a telegram's HTML page: 42 ms with 1 thread,
72 ms with 2, 220 ms with 4) without adding throughput. Public SPARQL queries run in a query
process of each worker's (lod/runner.py), stopped at LOD_QUERY_TIMEOUT; while one runs, its worker
waits, so there are more workers than cores, and one client may run only LOD_CLIENT_QUERIES at
once: a slow query holds one worker of four, not one of two. Scale out with more workers or
machines: the app keeps no state.
"""

from lod.settings import Settings
from lod.web import limits

settings = Settings.from_env()  # LOD_HOST, LOD_PORT, LOD_WEB_WORKERS, as every other setting

limits.share()  # the per-client counts, made here in the master so that every forked worker shares them

bind = f"{settings.host}:{settings.port}"
workers = settings.web_workers
threads = 1
accesslog = "-"
wsgi_app = "lod.web:create_app()"
limit_request_line = 8190  # the longest request line gunicorn takes: SPARQL by GET fills 4 KB quickly


def post_worker_init(worker: object) -> None:
    """Each worker starts its query process (lod.runner) before its first request, not during it."""
    worker.wsgi.extensions["lod"].runner.warm()  # type: ignore[attr-defined]
