"""Reconciliation at ``/reconcile``: the Entity Reconciliation API that OpenRefine speaks (0.2), and its 1.0 draft.

An archivist with a spreadsheet of names ("Filippov", "Pak Hon Yong", "Peking") matches them to the
persons, posts, organizations, places and archives here, then adds columns of what is known of them.
Every name an entity goes by counts (labels, variants, transliterations, code names), folded as the
catalogue folds them. A date among a query's properties (``{"pid": "date", "v": "1934-07-24"}``)
picks, through the register of offices, who held an office or who of a surname was in office that day:
"Secretary of State" on 1934-07-24 is Cordell Hull.

    GET  /reconcile                          the service manifest (0.2)
    GET|POST /reconcile?queries={...}        a batch of queries (form-encoded ``queries``)
    GET|POST /reconcile?extend={...}         data extension: offices held, birth, death, links
    GET  /reconcile/propose_properties?type= the properties data extension offers
    GET  /reconcile/suggest/entity?prefix=   names as they are typed
    GET  /reconcile/preview?id=person/stalin a small page about a candidate
    /reconcile/1.0-draft/...                 the same service as the 1.0 draft writes it (JSON bodies)

Identifiers are the entities' keys (``person/stalin``); the manifest's ``identifierSpace`` turns them
into IRIs. A score is 100 when the words are one of the entity's names (or the date singles the entity
out), less the fewer of their words a name shares; a candidate is a ``match`` when it alone scores 100.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request

from ..authority.curated import Authority
from ..authority.offices import OfficeRegister
from ..correspondents import Correspondents, Span
from ..dating import NotationError, parse_date
from ..errors import ProtocolError
from ..index import Entry
from ..offices import office
from ..record import Name
from ..text import searchable
from .pages import site
from .reconcile_extend import extend, extend_10, proposals
from .reconcile_protocol import Invalid, Query, read_batch_02, read_batch_10, read_extension
from .services import base_uri, describer, search_index, services

blueprint = Blueprint("reconcile", __name__)

TYPES = {"person": "Person", "post": "Post", "organization": "Organization", "place": "Place", "archive": "Archive"}
MOST = 25  # candidates a query may ask for
BATCH = 100  # queries (or entities to extend) in one request
DATES = ("date", "on", "dcterms:date")  # the property ids a query's date may come under
DRAFT = "/reconcile/1.0-draft"


def _json(name: str) -> Any:
    raw = request.values.get(name)
    try:
        return json.loads(raw) if raw is not None else None
    except ValueError:
        raise ProtocolError(f"{name} must be JSON") from None


def _read(reader: Any, value: Any) -> Any:
    try:
        return reader(value)
    except Invalid as error:
        raise ProtocolError(str(error)) from None


@blueprint.route("/reconcile", methods=["GET", "POST"])
def reconcile() -> Response:
    queries, extension = _json("queries"), _json("extend")
    if extension is not None:
        return jsonify(extend(describer(), _bounded_extension(extension)))
    if queries is None:
        return jsonify(manifest())
    batch = _read(read_batch_02, queries)
    if len(batch) > BATCH:
        raise ProtocolError(f"at most {BATCH} queries in one batch", 413)
    return jsonify({query.key: {"result": candidates(query)} for query in batch})


def _bounded_extension(value: Any) -> Any:
    query = _read(read_extension, value)
    if len(query.ids) > BATCH:
        raise ProtocolError(f"at most {BATCH} entities in one data extension query", 413)
    return query


def manifest() -> dict[str, Any]:
    return {
        "versions": ["0.1", "0.2"],
        "name": "Telegrams as Linked Open Data: persons, posts, organizations, places and archives",
        "identifierSpace": base_uri() + "id/",
        "schemaSpace": "https://w3id.org/telegram/ns#",
        "defaultTypes": [{"id": key, "name": name} for key, name in TYPES.items()],
        "view": {"url": site() + "id/{{id}}"},
        "preview": {"url": site() + "reconcile/preview?id={{id}}", "width": 420, "height": 160},
        "suggest": {"entity": {"service_url": site().rstrip("/"), "service_path": "/reconcile/suggest/entity"}},
        "extend": {
            "propose_properties": {"service_url": site().rstrip("/"), "service_path": "/reconcile/propose_properties"},
            "property_settings": [],
        },
    }


@blueprint.route("/reconcile/propose_properties")
@blueprint.route(f"{DRAFT}/extend/propose")
def propose_properties() -> Response:
    kind = request.args.get("type") or None
    return jsonify(proposals(kind if kind in TYPES else None))


def _kinds(wanted: tuple[str, ...]) -> tuple[str, ...]:
    if not wanted:
        return tuple(TYPES)
    return tuple(name for name in wanted if name in TYPES) or ("none",)


def score(words: str, entry: Entry, names: str) -> int:
    """100 when the words are one of the entity's names; else the share of their words the closest name has."""
    wanted = searchable(words).replace("-", " ").split()
    if not wanted:
        return 0
    best = 0.0
    for name in names.split(" | "):
        tokens = name.replace("-", " ").split()
        if tokens == wanted or name.replace(" ", "") == "".join(wanted):
            return 100
        shared = len(set(tokens) & set(wanted))
        best = max(best, shared / max(len(set(tokens) | set(wanted)), 1))
    return round(90 * best)


