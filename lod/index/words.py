"""A reader's words as the index compares them: search terms for FTS5, names as indexed, and the
snippet that shows where a document matched."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..text import searchable
from .citations import Citation, cited

_HYPHENATED = re.compile(r"\w+(?:-\w+)+")
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def name_forms(names: Iterable[str]) -> str:
    """Names for the index: folded, and hyphenated ones joined up too ("kim il-sung kim ilsung")."""
    forms: dict[str, None] = {}
    for name in names:
        folded = searchable(name)
        forms[folded] = None
        for hyphenated in _HYPHENATED.findall(folded):
            forms[hyphenated.replace("-", "")] = None
    return " | ".join(forms)


@dataclass
class Query:
    """A reader's search words as FTS5 terms: words, "quoted phrases" and prefixes (``Shtyk*``).

    Every term is quoted before it reaches FTS5, so no reader's text is taken as query syntax.
    """

    text: str
    terms: list[str] = field(default_factory=list)
    words: list[tuple[str, bool]] = field(default_factory=list)  # (folded word, is a prefix): for snippets
    clauses: list[tuple[list[str], bool]] = field(default_factory=list)  # each term's tokens, and if a prefix
    citations: list[Citation] = field(default_factory=list)  # "Fond 45, Opis 1, Delo 346", "861.51/133"

    @classmethod
    def parse(cls, text: str, cite: bool = False) -> Query:
        """The words of ``text``; with ``cite``, the citations in it apart (a search's words, not a name's)."""
        query = cls(text)
        if cite:
            found = cited(text[:500])
            query.citations, text = found.citations, found.rest
        for match in re.finditer(r'"([^"]*)"|(\S+)', text[:500]):
            phrase, word = match[1], match[2]
            prefix = bool(word and word.endswith("*"))
            tokens = _WORD.findall(searchable(phrase if phrase is not None else word))
            tokens = [t.replace("'", "").replace("’", "") for t in tokens]
            if not tokens:
                continue
            if phrase is not None:
                query.terms.append('"' + " ".join(tokens) + '"')
                query.words += [(t, False) for t in tokens]
                query.clauses.append((tokens, False))
                continue
            for position, token in enumerate(tokens):
                last = position == len(tokens) - 1
                query.terms.append(f'"{token}"' + ("*" if prefix and last else ""))
                query.words.append((token, prefix and last))
                query.clauses.append(([token], prefix and last))
        return query

    def __bool__(self) -> bool:
        return bool(self.terms or self.citations)


# --- writing ---------------------------------------------------------------------------------------------


def snippet(text: str, query: Query, width: int = 14) -> list[tuple[str, bool]] | None:
    """The words around the first place ``text`` matches the query, as (text, matched) pieces; None if
    it does not match. Words are compared folded, as the index compares them."""
    if not text or not query.words:
        return None
    words = list(_WORD.finditer(text))
    wanted = query.words

    def matches(word: str) -> bool:
        folded = searchable(word).replace("'", "").replace("’", "")
        return any(folded.startswith(w) if prefix else folded == w for w, prefix in wanted)

    hits = [i for i, w in enumerate(words) if matches(w[0])]
    if not hits:
        return None
    start_word = max(0, hits[0] - width)
    end_word = min(len(words) - 1, hits[0] + width)
    begin, finish = words[start_word].start(), words[end_word].end()
    pieces: list[tuple[str, bool]] = [("… " if begin > 0 else "", False)]
    position = begin
    for index in hits:
        if index > end_word:
            break
        if index < start_word:
            continue
        match = words[index]
        pieces.append((text[position : match.start()], False))
        pieces.append((match[0], True))
        position = match.end()
    pieces.append((text[position:finish] + (" …" if finish < len(text) else ""), False))
    return [(piece, marked) for piece, marked in pieces if piece]
