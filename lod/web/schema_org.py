"""A resource's description as schema.org JSON-LD, embedded in its HTML page for search engines.

Telegrams, letters and despatches are ``Message`` s and ``ArchiveComponent`` s (sender, recipients,
copies as ``ccRecipient``, dates sent and received, the holding archive and the item's location);
persons, organizations, places and archives take their schema.org types.
"""

from __future__ import annotations

from typing import Any

from .describe import Description, Value

_ENTITY_TYPES = {
    "person": "Person",
    "organization": "Organization",
    "archive": "ArchiveOrganization",
    "place": "Place",
    "concept": "DefinedTerm",
}


def _ref(value: Value, schema_type: str | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": value.value, "name": value.text}
    if schema_type:
        node["@type"] = schema_type
    return node


def schema_org(d: Description) -> dict[str, Any]:
    data: dict[str, Any] = {"@context": "https://schema.org", "@id": d.iri}
    kind = d.kind
    if kind in _ENTITY_TYPES:
        data["@type"] = _ENTITY_TYPES[kind]
        data["name"] = d.label
        alternates = [v.value for v in d.get("skos:altLabel") + d.get("tg:codeName")]
        if alternates:
            data["alternateName"] = alternates
        same = [v.value for v in d.get("owl:sameAs")]
        if same:
            data["sameAs"] = same
        note = d.first("skos:note") or d.first("skos:definition")
        if note:
            data["description"] = note.value
        return data
    if kind not in {"telegram", "document"}:
        data["name"] = d.label
        return data
    data["@type"] = ["Message", "ArchiveComponent"] if kind == "telegram" else ["CreativeWork", "ArchiveComponent"]
    data["name"] = d.label
    date = d.first("dcterms:date")
    if date:
        data["dateCreated"] = date.value
    for key, curie in (("dateSent", "tg:sentAt"), ("dateReceived", "tg:receivedAt")):
        value = d.first(curie)
        if value:
            data[key] = value.value
    summary = d.first("dcterms:description")
    if summary:
        data["description"] = summary.value
    sender = d.first("tg:sender")
    if sender:
        data["sender"] = _ref(sender)
    authors = d.get("dcterms:creator")
    if authors:
        data["author"] = [_ref(a) for a in authors]
    recipients = d.get("tg:addressee")
    if recipients:
        data["recipient"] = [_ref(r) for r in recipients]
    copies = [r for r in (part.one("tg:recipient") for part in d.part_list("tg:copy")) if r]
    if copies:
        data["ccRecipient"] = [_ref(c) for c in copies]
    mentions = d.get("tg:mentions")
    if mentions:
        data["mentions"] = [_ref(m) for m in mentions]
    for key, curie in (("locationCreated", "tg:sentFrom"),):
        value = d.first(curie)
        if value:
            data[key] = _ref(value, "Place")
    references = d.part_list("tg:archivalReference")
    if references:
        archives = [a for a in (part.one("tg:archive") for part in references) if a]
        data["holdingArchive"] = [_ref(a, "ArchiveOrganization") for a in archives]
        data["itemLocation"] = [label.value for label in (part.one("rdfs:label") for part in references) if label]
    rights = d.first("dcterms:rights")
    if rights:
        data["usageInfo"] = rights.value
    identifiers = [v.value for v in d.get("dcterms:identifier")]
    if identifiers:
        data["identifier"] = identifiers
    languages = [v.value for v in d.get("dcterms:language")]
    if languages:
        data["inLanguage"] = languages
    return data
