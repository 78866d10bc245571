"""The index of names as written: how every name on a published record was resolved, for archivists.

The build adds each published record's names (the sender and addressees with the posts they wrote
in, copies, persons named) with what they resolved to and by which evidence: the authority files,
the register of offices, an entity minted from a full name, or nothing (a surname alone that no
date singles out stays as written). It writes ``names.json`` beside the store; ``lod names``
prints it, most frequent first, so that an archivist sees what to rule on in
``data/authorities/names.csv`` before the next build.

It also measures what the register does for the FRUS telegrams whose heads name an office of the
Department or a chief of mission: how many have a sender and addressees that are persons of the
register, and why the others have not.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .correspondents import Outcome
from .errors import StoreError
from .record import Name, Record

FILENAME = "names.json"
SAMPLES = 5  # records kept for each outcome of a name
METHODS = ("authority", "register", "minted", "unresolved")


def cause(outcome: Outcome) -> str:
    """Why a party of an office's telegram is not a person of the register, in a few words."""
    how = outcome.how
    if outcome.entity is not None:
        if outcome.method == "register":
            return "resolved"
        if outcome.post is not None and outcome.post.register is not None:
            return "acting for a post of the register (a chargé d'affaires ad interim), whom it does not list"
        if outcome.post is not None:
            return "an office the register does not cover (a consul, a special representative, a delegation)"
        if outcome.entity.kind != "person":
            return "a body, not a person (the Department of State, a legation)"
        return "a person written by name alone, outside the register"
    if "acting" in how:
        return "acting for the office, and no signature or register says who"
    if "which no officer of the register bears" in how:
        return "a foreign official (written with a title no officer of the register bears)"
    if "in the register" in how and how.startswith(("no ", "a surname alone: no ")):
        return "a name the register does not know (a consul, a chargé, an official of another government)"
    if "surname alone" in how or " named " in how or "in office on the date" in how:
        return "a surname alone that the date does not single out"
    if "no holder" in how or "holders of" in how:
        return "the register has no single holder of the post on the date"
    if "does not keep" in how:
        return "an office outside the register, and no name"
    if "no date" in how:
        return "the record has no date"
    return how or "nothing written"


@dataclass
class _Written:
    count: int = 0
    roles: Counter[str] = field(default_factory=Counter)
    outcomes: dict[tuple[str, str, str], list[Any]] = field(default_factory=dict)  # -> [count, records]
    candidates: set[str] = field(default_factory=set)


#: The register's figures over FRUS telegrams: (key, what is counted), each of them counted, and resolved
#: when its sender and addressees (or, for parties, the party) are persons of the register.
METHOD_LABELS = (
    ("authority", "authority files"),
    ("register", "register of offices"),
    ("minted", "minted from the records"),
    ("unresolved", "kept as written"),
)

MEASURES = (
    ("telegrams", "FRUS telegrams whose head names a post of the register"),
    ("between_offices", "... whose every party is written as a post of the register"),
    (
        "between_principals_and_chiefs",
        "... and none is a chargé d'affaires (chargés ad interim are not in the register)",
    ),
    ("parties", "senders and addressees written as a post of the register"),
)


@dataclass
class Measure:
    counted: int = 0
    resolved: int = 0

    def add(self, resolved: bool) -> None:
        self.counted += 1
        self.resolved += resolved

    def as_dict(self) -> dict[str, Any]:
        share = round(self.resolved / self.counted, 4) if self.counted else None
        return {"counted": self.counted, "resolved": self.resolved, "share": share}


def _in_register(outcome: Outcome) -> bool:
    return outcome.entity is not None and outcome.entity.register is not None


def _written_as_post(outcome: Outcome) -> bool:
    return outcome.post is not None and outcome.post.register is not None


def _charge(outcome: Outcome) -> bool:
    return (
        _written_as_post(outcome)
        and outcome.acting
        and outcome.post is not None
        and (outcome.post.key.startswith("chief-of-mission-"))
    )


