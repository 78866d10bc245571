"""Real SPARQL servers on loopback for the remote-store tests: Oxigraph's server and Virtuoso.

The tests start their own (one per test module) unless ``LOD_TEST_OXIGRAPH`` / ``LOD_TEST_VIRTUOSO``
name running ones; ``.ci/run`` starts both once for the whole suite and stops them at the end::

    eval "$(python tests/remote_servers.py start var/ci-stores)"   # prints the export lines
    python tests/remote_servers.py stop var/ci-stores

Virtuoso runs from the ini file written here (loopback ports, its database in the given folder),
never from the system's configuration; its administrator account is the fresh database's
``dba``/``dba``, which is only reachable on loopback.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

BIN = Path(sys.executable).parent
VIRTUOSO_USER, VIRTUOSO_PASSWORD = "dba", "dba"
VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = 20000
MaxDirtyBuffers = 12000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/vsp
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


@dataclass
class Running:
    url: str  # the query endpoint
    process: subprocess.Popen[bytes]
    env: dict[str, str]  # the LOD_STORE_* settings that go with it


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"the server for {url} exited with {process.returncode}: {detail}")
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def start_oxigraph(folder: Path) -> Running:
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "oxigraph.log"
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        process = subprocess.Popen(
            [str(BIN / "oxigraph"), "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/query"
    _wait(url, process, 30, log)
    return Running(url, process, {})


def virtuoso_available() -> bool:
    return shutil.which("virtuoso-t") is not None


def start_virtuoso(folder: Path) -> Running:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vsp").mkdir(exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder.resolve(), http_port=http_port, sql_port=sql_port))
    log = folder / "virtuoso.out"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["virtuoso-t", "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{http_port}/sparql"
    _wait(url, process, 120, folder / "virtuoso.log")
    return Running(url, process, {"LOD_STORE_USER": VIRTUOSO_USER, "LOD_STORE_PASSWORD": VIRTUOSO_PASSWORD})


def stop(process: subprocess.Popen[bytes] | int) -> None:
    pid = process if isinstance(process, int) else process.pid
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            break
        if not isinstance(process, int) and process.poll() is not None:
            break
        time.sleep(0.2)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)


def main() -> None:
    """``start DIR`` prints shell export lines for the servers it started; ``stop DIR`` stops them."""
    action, folder = sys.argv[1], Path(sys.argv[2]).resolve()
    if action == "start":
        shutil.rmtree(folder, ignore_errors=True)
        oxigraph = start_oxigraph(folder / "oxigraph")
        (folder / "oxigraph.pid").write_text(str(oxigraph.process.pid))
        print(f"export LOD_TEST_OXIGRAPH={oxigraph.url}")
        if virtuoso_available():
            virtuoso = start_virtuoso(folder / "virtuoso")
            (folder / "virtuoso.pid").write_text(str(virtuoso.process.pid))
            print(f"export LOD_TEST_VIRTUOSO={virtuoso.url}")
        else:
            print("virtuoso-t is not installed: the Virtuoso store tests will be skipped", file=sys.stderr)
    elif action == "stop":
        for pid_file in folder.glob("*.pid"):
            stop(int(pid_file.read_text()))
            pid_file.unlink()
    else:
        raise SystemExit(f"unknown action {action!r}: start or stop")


if __name__ == "__main__":
    main()
