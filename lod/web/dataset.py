"""The dataset as a whole: the home page, its VoID and DCAT description, and the dumps."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, abort, render_template, request, send_file, stream_with_context

from ..store import RemoteStore
from ..void import DUMPS, void_graph
from . import published, site
from .conneg import best

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
        abort(406, description="VoID is available as " + ", ".join(offers))
    graph = void_graph(statistics(), published().manifest, site())
    if media == "text/html":
        body = render_template("void.html", turtle=graph.serialize(format="turtle"), stats=statistics())
        return Response(body, mimetype="text/html", headers={"Vary": "Accept"})
    return Response(graph.serialize(format=_RDFLIB_FORMATS[media]), mimetype=media, headers={"Vary": "Accept"})


#: A remote store's dump is streamed from its server on request; the Turtle one is written by builds only.
STREAMED = "dataset.nt.gz"


@blueprint.route("/dumps/")
def dumps() -> Response:
    store = published()
    if isinstance(store, RemoteStore):
        media, title = DUMPS[STREAMED]
        title += " (streamed from the store)"
        files: list[dict[str, object]] = [{"name": STREAMED, "media_type": media, "title": title, "bytes": None}]
    else:
        folder = store.build_path / "dumps"
        files = [
            {"name": name, "media_type": media, "title": title, "bytes": (folder / name).stat().st_size}
            for name, (media, title) in DUMPS.items()
            if (folder / name).is_file()
        ]
    if best(["text/html", "application/json"], request.headers.get("Accept")) == "application/json":
        return Response(json.dumps(files), mimetype="application/json")
    return Response(render_template("dumps.html", files=files), mimetype="text/html")


@blueprint.route("/dumps/<name>")
def dump(name: str) -> Response:
    if name not in DUMPS:
        abort(404, description=f"no dump named {name}; see /dumps/")
    store = published()
    if isinstance(store, RemoteStore):
        if name != STREAMED:
            abort(404, description=f"this store offers {STREAMED} only; see /dumps/")
        headers = {"Content-Disposition": f"attachment; filename={name}"}
        return Response(stream_with_context(_gzipped(store.export())), mimetype="application/gzip", headers=headers)
    path = store.build_path / "dumps" / name
    if not path.is_file():
        abort(404, description=f"this build has no {name}")
    return send_file(path, mimetype="application/gzip", as_attachment=True, download_name=name, conditional=True)


def _gzipped(chunks: Iterator[bytes]) -> Iterator[bytes]:
    compressor = zlib.compressobj(5, zlib.DEFLATED, 31)  # 31: the gzip container
    for chunk in chunks:
        if packed := compressor.compress(chunk):
            yield packed
    yield compressor.flush()