@lru_cache(maxsize=4)
def _correspondents(authorities: str) -> Correspondents:
    """The build's own reading of offices and names by date, on the authority files the store was built from."""
    folder = Path(authorities)
    return Correspondents(Authority.load(folder), OfficeRegister.load(folder))


def _span(query: Query) -> Span | None:
    for value in query.values(DATES[0]) + query.values(DATES[1]) + query.values(DATES[2]):
        try:
            return parse_date(str(value)).days()
        except NotationError:
            raise ProtocolError(f"query {query.key!r}: {value!r} is not a date") from None
    return None


def _dated(query: Query, span: Span) -> list[tuple[Entry, str]]:
    """Who the date singles out: the holder of the office written, or the one of that name in office."""
    who = _correspondents(services().settings.authorities)
    written = office(query.text)
    if written is not None and (written.principal or written.mission):
        outcome = who.party(Name("", office=query.text), span)
    else:
        outcome = who.by_name(query.text, span)
    keys = [outcome.entity.key] if outcome.entity is not None else list(outcome.candidates)
    found = [(search_index().entity(f"person/{key}"), outcome.how) for key in keys]
    return [(entry, how) for entry, how in found if entry is not None]


def candidates(query: Query) -> list[dict[str, Any]]:
    limit = query.limit if query.limit is not None and 0 < query.limit <= MOST else 3
    span = _span(query)
    kinds = _kinds(query.types)
    if span is not None and query.text and "person" in kinds:
        dated = _dated(query, span)
        if dated:
            single = len(dated) == 1
            return [_candidate(entry, 100 if single else 80, single, how) for entry, how in dated[:limit]]
    words = query.text[:300]
    found = [(score(words, entry, names), entry) for entry, names in search_index().candidates(words, kinds)]
    found.sort(key=lambda pair: (-pair[0], -pair[1].documents, pair[1].label))
    exact = [entry for points, entry in found if points == 100]
    return [_candidate(entry, points, points == 100 and len(exact) == 1) for points, entry in found[:limit]]


def _candidate(entry: Entry, points: int, match: bool, how: str = "") -> dict[str, Any]:
    description = _description(entry) + (f"; on that date: {how}" if how else "")
    return {
        "id": entry.key,
        "name": entry.label,
        "type": [{"id": entry.kind, "name": TYPES.get(entry.kind, entry.kind)}],
        "score": points,
        "match": match,
        "description": description,
    }


def _description(entry: Entry) -> str:
    named = f"named in {entry.documents} record{'' if entry.documents == 1 else 's'}"
    return f"{named}; also written {entry.variants}" if entry.variants else named


def _suggestions() -> list[dict[str, Any]]:
    prefix = request.args.get("prefix", "")[:100]
    words = " ".join(w + "*" for w in prefix.split()) if prefix.strip() else ""
    kinds = _kinds((request.args["type"],) if request.args.get("type") else ())
    found = search_index().candidates(words, kinds, 10) if words else []
    return [{"id": entry.key, "name": entry.label, "description": _description(entry)} for entry, _ in found]


@blueprint.route("/reconcile/suggest/entity")
@blueprint.route(f"{DRAFT}/suggest/entity")
def suggest() -> Response:
    return jsonify({"result": _suggestions()})


@blueprint.route("/reconcile/preview")
@blueprint.route(f"{DRAFT}/preview")
def preview() -> Response:
    entry = search_index().entity(request.args.get("id", ""))
    if entry is None or entry.kind not in TYPES:
        raise ProtocolError("there is no person, post, organization, place or archive with that id", 404)
    return Response(render_template("reconcile_preview.html", entry=entry), mimetype="text/html")


# -- the 1.0 draft: JSON bodies, lists instead of keyed objects ----------------------------------


def manifest_10() -> dict[str, Any]:
    return {
        "versions": ["1.0-draft"],
        "name": manifest()["name"],
        "defaultTypes": manifest()["defaultTypes"],
        "view": {"url": site() + "id/{id}"},
        "preview": {"width": 420, "height": 160},
        "suggest": {"entity": True, "property": False, "type": False},
        "extend": {"proposeProperties": True, "propertySettings": []},
    }


def _body() -> Any:
    body = request.get_json(silent=True)
    if body is None:
        raise ProtocolError(
            status=400, message="the 1.0 draft sends its queries as a JSON body (Content-Type: application/json)"
        )
    return body


@blueprint.route(DRAFT, methods=["GET", "POST"])
@blueprint.route(f"{DRAFT}/match", methods=["POST"])
def reconcile_10() -> Response:
    if request.method == "GET":
        return jsonify(manifest_10())
    batch = _read(read_batch_10, _body())
    if len(batch) > BATCH:
        raise ProtocolError(f"at most {BATCH} queries in one batch", 413)
    return jsonify({"results": [{"candidates": candidates(query)} for query in batch]})


@blueprint.route(f"{DRAFT}/extend", methods=["POST"])
def extend_draft() -> Response:
    return jsonify(extend_10(describer(), _bounded_extension(_body())))
