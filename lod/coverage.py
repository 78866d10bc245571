"""What the published telegrams state, field by field: telegrams per volume, and the share of them with
each field, by era. An archivist reads where a reader misses a notation; a developer sees what a change
to a reader gained or lost (``lod coverage``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from .query import solutions

TG = "https://w3id.org/telegram/ns#"
DC = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"

#: (column, the graph pattern a telegram ?t matches when it states the field)
FIELDS: tuple[tuple[str, str], ...] = (
    ("sender", f"?t <{TG}sender> ?x"),
    ("sender's post", f"?t <{TG}senderPost> ?x"),
    ("addressee", f"?t <{TG}addressee> ?x"),
    ("number", f"?t <{TG}telegramNumber> ?x"),
    ("sent at", f"?t <{TG}sentAt> ?x"),
    ("with its zone", f"?t <{TG}sentAt> ?x FILTER(REGEX(STR(?x), '(Z|[+-][0-9][0-9]:[0-9][0-9])$'))"),
    ("received", f"{{ ?t <{TG}receivedAt> ?x }} UNION {{ ?t <{TG}receivedOn> ?x }}"),
    ("classification", f"?t <{TG}classification> ?x"),
    ("precedence", f"?t <{TG}precedence> ?x"),
    ("handling", f"?t <{TG}handling> ?x"),
    ("cites", f"?t <{TG}citesMessage> ?x"),
    ("in reply to", f"?t <{TG}inReplyTo> ?x"),
    ("file", f"?t <{TG}archivalReference>/<{TG}referenceCode> ?x"),
    ("archive", f"?t <{TG}archivalReference>/<{TG}archive> ?x"),
    ("repeated to", f"{{ ?t <{TG}repeatedTo> ?x }} UNION {{ ?t <{TG}alsoSentTo> ?x }}"),
    ("drafted etc.", f"?t <{PROV}qualifiedAttribution> ?x"),
)
#: The eras a column of the table is about: the FRUS of the nineteenth century, of the world wars, of the Cold War.
ERAS: tuple[tuple[str, int, int], ...] = (
    ("1861–1899", 1861, 1899),
    ("1900–1936", 1900, 1936),
    ("1937–1952", 1937, 1952),
    ("1953–1968", 1953, 1968),
    ("1969–1980", 1969, 1980),
    ("after 1980", 1981, 9999),
)


@dataclass
class Coverage:
    volumes: Counter[str] = field(default_factory=Counter)  # volume title -> telegrams
    eras: Counter[str] = field(default_factory=Counter)  # era -> telegrams
    filled: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))  # era -> field -> n

    def as_dict(self) -> dict[str, Any]:
        return {
            "telegrams_per_volume": dict(self.volumes.most_common()),
            "telegrams_per_era": dict(self.eras),
            "fields_per_era": {era: dict(counts) for era, counts in self.filled.items()},
        }


def _era(year: int) -> str | None:
    return next((name for name, first, last in ERAS if first <= year <= last), None)


def measure(store: Any) -> Coverage:
    """Count, in one store, the telegrams of each volume and era and those of them stating each field."""
    coverage = Coverage()
    era_of: dict[str, str] = {}
    telegrams = f"""SELECT ?t ?date ?volume WHERE {{ ?t a <{TG}Telegram> ; <{DC}date> ?date .
        OPTIONAL {{ ?t <{DC}isPartOf>/<{DC}title> ?volume }} }}"""
    for row in solutions(store, telegrams):
        era = _era(int(row["date"].value[:4]))
        if era is None:
            continue
        era_of[row["t"].value] = era
        coverage.eras[era] += 1
        coverage.volumes[row["volume"].value if row["volume"] else "(no volume)"] += 1
    for name, pattern in FIELDS:
        query = f"SELECT DISTINCT ?t WHERE {{ ?t a <{TG}Telegram> . {pattern} }}"
        for row in solutions(store, query):
            era = era_of.get(row["t"].value)
            if era is not None:
                coverage.filled[era][name] += 1
    return coverage


def render(coverage: Coverage, volumes: bool = True) -> str:
    """The two tables in Markdown: telegrams per volume, and the share of telegrams with each field per era."""
    lines: list[str] = []
    if volumes:
        lines += ["| volume | telegrams |", "|---|---:|"]
        lines += [f"| {title} | {count:,} |" for title, count in sorted(coverage.volumes.items())]
        lines.append("")
    eras = [name for name, _, _ in ERAS if coverage.eras[name]]
    lines.append("| field | " + " | ".join(f"{era} ({coverage.eras[era]:,})" for era in eras) + " |")
    lines.append("|---|" + "---:|" * len(eras))
    for name, _ in FIELDS:
        shares = [coverage.filled[era][name] / coverage.eras[era] for era in eras]
        lines.append(f"| {name} | " + " | ".join(f"{share:.0%}" for share in shares) + " |")
    return "\n".join(lines)
