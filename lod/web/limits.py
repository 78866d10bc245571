"""Per-client limits shared by every worker: a request rate, and queries running at once.

Each client (its address, or the address a trusted proxy forwards: ``LOD_TRUSTED_PROXIES``) has
a token bucket: ``LOD_RATE_LIMIT`` requests a second on average, bursts of twice that. Past it, or
with ``LOD_CLIENT_QUERIES`` queries of its own already running, a request is answered 429 with
``Retry-After``. One client cannot take every worker, and the others keep being served.

The counts live in a table of fixed size in shared memory, made by gunicorn's master before it
forks its workers (``gunicorn.conf.py`` calls :func:`share`), so every worker sees the same counts;
a server of one process (``lod serve``) makes its own. Clients are placed by a hash of their
address; when the table is full the longest-idle client's slot is reused. A count of running
queries older than the query time limit is stale (its worker was killed) and is dropped.

>>> table = ClientTable(slots=8)
>>> [table.admit("10.0.0.1", rate=1, now=100.0) for _ in range(3)]
[0.0, 0.0, 1.0]
>>> table.admit("10.0.0.2", rate=1, now=100.0)
0.0
"""

from __future__ import annotations

import hashlib
import math
import mmap
import multiprocessing
import struct
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_SLOT = struct.Struct("=Qdddi4x")  # client hash, tokens, last seen, running since, queries running
_PROBES = 8


class ClientTable:
    """Token buckets and running-query counts of recent clients, in memory shared across forks."""

    def __init__(self, slots: int = 4096) -> None:
        self.slots = slots
        self._memory = mmap.mmap(-1, slots * _SLOT.size)  # anonymous and shared: inherited by forked workers
        self._lock: Any = multiprocessing.get_context("fork").Lock()

    def _key(self, client: str) -> int:
        return int.from_bytes(hashlib.blake2b(client.encode(), digest_size=8).digest(), "big") or 1

    def _find(self, key: int) -> tuple[int, tuple[int, float, float, float, int] | None]:
        """The slot of ``key`` (and its entry), or the slot to give it (and None)."""
        start = key % self.slots
        oldest, oldest_seen = start, math.inf
        for probe in range(_PROBES):
            index = (start + probe) % self.slots
            entry = _SLOT.unpack_from(self._memory, index * _SLOT.size)
            if entry[0] == key:
                return index, entry
            if entry[0] == 0:
                return index, None
            if entry[2] < oldest_seen and entry[4] == 0:
                oldest, oldest_seen = index, entry[2]
        return oldest, None

    def admit(self, client: str, rate: float, now: float | None = None) -> float:
        """Take one request from the client's bucket: 0 if admitted, else the seconds to wait."""
        now = time.monotonic() if now is None else now
        burst = 2 * rate
        key = self._key(client)
        with self._lock:
            index, entry = self._find(key)
            if entry is None:
                entry = (key, burst, now, 0.0, 0)
            _, tokens, seen, since, running = entry
            tokens = min(burst, tokens + (now - seen) * rate)
            wait = 0.0
            if tokens >= 1:
                tokens -= 1
            else:
                wait = (1 - tokens) / rate
            _SLOT.pack_into(self._memory, index * _SLOT.size, key, tokens, now, since, running)
        return wait

    @contextmanager
    def running(self, client: str, at_most: int, stale_after: float) -> Iterator[bool]:
        """Count a query of the client's while it runs; yields False (and counts nothing) past ``at_most``."""
        key = self._key(client)
        now = time.monotonic()
        with self._lock:
            index, entry = self._find(key)
            entry = entry or (key, 0.0, now, now, 0)
            _, tokens, seen, since, running = entry
            if running and now - since > stale_after:
                running = 0  # counted by a worker that was killed mid-query
            admitted = running < at_most
            if admitted:
                running, since = running + 1, now
            _SLOT.pack_into(self._memory, index * _SLOT.size, key, tokens, seen, since, running)
        try:
            yield admitted
        finally:
            if admitted:
                with self._lock:
                    index, entry = self._find(key)
                    if entry is not None and entry[4] > 0:
                        _SLOT.pack_into(
                            self._memory, index * _SLOT.size, key, entry[1], entry[2], entry[3], entry[4] - 1
                        )


_shared: ClientTable | None = None


def share() -> ClientTable:
    """The table of this server: made once, before the workers fork, so that they all use it."""
    global _shared
    if _shared is None:
        _shared = ClientTable()
    return _shared
