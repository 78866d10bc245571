"""Reconciliation at ``/reconcile``: the Entity Reconciliation API (0.2) that OpenRefine speaks.

An archivist with a spreadsheet of names ("Filippov", "Pak Hon Yong", "Peking") matches them to the
persons, organizations, places and archives here. Every name an entity goes by counts (labels,
variants, transliterations, code names), folded as the catalogue folds them:

    GET  /reconcile                         the service manifest
    GET|POST /reconcile?queries={...}       a batch of queries (form-encoded ``queries``)
    GET  /reconcile/suggest/entity?prefix=  names as they are typed
    GET  /reconcile/preview?id=person/stalin a small page about a candidate

Identifiers are the entities' keys (``person/stalin``); the manifest's ``identifierSpace`` turns them
into IRIs. A score is 100 when the words are one of the entity's names, less the fewer of their words
a name shares; a candidate is a ``match`` when it alone scores 100.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, abort, jsonify, render_template, request

from ..catalogue import searchable
from ..finding_aid import Entry
from . import base_uri, finding, site

blueprint = Blueprint("reconcile", __name__)

TYPES = {"person": "Person", "organization": "Organization", "place": "Place", "archive": "Archive"}
MOST = 25  # candidates a query may ask for
BATCH = 100  # queries in one batch


@blueprint.route("/reconcile", methods=["GET", "POST"])
def reconcile() -> Response:
    raw = request.values.get("queries")
    if raw is None:
        return jsonify(manifest())
    try:
        queries = json.loads(raw)
    except ValueError:
        abort(400, description="queries must be a JSON object of queries")
    if not isinstance(queries, dict) or not all(isinstance(q, dict) for q in queries.values()):
        abort(400, description="queries must be a JSON object whose values are queries")
    if len(queries) > BATCH:
        abort(413, description=f"at most {BATCH} queries in one batch")
    return jsonify({key: {"result": candidates(query)} for key, query in queries.items()})


def manifest() -> dict[str, Any]:
    return {
        "versions": ["0.1", "0.2"],
        "name": "Telegrams as Linked Open Data: persons, organizations, places and archives",
        "identifierSpace": base_uri() + "id/",
        "schemaSpace": "https://w3id.org/telegram/ns#",
        "defaultTypes": [{"id": key, "name": name} for key, name in TYPES.items()],
        "view": {"url": site() + "id/{{id}}"},
        "preview": {"url": site() + "reconcile/preview?id={{id}}", "width": 420, "height": 160},
        "suggest": {"entity": {"service_url": site().rstrip("/"), "service_path": "/reconcile/suggest/entity"}},
    }


def _kinds(wanted: Any) -> tuple[str, ...]:
    if wanted is None or wanted == "":
        return tuple(TYPES)
    names = wanted if isinstance(wanted, list) else [wanted]
    return tuple(str(name) for name in names if str(name) in TYPES) or ("none",)


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


def candidates(query: dict[str, Any]) -> list[dict[str, Any]]:
    words = str(query.get("query", ""))[:300]
    limit = query.get("limit", 3)
    limit = limit if isinstance(limit, int) and 0 < limit <= MOST else 3
    found = [
        (score(words, entry, names), entry) for entry, names in finding().candidates(words, _kinds(query.get("type")))
    ]
    found.sort(key=lambda pair: (-pair[0], -pair[1].documents, pair[1].label))
    exact = [entry for points, entry in found if points == 100]
    return [
        {
            "id": entry.key,
            "name": entry.label,
            "type": [{"id": entry.kind, "name": TYPES.get(entry.kind, entry.kind)}],
            "score": points,
            "match": points == 100 and len(exact) == 1,
            "description": _description(entry),
        }
        for points, entry in found[:limit]
    ]


def _description(entry: Entry) -> str:
    named = f"named in {entry.documents} record{'' if entry.documents == 1 else 's'}"
    return f"{named}; also written {entry.variants}" if entry.variants else named


@blueprint.route("/reconcile/suggest/entity")
def suggest() -> Response:
    prefix = request.args.get("prefix", "")[:100]
    words = " ".join(w + "*" for w in prefix.split()) if prefix.strip() else ""
    found = finding().candidates(words, _kinds(request.args.get("type")), 10) if words else []
    return jsonify(
        {"result": [{"id": entry.key, "name": entry.label, "description": _description(entry)} for entry, _ in found]}
    )


@blueprint.route("/reconcile/preview")
def preview() -> Response:
    entry = finding().entity(request.args.get("id", ""))
    if entry is None or entry.kind not in TYPES:
        abort(404, description="there is no person, organization, place or archive with that id")
    return Response(render_template("reconcile_preview.html", entry=entry), mimetype="text/html")