@dataclass
class NameIndex:
    """Names as written on the published records, with their outcomes; the register's figures for FRUS."""

    names: dict[str, _Written] = field(default_factory=dict)
    methods: Counter[str] = field(default_factory=Counter)
    labels: dict[str, str] = field(default_factory=dict)  # entity key -> preferred label (filled at the end)
    measures: dict[str, Measure] = field(default_factory=lambda: {key: Measure() for key, _ in MEASURES})
    causes: Counter[str] = field(default_factory=Counter)

    def add(self, record: Record, iri: str, outcomes: list[tuple[str, Name, Outcome]]) -> None:
        for role, name, outcome in outcomes:
            written = " ".join(name.as_written.split())
            if not written:
                continue
            entry = self.names.setdefault(written, _Written())
            entry.count += 1
            entry.roles[role] += 1
            method = outcome.method if outcome.entity is not None else "unresolved"
            self.methods[method] += 1
            key = f"{outcome.entity.kind}/{outcome.entity.key}" if outcome.entity is not None else ""
            post = f"post/{outcome.post.key}" if outcome.post is not None else ""
            slot = entry.outcomes.setdefault((method, key, outcome.how), [0, [], post])
            slot[0] += 1
            if len(slot[1]) < SAMPLES:
                slot[1].append(iri)
            entry.candidates.update(outcome.candidates)
            if outcome.entity is not None:
                self.labels.setdefault(key, outcome.entity.label)
        if record.reader == "frus-tei" and record.kind == "telegram":
            self._office_telegram(outcomes)

    def _office_telegram(self, outcomes: list[tuple[str, Name, Outcome]]) -> None:
        parties = [o for role, _, o in outcomes if role in ("sender", "addressee")]
        if not any(_written_as_post(o) for o in parties):
            return
        both = {role for role, _, _ in outcomes} >= {"sender", "addressee"}
        resolved = both and all(_in_register(o) for o in parties)
        self.measures["telegrams"].add(resolved)
        if not resolved:
            failing = [o for o in parties if not _in_register(o)]
            self.causes.update({cause(o) for o in failing} or {"no sender or no addressee written"})
        if both and all(_written_as_post(o) for o in parties):
            self.measures["between_offices"].add(resolved)
            if not any(_charge(o) for o in parties):
                self.measures["between_principals_and_chiefs"].add(resolved)
        for o in parties:
            if _written_as_post(o):
                self.measures["parties"].add(_in_register(o))

    def relabel(self, labels: dict[str, str]) -> None:
        """The entities' preferred labels as they stand after the last record."""
        self.labels.update({k: v for k, v in labels.items() if k in self.labels})

    def summary(self) -> dict[str, Any]:
        total = sum(self.methods.values())
        share = {m: round(self.methods[m] / total, 4) if total else 0.0 for m in METHODS}
        return {
            "agent_mentions": total,
            "resolved_to": {m: self.methods[m] for m in METHODS},
            "share": share,
            "frus_office_telegrams": {
                **{key: measure.as_dict() for key, measure in self.measures.items()},
                "not_resolved_by_cause": dict(self.causes.most_common()),
            },
        }

    def write(self, path: Path) -> None:
        entries = []
        for written, entry in sorted(self.names.items(), key=lambda item: (-item[1].count, item[0])):
            outcomes = [
                {
                    "method": method,
                    "entity": key or None,
                    "label": self.labels.get(key) if key else None,
                    "post": post or None,
                    "how": how,
                    "count": count,
                    "records": records,
                }
                for (method, key, how), (count, records, post) in sorted(
                    entry.outcomes.items(), key=lambda item: -item[1][0]
                )
            ]
            entries.append(
                {
                    "written": written,
                    "count": entry.count,
                    "roles": dict(entry.roles.most_common()),
                    "outcomes": outcomes,
                    "candidates": sorted(entry.candidates),
                }
            )
        document = {"summary": self.summary(), "names": entries}
        path.write_text(json.dumps(document, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n")


def read_index(build: Path) -> dict[str, Any]:
    path = build / FILENAME
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise StoreError(
            f"{build} has no index of names ({FILENAME}): it was built by an earlier version; build again"
        ) from None
    except (OSError, ValueError) as error:
        raise StoreError(f"{path}: cannot read the index of names: {error}") from None


def resolved_shares(summary: dict[str, Any], *, counts: bool = False) -> str:
    """ "authority files 46 (0.2%), register of offices 15,927 (67.6%), ...": the build's and `lod names`' wording."""
    total = summary["agent_mentions"] or 1
    parts = []
    for method, label in METHOD_LABELS:
        resolved = summary["resolved_to"][method]
        parts.append(f"{label} {resolved:,} ({resolved / total:.1%})" if counts else f"{label} {resolved / total:.1%}")
    return ", ".join(parts)


def render(document: dict[str, Any], *, unresolved: bool = False, limit: int = 50, contains: str = "") -> str:
    """The index as an archivist reads it: the figures, then the names by frequency with their outcomes."""
    summary = document["summary"]
    shares = resolved_shares(summary, counts=True)
    lines = [f"{summary['agent_mentions']:,} names of agents on the published records: {shares}"]
    offices = summary["frus_office_telegrams"]
    if offices["telegrams"]["counted"]:
        for key, what in MEASURES:
            measure = offices[key]
            if measure["counted"]:
                lines.append(
                    f"{what}: {measure['counted']:,}; persons of the register: {measure['resolved']:,}"
                    f" ({measure['share']:.1%})"
                )
        for why, count in offices["not_resolved_by_cause"].items():
            lines.append(f"  telegrams not resolved, {why}: {count:,}")
    lines.append("")
    shown = 0
    for entry in document["names"]:
        if contains and contains.lower() not in entry["written"].lower():
            continue
        outcomes = entry["outcomes"]
        if unresolved:
            outcomes = [o for o in outcomes if o["method"] == "unresolved"]
            if not outcomes:
                continue
        roles = ", ".join(f"{role} {count}" for role, count in entry["roles"].items())
        lines.append(f"{entry['count']:>6}  {entry['written']}  ({roles})")
        for outcome in outcomes[:5]:
            target = outcome["label"] or "kept as written"
            if outcome["entity"]:
                target += f" <{outcome['entity']}>"
            if outcome["post"]:
                target += f" as {outcome['post']}"
            lines.append(f"        {outcome['count']:>5} {outcome['method']}: {target}; {outcome['how']}")
            lines.append(f"              e.g. {', '.join(outcome['records'][:3])}")
        if entry["candidates"] and any(o["method"] == "unresolved" for o in outcomes):
            lines.append(f"              candidates: {', '.join(entry['candidates'][:8])}")
        shown += 1
        if shown >= limit:
            break
    return "\n".join(lines)
