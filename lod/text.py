"""Keys of names: folding, order-blind and spacing-blind keys, slugs.

One folding for everything that compares names as written: the resolver, the register's indexes
and the readers that correct misprints.

>>> fold("Satō, Eisaku")
'sato eisaku'
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
import unicodedata
from functools import lru_cache

from .names import clean

_APOSTROPHES = re.compile(r"['’`]")
_SEPARATORS = re.compile(r"[^\w]+|_")


#: The blocks of the Basic Multilingual Plane that hold combining marks (all 707 of them, as Unicode 15 has it)
_MARK_BLOCKS = ((0x300, 0x3100), (0xA600, 0xAC00), (0xFB1E, 0xFE30))


@lru_cache(maxsize=1)
def _marks() -> dict[int, None]:
    """Every combining mark of the Basic Multilingual Plane, for str.translate to delete (made once)."""
    blocks = (range(first, last) for first, last in _MARK_BLOCKS)
    return {code: None for block in blocks for code in block if unicodedata.combining(chr(code))}


def strip_marks(text: str) -> str:
    """The text decomposed (NFKD) with its combining marks taken off: "Satō" -> "Sato", "Asunción" -> "Asuncion"."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_marks())


@lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Lower case, accents off, punctuation and hyphens to spaces: "Satō, Eisaku" -> "sato eisaku"."""
    if text.isascii() and text.isalpha():  # most words: nothing to take off
        return text.lower()
    plain = strip_marks(text).lower()
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
    if not value:  # a name in a script we do not transliterate
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
