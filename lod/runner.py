"""Public queries run in a process of their own, so that one past its time can be stopped.

Neither Oxigraph nor rdflib can cancel a query once it runs. Each web worker therefore keeps one
query process (a fresh interpreter, so that it shares no store handle or lock with the worker)
that opens the published store read-only, runs one query at a time and sends back the result
already serialised and capped at ``LOD_RESULT_LIMIT`` rows or triples (:mod:`lod.results`).

The worker waits at most ``LOD_QUERY_TIMEOUT`` seconds. A query still running after 2.5 s is
given the lowest priority, so that the short queries most clients ask are not slowed by it (its
process is replaced afterwards: priority cannot be raised again without privileges). Past the
limit the worker kills the process (SIGKILL: nothing in it needs cleaning up, the store is
read-only), answers 503, and starts a fresh process at once, so the next query does not wait for
one to start. SERVICE calls to allowed endpoints run in the same process and are stopped the same
way.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from .errors import LodError, QueryError, StoreError
from .results import Written

#: query processes yield the processor to the workers that render pages (and to other programs)
QUERY_NICENESS = 5
#: a query still running after SLOW_QUERY seconds yields it to every other query too (benign ones
#: rarely take that long even under load; a demoted process is replaced, which costs a start)
SLOW_QUERY = 2.5
LONG_QUERY_NICENESS = 19


class QueryTimedOut(QueryError):
    """A query ran past LOD_QUERY_TIMEOUT and was stopped."""

    http_status = 503


@dataclass(frozen=True)
class Job:
    """One query for the query process: what to run on which store, and how to write the answer."""

    store: str  # the database directory of the published build
    query: str
    media: str  # SPARQL results or RDF media type for the answer
    limit: int
    about_limit: str = ""
    prefixes: dict[str, str] = field(default_factory=dict)
    base_iri: str | None = None
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


def _serve(connection: Connection) -> None:
    """The query process: answer jobs one by one until the pipe closes."""
    import pyoxigraph as ox

    from .processes import die_with_parent
    from .results import run_query, write_result

    die_with_parent()  # a worker killed mid-query takes its query process with it
    os.nice(QUERY_NICENESS)
    stores: dict[str, ox.Store] = {}
    while True:
        try:
            job: Job = connection.recv()
        except (EOFError, OSError):
            return
        try:
            if job.store not in stores:  # a new build was published: follow it, let the old one go
                stores.clear()
                stores[job.store] = ox.Store.read_only(job.store)
            result = run_query(
                stores[job.store], job.query, job.prefixes, job.base_iri, job.default_graph, job.named_graphs
            )
            written = write_result(result, job.media, job.limit, job.about_limit or None, job.prefixes)
            connection.send(("ok", written))
        except LodError as error:
            connection.send(("error", error))
        except Exception as error:  # anything else the engine raises is reported, not fatal
            connection.send(("error", QueryError(f"the query failed: {type(error).__name__}: {error}")))


class _QueryProcess:
    """One query process (``python -m lod.runner FD``) and the worker's end of the socket between them."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lod.runner", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            close_fds=True,
        )
        theirs.close()
        self.connection = Connection(ours.detach())
        self.owner = os.getpid()

    def demote(self) -> bool:
        """Give the process the lowest priority (a query that runs long); False if that was refused."""
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, LONG_QUERY_NICENESS)
        except OSError:
            return False
        return True

    def usable(self) -> bool:
        return self.owner == os.getpid() and self.process.poll() is None

    def stop(self) -> None:
        if self.owner == os.getpid():  # a forked worker leaves its parent's processes alone
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait(5)
        self.connection.close()


class QueryRunner:
    """The worker's side: query processes, one per query running at once, replaced when stopped or dead.

    A synchronous gunicorn worker runs one query at a time and so keeps one process; a threaded
    server (``lod serve``) keeps one per thread that has a query running, up to ``size``.
    """

    def __init__(self, timeout: float, size: int = 8) -> None:
        self.timeout = timeout
        self._idle: list[_QueryProcess] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(size)

    def warm(self) -> None:
        """Start a query process now, so that the first query does not wait for one."""
        self._give_back(_QueryProcess())

    def _take(self) -> _QueryProcess:
        with self._lock:
            while self._idle:
                candidate = self._idle.pop()
                if candidate.usable():
                    return candidate
                candidate.stop()
        return _QueryProcess()

    def _give_back(self, process: _QueryProcess) -> None:
        with self._lock:
            self._idle.append(process)

    def run(self, job: Job) -> Written:
        if not self._slots.acquire(timeout=self.timeout):
            raise QueryTimedOut(f"every query process was busy for {self.timeout:g} s; try again later")
        try:
            status, payload = self._ask(job)
        finally:
            self._slots.release()
        if status == "error":
            raise payload
        written: Written = payload
        return written

    def _ask(self, job: Job) -> tuple[str, Any]:
        process = self._take()
        demoted = False
        try:
            process.connection.send(job)
            answered = process.connection.poll(min(SLOW_QUERY, self.timeout))
            if not answered and self.timeout > SLOW_QUERY:
                # a long query yields the processor to the short ones (which most are) until it ends
                demoted = process.demote()
                answered = process.connection.poll(self.timeout - SLOW_QUERY)
            if not answered:
                process.stop()
                self._give_back(_QueryProcess())  # warm for the next query
                raise QueryTimedOut(
                    f"the query ran for {self.timeout:g} s (LOD_QUERY_TIMEOUT) and was stopped; "
                    "narrow it (a LIMIT, more specific patterns) or work on the dumps at /dumps/"
                )
            answer: tuple[str, Any] = process.connection.recv()
        except (EOFError, OSError):
            process.stop()
            raise StoreError("the query process ended without an answer (out of memory?); try again") from None
        if demoted:  # its priority cannot be raised again without privileges: a fresh process instead
            process.stop()
            process = _QueryProcess()
        self._give_back(process)
        return answer

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for process in idle:
            process.stop()


if __name__ == "__main__":  # the query process; its answers must pickle as lod.runner's classes, not __main__'s
    from lod import runner

    runner._serve(Connection(int(sys.argv[1])))
