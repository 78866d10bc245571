"""A resolution as the converter reads it: what each name resolved to, by IRI, and the forms written that
the record's statements keep.

The entities a resolution holds go on changing as later records teach the authority; what a record's
conversion is made from is fixed when the record is resolved. :func:`resolved` takes that down as plain
values, so that a record can be converted later, in another process or on another machine
(:mod:`lod.workers`), exactly as it would have been at once, and so that the published build's
conversion can be told to be made from the same (:func:`lod.build.carried.made_from`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .authority.curated import Entity
from .rdf import entity_iri
from .record import Name, Record
from .resolve import Resolution


@dataclass(frozen=True)
class Ref:
    """An entity as a record names it: its IRI, and the IRIs of what is described with it (a person's posts)."""

    iri: str
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resolved:
    """A record with each of its names resolved, as plain values (see :class:`lod.resolve.Resolution`)."""

    record: Record
    agents: dict[Name, Ref]
    posts: dict[Name, Ref]
    bodies: dict[Name, Ref]
    places: dict[Name, Ref]
    archives: dict[Name, Ref]
    concepts: tuple[tuple[str, Ref], ...]
    mentioned: tuple[Ref, ...]
    destination: Ref | None
    forms: dict[Name, str | None]  # the sender's and each addressee's name as written, when it says more
    signed: str | None  # the signature as written, when it says more than the sender's labels

    def written_form(self, name: Name) -> str | None:
        return self.forms.get(name)

    def signed_form(self) -> str | None:
        return self.signed


def resolved(resolution: Resolution, base: str) -> Resolved:
    """The resolution as it stands now, as plain values (an entity named twice is one :class:`Ref`)."""
    refs: dict[int, Ref] = {}

    def ref(entity: Entity) -> Ref:
        known = refs.get(id(entity))
        if known is None:
            related = tuple(str(entity_iri(base, other)) for other in entity.related)
            known = refs[id(entity)] = Ref(str(entity_iri(base, entity)), related)
        return known

    def each(entities: dict[Name, Entity]) -> dict[Name, Ref]:
        return {name: ref(entity) for name, entity in entities.items()}

    record = resolution.record
    written = [*([record.sender] if record.sender else []), *record.addressees]
    signed = record.signed
    return Resolved(
        record,
        each(resolution.agents),
        each(resolution.posts),
        each(resolution.bodies),
        each(resolution.places),
        each(resolution.archives),
        tuple((scheme, ref(concept)) for scheme, concept in resolution.concepts),
        tuple(ref(entity) for entity in resolution.mentioned),
        ref(resolution.destination) if resolution.destination is not None else None,
        {name: resolution.written_form(name) for name in written},
        resolution.signed_form(record.sender, signed) if record.sender and signed else None,
    )


def entities_named(resolution: Resolution, base: str, iris: list[str]) -> list[Entity] | None:
    """The entities of the resolution with these IRIs, as they stand now (None: one is not named by it)."""
    found: dict[str, Entity] = {}
    for entity in resolution.named():
        found.setdefault(str(entity_iri(base, entity)), entity)
    entities = [found.get(iri) for iri in iris]
    return None if any(e is None for e in entities) else [e for e in entities if e is not None]
