"""A week's corrections: 1 % of the records changed, the build run again, and what a harvester is given.

The corpus is copied, built, then one page file in a hundred has its archival citation corrected
(``Listy 227-229`` -> ``Listy 227a-229``) and the copy is built again into the same store. Printed: both
builds' times and stages, how many records the second carried over from the first
(:mod:`lod.build.carried`), what it said had changed, and how many records OAI-PMH lists ``from=`` the
second build's time (the history's count, which ``/oai`` gives as ``completeListSize``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from lod.history import FILENAME, listing

from .common import BIN, WORK, Measured, run_measured, table
from .corpus import corpus


def _build(folder: Path, store: Path) -> tuple[Measured, dict[str, Any]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOD_")}
    measured = run_measured([BIN / "lod", "build", "-q", folder, "--store", store], env=env)
    if measured.status not in (0, 1):
        raise SystemExit(f"lod build of {folder} failed with status {measured.status}")
    return measured, json.loads((store / "current" / "build.json").read_text())


def run(records: int) -> dict[str, Any]:
    folder, store = WORK / f"changes-{records}", WORK / f"changes-store-{records}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(store, ignore_errors=True)
    shutil.copytree(corpus(records), folder)
    first_run, first = _build(folder, store)
    pages = sorted(folder.rglob("page-*.txt"))
    wanted = max(1, first["read"] // 100)
    corrected = 0
    for page in pages[:: max(1, len(pages) // wanted)][:wanted]:
        text = page.read_text(encoding="utf-8")
        changed = re.sub(r"Listy (\d+)", r"Listy \1a", text, count=1)
        if changed != text:
            page.write_text(changed, encoding="utf-8")
            corrected += 1
    second_run, second = _build(folder, store)
    since = first["finished"]  # after every datestamp of the first build, before any of the second
    harvested, _ = listing(store / "current" / FILENAME, since, None, None)
    figures = {
        "records": first["read"],
        "corrected": corrected,
        "full_s": round(first_run.wall_s, 1),
        "again_s": round(second_run.wall_s, 1),
        "full_cpu_s": round(first_run.cpu_s, 1),
        "again_cpu_s": round(second_run.cpu_s, 1),
        "full_peak_mb": first_run.peak_rss >> 20,
        "again_peak_mb": second_run.peak_rss >> 20,
        "changed": second["changed"],
        "withdrawn": second["withdrawn"],
        "carried": second["carried"],
        "files_carried": second.get("files_carried", 0),
        "files_whole": second.get("files_whole", 0),
        "first_stages": first["stage_seconds"],
        "again_stages": second["stage_seconds"],
        "harvested_from": harvested,
    }
    print("A week's corrections: 1 % of the records changed and built again")
    print(
        table(
            [
                "records",
                "corrected",
                "first build s",
                "second build s",
                "CPU s (first / second)",
                "peak MB (first / second)",
                "carried",
                "files not read again",
                "of them whole",
                "said changed",
                "OAI from= lists",
            ],
            [
                [
                    figures["records"],
                    corrected,
                    figures["full_s"],
                    figures["again_s"],
                    f"{figures['full_cpu_s']:.0f} / {figures['again_cpu_s']:.0f}",
                    f"{figures['full_peak_mb']} / {figures['again_peak_mb']}",
                    second["carried"],
                    figures["files_carried"],
                    figures["files_whole"],
                    second["changed"],
                    harvested,
                ]
            ],
        )
    )
    for name, stages in (("first", first["stage_seconds"]), ("second", second["stage_seconds"])):
        print(f"{name} build, seconds by stage: " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
    return figures
