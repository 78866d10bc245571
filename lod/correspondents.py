"""Senders and addressees: a person, the post they wrote in, and how we know, on the record's date.

A head names a correspondent by office ("the Secretary of State"), by office and surname ("The
Minister in Paraguay (Nicholson)"), by surname ("Mr. Seward") or by full name; a signature may add
who signed ("JOHN DAVIS, Acting Secretary"). The register of offices says who held each post when:

- an office resolves to its **post**, and to the **person** who held it on the record's date;
- an acting holder ("the Acting Secretary of State", "the Chargé in Italy") is not the post's
  holder: the person comes from the signature, or from the register's Secretaries ad interim;
- a surname alone resolves when the date singles out one person: the post's holder of that name,
  or the one person of that name in office that day (the Secretary first, when two Sewards were);
  otherwise it stays on the record as written, and is not made a person;
- a full name resolves to the register's person of that name alive on the date, or else to an
  entity of its own.

Every answer says how it was reached (:class:`Outcome`), for ``lod names`` and the build's report.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from .authority.curated import Authority, Entity, Tenure
from .authority.learning import Learning
from .authority.offices import MISPRINTED, OfficeRegister, Post, RegisterPerson, Term
from .offices import Office, office
from .person_names import PersonName, given_names_agree, person_name
from .record import Name
from .text import fold, one_apart, slug

Span = tuple[dt.date, dt.date]
SECRETARY = "secretary"
AD_INTERIM = "secretary-ad-interim"
NEAR = 5  # years: initials alone match the one person of that surname in office this close to the date


@dataclass(frozen=True)
class Outcome:
    """What a name as written was resolved to, and by which evidence."""

    entity: Entity | None  # the person (or body): tg:sender, tg:addressee
    post: Entity | None = None  # the post it was written as: tg:senderPost, tg:addresseePost
    method: str = "unresolved"  # authority, register, minted, unresolved
    how: str = ""
    candidates: tuple[str, ...] = ()
    acting: bool = False


def same_surname(one: str, other: str) -> bool:
    """ "Frelinghuysen" and the misprinted "FBELINGHUYSEN" (one letter apart, long names only)."""
    a, b = fold(one), fold(other)
    if a == b:
        return True
    return min(len(a), len(b)) >= MISPRINTED and one_apart(a, b)


class Correspondents:
    """Resolves the parties of records against the register of offices and the curated authority."""

    def __init__(self, authority: Authority, register: OfficeRegister, learning: Learning | None = None) -> None:
        self.authority = authority
        self.register = register
        self.learning = learning or Learning(authority)  # the resolver's, when it resolves records

    # -- entities of the register ------------------------------------------------------------

    def person(self, person: RegisterPerson) -> Entity:
        """The register's person as an entity (with a curated row of the same key, if an archivist wrote one)."""
        entity = self.learning.persons.get(person.id)
        if entity is not None:
            return entity
        entity = self.authority.entities.get(("person", person.id))
        if entity is None:
            entity = self.learning.new(Entity("person", person.id, person.label), listed=False)
        for other in (*person.other_names, person.written):
            if other != entity.label:
                self.learning.label(entity, other, indexed=False)
        terms = tuple(self._tenure(term) for term in self.register.terms_of(person.id))
        self.learning.registered(entity, person.id, person.page, person.born, person.died, terms)
        self.learning.remember("persons", person.id, entity)
        return entity

    def _tenure(self, term: Term) -> Tenure:
        role = self.register.role_title(term.role)
        post = self.post(self.register.posts[term.post])
        return Tenure(term.key, term.id, post, role, term.appointed, term.started, term.ended)

    def post(self, post: Post) -> Entity:
        entity = self.learning.posts.get(post.id)
        if entity is None:
            entity = Entity("post", post.id, post.label, register=post.id, alt_labels=set(post.names))
            self.learning.new(entity, listed=False)
            self.learning.remember("posts", post.id, entity)
        return entity

    def minted_post(self, written: Office) -> Entity:
        """A post the register does not keep: "Consul at Geneva", "Secretary of the Treasury"."""
        label = written.written[:1].upper() + written.written[1:]
        key = slug(label)
        entity = self.learning.posts.get(key)
        if entity is None:
            entity = self.learning.new(Entity("post", key, label), listed=False)
            self.learning.remember("posts", key, entity)
        self.learning.label(entity, label, indexed=False)
        return entity

    # -- the post an office names ------------------------------------------------------------

    def register_post(self, written: Office, span: Span | None) -> Post | None:
        if written.foreign:
            return None
        earliest, latest = span or (dt.date.min, dt.date.max)
        if written.principal:
            found = self.register.principal(written.title, earliest, latest)
        elif written.mission and written.place:
            found = self.register.missions(written.place)
            if len(found) > 1 and span:  # "Vietnam": the mission with a chief in those years
                held = [p for p in found if self.register.holders(p.id, earliest, latest)]
                found = held or found
        else:
            return None
        if len(found) > 1 and span:
            held = [p for p in found if self.register.holders(p.id, earliest, latest)]
            found = held or found
        return found[0] if found else None

    # -- parties -----------------------------------------------------------------------------

    def post_of(self, name: Name, span: Span | None) -> tuple[Office | None, Post | None, Entity | None]:
        """The office written with a name, the register's post it is (if any), and the post as an entity."""
        written = office(name.office) if name.office else None
        post = self.register_post(written, span) if written else None
        entity = self.post(post) if post else (self.minted_post(written) if written and written.qualified else None)
        return written, post, entity

    def party(self, name: Name, span: Span | None, signed: Name | None = None) -> Outcome:
        """A sender (with its signature) or an addressee, resolved on the record's dates."""
        written, post, post_entity = self.post_of(name, span)
        acting = bool(written and written.acting)
        found = self._who(name, written, post, span, signed, acting)
        return Outcome(found.entity, post_entity, found.method, found.how, found.candidates, acting)

    def _who(
        self,
        name: Name,
        written: Office | None,
        post: Post | None,
        span: Span | None,
        signed: Name | None,
        acting: bool,
    ) -> Outcome:
        if name.written:  # the name written decides; an office's holder on the date is no one else's evidence
            us_office = written is not None and not written.foreign and (written.qualified or written.mission)
            return self.by_name(name.written, span, post, acting, signed, us_office)
        if signed is not None and signed.written:  # "the Embassy in Vietnam", signed "Taylor"
            found = self.by_name(signed.written, span, post, acting, None)
            if found.entity is not None:
                return Outcome(found.entity, None, found.method, f"{found.how}, from the signature", found.candidates)
            if self._signed_by_another(signed, post, span):  # "the Embassy in the Soviet Union", signed Walmsley
                return Outcome(None, how=f"signed {signed.written}, whom the register does not list: not the holder")
        if post is not None and span is not None and not acting:
            holders = {t.person for t in self.register.holders(post.id, *span)}
            if len(holders) == 1:
                return self._registered(holders.pop(), "holder of the post on the date")
            if holders:
                return Outcome(
                    None, how=f"{len(holders)} holders of {post.label} on the date", candidates=tuple(holders)
                )
            return Outcome(None, how=f"no holder of {post.label} on the date in the register")
        if post is not None and post.id == SECRETARY and span is not None:
            interim = {t.person for t in self.register.holders(AD_INTERIM, *span)}
            if len(interim) == 1:
                return self._registered(interim.pop(), "Secretary of State ad interim on the date")
            return Outcome(None, how="acting, and neither a signature nor the register names who")
        if acting:
            return Outcome(None, how="acting, and no signature names who")
        return Outcome(None, how="an office the register does not keep, and no name")

    def _signed_by_another(self, signed: Name, post: Post | None, span: Span | None) -> bool:
        """A signature with a surname that no holder of the post on the date bears (a chargé, a deputy)."""
        surname = person_name(signed.written, signature=True).surname.rstrip(".")
        if post is None or span is None or len(surname) < 2:
            return False
        holders = {t.person for t in self.register.holders(post.id, *span)}
        known = [self.register.persons[h].surname for h in holders if h in self.register.persons]
        return not any(same_surname(surname, other) for other in known)

    def by_name(
        self,
        written: str,
        span: Span | None,
        post: Post | None = None,
        acting: bool = False,
        signed: Name | None = None,
        us_office: bool = False,
    ) -> Outcome:
        """A person written by name: the register's, by date, or no one.

        ``us_office``: the head writes the name with an office of the United States ("The Consul at
        Geneva (Gilbert)"), so a surname may also be the one person of it the register has in office
        within :data:`NEAR` years.
        """
        parts = person_name(written)
        if parts.bare and signed is not None and signed.written:  # "Mr. Seward", signed "WILLIAM H. SEWARD."
            fuller = person_name(signed.written, signature=True)
            if fuller.given and same_surname(fuller.surname, parts.surname):
                parts, written = fuller, signed.written
            elif _initialled(fuller, parts.surname):  # "(Bundy)", signed "McG. B.": the given names' initials
                parts = dataclasses.replace(parts, given=fuller.given)
        if not parts.surname:
            return Outcome(None, how="no name")
        if parts.foreign:  # "Señor Montúfar", "Earl Granville", "President Wilson": not an officer of the Department
            return Outcome(None, how=f"written with the title {parts.title!r}, which no officer of the register bears")
        found = self._registered_by_name(parts, span, post, acting, us_office)
        if found.entity is not None or parts.bare:
            return found
        return Outcome(None, how=found.how, candidates=found.candidates)

    def _near(self, person: RegisterPerson, span: Span) -> bool:
        return any(_years_apart(t, span) <= NEAR for t in self.register.terms_of(person.id))

    def _registered(self, person_id: str, how: str) -> Outcome:
        return Outcome(self.person(self.register.persons[person_id]), method="register", how=how)

    def _registered_by_name(
        self, parts: PersonName, span: Span | None, post: Post | None, acting: bool, us_office: bool
    ) -> Outcome:
        named = self._named(parts, self.register.named(parts.surname), span)
        if not named and span is not None:  # "Schmedeman": the register's Schmedemann, if the date agrees
            close = self._named(parts, self.register.named_like(parts.surname), span)
            found = self._on_the_date(parts, close, span, post, acting) if close else None
            if found is not None and found.entity is not None:
                spelt = close[0].surname
                return dataclasses.replace(found, how=f"{found.how} (written {parts.surname}, the register's {spelt})")
        if not named:
            return Outcome(None, how=f"no {parts.surname} in the register" + ("" if span else " (and no date)"))
        found = self._on_the_date(parts, named, span, post, acting) if span is not None else None
        if found is not None:
            return found
        if span is not None and (us_office or parts.given):
            near = [p for p in named if self._near(p, span)]
            if len(near) == 1 and (us_office or len(named) == 1):
                how = f"the one {parts.surname} of the register in office within {NEAR} years"
                return self._registered(
                    near[0].id, how + (", written with an office of the United States" if us_office else "")
                )
        if parts.given and len(named) == 1 and any(len(g.rstrip(".")) > 1 for g in parts.given):
            return self._registered(named[0].id, "the one person of that name in the register")
        in_office = [p for p in named if span is not None and self.register.in_office(p.id, *span)]
        if in_office:
            return Outcome(None, how=f"{len(in_office)} in office on the date", candidates=_ids(in_office))
        how = f"{len(named)} named {parts.surname} in the register, none singled out by the date"
        return Outcome(None, how=how, candidates=_ids(named))

    @staticmethod
    def _named(parts: PersonName, persons: list[RegisterPerson], span: Span | None) -> list[RegisterPerson]:
        named = [p for p in persons if given_names_agree(parts.given, _given_names(p))]
        return [p for p in named if p.alive(*span)] if span is not None else named

    def _on_the_date(
        self, parts: PersonName, named: list[RegisterPerson], span: Span, post: Post | None, acting: bool
    ) -> Outcome | None:
        """The one of these the date singles out: the post's holder, the one in office, the Secretary."""
        if post is not None:
            holding = [p for p in named if any(t.post == post.id for t in self.register.in_office(p.id, *span))]
            if len(holding) == 1:
                return self._registered(holding[0].id, f"holder of {post.label} on the date")
            ever = [p for p in named if any(t.post == post.id for t in self.register.terms_of(p.id))]
            if len(ever) == 1:
                return self._registered(ever[0].id, f"{post.label} at another date")
        in_office = [p for p in named if self.register.in_office(p.id, *span)]
        if len(in_office) == 1:
            return self._registered(in_office[0].id, "in office on the date")
        secretaries = [p for p in in_office if any(t.post == SECRETARY for t in self.register.in_office(p.id, *span))]
        if len(secretaries) == 1 and not acting:
            return self._registered(secretaries[0].id, f"Secretary of State on the date, of {len(in_office)} named so")
        return None


def _initialled(signature: PersonName, surname: str) -> bool:
    """A signature of initials whose last is the surname's: "McG. B." for Bundy."""
    last = signature.surname.rstrip(".")
    return bool(signature.given) and len(last) == 1 and fold(surname).startswith(last.lower())


def _years_apart(term: Term, span: Span) -> int:
    begins, ends = term.begins, term.ends or term.begins
    if begins is None or ends is None:
        return 99
    if ends < span[0]:
        return span[0].year - ends.year
    if begins > span[1]:
        return begins.year - span[1].year
    return 0


def _given_names(person: RegisterPerson) -> str:
    """Forenames and the given names of the register's other names ("Huntington Wilson")."""
    others = [" ".join(name.split()[:-1]) for name in person.other_names]
    return " ".join([person.forename, *others])


def _ids(persons: list[RegisterPerson]) -> tuple[str, ...]:
    return tuple(sorted(p.id for p in persons))[:10]
