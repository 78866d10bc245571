"""Names as telegrams write them: honorifics, editors' brackets, capitals, letter-spacing.

>>> name = split_variants("To Comrade FENG XI [Stalin]")
>>> name.written, name.variants
('FENG XI', ('Stalin',))
>>> clean("S H T Y K O V")
'SHTYKOV'
>>> clean("Francis, David R.")
'Francis, David R.'
>>> [str(n) for n in persons_in_text("KIM IL SUNG and PAK HEON-YEONG [Pak Hon Yong] met.")]
['PAK HEON-YEONG [Pak Hon Yong]', 'KIM IL SUNG']
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .record import Name

HONORIFICS = (
    "to comrades",
    "to comrade",
    "to cdes.",
    "to cde.",
    "to comr.",
    "comrades",
    "comrade",
    "cdes.",
    "cdes",
    "cde.",
    "cde",
    "comr.",
    "comr",
    "tov.",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "to",
    "for",
)
_HONORIFIC = re.compile(
    r"^(?:" + "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True)) + r")(?:\s+|$)",
    re.IGNORECASE,
)
_LETTER_SPACED = re.compile(r"^(?:[A-Z] ){2,}[A-Z]$")
# A name token: capitalised, possibly hyphenated ("Heon-yeong", "DU-BONG", "Il-u"), or an initial ("I.V.").
_TOKEN = r"(?:[A-Z][a-zA-Z'’]*(?:-[A-Za-z][a-z]*|-[A-Z]+)*\.?|[A-Z]\.(?:\s?[A-Z]\.)*)"
_NAME = rf"{_TOKEN}(?:\s+{_TOKEN}){{0,3}}"
_BRACKETED = re.compile(rf"(?P<name>{_NAME})\s*\[(?P<variant>{_NAME})\]")
_CAPS_TOKEN = r"[A-Z][A-Z'’]+(?:-[A-Z]+)*"
_CAPS_NAME = re.compile(rf"(?<![\w\[])(?P<name>{_CAPS_TOKEN}(?:\s+{_CAPS_TOKEN}){{1,3}})(?![\w\]])")
_PAREN_LIST = re.compile(r"\(([^()]{10,400})\)")
_NOT_NAMES = {
    "TOP SECRET",
    "STRICTLY SECRET",
    "EXTREMELY URGENT",
    "CIPHERED TELEGRAM",
    "TOP PRIORITY",
    "SPECIAL FILE",
    "UNITED NATIONS",
    "UNITED STATES",
    "SOVIET UNION",
    "GENERAL STAFF",
}


_ORGANIZATION_WORDS = re.compile(
    r"\b(?:ministry|department|directorate|administration|committee|bureau|division|embassy|legation|"
    r"government|council|office|association|foundation|party|army|staff|file|library|archives?|museum|"
    r"university|institute|commission|agency|service|corporation|company|bank|league|union|society|"
    r"assembly|congress|delegation|mission|headquarters|command|premiers|secretariat|presidium|politburo)\b"
    r"|(?<=[a-z]{3})\.\s+[A-Z]",  # "Japan. Foreign Ministry", "Poland. Embassy (Canada)"
    re.IGNORECASE,
)


def looks_like_organization(text: str) -> bool:
    """ "Japan. Foreign Ministry", "8th Department", "All Provincial Premiers": bodies, not persons."""
    return bool(_ORGANIZATION_WORDS.search(text))


@lru_cache(maxsize=1 << 16)  # the same names come back record after record
def clean(written: str) -> str:
    """A name without honorifics, trailing punctuation, quotes or letter-spacing."""
    text = " ".join(written.replace("\u00a0", " ").split())
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)  # "Asunción" written with a combining accent
    text = re.sub(r"\.{2,}", ".", text)
    initial = _INITIAL.search(text)  # "Francis, David R." keeps the period of its initial
    text = text.strip(" .,;:!\"“”'’")
    previous = None
    while previous != text:
        previous = text
        text = _HONORIFIC.sub("", text).strip(" .,;:")
    if _LETTER_SPACED.match(text):
        text = text.replace(" ", "")
    text = _POSSESSIVE.sub("", text)
    return text + "." if initial and text else text


_INITIAL = re.compile(r"(?<=[\s,])[A-Z]\.$")
_POSSESSIVE = re.compile(r"['’][sS]$")


_VARIANT = re.compile(r"[\[(]([^\[\]()]+)[\])]")
_VARIANTS = re.compile(r"\s*[\[(][^\[\]()]*[\])]")


def split_variants(written: str) -> Name:
    """``"FENG XI [Stalin]"`` or ``"Feng Xi (Stalin)"`` -> the name and its editor's variants."""
    variants = [clean(v) for v in _VARIANT.findall(written)]
    base = clean(_VARIANTS.sub("", written))
    return Name(base, tuple(v for v in variants if v and v.lower() != base.lower()))


