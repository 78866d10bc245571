"""Offices as records write them: "The Minister in Paraguay", "the Acting Secretary of State", "the Embassy in Vietnam".

A head or a signature names an office, often with the person who held it in parentheses. This module
takes the office apart; :mod:`lod.authority.offices` says which post it is and who held it when.

>>> o = office("The Minister in Paraguay")
>>> o.title, o.place, o.mission, o.acting
('Minister', 'Paraguay', True, False)
>>> o = office("the Acting Secretary of State")
>>> o.title, o.acting, o.principal
('Secretary of State', True, True)
>>> office("the Chargé in Great Britain").acting, office("the Embassy in Vietnam").institution
(True, True)
>>> office("Mr.") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .names import looks_like_organization
from .person_names import ADDRESS

#: Titles of a chief of mission; "Chargé" (d'affaires, ad interim) is one who acts for the chief.
_MISSION = (
    r"ambassador(?: extraordinary and plenipotentiary)?|envoy extraordinary and minister plenipotentiary|"
    r"minister plenipotentiary|minister resident(?: and consul general)?|minister|"
    r"charg[ée] d['’]affaires(?: ad interim| pro tempore)?|charg[ée]|diplomatic agent(?: and consul general)?|"
    r"agent and consul general|commissioner|high commissioner|representative|chief of mission"
)
_INSTITUTION = r"embassy|legation|mission|delegation"
_NATIONALITY = re.compile(
    r"^(?:American|United States|U\.\s?S\.)\s+", re.IGNORECASE
)  # a US diplomat: "the American Minister at Peking"
# "the British Ambassador", "the Japanese Minister for Foreign Affairs": another government's official
_FOREIGN = re.compile(
    r"^(?!American\b)[A-Z][a-z]+(?:an|ish|ese|ch|ic|i)\s+(?:acting\s+)?(?:ambassador|minister|charg|consul|envoy|"
    r"embassy|legation|government|foreign|delegat|representative|high commissioner|prime|premier|secretary)",
    re.IGNORECASE,
)
# Offices every government has: without a place they name no one post ("the Minister for Foreign Affairs")
_OF_PLACE = re.compile(r"\sof\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*$(?<!Affairs)")
# "the President", "the King of Prussia"; not "the President's Assistant for National Security Affairs"
_GENERIC = re.compile(r"^(?:minister|foreign minister|prime minister|premier|president|king|emperor)\b(?![’']s)", re.I)
_PRINCIPAL = re.compile(
    r"^(?:(?:first |second |third |deputy )?(?:assistant |under |deputy under |deputy )?secretary of state"
    r"(?: for [\w ,-]+| ad interim)?|counse(?:l)?lor(?: (?:for|of) the department(?: of state)?)?|"
    r"legal adviser|chief clerk|chief of protocol|director of policy planning|executive secretary|"
    r"ambassador at large|director general of the foreign service)$",
    re.IGNORECASE,
)
_ACTING = re.compile(r"^acting\s+", re.IGNORECASE)
_WHERE = re.compile(
    r"^(?P<title>.+?)\s+(?P<prep>in|to|at|near)\s+(?P<place>(?:the\s+)?[A-Z][\w’'.-]*(?:[\s-][\w’'.-]+)*)$"
)
_QUALIFIED = re.compile(r"\s(?:in|at|to|of|for|near)\s+(?:the\s+)?[A-Z]|^(?:[A-Z][a-z]+\s+)+[A-Z]")


@dataclass(frozen=True)
class Office:
    """What a record says of an office: its title, the place it is in, whether the writer acted for another."""

    written: str  # without "The": "Minister in Paraguay"
    title: str  # "Minister", "Secretary of State"
    place: str | None = None
    acting: bool = False  # "Acting Secretary of State", "Chargé in Italy"
    mission: bool = False  # a chief of mission's title, or the embassy or legation itself
    institution: bool = False  # "the Embassy in Vietnam": the office as a body, signed by its head
    principal: bool = False  # one of the Department's principal offices
    foreign: bool = False  # "the British Ambassador": another government's official
    qualified: bool = False  # names a place or a body: "Consul at Geneva", "Secretary of the Treasury"


@lru_cache(maxsize=1 << 14)
def office(written: str) -> Office | None:
    """The office a head or signature names, or None when the words are only a form of address."""
    text = " ".join(written.split()).strip(" .,;:()")
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    if not text or text.lower() in ADDRESS or not text[:1].isalpha():
        return None
    foreign = bool(_FOREIGN.match(text))
    plain = _NATIONALITY.sub("", text)
    acting = bool(_ACTING.match(plain))
    plain = _ACTING.sub("", plain)
    title, place = plain, None
    where = _WHERE.match(plain)
    if where:
        title, place = where["title"], re.sub(r"^the\s+", "", where["place"], flags=re.IGNORECASE)
    lowered = title.lower()
    if re.fullmatch(
        r"ch[a-z]ng[ée]|chang[ée]|charg[eé]e?", lowered.split()[0] if lowered else ""
    ):  # "The Changé in Denmark"
        lowered = "chargé" + lowered[len(lowered.split()[0]) :]
        title = "Chargé" + title[len(title.split()[0]) :]
    mission = (bool(re.fullmatch(_MISSION, lowered)) and where is not None and where["prep"] != "at") or bool(
        re.fullmatch(_MISSION, lowered) and place and where and where["prep"] == "at"
    )
    institution = bool(re.fullmatch(_INSTITUTION, lowered)) and place is not None
    principal = bool(_PRINCIPAL.match(plain)) and not foreign
    return Office(
        written=text,
        title=_capitalised(title) if principal else title,
        place=place,
        acting=acting or lowered.startswith(("chargé", "charge")),
        mission=(mission or institution) and not foreign,
        institution=institution,
        principal=principal,
        foreign=foreign,
        qualified=principal
        or place is not None
        or (bool(_QUALIFIED.search(plain)) and not _GENERIC.match(plain))
        or bool(_GENERIC.match(plain) and _OF_PLACE.search(plain)),
    )


def _capitalised(title: str) -> str:
    """ "secretary of state" -> "Secretary of State" (the register's spelling)."""
    small = {"of", "for", "the", "and", "ad", "interim"}
    return " ".join(w if w in small else w[:1].upper() + w[1:] for w in title.lower().split())


_TITLE_FIRST = re.compile(
    r"^(?:(?:acting|first|second|third|deputy|assistant|under|vice|special|personal|chief|high|"
    r"commercial|military|naval|financial|economic|agricultural)\s+)*"
    r"(?:secretary|minister|ambassador|consul|vice-consul|charg[ée]|envoy|commissioner|agent|president|governor|"
    r"chairman|counse(?:l)?lor|adviser|advisor|attach|director|chief|clerk|delegate|representative|"
    r"undersecretary|head|member|officer|judge|mayor|senator|premier|king|queen|emperor|empress|pope|sultan|shah|"
    r"regent|general|admiral|attorney|postmaster|solicitor|collector|prefect|viceroy|khedive|mikado|president)"
    r"(?!\w)",
    re.IGNORECASE,
)


_PREPOSITIONS = {"of", "in", "at", "to", "for", "near", "the", "and", "on"}
_TITLE_WORDS = {
    "general", "resident", "plenipotentiary", "extraordinary", "ad", "interim", "pro", "tempore", "d'affaires",
    "d’affaires", "secretary", "minister", "consul", "state",
}  # fmt: skip


def is_office_only(words: str) -> bool:
    """An office with no one's name in it: "the Secretary of State", "The President", "the King of Prussia".

    A capitalised word straight after the title is a name ("President Wilson", "Secretary Seward"); after
    "of", "in" or "at" it is a place or a body ("the Secretary of the Navy", "the Minister in Paraguay").
    """
    bare = re.sub(r"^(?:the|his|her)\s+(?:majesty(?:'s|’s)?\s+)?", "", words.strip(" .,"), flags=re.IGNORECASE)
    for text in (bare, re.sub(r"^[A-Z][a-z]+(?:an|ish|ese|ch|ic|i)\s+", "", bare)):
        found = _TITLE_FIRST.match(text)
        if not found:
            continue
        placed = False
        for token in text[found.end() :].replace("-", " ").split():
            lowered = token.lower().strip(".,")
            if lowered in _PREPOSITIONS:
                placed = True
            elif lowered in _TITLE_WORDS or not token[:1].isupper() or placed:
                continue
            else:
                return False
        return True
    return False


def is_body(words: str) -> bool:
    """A body, not an office: "the British Embassy", "the Department of State" (but not "the Embassy in Vietnam")."""
    bare = re.sub(r"^the\s+", "", words.strip(), flags=re.IGNORECASE)
    plain = re.sub(r"^[A-Z][a-z]+(?:an|ish|ese|ch|ic|i)\s+", "", bare)
    if _TITLE_FIRST.match(bare) or _TITLE_FIRST.match(plain):
        return False
    found = office(words)
    if found is not None and found.institution and not found.foreign:
        return False
    return looks_like_organization(words)
