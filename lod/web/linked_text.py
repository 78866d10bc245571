"""A record's text with the names the graph resolved linked to their entities.

The text is the record's as published; only the names of what the record itself is linked to (the people
and places it mentions, its sender, addressees and recipients of copies, where it was sent from and to)
are looked for, in any of the forms the graph knows them by (label, variants, code names, own scripts),
whole words and regardless of case, the longest form first. An editor's bracket after a name ("Pak
Heon-yeong [Pak Hon Yong]") is shown beside the link as the transliteration it is. Everything else is
escaped as text.

>>> from markupsafe import Markup
>>> names = [Named("/id/person/pak-heon-yeong", "Pak Heon-yeong", ["Pak Heon-yeong", "Pak Hon Yong"])]
>>> str(linked_paragraphs("Kim, PAK HEON-YEONG [Pak Hon Yong] & <b>", names))
'<p>Kim, <a href="/id/person/pak-heon-yeong" title="Pak Heon-yeong">PAK HEON-YEONG</a> \
<span class="transliteration">[Pak Hon Yong]</span> &amp; &lt;b&gt;</p>'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

MOST_FORMS = 400  # forms looked for in one text: a record names a few dozen things


@dataclass(frozen=True)
class Named:
    """Something the record is linked to: where its page is, its label, the forms it is written in."""

    href: str
    label: str
    forms: list[str]


def _pattern(names: list[Named]) -> tuple[re.Pattern[str], dict[str, Named]] | None:
    by_form: dict[str, Named] = {}
    for named in names:
        for form in named.forms:
            form = " ".join(form.split())
            if len(form) >= 3 and form.casefold() not in by_form:
                by_form[form.casefold()] = named
    if not by_form:
        return None
    forms = sorted(by_form, key=len, reverse=True)[:MOST_FORMS]
    alternatives = "|".join(r"\s+".join(re.escape(word) for word in form.split()) for form in forms)
    # a whole name, and the editor's bracket right after it, if there is one
    return re.compile(rf"(?<!\w)(?P<name>{alternatives})(?!\w)(?P<bracket>\s\[[^\[\]\n]{{1,80}}\])?", re.I), by_form


def linked(text: str, names: list[Named]) -> Markup:
    """One paragraph, escaped, with the names linked."""
    made = _pattern(names)
    if made is None:
        return escape(text)
    pattern, by_form = made
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        named = by_form.get(" ".join(match["name"].split()).casefold())
        if named is None:
            continue
        pieces.append(escape(text[position : match.start()]))
        pieces.append(Markup('<a href="{}" title="{}">{}</a>').format(named.href, named.label, match["name"]))
        if match["bracket"]:
            bracket = match["bracket"]
            pieces.append(Markup(' <span class="transliteration">{}</span>').format(bracket.strip()))
        position = match.end()
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)


def linked_paragraphs(text: str, names: list[Named]) -> Markup:
    """The text's paragraphs (separated by blank lines), each with the names linked."""
    return Markup("").join(Markup("<p>{}</p>").format(linked(part, names)) for part in text.split("\n\n"))