_WHOLE_TOKEN = re.compile(_TOKEN)
_VOWEL = re.compile(r"[AEIOUYaeiouy]")


def _looks_like_name(text: str) -> bool:
    tokens = text.split()
    return (
        0 < len(tokens) <= 4
        and all(_WHOLE_TOKEN.fullmatch(t) for t in tokens)
        and text.upper() not in _NOT_NAMES
        and all(_VOWEL.search(t) for t in tokens)
    )


def persons_in_text(text: str) -> list[Name]:
    """Persons a translated telegram names unambiguously: bracketed variants, capitals, name lists.

    Editors of translated telegrams mark names: "PAK HEON-YEONG [Pak Hon Yong]", names in
    capitals as the Russian original has them, and lists of leaders in parentheses. Names met
    only in running text are left to the authority lists of the resolver.
    """
    found: dict[str, Name] = {}

    def add(name: Name) -> None:
        key = name.written.lower()
        if key not in found or (name.variants and not found[key].variants):
            found[key] = name

    for match in _variant_pairs(text):
        name, variant = clean(match["name"]), clean(match["variant"])
        add(Name(name, (variant,) if variant.lower() != name.lower() else (), "person"))
    for match in _PAREN_LIST.finditer(text):
        items = [i.strip() for i in re.split(r",\s*|\s+and\s+", match[1]) if i.strip()]
        if len(items) >= 3 and all(_looks_like_name(re.sub(r"\s*\[[^\]]*\]", "", i)) for i in items):
            for item in items:
                add(Name(*_name_and_variants(item), kind="person"))
    for match in _CAPS_NAME.finditer(text):
        name = clean(match["name"])
        if _looks_like_name(name) and name not in _NOT_NAMES:
            add(Name(name, (), "person"))
    return list(found.values())


def _name_and_variants(item: str) -> tuple[str, tuple[str, ...]]:
    name = split_variants(item)
    return name.written, name.variants


def _variant_pairs(text: str) -> list[re.Match[str]]:
    """ "PAK HEON-YEONG [Pak Hon Yong]": a person's name with an editor's variant spelling."""
    return [
        match
        for match in _BRACKETED.finditer(text)
        if _looks_like_name(clean(match["name"]))
        and _looks_like_name(clean(match["variant"]))
        and not looks_like_organization(match["name"] + " " + match["variant"])
    ]


def editorial_notes(text: str) -> list[str]:
    """Editors' bracketed notes that are not name variants, with the word they annotate.

    >>> editorial_notes("The KNP [Korean People's Republic, apparently a misspelling of DPRK] holds.")
    ["KNP [Korean People's Republic, apparently a misspelling of DPRK]"]
    """
    if "[" not in text:
        return []
    variants = {match.start("variant") for match in _variant_pairs(text)}
    notes = []
    for match in _BRACKET.finditer(text):
        if match.start("note") in variants:
            continue
        note = match["note"].strip()
        if note.lower() in {"sic", "...", "…"}:
            continue
        preceding = _LAST_WORD.search(text, max(0, match.start() - 40), match.start())
        before = preceding[1] if preceding else None
        notes.append(f"{before} [{note}]" if before and not before.islower() else f"[{note}]")
    return notes


_BRACKET = re.compile(r"\[(?P<note>[^\[\]]{2,400})\]")
_LAST_WORD = re.compile(r"([\w'’.-]+)\s*$")
