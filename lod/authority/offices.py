"""The register of offices: who held which post of the Department of State when (from POCOM).

The register is loaded from the compact file :mod:`lod.authority.pocom` derives
(``data/authorities/pocom.json``) and the curated names of the territories chiefs of mission are
accredited to (``data/authorities/missions.csv``). It answers the questions the resolver asks of a
name written on a record:

>>> register = OfficeRegister.load(PROJECT_ROOT / "data" / "authorities")
>>> [t.person for t in register.holders("secretary", dt.date(1934, 7, 24), dt.date(1934, 7, 24))]
['hull-cordell']
>>> register.persons["nicholson-meredith"].label
'Meredith Nicholson'
>>> [p.id for p in register.missions("Paraguay")]
['chief-of-mission-paraguay']
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import ConfigurationError
from ..settings import PROJECT_ROOT
from ..text import fold, one_apart
from .curated import read_rows, split_cell
from .pocom import FORMAT

FILENAME = "pocom.json"
_WITH_ARTICLE = re.compile(
    r"^(?:United|Republic|Kingdom|Democratic|Federated|Holy|Czech|Central|Dominican|Marshall|Solomon|Philippines|"
    r"Netherlands|Bahamas|Gambia|Comoros|Maldives|Seychelles)\b"
)
MISPRINTED = 7  # surnames this long may be matched one letter off
MISSIONS = "missions.csv"
PERSON_PAGE = "https://history.state.gov/departmenthistory/people/{id}"


def _first_day(value: str) -> dt.date | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _last_day(value: str) -> dt.date | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    month = parts[1] if len(parts) > 1 else 12
    return dt.date(parts[0], month, parts[2] if len(parts) > 2 else calendar.monthrange(parts[0], month)[1])


@dataclass(frozen=True)
class RegisterPerson:
    """A person of the register: "Cordell Hull" (``hull-cordell``), born 1871, died 1955."""

    id: str
    forename: str
    surname: str
    suffix: str = ""
    born: int | None = None
    died: int | None = None
    other_names: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.forename, self.surname, self.suffix) if part)

    @property
    def page(self) -> str:
        return PERSON_PAGE.format(id=self.id)

    def alive(self, earliest: dt.date, latest: dt.date) -> bool:
        """Could have written on a record of these days (born before, not dead before)."""
        return (self.born is None or self.born <= latest.year) and (self.died is None or self.died >= earliest.year)


@dataclass(frozen=True)
class Post:
    """An office of the Department (``secretary``) or a chief of mission's post (``chief-of-mission-paraguay``)."""

    id: str
    label: str
    kind: str  # principal, country, organization
    territory: str | None = None
    names: tuple[str, ...] = ()
    since: int | None = None
    until: int | None = None

    def existed(self, earliest: dt.date, latest: dt.date) -> bool:
        return (self.since is None or self.since <= latest.year) and (self.until is None or self.until >= earliest.year)


@dataclass(frozen=True)
class Term:
    """One holding of a post: appointed, started (credentials presented, oath taken), ended."""

    id: str
    person: str
    post: str
    role: str
    appointed: str = ""
    started: str = ""
    ended: str = ""
    until: dt.date | None = None  # when POCOM gives no end: the next holder's start, if there is one
    key: str = ""  # unique among the register's terms: the id, numbered when POCOM uses one id twice

    @cached_property
    def begins(self) -> dt.date | None:
        return _first_day(self.started) or _first_day(self.appointed)

    @cached_property
    def ends(self) -> dt.date | None:
        return _last_day(self.ended) or self.until

    def overlaps(self, earliest: dt.date, latest: dt.date) -> bool:
        """Held on some day of ``earliest``..``latest`` (a term with no known start never is)."""
        if self.begins is None:
            return False
        return self.begins <= latest and (self.ends is None or self.ends >= earliest)


