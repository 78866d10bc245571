"""Names to entities: one stable key per real person, post, organization, place, archive and concept.

Three sources of identity, tried in this order for every name a record writes:

1. **the archivists' authority files** (``data/authorities/*.csv``): each entity once with its preferred
   label, its variants, transliterations and code names, and their rulings on names as written
   (``names.csv``), so that "To Comrade FENG XI", "Filippov" and "Stalin, I.V." all reach Stalin;
2. **the register of offices** (POCOM, ``data/authorities/pocom.json``): who held which post of the
   Department of State when, so that "the Secretary of State" on 24 July 1934 is Cordell Hull and
   "Mr. Seward" in 1864 is William H. Seward (:mod:`lod.correspondents`);
3. **the records themselves**: a full name no authority knows gets an entity of its own, minted from
   its normalised form ("Francis, David R." is David R. Francis), and reaches it again in every later
   record. A surname alone that nothing singles out stays on the record as written: it is not a person.

Matching is case-, accent-, punctuation- and order-blind and ignores forms of address.

>>> resolver = Resolver(Authority.load(PROJECT_ROOT / "data" / "authorities"))
>>> resolver.agent(Name("FENG XI", ("Stalin",))).key
'stalin'
>>> resolver.place(Name("PEKING")).label
'Beijing'
>>> resolver.agent(Name("Bitterlich, Joachim")).label
'Joachim Bitterlich'
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from .authority.curated import Authority, Entity
from .authority.learning import Learning, Lesson
from .authority.offices import OfficeRegister
from .correspondents import Correspondents, Outcome, Span, same_surname
from .names import clean, looks_like_organization
from .person_names import PersonName, given_names_agree, person_name
from .record import Name, Record
from .settings import PROJECT_ROOT
from .text import fold, name_key, slug


@dataclass
class Resolution:
    """A record with each of its names resolved to an entity (or kept as written), and how."""

    record: Record
    agents: dict[Name, Entity] = field(default_factory=dict)
    posts: dict[Name, Entity] = field(default_factory=dict)
    bodies: dict[Name, Entity] = field(default_factory=dict)  # the body a person signed for: the Department
    places: dict[Name, Entity] = field(default_factory=dict)
    archives: dict[Name, Entity] = field(default_factory=dict)
    concepts: list[tuple[str, Entity]] = field(default_factory=list)  # (scheme, concept)
    mentioned: list[Entity] = field(default_factory=list)
    #: where a telegram went when it does not say: the seat of its addressee's post on its date
    destination: Entity | None = None
    outcomes: list[tuple[str, Name, Outcome]] = field(default_factory=list)  # role, name, outcome: the names report
    lessons: list[Lesson] = field(default_factory=list)  # what the record taught the build's authority

    def named(self) -> list[Entity]:
        """Every entity its names resolved to, and what is described with each (a person's posts)."""
        entities = [
            *self.agents.values(),
            *self.posts.values(),
            *self.bodies.values(),
            *self.places.values(),
            *self.archives.values(),
            *(concept for _, concept in self.concepts),
            *self.mentioned,
            *([self.destination] if self.destination is not None else []),
        ]
        return [one for entity in entities for one in (entity, *entity.related)]

    def written_form(self, name: Name) -> str | None:
        """The name as written when it says something the entity's usual labels do not (an office, a code name)."""
        return _telling(name.as_written, self.agents.get(name))

    def signed_form(self, sender: Name, signed: Name) -> str | None:
        """The signature as written when it says more than the sender's labels ("JOHN DAVIS, Acting Secretary")."""
        return _telling(signed.as_written, self.agents.get(sender))


class Resolver:
    """Resolves names against the authority files and the register, minting entities for full names they lack."""

    def __init__(self, authority: Authority, register: OfficeRegister | None = None) -> None:
        self.authority = authority
        self.register = register if register is not None else OfficeRegister()
        self.learning = Learning(authority)  # the one way the authority changes as records are resolved
        self.correspondents = Correspondents(authority, self.register, self.learning)
        self._gazetteer = authority.gazetteer()

    # -- minting and learning ------------------------------------------------------------------

    def _mint(self, kind: str, written: str) -> Entity:
        existing = self.authority.lookup(kind, written)
        if existing:
            return existing
        label = written if not written.isupper() else _title_case(written)
        key = slug(written, ordered=kind != "person")
        entity = self.authority.entities.get((kind, key))
        if entity is None:
            entity = self.learning.new(Entity(kind, key, label))
        return entity

    def _known(self, kinds: tuple[str, ...], name: Name) -> Entity | None:
        for text in (name.written, *name.variants):
            for kind in kinds:
                entity = self.authority.lookup(kind, text)
                if entity:
                    return entity
        return None

    def _learn(self, entity: Entity, name: Name, form: str | None = None) -> None:
        if name.note:  # what a list of persons says of them: "Ambassador in Russia"
            self.learning.note(entity, name.note)
        if form:
            self.learning.form(entity, form)
        self._learn_labels(entity, name)

    def _learn_labels(self, entity: Entity, name: Name) -> None:
        """Remember spellings met in the records: variants as labels, unrelated ones as code names.

        A catalogue heading "Cremin, Cornelius Christopher ("Con")" also teaches "Cornelius
        Christopher Cremin" and "Con Cremin", the forms running text uses. A surname alone is never
        learnt as a label of a person: it would make every later "Davis" this one.
        """
        forms = [name.written, *name.variants]
        person = entity.kind == "person"
        if person and name.written.count(",") == 1:
            display = person_name(name.written).display
            surname = person_name(name.written).surname
            forms.append(display)
            forms += [f"{v} {surname}" for v in name.variants if len(v.split()) == 1]
        for text in forms:
            text = clean(text)
            if not text or fold(text) in {fold(label) for label in entity.labels()}:
                continue
            shares_a_word = set(name_key(text).split()) & set(name_key(entity.label).split())
            indexed = entity.register is None  # the register's persons are found through the register
            if person and not shares_a_word and text == clean(name.written) and name.variants:
                self.learning.code_name(entity, text, indexed)  # "FENG XI [Stalin]": the written name is a code name
            elif (not text.isupper() or len(text) <= 6) and not (person and len(text.split()) == 1):
                self.learning.label(entity, text, indexed)
            elif indexed:
                self.learning.indexed(entity)

    # -- persons and bodies ----------------------------------------------------------------------

    def agent(self, name: Name, context: list[Name] | None = None, span: Span | None = None) -> Entity | None:
        """The entity a name of a person or body means, or None when a surname alone singles out no one."""
        return self.identify(name, context or [], span).entity

    def identify(
        self, name: Name, context: list[Name], span: Span | None, source: str = "", *, lists: bool = False
    ) -> Outcome:
        """How a name resolves; ``lists``: a distribution list's entry, kept as an entity even when a surname alone."""
        ruled = self._ruled(name, span, source)
        if ruled is not None:
            return ruled
        kinds: tuple[str, ...] = (name.kind,) if name.kind else ("person", "organization")
        entity = self._known(kinds, name) or self._known(("person", "organization", "archive"), name)
        if entity is not None:
            self._learn(entity, name, None if entity.curated else _form(name, entity))
            if entity.curated:
                return Outcome(entity, method="authority", how="the authority files")
            return Outcome(entity, method="minted", how="a name met before on another record")
        kind = name.kind or ("organization" if looks_like_organization(name.written) else "person")
        if kind != "person":
            entity = self._mint(kind, clean(name.written))
            self._learn(entity, name, clean(name.written))
            return Outcome(entity, method="minted", how="a body no authority lists")
        parts = person_name(name.written)
        if parts.bare:
            fuller = self._fuller(name, context)
            if fuller is not None:
                return self.identify(fuller, [], span, source)
        found = self.correspondents.by_name(name.written, span)
        if found.entity is not None:
            self._learn(found.entity, name)
            return found
        if (parts.bare or not parts.surname) and not lists:
            return Outcome(None, how=f"a surname alone: {found.how}", candidates=found.candidates)
        display = parts.display or clean(name.written)
        same = self._same_person_minted(parts)
        if same is not None:  # "Dwight D. Eisenhower", met before as "Dwight David Eisenhower"
            self._learn(same, name, display)
            return Outcome(same, method="minted", how="the same given names, in full or as initials, met before")
        entity = self._mint("person", display)
        self._learn(entity, name, display)
        if parts.given:
            self.learning.minted(fold(parts.surname), parts, entity)
        return Outcome(entity, method="minted", how="a name no authority lists")

    def _same_person_minted(self, parts: PersonName) -> Entity | None:
        """The one person minted before whose name is this one's with initials for given names, or the reverse;
        the first given name written in full in both."""
        if not parts.given or len(parts.given[0].rstrip(".")) < 2:
            return None
        found = [
            entity
            for other, entity in self.learning.minted_persons.get(fold(parts.surname), [])
            if other.suffix == parts.suffix
            and fold(other.given[0]) == fold(parts.given[0])
            and other.given != parts.given
            and (
                given_names_agree(parts.given, " ".join(other.given))
                or given_names_agree(other.given, " ".join(parts.given))
            )
        ]
        return found[0] if len({id(e) for e in found}) == 1 else None

    def _fuller(self, name: Name, context: list[Name]) -> Name | None:
        """ "(Bitterlich)" signs a memorandum whose people list has "Bitterlich, Joachim"."""
        surname = person_name(name.written).surname
        for other in context:
            if other is name or not other.written:
                continue
            parts = person_name(other.written)
            if parts.given and same_surname(parts.surname, surname):
                return other
        return None

    def _ruled(self, name: Name, span: Span | None, source: str) -> Outcome | None:
        """The archivists' ruling on this name as written (``names.csv``), if one applies."""
        if not self.authority.rulings:
            return None
        ruling = self.authority.ruling(name.as_written, span[0].year if span else None, source)
        if ruling is None:
            return None
        how = f"names.csv line {ruling.line}" + (f": {ruling.note}" if ruling.note else "")
        if ruling.entity is None:
            return Outcome(None, how=how)
        register_person = self.register.persons.get(ruling.entity) if ruling.kind == "person" else None
        entity = self.authority.entities.get((ruling.kind, ruling.entity))
        if entity is None and register_person is not None:
            entity = self.correspondents.person(register_person)
        if entity is None:
            entity = self.learning.new(Entity(ruling.kind, ruling.entity, clean(name.written) or ruling.entity))
        return Outcome(entity, method="authority", how=how)

    def party(self, name: Name, span: Span | None, signed: Name | None = None, source: str = "") -> Outcome:
        """A sender or an addressee: the person (by date, through the register) and the post written."""
        ruled = self._ruled(name, span, source)
        if ruled is not None:  # an archivist's ruling comes before any evidence of ours
            written, _, post = self.correspondents.post_of(name, span)
            return dataclasses.replace(ruled, post=post, acting=bool(written and written.acting))
        if name.kind == "organization" and signed is not None and signed.written:
            # "the Department of State", signed "Rusk": the register's person who signed for the body
            found = self.correspondents.by_name(signed.written, span)
            if found.entity is not None:
                how = f"{found.how}, from the signature for the {clean(name.written)}"
                return Outcome(found.entity, None, found.method, how, found.candidates)
        outcome = self.correspondents.party(name, span, signed)
        if outcome.entity is not None:
            self._learn(outcome.entity, name)
            if name.evidence:  # the reader's: "the one who signed as Acting Secretary of State ..."
                return dataclasses.replace(outcome, how=f"{outcome.how}; {name.evidence}")
            return outcome
        for candidate in (name, signed):
            if candidate is None or not candidate.written:
                continue
            if candidate is signed and name.written and not _same_person(name.written, signed.written):
                continue  # signed by someone else than the head names
            found = self.identify(candidate, [], span, source)
            if found.entity is not None:
                return Outcome(found.entity, outcome.post, found.method, found.how, found.candidates, outcome.acting)
        return outcome

    # -- places, archives, concepts --------------------------------------------------------------

    def place(self, name: Name) -> Entity:
        written = clean(name.written)
        entity = self._known(("place",), name) or self._mint("place", written)
        self._learn(entity, name, written)
        return entity

    def seat(self, resolution: Resolution, span: Span) -> Entity | None:
        """The place an addressee's post sat in on the record's date (the Department in Washington, an embassy
        in its country's capital of the time): a telegram's destination when the record writes none. The post
        is the one written ("the Secretary of State"), else the one the register says the addressee held."""
        for name in resolution.record.addressees:
            post = resolution.posts.get(name)
            posts = [post.key] if post is not None else []
            person = resolution.agents.get(name)
            if not posts and person is not None and person.register is not None:
                posts = [term.post for term in self.register.in_office(person.register, *span)]
            for held in posts:
                seat = self.register.seat(held, span[0].year)
                if seat:  # looked up or minted, but not learnt from: no record wrote it
                    return self._known(("place",), Name(seat)) or self._mint("place", seat)
        return None

    def archive(self, name: Name) -> Entity:
        entity = self._known(("archive",), name) or self._mint("archive", clean(name.written))
        self._learn(entity, name)
        return entity

    def concept(self, scheme: str, label: str) -> Entity:
        entity = self.authority.concepts.get(scheme, {}).get(fold(label))
        if entity is None:
            entity = self.learning.concept(Entity("concept", slug(label), label.strip(), scheme=scheme), fold(label))
        return entity

    def mentioned_in(self, text: str) -> list[Entity]:
        """Persons and places of the authority files named in a text."""
        return self._gazetteer.find(text) if text else []

    # -- a whole record ------------------------------------------------------------------------

    def resolve(self, record: Record) -> Resolution:
        resolution = Resolution(record)
        span = record.days()
        context = record.names()
        parties: list[tuple[str, Name, Name | None]] = []
        if record.sender:
            parties.append(("sender", record.sender, record.signed))
        parties += [("addressee", name, None) for name in record.addressees]
        for role, name, signed in parties:
            outcome = self.party(name, span, signed, record.source)
            self._note(resolution, role, name, outcome)
            if name.kind == "organization" and outcome.entity is not None and outcome.entity.kind == "person":
                body = self.identify(name, [], span, record.source).entity  # "the Department of State", signed Rusk
                if body is not None and body.kind != "person":
                    resolution.bodies[name] = body
        written_as_party = [name for _, name, _ in parties]
        others = [(role, name) for role, name in _roles(record) if name not in written_as_party]
        # Catalogue headings and names with variants first: they teach the forms the others use.
        for role, name in sorted(others, key=lambda pair: not ("," in pair[1].written or pair[1].variants)):
            if name in resolution.agents or not name.written:
                continue
            listed = role in ("copy", "routing")
            self._note(resolution, role, name, self.identify(name, context, span, record.source, lists=listed))
        for name in record.places():
            resolution.places[name] = self.place(name)
        if record.sent_to is None and record.kind == "telegram" and span is not None:
            resolution.destination = self.seat(resolution, span)
        for reference in record.references:
            resolution.archives[reference.archive] = self.archive(reference.archive)
        for scheme, values in (
            ("classification", [record.classification]),
            ("precedence", record.precedences),
            ("handling", record.handling),
            ("transmission-mode", [record.transmission_mode]),
        ):
            resolution.concepts += [(scheme, self.concept(scheme, v)) for v in values if v]
        mentioned = [resolution.agents[n] for n in record.mentions if n in resolution.agents]
        mentioned += [resolution.places[n] for n in record.mentioned_places]
        mentioned += self.mentioned_in(record.body or "")
        resolution.mentioned = list({id(e): e for e in mentioned}.values())
        resolution.lessons = self.learning.taken()
        return resolution

    def _note(self, resolution: Resolution, role: str, name: Name, outcome: Outcome) -> None:
        if outcome.entity is not None:
            resolution.agents[name] = outcome.entity
        if outcome.post is not None:
            resolution.posts[name] = outcome.post
        resolution.outcomes.append((role, name, outcome))


def _form(name: Name, entity: Entity) -> str:
    """The full form a name gives of an entity met again (for its preferred label)."""
    written = clean(name.written)
    return person_name(written).display if entity.kind == "person" else written


def _telling(written: str, entity: Entity | None) -> str | None:
    if entity is None or not written:
        return written or None
    shown = clean(written)
    folded = fold(shown)
    if folded in {fold(c) for c in entity.code_names}:
        return written
    if folded in {fold(label) for label in (entity.label, *entity.alt_labels)}:
        return None
    return written if name_key(shown) != name_key(entity.label) else None


def _roles(record: Record) -> list[tuple[str, Name]]:
    """Every agent name of a record with the role it is written in (senders and addressees aside)."""
    found = [("creator", n) for n in record.creators]
    found += [("copy", c.recipient) for c in record.copies]
    found += [("mention", n) for n in record.mentions]
    found += [("contributor", n) for n in (*record.contributors, *record.translators, *record.funders)]
    found += [("routing", step.to) for step in record.routing if step.to]
    found += [(a.role, a.agent) for a in record.attributions]
    return found


def _same_person(one: str, other: str) -> bool:
    return same_surname(person_name(one).surname, person_name(other, signature=True).surname)


def _title_case(text: str) -> str:
    """ "KIM DU-BONG" -> "Kim Du-bong": the form editors use for Korean and Russian names."""
    return " ".join(word[:1] + word[1:].lower() for word in text.split())


__all__ = ["PROJECT_ROOT", "Authority", "Entity", "Outcome", "Resolution", "Resolver", "fold", "name_key"]
