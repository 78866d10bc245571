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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import ConfigurationError
from ..settings import PROJECT_ROOT
from ..text import fold, one_apart
from .curated import periods, read_rows, split_cell
from .geonames import capital
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
        """ "Henry A. Kissinger": a birth name or nickname the register adds in parentheses stays out."""
        forename = " ".join(re.sub(r"\([^)]*\)", " ", self.forename).split())
        return " ".join(part for part in (forename, self.surname, self.suffix) if part)

    @property
    def written(self) -> str:
        """The name as the register writes it: "Henry A. (Heinz Alfred) Kissinger"."""
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


class _Persons(Mapping[str, RegisterPerson]):
    """The register's persons, each made the first time it is asked for."""

    def __init__(self, people: dict[str, list[Any]]) -> None:
        self._people = people
        self._made: dict[str, RegisterPerson] = {}

    def __getitem__(self, key: str) -> RegisterPerson:
        person = self._made.get(key)
        if person is None:
            forename, surname, suffix, born, died, others, _ = self._people[key]
            person = RegisterPerson(
                key, forename, surname, suffix, int(born) if born else None, int(died) if died else None, tuple(others)
            )
            self._made[key] = person
        return person

    def __iter__(self) -> Iterator[str]:
        return iter(self._people)

    def __len__(self) -> int:
        return len(self._people)


@dataclass
class OfficeRegister:
    """Posts, persons and terms, indexed for lookups by post, person, surname and date.

    A build asks about a few hundred posts and persons of the register's thousands: the terms of a
    post are made (their dates read, their open ends closed) the first time the post is asked about.
    """

    persons: Mapping[str, RegisterPerson] = field(default_factory=dict)
    posts: dict[str, Post] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    provenance: dict[str, object] = field(default_factory=dict)
    territories: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # id -> label, other names
    #: territory -> where its mission sat, by years (missions.csv); otherwise its capital as GeoNames has it
    seats: dict[str, list[tuple[str, int | None, int | None]]] = field(default_factory=dict)
    _people: dict[str, list[Any]] = field(default_factory=dict)  # id -> the person as the document gives them
    _rows: dict[str, list[list[str]]] = field(default_factory=dict)  # post -> its terms as written
    _terms: dict[str, list[Term]] = field(default_factory=dict)  # post -> its terms, made on first use
    _person_terms: dict[str, list[Term]] = field(default_factory=dict)  # person -> theirs, in order

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
        self._people = document["persons"]
        self.persons = _Persons(self._people)
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
        self._rows = document["terms"]

    def _post_terms(self, post: str) -> list[Term]:
        """The post's terms in order; an open end closes the day before the next holder begins."""
        made = self._terms.get(post)
        if made is not None:
            return made
        terms = [
            Term(term_id, person, post, role, appointed, started, ended, key=key)
            for key, term_id, person, role, appointed, started, ended in self._rows.get(post, ())
        ]
        terms.sort(key=lambda t: (t.begins or dt.date.min, t.id))
        following: dt.date | None = None
        for number in range(len(terms) - 1, -1, -1):  # from the last: the next later start seen so far
            term = terms[number]
            if not term.ended and following is not None and term.begins is not None and following > term.begins:
                terms[number] = dataclasses.replace(term, until=following - dt.timedelta(days=1))
            if term.begins is not None and (following is None or term.begins < following):
                following = term.begins
        self._terms[post] = terms
        return terms

    @property
    def terms(self) -> list[Term]:
        """Every term of the register (all of them made)."""
        return [t for post in self._rows for t in self._post_terms(post)]

    def _name_territories(self, path: Path) -> None:
        curated: dict[str, tuple[str, tuple[str, ...]]] = {}
        if path.exists():
            for line, row in read_rows(path, ("territory", "label")):
                curated[row["territory"].strip()] = (row["label"].strip(), tuple(split_cell(row.get("alt_labels"))))
                self.seats[row["territory"].strip()] = periods(row.get("seats"), path, line)
        for post in list(self.posts.values()):
            if post.kind != "country" or post.territory is None:
                continue
            label, others = curated.get(post.territory, (_default_label(post.territory), ()))
            self.territories[post.territory] = (label, others)
            if not post.label:
                named = f"the {label}" if _WITH_ARTICLE.match(label) else label
                self.posts[post.id] = dataclasses.replace(post, label=f"Chief of Mission to {named}")

    def seat(self, post: str, year: int) -> str | None:
        """Where the holder of a post worked in a year: the Department's officers in Washington, a chief of
        mission in the capital of the time (missions.csv's seats, else GeoNames' capital of the territory)."""
        found = self.posts.get(post)
        if found is None:
            return None
        if found.kind == "principal":
            return "Washington"
        if found.kind != "country" or found.territory is None:
            return None
        for name, start, end in self.seats.get(found.territory, []):
            if (start is None or start <= year) and (end is None or year <= end):
                return name
        return capital(self.territories.get(found.territory, (found.territory, ()))[0])

    # -- indexes, made on first use ------------------------------------------------------------

    @cached_property
    def _by_surname(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for key, (_, surname, _, _, _, others, _) in self._people.items():
            found.setdefault(fold(surname), []).append(key)
            for other in others:  # "Huntington Wilson"
                words = other.split()
                if words and fold(words[-1]) != fold(surname):
                    found.setdefault(fold(words[-1]), []).append(key)
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
        return [t for t in self._post_terms(post) if t.overlaps(earliest, latest)]

    def terms_of_post(self, post: str) -> list[Term]:
        return list(self._post_terms(post))

    def terms_of(self, person: str) -> list[Term]:
        """The person's terms, in order."""
        made = self._person_terms.get(person)
        if made is None:
            held = self._people[person][6] if person in self._people else ()
            found = [t for post in held for t in self._post_terms(post) if t.person == person]
            made = self._person_terms[person] = sorted(found, key=lambda t: (t.begins or dt.date.min, t.id))
        return list(made)

    def in_office(self, person: str, earliest: dt.date, latest: dt.date) -> list[Term]:
        return [t for t in self.terms_of(person) if t.overlaps(earliest, latest)]

    @cached_property
    def _by_ends(self) -> dict[str, list[str]]:
        """Long surnames by their first three letters and by their last three: a one-letter misprint keeps one end."""
        found: dict[str, list[str]] = {}
        for surname in self._by_surname:
            if len(surname) >= MISPRINTED - 1:
                found.setdefault("<" + surname[:3], []).append(surname)
                found.setdefault(">" + surname[-3:], []).append(surname)
        return found

    def named(self, surname: str) -> list[RegisterPerson]:
        """Persons of that surname (folded: "Lansing", "LANSING")."""
        return [self.persons[key] for key in self._by_surname.get(fold(surname), ())]

    def named_like(self, surname: str) -> list[RegisterPerson]:
        """Persons whose surname is one letter off a long one ("Schmedeman" for Schmedemann)."""
        key = fold(surname)
        if len(key) < MISPRINTED:
            return []
        near = {*self._by_ends.get("<" + key[:3], ()), *self._by_ends.get(">" + key[-3:], ())}
        close = sorted(other for other in near if other != key and one_apart(other, key))
        return [self.persons[key] for other in close for key in self._by_surname[other]]

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
