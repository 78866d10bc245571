"""SPARQL text, read one way: a lexer that knows strings, IRIs and comments.

Everywhere the project looks at a query's or an update's words (is it an update, which form is it,
does it name its own dataset, does it fetch, where are its ``WHERE`` clauses, which endpoints does
it call) it reads them from :func:`tokens`, so a keyword inside a string, an IRI or a comment is
never taken for one.

>>> [t.text for t in tokens('SELECT ?s WHERE { ?s <http://e/x> "WHERE" } # DELETE')]
['SELECT', '?s', 'WHERE', '{', '?s', '<http://e/x>', '"WHERE"', '}']
>>> form('PREFIX ex: <http://e/> CONSTRUCT WHERE { ?s ex:p ?o }'), is_update('DROP ALL')
('CONSTRUCT', True)
>>> service_endpoints('PREFIX w: <https://w.example/> SELECT * { SERVICE SILENT w:sparql { ?s ?p ?o } }')
['https://w.example/sparql']
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

_LEXEME = re.compile(
    r"(?P<comment>#[^\n]*)"
    r"|(?P<string>\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r"|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*')"
    r"|(?P<iri><[^<>\"{}|^`\\\s]*>)"
    r"|(?P<var>[?$][\w]+)"
    r"|(?P<prefixed>(?:[A-Za-z][\w.-]*)?:[\w.%-]*)"
    r"|(?P<word>[A-Za-z_]\w*)"
    r"|(?P<open>\{)|(?P<close>\})",
    re.DOTALL,
)
#: the first keyword of an update operation (after the prologue)
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})


@dataclass(frozen=True)
class Token:
    """One lexeme outside comments: ``kind`` is word (upper-cased in ``word``), iri, string, var, prefixed,
    open or close; ``start`` is where it begins in the text."""

    kind: str
    text: str
    start: int

    @property
    def word(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


def tokens(text: str) -> Iterator[Token]:
    """The lexemes of a query or update that matter to the project, comments left out."""
    for match in _LEXEME.finditer(text):
        kind = match.lastgroup or ""
        if kind != "comment":
            yield Token(kind, match[0], match.start())


def keywords(text: str) -> Iterator[str]:
    """The words outside strings, IRIs and comments, upper-cased."""
    return (token.word for token in tokens(text) if token.kind == "word")


def _first_word(text: str) -> str:
    """The first keyword after the prologue (PREFIX and BASE declarations)."""
    for word in keywords(text):
        if word not in {"PREFIX", "BASE"}:
            return word
    return ""


def is_update(text: str) -> bool:
    """Whether the text is a SPARQL Update, not a query."""
    return _first_word(text) in UPDATE_WORDS


def form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the query's form (its first form keyword), or None."""
    return next((word for word in keywords(text) if word in QUERY_FORMS), None)


def names(text: str, *words: str) -> bool:
    """Whether any of ``words`` (upper case) is a keyword of the text."""
    wanted = set(words)
    return any(word in wanted for word in keywords(text))


def declared_prefixes(text: str) -> dict[str, str]:
    """The PREFIX declarations of the text: prefix -> namespace IRI."""
    found: dict[str, str] = {}
    seen = list(tokens(text))
    for index, token in enumerate(seen[:-2]):
        if token.word == "PREFIX" and seen[index + 1].kind == "prefixed" and seen[index + 2].kind == "iri":
            found[seen[index + 1].text.rstrip(":").split(":", 1)[0]] = seen[index + 2].text[1:-1]
    return found


def service_endpoints(text: str, prefixes: Mapping[str, str] | None = None) -> list[str | None]:
    """The endpoint of each SERVICE clause: its IRI (prefixed names expanded), None for a variable."""
    known = {**(prefixes or {}), **declared_prefixes(text)}
    seen = list(tokens(text))
    found: list[str | None] = []
    for index, token in enumerate(seen):
        if token.word != "SERVICE":
            continue
        following = seen[index + 1 : index + 3]
        if following and following[0].word == "SILENT":
            following = following[1:]
        target = following[0] if following else None
        if target is None or target.kind == "var":
            found.append(None)
        elif target.kind == "iri":
            found.append(target.text[1:-1])
        elif target.kind == "prefixed":
            prefix, _, local = target.text.partition(":")
            found.append(known[prefix] + local if prefix in known else target.text)
        else:
            found.append(None)
    return found
