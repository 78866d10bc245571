"""Where the per-record work of a build runs: in the build's process, in worker processes, or on a cluster.

The build hands its workers three kinds of task, each a pure function of what it is given: reading a
few files (:mod:`lod.sources`), converting a chunk of resolved records (:mod:`lod.build.stages`), and
checking a batch against the shapes (:mod:`lod.validation`). Resolving names stays in the build's
process: what a record teaches the authority changes how the next one resolves, so records are
resolved one after the other, in order. The build asks for results in the order it gave the tasks, so
its output is the same whatever runs them and however many they are.

- :class:`Inline` (``LOD_WORKERS=0``) does each task as it is given.
- :class:`Processes` (``LOD_WORKERS=N``) runs them in N processes of this machine, started once for the
  whole build and dying with it.
- :class:`Cluster` (``lod build --cluster tcp://HOST:PORT``) sends them to the workers of a running
  Dask scheduler (``dask.distributed``), on this machine or others: they read the sources from the
  path the build names, which must be the same on every machine (a shared volume), and send back what
  they made; the build publishes it, into the embedded store or a SPARQL server.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, TypeVar

from .errors import ConfigurationError
from .processes import collect_rarely, die_with_parent

T = TypeVar("T")
R = TypeVar("R")
Out = TypeVar("Out", covariant=True)


class Pending(Protocol[Out]):  # a concurrent.futures.Future or a distributed.Future: what both offer
    def result(self, timeout: float | None = None) -> Out: ...


def done(result: R) -> Future[R]:
    """A task's result, had already: as a worker's would be given."""
    future: Future[R] = Future()
    future.set_result(result)
    return future


class Workers:
    """Runs a build's tasks; results are asked for in the order the tasks were given (each a few tasks ahead
    of the one asked for, so memory stays flat however many come)."""

    #: how many run at once (0: the build's process does them itself, one after the other)
    count: int = 0
    #: what a task's result raises when its worker died (killed, out of memory): it is done again here
    lost: tuple[type[BaseException], ...] = ()
    #: whether they are other machines', which read the sources themselves however small they are
    remote: bool = False

    def submit(self, task: Callable[..., R], *args: Any) -> Pending[R]:
        return done(task(*args))

    def collect(self, task: Callable[[T], R], item: T, pending: Pending[R]) -> R:
        """The result of ``task`` given ``item``, as a worker made it or, if the worker died, made here."""
        try:
            return pending.result()
        except self.lost:  # its worker died: done here instead, the same
            return task(item)

    def describe(self) -> str:
        return "the build's own process"

    def close(self) -> None:
        """Stop what was started for the build."""


class Inline(Workers):
    """Every task in the build's process, as it is given."""


def _started() -> None:
    """A worker keeps almost nothing between tasks: the cyclic collector need not run often. It dies with
    the build, however the build ends."""
    die_with_parent()
    collect_rarely()


class Processes(Workers):
    """Tasks in ``count`` processes of this machine, started when the first task comes (again, if one died)."""

    lost = (BrokenProcessPool, OSError)

    def __init__(self, count: int) -> None:
        self.count = count
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, task: Callable[..., R], *args: Any) -> Pending[R]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.count,
                mp_context=multiprocessing.get_context("spawn"),  # nothing inherited from a threaded caller
                initializer=_started,
            )
        try:
            return self._pool.submit(task, *args)
        except BrokenProcessPool:  # a worker died since: its tasks are done again here, the next in new workers
            self.close()
            return self.submit(task, *args)

    def describe(self) -> str:
        return f"{self.count} worker process{'es' if self.count > 1 else ''}"

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class Cluster(Workers):
    """Tasks on the workers of a Dask scheduler (``tcp://HOST:PORT``), as many at once as it has threads."""

    remote = True

    def __init__(self, address: str, timeout: float = 30) -> None:
        try:
            from distributed import Client, KilledWorker
        except ImportError as missing:  # a dependency of the project: only a broken install lacks it
            raise ConfigurationError(f"--cluster needs dask.distributed ({missing}): pip install distributed") from None
        connect: Any = Client  # dask.distributed is not typed
        try:
            self._client = connect(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as failed:
            raise ConfigurationError(f"no Dask scheduler answers at {address}: {failed}") from None
        self.address = address
        self.lost = (KilledWorker,)
        threads = self._client.nthreads()
        if not threads:
            self._client.close()
            raise ConfigurationError(f"the Dask scheduler at {address} has no workers: start some (dask worker)")
        self.count = sum(threads.values())
        self._machines = len(threads)

    def submit(self, task: Callable[..., R], *args: Any) -> Pending[R]:
        future: Pending[R] = self._client.submit(task, *args, pure=False)
        return future

    def describe(self) -> str:
        return f"the Dask cluster at {self.address} ({self._machines} workers, {self.count} threads)"

    def close(self) -> None:
        self._client.close()


def workers_for(count: int, cluster: str = "") -> Workers:
    """The build's workers: the cluster when one is named, else ``count`` processes (0: none)."""
    if cluster:
        return Cluster(cluster)
    return Processes(count) if count > 0 else Inline()
