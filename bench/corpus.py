"""Synthetic corpora of a given size, generated once and kept under ``var/bench``."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from .common import WORK
from .synth import generate

SEED = 1950


def corpus(records: int, seed: int = SEED) -> Path:
    """The folder of a corpus of ``records`` records, written unless a complete one is there."""
    folder = WORK / f"corpus-{records}"
    marker = folder / ".complete"
    wanted = {"records": records, "seed": seed}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    started = time.monotonic()
    files = sum(1 for _ in generate(folder, records, seed))
    marker.write_text(json.dumps(wanted))
    print(f"generated {records:,} records in {files:,} files under {folder} ({time.monotonic() - started:.0f} s)")
    return folder
