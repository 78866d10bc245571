"""What the records teach the build's authority, lesson by lesson.

The authority files are where a build starts; the records then teach it: an entity no file lists
(minted from a full name), a spelling met, a code name, what a list of persons says of someone, how
often each full form is written (the most frequent is the preferred label). Every such change goes
through :class:`Learning`, and each one that changes what the build says of the entity is kept as
a :class:`Lesson`, plain data the build is handed with the record that taught it
(``Resolution.lessons``): the build knows which entities a record changed, and describes again only
those. Nothing else changes an entity once it is made.
"""

from __future__ import annotations

from dataclasses import dataclass

from .curated import Authority, Entity, Tenure


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

    def taken(self) -> list[Lesson]:
        """The lessons learnt since last asked, in the order they were learnt."""
        lessons, self._lessons = self._lessons, []
        return lessons

    def _learnt(self, entity: Entity, what: str, text: str = "") -> None:
        self._lessons.append(Lesson(entity.kind, entity.key, entity.scheme, what, text))

    def new(self, entity: Entity, listed: bool = True) -> Entity:
        """An entity no authority file lists, met in a record (``listed``: found by its labels from now on)."""
        if listed:
            self.authority.add(entity)
        self._learnt(entity, "entity", entity.label)
        return entity

    def registered(
        self, entity: Entity, register: str, page: str, born: int | None, died: int | None, terms: tuple[Tenure, ...]
    ) -> None:
        """The register's description given to a person a record names (a curated one too): its id, page and
        dates, its terms of office and the posts it held, described with it."""
        entity.register, entity.pages, entity.born, entity.died = register, (page,), born, died
        entity.terms = terms
        entity.related = list({id(term.post): term.post for term in terms}.values())
        self._learnt(entity, "register", register)

    def concept(self, entity: Entity, folded: str) -> Entity:
        """A concept no authority file lists (a classification, a precedence), found by ``folded`` from now on."""
        self.authority.concepts.setdefault(entity.scheme or "", {})[folded] = entity
        self._learnt(entity, "entity", entity.label)
        return entity

    def indexed(self, entity: Entity) -> None:
        """Found by every label it has, from now on."""
        known = self.authority.entities.get((entity.kind, entity.key))
        self.authority.add(entity)
        if known is not entity:
            self._learnt(entity, "entity", entity.label)

    def label(self, entity: Entity, written: str, indexed: bool = True) -> None:
        """A spelling of it (``indexed``: found by it from now on)."""
        if entity.add_label(written):
            self._learnt(entity, "label", written)
        if indexed:
            self.indexed(entity)

    def code_name(self, entity: Entity, written: str, indexed: bool = True) -> None:
        """A name it went by in cables ("FENG XI" for Stalin)."""
        if entity.add_code_name(written):
            self._learnt(entity, "code name", written)
        if indexed:
            self.indexed(entity)

    def note(self, entity: Entity, note: str) -> None:
        """What a list of persons says of it ("Ambassador in Russia"), if nothing was said before."""
        if entity.add_note(note):
            self._learnt(entity, "note", note)

    def form(self, entity: Entity, written: str) -> None:
        """A full form written on a record, counted: a lesson when it becomes the preferred label, the most
        frequent form."""
        if entity.count_form(written):
            self._learnt(entity, "form", written)
