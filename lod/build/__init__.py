"""The build: read -> resolve -> convert -> validate -> publish, atomically.

stages.py        read, screen, resolve, batch, convert, date, validate: each stage a generator over the one before
pipeline.py      the stages joined (the Pipeline); what comes out validated published, provenance, duplicates
events.py        what the pipeline says (published, rejected, warned) and those who listen: the report, the
                 reading room's index, the index of names, the rejects and warnings files
threads.py       thread links, found once both telegrams are published, checked before they are
fingerprints.py  what names a source file (its content) and a record (its own statements)
publish.py       the accepted triples staged, loaded, dumped and counted; published into the store
report.py        what was read, published and rejected, and the rejects and warnings files
"""

from __future__ import annotations

from .pipeline import Pipeline
from .publish import build, publish, validate_sources
from .report import RejectSink, Report

__all__ = ["Pipeline", "RejectSink", "Report", "build", "publish", "validate_sources"]
