"""Citations and identifiers as readers copy them from footnotes, matched to the structured reference.

A historian searches "Fond 45, Opis 1, Delo 346", "f. 45, op. 1, d. 346", "APRF 45/1/346", a State
Department file number ("861.51/133", "851G.00/1–1449"), "RG 59" or a telegram's number ("No. 405809").
:func:`cited` finds these in the words of a search and turns each into a key; :func:`reference_keys` and
:func:`number_keys` give a document the same keys from its archival references and numbers as published.
A cited key matches only a document that holds it: the words of the citation are not looked for in the text.

>>> [c.key for c in cited("Fond 45, Opis 1, Delo 346").citations]
['f:45/1/346']
>>> [c.key for c in cited("f. 45, op. 1, d. 346").citations]
['f:45/1/346']
>>> [(c.key, c.archive) for c in cited("APRF 45/1/346").citations]
[('f:45/1/346', 'APRF')]
>>> cited("telegrams about 851G.00/1–1449 and RG 59").rest
'telegrams about and'
>>> [c.key for c in cited("telegrams about 851G.00/1–1449 and RG 59").citations]
['code:851g.00/1-1449', 'rg:59']
>>> [c.key for c in cited("No. 405809").citations]
['no:405809']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LEVEL = r"[0-9][0-9a-zA-Z]*"
_FOND = re.compile(
    rf"\b(?:fond|f|ф(?:онд)?)\.?\s*(?P<fond>{_LEVEL})"
    rf"(?:\s*[,;]?\s*(?:opis|op|оп(?:ись)?)\.?\s*(?P<opis>{_LEVEL})"
    rf"(?:\s*[,;]?\s*(?:delo|d|д(?:ело)?)\.?\s*(?P<delo>{_LEVEL}))?)?",
    re.IGNORECASE,
)
# "APRF 45/1/346": an archive's initials, then fond/opis/delo
_SHELFMARK = re.compile(
    rf"\b(?P<archive>[A-Z][A-Za-z]{{1,7}})\s+(?P<fond>{_LEVEL})/(?P<opis>{_LEVEL})/(?P<delo>{_LEVEL})\b"
)
# the State Department's decimal files: 861.51/133, 851G.00/1–1449, 661.119Vessels/23, 711.379/32
_DECIMAL_FILE = re.compile(r"\b(?P<code>\d{3}[A-Za-z]{0,2}\.[0-9A-Za-z.]*[0-9A-Za-z]/[0-9A-Za-z]+(?:[-–][0-9]+)?)")
_RECORD_GROUP = re.compile(r"\b(?:RG|record\s+group)\s*(?P<rg>\d+)\b", re.IGNORECASE)
_NUMBER = re.compile(r"\b(?:no|nr|n°|№|number|telegram|tel)\.?\s*(?P<no>\d{2,})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    """One reference a reader wrote: its key in the index, and the archive it named, if any."""

    key: str
    written: str
    archive: str | None = None  # "APRF": matched to an archive by its names, when the index knows one


@dataclass
class Cited:
    citations: list[Citation] = field(default_factory=list)
    rest: str = ""  # the words that are not a citation


def _level(value: str) -> str:
    return value.lower()


def holding_key(fond: str | None, opis: str | None = None, delo: str | None = None) -> str | None:
    """ "f:45", "f:45/1", "f:45/1/346": as far as the levels go."""
    levels = []
    for level in (fond, opis, delo):
        if not level:
            break
        levels.append(_level(level))
    return "f:" + "/".join(levels) if levels else None


def held_by(archive: str, key: str) -> str:
    """A holding's key under its archive, the archive by its entity key: ("archive/aprf", "f:45") -> "aprf f:45"."""
    return f"{archive.removeprefix('archive/')} {key}"


def code_key(code: str) -> str:
    """A file number or reference code as the index compares it: lower case, dashes as hyphens."""
    return "code:" + re.sub(r"[–—‐]", "-", code.strip().lower())


def cited(text: str) -> Cited:
    """The citations in a search's words, and what is left of the words."""
    found: list[tuple[int, int, Citation]] = []

    def take(match: re.Match[str], citation: Citation) -> None:
        if not any(start < match.end() and match.start() < end for start, end, _ in found):
            found.append((match.start(), match.end(), citation))

    for match in _SHELFMARK.finditer(text):
        key = holding_key(match["fond"], match["opis"], match["delo"])
        assert key is not None
        take(match, Citation(key, match[0], match["archive"]))
    for match in _FOND.finditer(text):
        key = holding_key(match["fond"], match["opis"], match["delo"])
        assert key is not None
        take(match, Citation(key, match[0]))
    for match in _DECIMAL_FILE.finditer(text):
        take(match, Citation(code_key(match["code"]), match[0]))
    for match in _RECORD_GROUP.finditer(text):
        take(match, Citation(f"rg:{match['rg']}", match[0]))
    for match in _NUMBER.finditer(text):
        take(match, Citation(f"no:{match['no']}", match[0]))
    found.sort(key=lambda item: item[0])
    rest, position = [], 0
    for start, end, _ in found:
        rest.append(text[position:start])
        position = end
    rest.append(text[position:])
    return Cited([citation for _, _, citation in found], " ".join(" ".join(rest).split()))


def reference_keys(
    archive: str | None,
    fond: str | None = None,
    opis: str | None = None,
    delo: str | None = None,
    code: str | None = None,
    record_group: str | None = None,
) -> list[str]:
    """The keys a document's archival reference is found by: each level of its holding, alone and under
    its archive (its entity key, "archive/aprf": "f:45/1/346", "aprf f:45/1/346"), its file number or
    reference code, its record group."""
    keys: list[str] = []
    for depth in range(1, 4):
        key = holding_key(*(fond, opis, delo)[:depth])
        if key and key not in keys:
            keys.append(key)
            if archive:
                keys.append(held_by(archive, key))
    if code:
        keys.append(code_key(code))
        filed = code.split(":", 1)[0].strip()  # "817.00/3333: Telegram"
        if filed != code:
            keys.append(code_key(filed))
    if record_group:
        keys.append(f"rg:{record_group.strip().lower().removeprefix('rg').strip()}")
    return keys


def number_keys(numbers: list[str]) -> list[str]:
    """A telegram's own numbers as keys: "no:405809"."""
    return [f"no:{number.strip().lower()}" for number in numbers if number.strip()]
