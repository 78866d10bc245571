"""Data extension for reconciliation: what OpenRefine fetches of matched entities, column by column.

After matching a column of names, an archivist adds columns from here: the offices a person held with
their dates, birth and death, the register's id and the links to outside authorities. The values come
from the store (the entity's description and its terms of office), in the reconciliation protocol's
value forms: ``{"str": ...}``, ``{"id": ..., "name": ...}``, ``{"int": ...}``, ``{"date": ...}``.
"""

from __future__ import annotations

from typing import Any

from .describe import Describer, Description, Statements
from .reconcile_protocol import Extension

#: property id -> (name, description, the kinds of entity that have it)
PROPERTIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "offices": ("Offices held", "Each term of office as the register states it: post, role, from, until", ("person",)),
    "posts": ("Posts held", "The posts of the terms of office, as entities of this dataset", ("person",)),
    "office_from": ("Took up office", "The day each term began (credentials presented, oath taken)", ("person",)),
    "office_until": ("Left office", "The day each term ended", ("person",)),
    "born": ("Born", "Year of birth, as the register of offices states it", ("person",)),
    "died": ("Died", "Year of death, as the register of offices states it", ("person",)),
    "identifier": ("Register id", "The person's id in the register of offices (POCOM)", ("person", "post")),
    "sameAs": (
        "Same as",
        "Pages and identifiers of the entity in other authorities",
        ("person", "organization", "place", "archive", "post"),
    ),
}


def proposals(kind: str | None) -> dict[str, Any]:
    """The properties offered for a type (all of them without one)."""
    found = [
        {"id": pid, "name": name, "description": description}
        for pid, (name, description, kinds) in PROPERTIES.items()
        if kind is None or kind in kinds
    ]
    return {"type": kind or "", "properties": found} if kind else {"properties": found}


def _day(value: str) -> dict[str, Any]:
    """A day as the protocol's date value; a month or a year (as the register may give it) as a string."""
    return {"date": f"{value}T00:00:00Z"} if len(value) == 10 else {"str": value}


def _terms(description: Description) -> list[Statements]:
    def started(term: Statements) -> str:
        value = term.one("tg:startedOn")
        return value.value if value is not None else "9999"

    return sorted(description.part_list("tg:tenure"), key=started)


def values(describer: Describer, entity_iri: str, pid: str) -> list[dict[str, Any]]:
    """One property's values for one entity."""
    description = describer.describe(entity_iri, links=False)
    if pid in ("born", "died"):
        year = description.first("schema:birthDate" if pid == "born" else "schema:deathDate")
        return [{"int": int(year.value)}] if year is not None and year.value.isdigit() else []
    if pid == "identifier":
        return [{"str": v.value} for v in description.get("dcterms:identifier")]
    if pid == "sameAs":
        return [{"str": v.value} for v in (*description.get("schema:sameAs"), *description.get("owl:sameAs"))]
    found: list[dict[str, Any]] = []
    for term in _terms(description):
        post, role = term.one("tg:post"), term.one("tg:role")
        started, ended = term.one("tg:startedOn"), term.one("tg:endedOn")
        if post is None:
            continue
        if pid == "offices":
            dates = f"{started.value if started else '?'} – {ended.value if ended else ''}".rstrip()
            as_role = f" ({role.value})" if role and role.value != post.text else ""
            found.append({"str": f"{post.text}{as_role}, {dates}"})
        elif pid == "posts":
            found.append({"id": _key(describer, post.value), "name": post.text})
        elif pid == "office_from" and started:
            found.append(_day(started.value))
        elif pid == "office_until" and ended:
            found.append(_day(ended.value))
    return found


def _key(describer: Describer, iri: str) -> str:
    """An entity's reconciliation id: its key under ``id/`` ("post/secretary")."""
    prefix = describer.base + "id/"
    return iri[len(prefix) :] if iri.startswith(prefix) else iri


def extend(describer: Describer, query: Extension) -> dict[str, Any]:
    """A 0.2 data extension response: ``meta`` names the properties, ``rows`` gives each entity's values."""
    wanted = [pid for pid in query.properties if pid in PROPERTIES]
    rows = {
        entity: {pid: values(describer, f"{describer.base}id/{entity}", pid) for pid in wanted} for entity in query.ids
    }
    meta: list[dict[str, Any]] = [{"id": pid, "name": PROPERTIES[pid][0]} for pid in wanted]
    for entry in meta:
        if entry["id"] == "posts":
            entry["type"] = {"id": "post", "name": "Post"}
    return {"meta": meta, "rows": rows}


def extend_10(describer: Describer, query: Extension) -> dict[str, Any]:
    """The same, as the 1.0 draft writes it: rows a list, each with its properties a list."""
    response = extend(describer, query)
    return {
        "meta": response["meta"],
        "rows": [
            {"id": entity, "properties": [{"id": pid, "values": found} for pid, found in properties.items()]}
            for entity, properties in response["rows"].items()
        ],
    }
