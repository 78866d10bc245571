"""Archival citations: split a source note into references to archives and the people credited.

Russian archives cite a fond/opis/delo/papka/list hierarchy, long or short::

    APRF, Fond 45, Opis 1, Delo 346, Listy 105-107 and AVPRF, Fond 059a, Opis 5a, Delo 3, Papka 11, Listy 107-110
    AP RF, f. 45, op. 1, d. 334, l. 141; and RGASPI, f. 558, op. 11, d. 334, ll. 0141. Translated by Gary Goldberg.

Other archives cite a file or shelf mark ("BArch, B 136/59748, 403-410"), which is kept as the
reference code. Credits ("Translated by ...", "Contributed by ...") are returned apart.

>>> text = "AP RF, f. 45, op. 1, d. 334, l. 141; and RGASPI, f. 558, op. 11. Translated by Gary Goldberg."
>>> refs, credits = parse_citation(text)
>>> [(r.archive.written, r.fond, r.folios) for r in refs]
[('AP RF', '45', '141'), ('RGASPI', '558', None)]
>>> credits.translators
['Gary Goldberg']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .record import ArchivalReference, Name

_LEVELS = {
    "fond": r"(?:fond|f)",
    "opis": r"(?:opis|op)",
    "delo": r"(?:delo|d)",
    "papka": r"(?:papka|p)",
    "folios": r"(?:listy|listi|list|ll|l|folios?|ff?)",
}
_LEVEL = re.compile(
    r"\b(?P<level>" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _LEVELS.items()) + r")\b\.?"
    r"\s*(?P<value>\d[\w\-–/]*|[IVX]+\b)",
    re.IGNORECASE,
)
# "and AVPRF, ..." or "; and RGASPI, ..." or "; TsAMO RF, ...": where a new archive begins.
_SEPARATOR = re.compile(r"\s*;\s*(?:and\s+)?|\s+and\s+(?=[A-Z][\w ]{1,40},\s*(?:fond|f\.|Fond|Listy|List)\b)")
_CREDIT = re.compile(
    r"(?P<roles>(?:Contributed|Transcribed|Translated|Obtained|Edited)(?:[\w\s,]*?)?)\s+(?:for\s+[\w\s]+?\s+)?by\s+"
    r"(?P<names>[^.]+?(?:\b[A-Z]\.\s*[^.]+?)*)(?:\.(?=\s|$)|$)",
)
_NAMES_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


@dataclass
class Credits:
    translators: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)


def _credits(text: str) -> tuple[str, Credits]:
    """Take the credit sentences out of a citation."""
    credits = Credits()
    kept = text
    for match in _CREDIT.finditer(text):
        # "Contributed by Robert Hoppens and translated by Stephen Mercado" names two roles.
        # "Contributed, transcribed, and translated by X" gives X every role listed before "by".
        parts = re.split(r",?\s+and\s+(?=(?:translated|transcribed|contributed)\b)", match[0], flags=re.IGNORECASE)
        pending = ""
        for part in parts:
            role_match = re.match(r"(?P<roles>.*?)\s+(?:for\s+[\w\s]+?\s+)?by\s+(?P<names>.+)", part.rstrip(". "))
            if not role_match:
                pending += " " + part
                continue
            roles = (pending + " " + role_match["roles"]).lower()
            pending = ""
            names = [n.strip(" .") for n in _NAMES_SPLIT.split(role_match["names"]) if n.strip(" .")]
            if "translat" in roles:
                credits.translators += names
            if "contribut" in roles or "obtained" in roles or "transcrib" in roles or "edited" in roles:
                credits.contributors += names
        kept = kept.replace(match[0], " ")
    return " ".join(kept.split()).strip(" ;,."), credits


def _reference(part: str) -> ArchivalReference | None:
    part = part.strip(" ;,.")
    if not part:
        return None
    first_level = _LEVEL.search(part)
    head, _, rest = part.partition(",")
    if first_level and first_level.start() < len(head):
        # No archive named before the hierarchy ("f. 558, op. 11"): nothing to attach it to.
        return None
    levels: dict[str, str] = {}
    for match in _LEVEL.finditer(rest):
        level = next(name for name in _LEVELS if match[name])
        levels.setdefault(level, match["value"].rstrip(".,"))
    code = None
    if not levels and rest.strip():
        code_text = rest.strip(" ,.")
        folio_match = re.search(r",\s*(\d+(?:\s*[-–]\s*\d+)?)$", code_text)
        if folio_match and re.search(r"\d", code_text[: folio_match.start()]):
            levels["folios"] = folio_match[1].replace(" ", "")
            code_text = code_text[: folio_match.start()]
        code = code_text or None
    archive = re.sub(r"\s*\((?:microfilm|copy)\)", "", head.strip(), flags=re.IGNORECASE)
    return ArchivalReference(
        archive=Name(archive, kind="organization"),
        as_written=part,
        fond=levels.get("fond"),
        opis=levels.get("opis"),
        delo=levels.get("delo"),
        papka=levels.get("papka"),
        folios=levels.get("folios"),
        reference_code=code,
    )


def parse_citation(text: str) -> tuple[list[ArchivalReference], Credits]:
    """References to archives, and the people credited, from a citation as written."""
    body, credits = _credits(" ".join(text.split()))
    # A narrative note ("A copy was subsequently found in RGASPI, f. 558, ...") keeps only its citations.
    found = [m for m in re.finditer(r"\b(?:found|kept|held)\s+in\s+", body)]
    if found:
        body = body[found[-1].end() :]
    references = []
    for part in _SEPARATOR.split(body):
        reference = _reference(part)
        if reference is not None:
            references.append(reference)
    return references, credits
