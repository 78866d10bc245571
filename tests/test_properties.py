"""Every reader, fed random and mutated records: no crash, and every record read is published or rejected.

Hypothesis mutates real records (the seed page, rows of the Wilson Center export as JSON lines and
as CSV, a FRUS excerpt, an EAD finding aid): slices deleted, duplicated or cut off, random text or
bytes put in. Whatever comes of it, reading yields records and rejections (each saying where and
why), and the pipeline publishes or rejects each record read, with the counts adding up.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_ead import EAD

from conftest import DATA, SEED, SOURCES
from lod.build import Pipeline, Report
from lod.record import Record, Rejection
from lod.settings import Settings
from lod.sources import read_sources


def _export_rows() -> list[dict[str, object]]:
    lines = (SOURCES / "wilson" / "nhamby_wilson_records_merged.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines[:3]]


def _as_csv(rows: list[dict[str, object]]) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        writer.writerow({k: v if isinstance(v, str) else json.dumps(v) for k, v in row.items()})
    return text.getvalue().encode()


SAMPLES: dict[str, bytes] = {
    ".txt": SEED.read_bytes(),
    ".jsonl": "".join(json.dumps(row) + "\n" for row in _export_rows()).encode(),
    ".csv": _as_csv(_export_rows()),
    ".xml": (DATA / "frus" / "frus1918Russiav03-excerpt.xml").read_bytes(),
    ".ead.xml": EAD.encode(),
}


Change = tuple[str, float, int, bytes]  # what, where (a fraction of the length), how much, what is put in


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, list[Change]]:
    """A real record of some format, and one to three changes to make to it (small, to be shown on failure)."""
    kind = draw(st.sampled_from(sorted(SAMPLES)))
    changes = []
    for _ in range(draw(st.integers(1, 3))):
        what = draw(st.sampled_from(["delete", "duplicate", "truncate", "text", "bytes"]))
        put = draw(st.text(max_size=60)).encode() if what == "text" else draw(st.binary(max_size=60))
        changes.append((what, draw(st.floats(0, 1)), draw(st.integers(0, 400)), put))
    return kind, changes


def apply(kind: str, changes: list[Change]) -> bytes:
    data = SAMPLES[kind]
    for what, where, size, put in changes:
        at = int(where * len(data))
        if what == "delete":
            data = data[:at] + data[at + size :]
        elif what == "duplicate":
            data = data[:at] + data[at : at + size] + data[at:]
        elif what == "truncate":
            data = data[:at]
        else:
            data = data[:at] + put + data[at:]
    return data


def _written(folder: Path, name: str, kind: str, changes: list[Change]) -> Path:
    path = folder / f"{name}{kind}"
    path.write_bytes(apply(kind, changes))
    return path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
@example(sample=(".ead.xml", [("bytes", 0.5, 0, b"\x80")]))  # once an OSError from lxml, now xml:encoding
def test_reading_never_crashes_and_every_rejection_says_where_and_why(sample: tuple[str, list[Change]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _written(Path(folder), "record", *sample)
        for item in read_sources([path]):
            assert isinstance(item, Record | Rejection)
            if isinstance(item, Rejection):
                assert item.source == str(path) and item.rule and item.message
            else:
                assert item.key and item.source == str(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutated(), min_size=1, max_size=3))
def test_every_record_read_is_published_or_rejected(samples: list[tuple[str, list[Change]]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = [_written(Path(folder), f"record-{n}", kind, changes) for n, (kind, changes) in enumerate(samples)]
        report, rejected, warned = Report(), list[dict[str, Any]](), list[dict[str, Any]]()
        pipeline = Pipeline(Settings.from_env(workers="0"), report, rejected.append, warned.append)
        pipeline.run(paths)
        assert report.read == report.published + report.rejected
        assert len(rejected) == report.rejected
        for entry in rejected:
            assert entry["source"] and entry["rule"] and entry["message"]
