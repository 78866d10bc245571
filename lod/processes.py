"""Processes the build and the server start die with the process that started them.

A build's reader, validation and catalogue processes, and a web worker's query process, are
children that would outlive a parent killed by ``kill -9`` or the kernel's out-of-memory killer:
asleep on a pipe nobody writes to, holding memory and (for multiprocessing) its resource
tracker. Each child calls :func:`die_with_parent` as it starts. A daemon thread asks the kernel
for the parent's pid twice a second; once the parent is gone the child is re-parented and exits
at once, without cleaning up (what it was doing is abandoned by the parent anyway).

A thread, rather than Linux's ``PR_SET_PDEATHSIG``: that signal is sent when the *thread* that
started the child ends, which would kill a query process started in a request thread of a
threaded server, and it is Linux only.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time

#: How often a child looks for its parent (seconds): an orphan lives at most this long.
INTERVAL = 0.5
#: the cyclic garbage collector's thresholds while a build's records stream through (Python's: 700, 10, 10)
RARELY = (100_000, 50, 1000)


def collect_rarely() -> None:
    """Run the cyclic garbage collector a hundred times less often in this process, with what lives on so
    far out of its sight: a build allocates millions of short-lived objects that reference counting frees
    (the default thresholds cost a quarter of a build in its process, and 2.5 s of the catalogue's at 100k)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*RARELY)


def die_with_parent(parent: int | None = None) -> None:
    """End this process as soon as ``parent`` is gone: by default the process that started it, as
    multiprocessing recorded it (a parent killed while this child was still importing its modules has
    already been replaced by init as the kernel's parent), else the kernel's parent."""
    if parent is None:
        started_by = multiprocessing.parent_process()
        parent = started_by.pid if started_by is not None and started_by.pid else os.getppid()
    expected = parent
    if os.getppid() != expected:  # gone already, before we looked
        os._exit(1)

    def watch() -> None:
        while os.getppid() == expected:
            time.sleep(INTERVAL)
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()
