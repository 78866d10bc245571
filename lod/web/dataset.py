"""The dataset as a whole: the home page, its VoID and DCAT description, and the dumps."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, render_template, request, send_file, stream_with_context

from ..errors import ProtocolError
from ..store import DUMPS
from ..void import void_graph
from .conneg import best
from .pages import site
from .services import published

blueprint = Blueprint("dataset", __name__)
_RDFLIB_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/n-triples": "nt",
}


def statistics() -> dict[str, Any]:
    return published().statistics()


@blueprint.route("/")
def home() -> Response:
    stats = statistics()
    counts = {cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1]: n for cls, n in stats.get("classes", [])}
    body = render_template(
        "home.html", stats=stats, counts=counts, manifest=published().manifest, examples=stats.get("examples", [])
    )
    return Response(body, mimetype="text/html")


@blueprint.route("/void")
@blueprint.route("/.well-known/void")
def void() -> Response:
    offers = ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples", "text/html"]
    media = best(offers, request.headers.get("Accept"))
    if media is None:
        raise ProtocolError("VoID is available as " + ", ".join(offers), 406)
    graph = void_graph(statistics(), published().manifest, site())
    if media == "text/html":
        body = render_template("void.html", turtle=graph.serialize(format="turtle"), stats=statistics())
        return Response(body, mimetype="text/html", headers={"Vary": "Accept"})
    return Response(graph.serialize(format=_RDFLIB_FORMATS[media]), mimetype=media, headers={"Vary": "Accept"})


@blueprint.route("/dumps/")
def dumps() -> Response:
    files = [
        {"name": d.name, "media_type": d.media_type, "title": d.title, "bytes": d.size} for d in published().dumps()
    ]
    if best(["text/html", "application/json"], request.headers.get("Accept")) == "application/json":
        return Response(json.dumps(files), mimetype="application/json")
    return Response(render_template("dumps.html", files=files), mimetype="text/html")


@blueprint.route("/dumps/<name>")
def dump(name: str) -> Response:
    if name not in DUMPS:
        raise ProtocolError(f"no dump named {name}; see /dumps/", 404)
    found = published().dump(name)  # NoSuchDump: 404
    if isinstance(found, Path):
        return send_file(found, mimetype="application/gzip", as_attachment=True, download_name=name, conditional=True)
    headers = {"Content-Disposition": f"attachment; filename={name}"}
    return Response(stream_with_context(found), mimetype="application/gzip", headers=headers)
