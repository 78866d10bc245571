"""What a build or a validation run did, record by record: the report, and the JSON-lines files of
rejects and warnings."""

from __future__ import annotations

import bisect
import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .. import __version__
from ..void import EXAMPLES
from .events import Event, Published, Rejected, Warned

FIRST = 10  # rejections and warnings the console names one by one; the files hold them all


@dataclass
class Report:
    """What a build or a validation run did, record by record."""

    read: int = 0
    published: int = 0
    rejected: int = 0
    copies: int = 0  # records read again from a second source, identical to one already published
    changed: int = 0  # records published new or changed since the published build (the rest unchanged)
    withdrawn: int = 0  # records the published build had and this one has not
    carried: int = 0  # records whose conversion and verdict were carried over from the published build
    replayed: int = 0  # records resolved as the published build's journal says (lod.build.journal)
    files_carried: int = 0  # files unchanged since the published build, taken as it read them
    files_whole: int = 0  # of those, files whose records were carried over at once (lod.build.files)
    stood: int = 0  # records whose statements stood in the published store, carried over (lod.build.standing)
    full: str = ""  # why nothing was carried over (a full build), when nothing was
    subjects: int = 0  # distinct subjects written (records, their parts, entities): VoID's entities
    earliest: list[tuple[str, str]] = field(default_factory=list)  # (date, IRI) of the first telegrams by date
    warnings: int = 0
    triples: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    # file (pages: folder) -> read, published, per kind
    by_source: dict[str, Counter[str]] = field(default_factory=dict)
    # seconds per stage: read, resolve, carry (the digest of what each record is made from, and what the
    # published build converted, taken again), convert, date (fingerprint and history), validate, store
    # (staging and loading), catalogue, publish (dumps, statistics)
    stages: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    warning_rules: Counter[str] = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    store: Path | None = None  # the build's directory (for a remote store: the staging one)
    remote_graph: str | None = None  # the graph a remote store holds the build in
    rejects_file: Path | None = None
    seconds: float = 0.0
    workers: str = ""  # what read, converted and validated the records (lod.workers)
    names: dict[str, Any] = field(default_factory=dict)  # how the agents' names resolved (the index's summary)
    first_rejected: list[dict[str, Any]] = field(default_factory=list)  # the first FIRST, for the console
    first_warnings: list[dict[str, Any]] = field(default_factory=list)

    def carried_over(self) -> str:
        """What was taken from the published build rather than made again, or why nothing was."""
        if self.full:
            return f"converted every record: {self.full}"
        files = "1 file's" if self.files_carried == 1 else f"{self.files_carried} files'"
        return (
            f"carried over from the published build: {self.carried} records' conversions and verdicts,"
            f" {files} records as read ({self.files_whole} of them whole), what {self.replayed} records"
            f" taught the authority (replayed, not resolved again), and the store, in which {self.stood} records'"
            " statements stood as stated (not loaded again)"
        )

    @property
    def exit_code(self) -> int:
        """0: everything published; 1: some records rejected; 2: nothing published."""
        if self.published == 0:
            return 2
        return 1 if self.rejected else 0

    def hear(self, event: Event) -> None:
        """Count what the pipeline says: records published (and copies), rejected by rule, warnings by rule."""
        if isinstance(event, Rejected):
            self.rejected += 1
            self.rules[event.entry["rule"]] += 1
            if len(self.first_rejected) < FIRST:
                self.first_rejected.append(event.entry)
        elif isinstance(event, Warned):
            self.warnings += 1
            self.warning_rules[event.entry["rule"]] += 1
            if len(self.first_warnings) < FIRST:
                self.first_warnings.append(event.entry)
        elif isinstance(event, Published):
            record = event.record
            self.published += 1
            self.copies += event.copy
            if record.kind == "telegram" and record.date:
                self._remember_early(record.date.isoformat(), event.iri)
            counts = self.by_source.setdefault(tally(record.source), Counter())
            counts["published"] += 1
            counts[record.kind] += 1

    def _remember_early(self, date: str, iri: str) -> None:
        """Keep the earliest telegrams (the dataset's examples) as they pass, not by sorting them all."""
        if len(self.earliest) == EXAMPLES and date > self.earliest[-1][0]:
            return
        bisect.insort(self.earliest, (date, iri))
        del self.earliest[EXAMPLES:]

    def summary(self) -> str:
        return f"published {self.published}, rejected {self.rejected}, read {self.read}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "published": self.published,
            "rejected": self.rejected,
            "identical_copies": self.copies,
            "changed": self.changed,
            "withdrawn": self.withdrawn,
            "carried": self.carried,
            "files_carried": self.files_carried,
            "files_whole": self.files_whole,
            "stood": self.stood,
            "replayed": self.replayed,
            "full": self.full,
            "warnings": self.warnings,
            "triples": self.triples,
            "rejected_by_rule": dict(self.rules.most_common()),
            "warnings_by_rule": dict(self.warning_rules.most_common()),
            "skipped_files": [{"file": f, "reason": r} for f, r in self.skipped],
            "by_source": {source: dict(counts) for source, counts in self.by_source.items()},
            "seconds": round(self.seconds, 3),
            "workers": self.workers,
            "stage_seconds": {stage: round(seconds, 3) for stage, seconds in self.stages.items()},
            "names": self.names,
            "lod_version": __version__,
        }


RejectSink = Callable[[dict[str, Any]], None]


def tally(source: str) -> str:
    """Where a record's figures are counted: its file, but one-record pages per folder (``folder/*.txt``).

    A volume or an export is worth a line of its own in the report; half a million page files are not.
    """
    if source.endswith(".txt"):
        folder, _, _ = source.rpartition("/")
        return f"{folder or '.'}/*.txt"
    return source


class JsonLines:
    """JSON-lines writers (the store's own file and an optional copy elsewhere)."""

    def __init__(self, *paths: Path | None) -> None:
        self.streams: list[IO[str]] = []
        for path in paths:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.streams.append(path.open("w", encoding="utf-8"))

    def __call__(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        for stream in self.streams:
            stream.write(line)

    def close(self) -> None:
        for stream in self.streams:
            stream.close()
