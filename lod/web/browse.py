"""Browsing the persons, organizations, places and archives the records name, with counts.

``/browse`` lists what there is; ``/browse/persons`` (organizations, places, archives) lists the
entities of a kind, most named first, with every spelling they go by; ``/browse/archives/{key}``
shows an archive's holdings as its fond, opis and delo tree, each level linked to its records.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import Blueprint, Response, render_template, request

from ..errors import ProtocolError
from .pages import page_number
from .services import describer, search_index

blueprint = Blueprint("browse", __name__)

#: path segment -> (entity kind, heading)
KINDS = {
    "persons": ("person", "Persons"),
    "organizations": ("organization", "Organizations"),
    "places": ("place", "Places"),
    "archives": ("archive", "Archives"),
}
PER_PAGE = 100


@blueprint.route("/browse")
@blueprint.route("/browse/")
def index() -> Response:
    counts = search_index().counts()
    kinds = [(segment, heading, counts.get(kind, 0)) for segment, (kind, heading) in KINDS.items()]
    return Response(render_template("browse.html", kinds=kinds, documents=counts["document"]), mimetype="text/html")


@blueprint.route("/browse/<segment>")
def entities(segment: str) -> Response:
    if segment not in KINDS:
        raise ProtocolError("browse persons, organizations, places or archives", 404)
    kind, heading = KINDS[segment]
    page = page_number()
    words = request.args.get("q", "")
    total, entries = search_index().browse(kind, words, page, PER_PAGE)
    body = render_template(
        "browse_kind.html",
        segment=segment,
        heading=heading,
        kind=kind,
        total=total,
        entries=entries,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        words=words,
    )
    return Response(body, mimetype="text/html")


@blueprint.route("/browse/archives/<key>")
def holdings(key: str) -> Response:
    entry = search_index().entity(f"archive/{key}")
    if entry is None:
        raise ProtocolError(f"no archive {key!r} holds records in this dataset", 404)
    tree: dict[str, dict[str, list[tuple[str, int]]]] = defaultdict(lambda: defaultdict(list))
    counts: dict[tuple[str, ...], int] = defaultdict(int)
    unplaced = 0
    for fond, opis, delo, documents in search_index().holdings(entry.key):
        if fond is None:
            unplaced += documents
            continue
        counts[(fond,)] += documents
        counts[(fond, opis or "")] += documents
        tree[fond][opis or ""].append((delo or "", documents))
    body = render_template(
        "browse_archive.html",
        entry=entry,
        tree=tree,
        counts=counts,
        unplaced=unplaced,
        href=describer().href(entry.iri) or entry.iri,
        search=_search_link(entry.key),
    )
    return Response(body, mimetype="text/html")


def _search_link(archive: str) -> Any:
    from urllib.parse import urlencode

    def link(*levels: str) -> str:
        pairs = [
            ("archive", archive),
            *((name, v) for name, v in zip(("fond", "opis", "delo"), levels, strict=False) if v),
        ]
        return "/search?" + urlencode(pairs)

    return link
