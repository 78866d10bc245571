"""Build throughput and peak memory, per stage, at each corpus size.

Each build is the real command line (``lod build``) in its own process on a generated corpus;
the stage times come from the build's own report (``build.json``), the peak RSS from the kernel.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from .common import BIN, WORK, run_measured, table
from .corpus import corpus

STAGES = ("read", "resolve", "convert", "date", "validate", "store", "publish")


def store_for(records: int) -> Path:
    return WORK / f"store-{records}"


def measure(records: int) -> dict[str, Any]:
    folder = corpus(records)
    store = store_for(records)
    shutil.rmtree(store, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOD_")}
    measured = run_measured([BIN / "lod", "build", "-q", folder, "--store", store], env=env)
    if measured.status not in (0, 1):
        raise SystemExit(f"lod build of {folder} failed with status {measured.status}")
    wall = measured.wall_s
    manifest = json.loads((store / "current" / "build.json").read_text())
    stages = manifest["stage_seconds"]
    return {
        "records": records,
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


def run(sizes: list[int]) -> dict[str, Any]:
    results = [measure(records) for records in sizes]
    rows = [
        [
            r["records"],
            r["wall_s"],
            r["records_per_s"],
            r["peak_rss_mb"],
            r["cpu_ms_per_record"],
            *(float(r["stage_s"].get(s, float("nan"))) for s in STAGES),
        ]
        for r in results
    ]
    print("Build: `lod build` on synthetic corpora (seconds per stage, in the build process)")
    print(table(["records", "wall s", "rec/s", "peak MB", "CPU ms/rec", *(f"{s} s" for s in STAGES)], rows))
    return {"builds": results}
