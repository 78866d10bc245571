"""The build over many batches: validated in a process of their own, it gives the same store and reports.

Synthetic records (bench/synth.py: the benchmark's generator, seeded) in batches of 50, so that
the validation process takes many batches; about one telegram in sixteen has a header that puts
its reception before its sending, and the shapes warn about each.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from bench.synth import generate
from conftest import run_lod, select


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("synthetic")
    for _ in generate(corpus, 600):
        pass
    return corpus


def _build(corpus: Path, store: Path, workers: str) -> dict[str, object]:
    done = run_lod(
        "build",
        "--quiet",
        str(corpus),
        "--store",
        str(store),
        env={"LOD_BATCH_SIZE": "50", "LOD_WORKERS": workers, "LOD_BUILD_TIME": "2026-12-01T00:00:00Z"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    current = store / "current"
    return {
        "warnings": (current / "warnings.jsonl").read_text().splitlines(),
        "rejects": (current / "rejects.jsonl").read_text(),
        "dump": gzip.decompress((current / "dumps" / "dataset.nt.gz").read_bytes()),
        "summary": json.loads((current / "build.json").read_text())["published"],
    }


def test_the_number_of_workers_changes_nothing(synthetic: Path, tmp_path: Path) -> None:
    """Converting and validating in the build's process, in one worker, or in two, publishes the same bytes."""
    together = _build(synthetic, tmp_path / "together", "0")
    assert together["summary"] == 600 + 1  # and the synthetic FRUS volume itself
    assert together["warnings"] and together["rejects"] == ""
    for workers in ("1", "2"):
        apart = _build(synthetic, tmp_path / f"apart-{workers}", workers)
        assert apart == together, f"LOD_WORKERS={workers}"


def test_each_warning_is_charged_to_the_telegram_that_earns_it(synthetic: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = _build(synthetic, store, "1")
    warned = set()
    for line in built["warnings"]:  # type: ignore[attr-defined]
        entry = json.loads(line)
        assert entry["rule"] == "shape:ReceivedBeforeSent"
        warned.add(re.search(r"at <([^>]+)>", entry["message"])[1])  # type: ignore[index]
    earlier = select(
        store,
        "SELECT ?t WHERE { ?t a tg:Telegram ; tg:sentAt ?sent ; tg:receivedAt ?received FILTER(?received < ?sent) }",
    )
    assert warned == {row["t"] for row in earlier}


def test_the_examples_are_the_earliest_telegrams_in_the_store(synthetic: Path, tmp_path: Path) -> None:
    """The build keeps them as records pass; the store, sorted, agrees (and the home page shows them)."""
    store = tmp_path / "store"
    _build(synthetic, store, "1")
    statistics = json.loads((store / "current" / "statistics.json").read_text())
    earliest = select(store, "SELECT ?t WHERE { ?t a tg:Telegram ; dcterms:date ?d } ORDER BY ?d ?t LIMIT 3")
    assert len(statistics["examples"]) == 3
    assert statistics["examples"] == [row["t"] for row in earliest]