@dataclass
class OfficeRegister:
    """Posts, persons and terms, indexed for lookups by post, person, surname and date."""

    persons: dict[str, RegisterPerson] = field(default_factory=dict)
    posts: dict[str, Post] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    provenance: dict[str, object] = field(default_factory=dict)
    territories: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # id -> label, other names

    @classmethod
    def load(cls, folder: Path | str) -> OfficeRegister:
        """The register in ``folder`` (``pocom.json`` and ``missions.csv``); empty when the folder has none."""
        folder = Path(folder)
        path = folder / FILENAME
        register = cls()
        if path.exists():
            register._read(path)
        register._name_territories(folder / MISSIONS)
        return register

    def _read(self, path: Path) -> None:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ConfigurationError(f"{path}: cannot read the register: {error}") from None
        if document.get("format") != FORMAT:
            raise ConfigurationError(
                f"{path}: a register of format {document.get('format')!r}, this version reads {FORMAT}: "
                "derive it again with `lod pocom`"
            )
        self.provenance = document.get("provenance", {})
        for key, (forename, surname, suffix, born, died, *others) in document["persons"].items():
            self.persons[key] = RegisterPerson(
                key, forename, surname, suffix, int(born) if born else None, int(died) if died else None, tuple(others)
            )
        for post in document["posts"]:
            self.posts[post["id"]] = Post(
                post["id"],
                post["label"],
                post["kind"],
                post.get("territory"),
                tuple(post.get("names", ())),
                post.get("from"),
                post.get("until"),
            )
        self.roles = dict(document.get("roles", {}))
        seen: dict[str, int] = {}
        terms = []
        for term_id, person, post_id, role, appointed, started, ended in document["terms"]:
            seen[term_id] = seen.get(term_id, 0) + 1
            key = term_id if seen[term_id] == 1 else f"{term_id}-{seen[term_id]}"
            terms.append(Term(term_id, person, post_id, role, appointed, started, ended, key=key))
        by_post: dict[str, list[Term]] = {}
        for term in terms:
            by_post.setdefault(term.post, []).append(term)
        for post_terms in by_post.values():  # an open end closes where the next holder begins
            post_terms.sort(key=lambda t: (t.begins or dt.date.min, t.id))
            for number, term in enumerate(post_terms):
                later = [
                    t.begins for t in post_terms[number + 1 :] if t.begins and term.begins and t.begins > term.begins
                ]
                if not term.ended and later:
                    post_terms[number] = dataclasses.replace(term, until=later[0] - dt.timedelta(days=1))
        self.terms = [t for post_terms in by_post.values() for t in post_terms]

    def _name_territories(self, path: Path) -> None:
        curated: dict[str, tuple[str, tuple[str, ...]]] = {}
        if path.exists():
            for _, row in read_rows(path, ("territory", "label")):
                curated[row["territory"].strip()] = (row["label"].strip(), tuple(split_cell(row.get("alt_labels"))))
        for post in list(self.posts.values()):
            if post.kind != "country" or post.territory is None:
                continue
            label, others = curated.get(post.territory, (_default_label(post.territory), ()))
            self.territories[post.territory] = (label, others)
            if not post.label:
                named = f"the {label}" if _WITH_ARTICLE.match(label) else label
                self.posts[post.id] = dataclasses.replace(post, label=f"Chief of Mission to {named}")

    # -- indexes, made on first use ------------------------------------------------------------

    @cached_property
    def _by_post(self) -> dict[str, list[Term]]:
        found: dict[str, list[Term]] = {}
        for term in self.terms:
            found.setdefault(term.post, []).append(term)
        return found

    @cached_property
    def _by_person(self) -> dict[str, list[Term]]:
        found: dict[str, list[Term]] = {}
        for term in self.terms:
            found.setdefault(term.person, []).append(term)
        for person_terms in found.values():
            person_terms.sort(key=lambda t: (t.begins or dt.date.min, t.id))
        return found

    @cached_property
    def _by_surname(self) -> dict[str, list[RegisterPerson]]:
        found: dict[str, list[RegisterPerson]] = {}
        for person in self.persons.values():
            names = {person.surname, *(n.split()[-1] for n in person.other_names if n.split())}
            for name in names:
                found.setdefault(fold(name), []).append(person)
        return found

    @cached_property
    def _territory_names(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for territory, (label, others) in self.territories.items():
            for name in (label, *others):
                found.setdefault(_place_key(name), []).append(territory)
        return found

    @cached_property
    def _principal_names(self) -> dict[str, list[Post]]:
        found: dict[str, list[Post]] = {}
        for post in self.posts.values():
            if post.kind != "country":
                for name in (post.label, *post.names):
                    found.setdefault(_office_key(name), []).append(post)
        return found

    # -- questions ------------------------------------------------------------------------------

    def holders(self, post: str, earliest: dt.date, latest: dt.date) -> list[Term]:
        """The terms of ``post`` held on some day of ``earliest``..``latest``."""
        return [t for t in self._by_post.get(post, ()) if t.overlaps(earliest, latest)]

    def terms_of_post(self, post: str) -> list[Term]:
        return list(self._by_post.get(post, ()))

    def terms_of(self, person: str) -> list[Term]:
        return list(self._by_person.get(person, ()))

    def in_office(self, person: str, earliest: dt.date, latest: dt.date) -> list[Term]:
        return [t for t in self._by_person.get(person, ()) if t.overlaps(earliest, latest)]

    @cached_property
    def _by_deletion(self) -> dict[str, set[str]]:
        """Surnames by each of their one-letter deletions: misprints one letter off find them."""
        found: dict[str, set[str]] = {}
        for surname in self._by_surname:
            if len(surname) >= MISPRINTED:
                for variant in {surname, *(surname[:i] + surname[i + 1 :] for i in range(len(surname)))}:
                    found.setdefault(variant, set()).add(surname)
        return found

    def named(self, surname: str) -> list[RegisterPerson]:
        """Persons of that surname (folded: "Lansing", "LANSING")."""
        return list(self._by_surname.get(fold(surname), ()))

    def named_like(self, surname: str) -> list[RegisterPerson]:
        """Persons whose surname is one letter off a long one ("Schmedeman" for Schmedemann)."""
        key = fold(surname)
        if len(key) < MISPRINTED:
            return []
        variants = {key, *(key[:i] + key[i + 1 :] for i in range(len(key)))}
        close = {s for v in variants for s in self._by_deletion.get(v, ()) if s != key and one_apart(s, key)}
        return [p for s in sorted(close) for p in self._by_surname[s]]

    def principal(self, office: str, earliest: dt.date, latest: dt.date) -> list[Post]:
        """The Department's offices of that name which existed on those days ("Assistant Secretary of State")."""
        posts = self._principal_names.get(_office_key(office), [])
        return [p for p in posts if p.existed(earliest, latest)] or posts

    @cached_property
    def _organizations(self) -> dict[str, list[Post]]:
        """Missions to international organizations by the body's name: "United Nations", "NATO"."""
        found: dict[str, list[Post]] = {}
        for post in self.posts.values():
            if post.kind == "organization" and " to " in post.label:
                found.setdefault(_place_key(post.label.rsplit(" to ", 1)[1]), []).append(post)
        return found

    def missions(self, territory: str) -> list[Post]:
        """The chiefs of mission's posts for a country or a body as written ("Great Britain", "the United Nations")."""
        key = _place_key(territory)
        countries = [self.posts[f"chief-of-mission-{t}"] for t in self._territory_names.get(key, [])]
        return countries + self._organizations.get(key, [])

    def territory_names(self) -> Iterable[str]:
        """Every name a territory goes by, for readers that correct misprinted ones."""
        for label, others in self.territories.values():
            yield label
            yield from others

    def role_title(self, role: str) -> str:
        return self.roles.get(role, role.replace("-", " "))


def _default_label(territory: str) -> str:
    """ "dominican-republic" -> "Dominican Republic"; missions.csv names the rest."""
    small = {"and", "of", "the"}
    return " ".join(w if w in small else w.capitalize() for w in territory.split("-"))


def _place_key(name: str) -> str:
    words = fold(name).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _office_key(name: str) -> str:
    words = [w for w in fold(name).split() if w not in {"the", "u", "s", "a"}]
    return " ".join(words)


__all__ = ["PROJECT_ROOT", "OfficeRegister", "Post", "RegisterPerson", "Term"]
