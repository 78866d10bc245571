"""What the records teach the build's authority, lesson by lesson.

The authority files are where a build starts; the records then teach it: an entity no file lists
(minted from a full name), a spelling met, a code name, what a list of persons says of someone, how
often each full form is written (the most frequent is the preferred label). Every such change goes
through :class:`Learning`, and each one that changes what the build says of the entity is kept as
a :class:`Lesson`, plain data the build is handed with the record that taught it
(``Resolution.lessons``): the build knows which entities a record changed, and describes again only
those. Nothing else changes an entity once it is made.

Every change is also written down as an operation (a call that changes nothing is not one): plain
data that names entities by :data:`Ref` (kind, scheme, key), folded into a digest of everything learnt
so far (:meth:`Learning.state`). Two builds that start from the same authority files and have learnt
the same, operation for operation, stand in the same state; a record read again in that state
resolves as it did, and the build may replay what it learnt then (:meth:`Learning.replay`) instead of
resolving it again (:mod:`lod.build.journal`).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .curated import Authority, Entity, Tenure

#: an entity as an operation names it: its kind, its scheme (a concept's, else ""), its key
Ref = tuple[str, str, str]
#: one change to the authority, as plain data: the method of :class:`Learning` and its arguments
Op = tuple[Any, ...]


@dataclass(frozen=True)
class Lesson:
    """One thing a record taught about an entity: that it exists (``entity``), a ``label`` (a spelling),
    a ``code name``, a ``note``, a full ``form`` written, or its ``register`` description (terms of office)."""

    kind: str
    key: str
    scheme: str | None
    what: str
    text: str = ""

    @property
    def entity(self) -> tuple[str, str, str]:
        """The entity taught, as the build names it: kind, scheme, key."""
        return (self.kind, self.scheme or "", self.key)


class Learning:
    """The one way the build's authority changes while records are resolved; the lessons since last taken."""

    def __init__(self, authority: Authority) -> None:
        self.authority = authority
        self._lessons: list[Lesson] = []
        self._ops: list[Op] = []
        self.taught: list[Op] = []  # the operations learnt before the lessons were last taken
        self._state = hashlib.blake2b(digest_size=20)
        self._made: dict[Ref, Entity] = {}  # the entities made since the build began
        self._concepts = {(e.scheme or "", e.key): e for known in authority.concepts.values() for e in known.values()}
        self.unnamed = False  # an operation since last taken named an entity its reference does not reach
        #: what the resolver remembers besides the authority: the register's persons and posts made as
        #: entities (by register id and by post key), and the persons minted (by folded surname)
        self.persons: dict[str, Entity] = {}
        self.posts: dict[str, Entity] = {}
        self.minted_persons: dict[str, list[tuple[Any, Entity]]] = {}

    # -- the journal -----------------------------------------------------------------------------

    def state(self) -> bytes:
        """A digest of every operation learnt since the build began, in order."""
        return self._state.digest()

    def entity(self, ref: Ref) -> Entity | None:
        """The entity a reference names, as it stands now."""
        made = self._made.get(ref)
        if made is not None:
            return made
        kind, scheme, key = ref
        if kind == "concept":
            return self._concepts.get((scheme, key))
        return self.authority.entities.get((kind, key))

    def ref(self, entity: Entity) -> Ref:
        """How an operation names ``entity``; if the reference would reach another entity, it is marked."""
        ref = self.reaching(entity)
        if ref is None:
            self.unnamed = True
        return ref or (entity.kind, entity.scheme or "", entity.key)

    def reaching(self, entity: Entity) -> Ref | None:
        """The reference that names ``entity``, if it reaches it now (not another under the same key)."""
        ref = (entity.kind, entity.scheme or "", entity.key)
        return ref if self.entity(ref) is entity else None

    def _op(self, *op: Any) -> None:
        """An operation, written down and folded into the state (by its plain text: a set of labels is
        ordered differently in each process)."""
        self._ops.append(op)
        said = (_made_as(part) if isinstance(part, dict) else str(part) for part in op[:4])
        self._state.update("\x1f".join(said).encode() + b"\x1e")

    def _made_now(self, entity: Entity) -> dict[str, Any]:
        """A new entity as plain data, as it is made (what it learns later is learnt by operations)."""
        fields = {f.name: getattr(entity, f.name) for f in dataclasses.fields(entity)}
        for name in ("alt_labels", "code_names"):
            fields[name] = set(fields[name])
        fields["forms"] = Counter(fields["forms"])
        fields["related"] = [self.ref(other) for other in entity.related]
        fields["terms"] = tuple(self._term(term) for term in entity.terms)
        ref = (entity.kind, entity.scheme or "", entity.key)
        if self.entity(ref) is not None:
            self.unnamed = True  # two entities under one reference
        self._made[ref] = entity
        return fields

    def _term(self, term: Tenure) -> tuple[Any, ...]:
        return (term.key, term.id, self.ref(term.post), term.role, term.appointed, term.started, term.ended)

    def replay(self, ops: list[Op]) -> None:
        """Learn again what a record taught in a build that stood in the same state (:meth:`state`)."""
        for name, *args in ops:
            if name in ("new", "concept"):
                fields = dict(args[0])
                fields["related"] = [self.named(ref) for ref in fields["related"]]
                fields["terms"] = tuple(self._tenure(term) for term in fields["terms"])
                entity = Entity(**fields)
                self.new(entity, args[1]) if name == "new" else self.concept(entity, args[1])
            elif name == "registered":
                entity, register, page, born, died, kept_terms = args
                terms = tuple(self._tenure(term) for term in kept_terms)
                self.registered(self.named(entity), register, page, born, died, terms)
            elif name == "remember":
                self.remember(args[0], args[1], self.named(args[2]))
            elif name == "minted":
                self.minted(args[0], args[1], self.named(args[2]))
            else:
                getattr(self, name)(self.named(args[0]), *args[1:])

    def named(self, ref: Ref) -> Entity:
        entity = self.entity(ref)
        if entity is None:
            raise LookupError(f"the journal names {ref}, which this build has not made")
        return entity

    def _tenure(self, term: tuple[Any, ...]) -> Tenure:
        key, id_, post, *rest = term
        return Tenure(key, id_, self.named(post), *rest)

    # -- the changes -----------------------------------------------------------------------------

    def taken(self) -> list[Lesson]:
        """The lessons learnt since last asked, in the order they were learnt; the operations that taught
        them are ``taught`` until the next time."""
        lessons, self._lessons = self._lessons, []
        self.taught, self._ops = self._ops, []
        return lessons

    def _learnt(self, entity: Entity, what: str, text: str = "") -> None:
        self._lessons.append(Lesson(entity.kind, entity.key, entity.scheme, what, text))

    def new(self, entity: Entity, listed: bool = True) -> Entity:
        """An entity no authority file lists, met in a record (``listed``: found by its labels from now on)."""
        self._op("new", self._made_now(entity), listed)
        if listed:
            self.authority.add(entity)
        self._learnt(entity, "entity", entity.label)
        return entity

    def registered(
        self, entity: Entity, register: str, page: str, born: int | None, died: int | None, terms: tuple[Tenure, ...]
    ) -> None:
        """The register's description given to a person a record names (a curated one too): its id, page and
        dates, its terms of office and the posts it held, described with it."""
        self._op("registered", self.ref(entity), register, page, born, died, tuple(map(self._term, terms)))
        entity.register, entity.pages, entity.born, entity.died = register, (page,), born, died
        entity.terms = terms
        entity.related = list({id(term.post): term.post for term in terms}.values())
        self._learnt(entity, "register", register)

    def concept(self, entity: Entity, folded: str) -> Entity:
        """A concept no authority file lists (a classification, a precedence), found by ``folded`` from now on."""
        self._op("concept", self._made_now(entity), folded)
        self.authority.concepts.setdefault(entity.scheme or "", {})[folded] = entity
        self._learnt(entity, "entity", entity.label)
        return entity

    def indexed(self, entity: Entity) -> None:
        """Found by every label it has, from now on."""
        known = self.authority.entities.get((entity.kind, entity.key))
        if self.authority.add(entity):
            self._op("indexed", self.ref(entity))
        if known is not entity:
            self._learnt(entity, "entity", entity.label)

    def label(self, entity: Entity, written: str, indexed: bool = True) -> None:
        """A spelling of it (``indexed``: found by it from now on)."""
        if entity.add_label(written):
            self._op("label", self.ref(entity), written, False)
            self._learnt(entity, "label", written)
        if indexed:
            self.indexed(entity)

    def code_name(self, entity: Entity, written: str, indexed: bool = True) -> None:
        """A name it went by in cables ("FENG XI" for Stalin)."""
        if entity.add_code_name(written):
            self._op("code_name", self.ref(entity), written, False)
            self._learnt(entity, "code name", written)
        if indexed:
            self.indexed(entity)

    def note(self, entity: Entity, note: str) -> None:
        """What a list of persons says of it ("Ambassador in Russia"), if nothing was said before."""
        if entity.add_note(note):
            self._op("note", self.ref(entity), note)
            self._learnt(entity, "note", note)

    def form(self, entity: Entity, written: str) -> None:
        """A full form written on a record, counted: a lesson when it becomes the preferred label, the most
        frequent form."""
        self._op("form", self.ref(entity), written)
        if entity.count_form(written):
            self._learnt(entity, "form", written)

    def remember(self, table: str, key: str, entity: Entity) -> None:
        """The register's person (``persons``, by its id) or a post (``posts``, by its key) made as ``entity``."""
        self._op("remember", table, key, self.ref(entity))
        getattr(self, table)[key] = entity

    def minted(self, surname: str, parts: Any, entity: Entity) -> None:
        """A person minted from a full name (``parts``, its :class:`lod.person_names.PersonName`), by its
        folded surname: a later form of the same name, with initials, reaches it."""
        self._op("minted", surname, parts, self.ref(entity))
        self.minted_persons.setdefault(surname, []).append((parts, entity))


def _made_as(fields: dict[str, Any]) -> str:
    """A new entity in the state's digest: what it is made from (the rest comes from the authority files)."""
    return f"{fields['kind']}/{fields['scheme'] or ''}/{fields['key']}/{fields['label']}"
