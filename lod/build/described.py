"""The descriptions of the entities a batch of records is validated with, as they stood when it was resolved.

A record is checked with the descriptions of what it names (:meth:`lod.validation.Validation.submit`),
and the resolver goes on teaching the authority while a batch waits to be checked: so each batch is given
the descriptions as they stand once its last record is resolved. A description is made again only when a
record has taught its entity something since; a record carried over with its verdict is not checked, and
what it names is not described for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..authority.curated import Entity
from ..entity_graph import describe
from ..rdf import Triples, entity_iri
from .stages import Converted, Resolving


class Descriptions:
    """Entity descriptions by IRI of ``base_uri`` (naming the ``partners``' records as the build does)."""

    def __init__(self, base_uri: str, partners: tuple[str, ...]) -> None:
        self.base = base_uri
        self.partners = partners
        self._made: dict[tuple[str, str, str], Triples] = {}  # by kind, scheme, key

    def _description(self, entity: Entity) -> Triples:
        key = (entity.kind, entity.scheme or "", entity.key)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = describe(entity, self.base, self.partners)
        return made

    def taught(self, resolved: Iterator[Converted | Resolving]) -> Iterator[Converted | Resolving]:
        """The records as they come from the resolver, forgetting the descriptions of what each one taught."""
        for item in resolved:
            for lesson in item.lessons:
                self._made.pop(lesson.entity, None)
            yield item

    def of(self, batch: list[Converted | Resolving]) -> dict[str, Triples]:
        """The descriptions of every entity the batch's records to be validated may name, by IRI, as they
        stand now: once the batch is resolved, before the resolver goes on to the next."""
        described: dict[str, Triples] = {}
        for item in batch:
            if isinstance(item, Converted) and item.verdict is not None:
                continue  # carried over with its verdict
            named = item.resolution.named() if isinstance(item, Resolving) else item.conversion.entities
            for entity in named:
                iri = str(entity_iri(self.base, entity))
                if iri not in described:
                    described[iri] = self._description(entity)
        return described

    def shared(self, batch: list[Converted], described: dict[str, Triples]) -> Triples:
        """What a batch's records are checked with but do not own: the entities they name, as they stood when
        the batch was resolved (``described``), and what harvested records say of what they name."""
        iris = dict.fromkeys(str(entity_iri(self.base, e)) for item in batch for e in item.conversion.entities)
        shared = [t for iri in iris for t in described[iri]]
        return shared + [t for item in batch for t in item.conversion.named]
