"""Full-text search with facets: ``/search`` for readers, ``/search.json`` for programs.

Words are matched in titles, summaries, bodies and every name of the persons, places and bodies a
document is linked to (variants, transliterations and code names included); facets narrow the
results by year, kind, sender, addressee, copy recipient, place, person named, archive and
classification. Pages work without JavaScript: every facet value is a link.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, jsonify, render_template, request

from ..index import FACETS, PAGE, Hit, Named, Query, Results, Selection, snippet
from ..rdf import TG
from .pages import link, page_number, period
from .services import describer, search_index

blueprint = Blueprint("search", __name__)


def toggled(selection: Selection, facet: str, key: str) -> str:
    """A link with this facet value added to the selection, or taken out if it is in it."""
    pairs = selection.arguments()
    if (facet, key) in pairs:
        pairs.remove((facet, key))
    else:
        pairs.append((facet, key))
    return "/search?" + urlencode(pairs)


def excerpt(hit: Hit, query: Query) -> list[tuple[str, bool]]:
    """Where the words were found: in the summary, or else in the body (read from the store)."""
    for text in (hit.summary, _body(hit.iri)):
        found = snippet(text or "", query)
        if found:
            return found
    return [(hit.summary[:300] + ("…" if len(hit.summary) > 300 else ""), False)] if hit.summary else []


def _body(iri: str) -> str:
    quads = describer().store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(TG + "bodyText"), None)
    return " ".join(quad.object.value for quad in quads if isinstance(quad.object, ox.Literal))


def _results() -> Results:
    return search_index().search(Selection.from_args(request.args), page_number(), request.args.get("sort", ""))


@blueprint.route("/search")
def search() -> Response:
    results = _results()
    selection = results.selection
    excerpts = [excerpt(hit, selection.query) for hit in results.hits]
    names = search_index().names_of([hit.iri for hit in results.hits], selection.query)
    labels: dict[tuple[str, str], str] = {}
    for name, values in selection.facets.items():
        for key in values:
            entry = search_index().entity(key) if name != "year" else None
            labels[(name, key)] = entry.label if entry else key
    body = render_template(
        "search.html",
        r=results,
        s=selection,
        excerpts=excerpts,
        names=names,
        facets=FACETS,
        labels=labels,
        link=link,
        toggled=toggled,
        period=period,
        page_size=PAGE,
        levels=list(zip(("fond", "opis", "delo"), selection.holding[1:], strict=False)),
        clear="/search" + ("?" + urlencode({"q": selection.query.text}) if selection.query.text.strip() else ""),
    )
    return Response(body, mimetype="text/html")


def _as_json(hit: Hit, query: Query, names: list[Named]) -> dict[str, Any]:
    pieces = excerpt(hit, query)
    return {
        "iri": hit.iri,
        "page": describer().href(hit.iri),
        "title": hit.title,
        "kind": hit.kind,
        "date": hit.date,
        "earliest": hit.earliest,
        "latest": hit.latest,
        "when": period(hit),
        "snippet": "".join(text for text, _ in pieces),
        "matched": [text for text, marked in pieces if marked],
        "names": [{"role": name.role, "label": name.label, "iri": name.iri} for name in names],
    }


@blueprint.route("/search.json")
def search_json() -> Response:
    results = _results()
    selection = results.selection
    names = search_index().names_of([hit.iri for hit in results.hits], selection.query)
    found: dict[str, Any] = {
        "query": selection.query.text,
        "total": results.total,
        "page": results.page,
        "pages": results.pages,
        "sort": results.sort,
        "results": [_as_json(hit, selection.query, names.get(hit.iri, [])) for hit in results.hits],
        "facets": {
            name: [
                {"key": v.key, "label": v.label, "count": v.count, **({"iri": v.iri} if v.iri else {})} for v in values
            ]
            for name, values in results.facets.items()
        },
    }
    if results.page < results.pages:
        found["next"] = link(selection, "/search.json", page=str(results.page + 1), sort=results.sort)
    response = jsonify(found)
    response.headers["Link"] = f'<{link(selection)}>; rel="alternate"; type="text/html"'
    return response
