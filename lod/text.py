"""Text as names are compared and searched: romanising, folding, keys, slugs.

One folding for everything that compares names as written: the resolver, the register's indexes,
the readers that correct misprints, search, the EAD reader's keys and reconciliation. Every script
is romanised first by anyascii (a maintained table of every Unicode character): Cyrillic as
English-language archives write Russian, Hangul and Han as syllables run together. So a name in
its own script resolves and is found exactly as its plain Latin spelling is.

>>> fold("Satō, Eisaku")
'sato eisaku'
>>> fold("Сталин") == fold("Stalin")
True
>>> fold("김일성"), fold("毛泽东")
('gimilseong', 'maozedong')
>>> searchable("P'yŏngyang, Korea's")
"pyongyang, korea's"
>>> name_key("Nehru, Jawaharlal") == name_key("Jawaharlal Nehru")
True
>>> compact_key("AP RF") == compact_key("APRF")
True
>>> slug("Asunción")
'asuncion'
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from anyascii import anyascii

from .names import clean

_APOSTROPHES = re.compile(r"['’`]")
_SEPARATORS = re.compile(r"[^\w]+|_")


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")
# an apostrophe inside a name ("P'yŏngyang", "O'Brien"), not a possessive ("Korea's")
_INNER_APOSTROPHE = re.compile(r"(?<=\w)['’ʼ‘`](?=\w)(?!s\b)")


def romanised(text: str) -> str:
    """Every character outside ASCII as anyascii writes it: "Satō" -> "Sato", "Сталин" -> "Stalin",
    "Łódź" -> "Lodz", "—" -> "-". Only the runs outside ASCII go through the table (fast on long bodies)."""
    if text.isascii():
        return text
    return _NOT_ASCII.sub(lambda run: anyascii(run[0]), text)


def searchable(text: str) -> str:
    """Text as it is indexed and searched: romanised, lower case, apostrophes inside names dropped
    (punctuation stays: the full-text tokenizer splits on it, and hyphenated names are joined by the index)."""
    lowered = romanised(text).lower()
    if "'" in lowered or "`" in lowered:
        return _INNER_APOSTROPHE.sub("", lowered)
    return lowered


@lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Lower case, accents off, punctuation and hyphens to spaces: "Satō, Eisaku" -> "sato eisaku"."""
    if text.isascii() and text.isalpha():  # most words: nothing to take off
        return text.lower()
    plain = romanised(text).lower()
    return " ".join(_SEPARATORS.sub(" ", _APOSTROPHES.sub("", plain)).split())


def folded_word(word: str) -> str:
    return word.lower() if word.isascii() else fold(word)


def without_apostrophes(text: str) -> str:
    return _APOSTROPHES.sub("", text)


@lru_cache(maxsize=1 << 17)
def name_key(text: str) -> str:
    """Order-blind key of a name: "Nehru, Jawaharlal" and "Jawaharlal Nehru" share one."""
    return " ".join(sorted(w for w in fold(clean(text)).split() if w != "the"))


@lru_cache(maxsize=1 << 17)
def compact_key(text: str) -> str:
    """Spacing-blind key, for abbreviations: "AP RF" and "APRF"."""
    return fold(clean(text)).replace(" ", "")


def slug(text: str, *, ordered: bool = True) -> str:
    words = fold(clean(text)).split()
    if not ordered:
        words = sorted(words)
    value = "-".join(w for w in words if re.fullmatch(r"[a-z0-9]+", w))
    if not value:  # a name of signs and punctuation only
        value = "n-" + hashlib.sha1(text.encode()).hexdigest()[:10]
    return value[:80].rstrip("-")


def one_apart(a: str, b: str) -> bool:
    """One letter added, dropped or changed: "schmedeman" and "schmedemann"."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return a[i + 1 :] == b[i + 1 :] if len(a) == len(b) else a[i:] == b[i + 1 :]
    return True
