"""A build on a Dask cluster: a scheduler and two worker processes on loopback, started here.

The workers read the synthetic corpus from its path (shared: the same machine), convert the records the
build resolves and validate its batches; the build publishes into the embedded store. What it publishes
must be what a build in one process publishes, byte for byte.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.synth import generate
from conftest import ROOT, run_lod

FIXED = {"LOD_BATCH_SIZE": "50", "LOD_BUILD_TIME": "2026-12-01T00:00:00Z"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _started(*command: str) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", *command],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a scheduler with two single-threaded worker processes, all three started here."""
    from distributed import Client

    connect: Any = Client  # dask.distributed is not typed
    address = f"tcp://127.0.0.1:{_free_port()}"
    port = address.rsplit(":", 1)[1]
    processes = [_started("distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard")]
    worker = ("distributed.cli.dask_worker", address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1")
    processes += [_started(*worker), _started(*worker)]
    try:
        deadline = time.monotonic() + 60
        with connect(address, timeout=60) as client:
            while len(client.nthreads()) < 2:
                assert time.monotonic() < deadline, "the two Dask workers did not join the scheduler"
                time.sleep(0.2)
        yield address
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)


def _published(store: Path) -> tuple[bytes, str, list[str], dict[str, object]]:
    current = store / "current"
    figures = json.loads((current / "build.json").read_text())
    return (
        gzip.decompress((current / "dumps" / "dataset.nt.gz").read_bytes()),
        (current / "rejects.jsonl").read_text(),
        (current / "warnings.jsonl").read_text().splitlines(),
        {key: figures[key] for key in ("read", "published", "rejected", "triples")},
    )


def test_a_build_on_the_cluster_publishes_what_a_local_build_does(scheduler: str, tmp_path: Path) -> None:
    from distributed import Client

    connect: Any = Client
    corpus = tmp_path / "corpus"
    for _ in generate(corpus, 400):
        pass
    local = run_lod(
        "build", "--quiet", str(corpus), "--store", str(tmp_path / "local"), env={**FIXED, "LOD_WORKERS": "0"}
    )
    assert local.returncode == 0, local.stdout + local.stderr
    clustered = run_lod(
        "build", "--quiet", str(corpus), "--store", str(tmp_path / "cluster"), "--cluster", scheduler, env=FIXED
    )
    assert clustered.returncode == 0, clustered.stdout + clustered.stderr
    assert f"the Dask cluster at {scheduler} (2 workers, 2 threads)" in clustered.stdout
    alone, together = _published(tmp_path / "local"), _published(tmp_path / "cluster")
    assert alone[3]["published"] == 400 + 1  # and the synthetic FRUS volume
    assert together == alone
    with connect(scheduler) as client:  # the cluster did the reading, the converting and the validating
        done = set(client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.task_prefixes)))
    assert {"read_task", "converted", "check_serialised"} <= done  # Dask drops a leading underscore


def test_a_scheduler_that_does_not_answer_is_named(tmp_path: Path) -> None:
    nobody = f"tcp://127.0.0.1:{_free_port()}"
    corpus = ROOT / "data" / "wilson"
    done = run_lod("build", "--quiet", str(corpus), "--store", str(tmp_path / "s"), "--cluster", nobody, env=FIXED)
    assert done.returncode != 0
    assert f"no Dask scheduler answers at {nobody}" in done.stderr
    assert not (tmp_path / "s" / "current").exists()
