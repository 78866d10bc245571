"""Build throughput and peak memory, per stage, at each corpus size and number of workers.

Each build is the real command line (``lod build``) in its own process on a generated corpus;
the stage times come from the build's own report (``build.json``), the peak RSS and the CPU (the
build's and its workers') from the kernel. With ``LOD_WORKERS=0`` every stage runs in the build's one
thread (but the store's loading thread), so its stage times are the CPU a record costs at each stage;
with workers, the build waits in ``convert`` and ``validate`` for work done elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from .common import BIN, WORK, run_measured, table
from .corpus import corpus

STAGES = ("read", "resolve", "convert", "date", "validate", "catalogue", "store", "publish")


def store_for(records: int) -> Path:
    return WORK / f"store-{records}"


def measure(records: int, workers: int | None = None) -> dict[str, Any]:
    folder = corpus(records)
    store = store_for(records)
    shutil.rmtree(store, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOD_")}
    if workers is not None:
        env["LOD_WORKERS"] = str(workers)
    measured = run_measured([BIN / "lod", "build", "-q", folder, "--store", store], env=env)
    if measured.status not in (0, 1):
        raise SystemExit(f"lod build of {folder} failed with status {measured.status}")
    wall = measured.wall_s
    manifest = json.loads((store / "current" / "build.json").read_text())
    stages = manifest["stage_seconds"]
    return {
        "records": records,
        "workers": manifest.get("workers", ""),
        "workers_asked": "auto" if workers is None else workers,
        "read": manifest["read"],
        "published": manifest["published"],
        "triples": manifest["triples"],
        "wall_s": round(wall, 2),
        "records_per_s": round(manifest["read"] / wall, 1),
        "peak_rss_mb": round(measured.peak_rss / 2**20),
        "cpu_ms_per_record": round(measured.cpu_s / manifest["read"] * 1000, 2),
        "stage_s": stages,
        "stage_records_per_s": {s: round(manifest["read"] / t) for s, t in stages.items() if t > 0},
    }


def run(sizes: list[int], workers: list[int] | None = None) -> dict[str, Any]:
    """A build at each size with each number of workers (None: the default, one per core); the last build of
    the largest size is the store the other parts measure."""
    counts: list[int | None] = list(workers) if workers else [None]
    results = [measure(records, count) for records in sizes for count in counts]
    rows = [
        [
            r["records"],
            r["workers"],
            r["wall_s"],
            r["records_per_s"],
            r["peak_rss_mb"],
            r["cpu_ms_per_record"],
            *(float(r["stage_s"].get(s, float("nan"))) for s in STAGES),
        ]
        for r in results
    ]
    print("Build: `lod build` on synthetic corpora (seconds per stage, in the build process)")
    heads = ["records", "work done by", "wall s", "rec/s", "peak MB", "CPU ms/rec", *(f"{s} s" for s in STAGES)]
    print(table(heads, rows))
    alone = [r for r in results if r["workers"] == "the build's own process"]
    if alone:
        print("CPU a record at each stage (ms), everything in the build process (LOD_WORKERS=0)")
        per_record = [
            [r["records"], *(round(float(r["stage_s"].get(s, 0.0)) / r["read"] * 1000, 3) for s in STAGES)]
            for r in alone
        ]
        print(table(["records", *STAGES], per_record))
    return {"builds": results}
