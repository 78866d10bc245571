"""``/network``: who telegraphs whom. Edges are weighted by the number of records from one
correspondent to another; copies sent to a third party are a second kind of edge. A period
(``from``, ``to``), words or any facet narrow the records counted, as on /search.

The drawing is SVG made on the server (the busiest correspondents on a circle, the busiest first),
with the same edges as a table beneath it, so it reads without JavaScript and with a screen reader.
"""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request

from ..index import Edge, Node, Selection
from .pages import link
from .services import describer, search_index

blueprint = Blueprint("network", __name__)
SIZE = 760  # the drawing is square
MOST = 40  # correspondents drawn
LINES = 150  # connections drawn and listed, the busiest: forty correspondents of a large corpus have 1,500
_FACET = {"addressed": "addressee", "copied": "copy"}  # the search facet that lists an edge's records


def layout(nodes: list[Node], edges: list[Edge]) -> dict[str, Any]:
    """Node positions on a circle and edge lines between them, in SVG coordinates."""
    centre, radius = SIZE / 2, SIZE / 2 - 150
    heaviest = max((n.sent + n.received for n in nodes), default=1) or 1
    placed: dict[str, dict[str, Any]] = {}
    for index, node in enumerate(nodes):
        angle = 2 * math.pi * index / max(1, len(nodes)) - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        placed[node.key] = {
            "node": node,
            "x": round(x, 1),
            "y": round(y, 1),
            "r": round(4 + 14 * math.sqrt((node.sent + node.received) / heaviest), 1),
            "anchor": "start" if math.cos(angle) >= 0 else "end",
            "lx": round(centre + (radius + 22) * math.cos(angle), 1),
            "ly": round(centre + (radius + 22) * math.sin(angle) + 4, 1),
            "href": describer().href(node.iri) or node.iri,
        }
    most = max((e.count for e in edges), default=1)
    lines = []
    for edge in edges:
        source, target = placed[edge.source], placed[edge.target]
        dx, dy = target["x"] - source["x"], target["y"] - source["y"]
        length = math.hypot(dx, dy) or 1
        gap = target["r"] + 2  # the arrow stops at the target's rim, not under it
        lines.append(
            {
                "edge": edge,
                "x1": source["x"],
                "y1": source["y"],
                "x2": round(target["x"] - dx * gap / length, 1),
                "y2": round(target["y"] - dy * gap / length, 1),
                "width": round(1 + 4 * math.log1p(edge.count) / math.log1p(most), 1),
            }
        )
    return {"nodes": list(placed.values()), "lines": lines}


@blueprint.route("/network")
def network() -> Response:
    selection = Selection.from_args(request.args)
    nodes, all_edges = search_index().network(selection, MOST)
    edges = all_edges[:LINES]  # the busiest first
    labels = {node.key: node for node in nodes}
    body = render_template(
        "network.html",
        s=selection,
        nodes=nodes,
        edges=edges,
        connections=len(all_edges),
        labels=labels,
        drawing=layout(nodes, edges),
        size=SIZE,
        json_link=link(selection, "/network.json"),
        records=lambda edge: link(
            selection,
            "/search",
            sender=edge.source,
            **{"addressee" if edge.kind == "addressed" else "copy": edge.target},
        ),
    )
    return Response(body, mimetype="text/html")


@blueprint.route("/network.json")
def network_json() -> Response:
    nodes, edges = search_index().network(Selection.from_args(request.args), MOST)
    return jsonify(
        {
            "nodes": [
                {"key": n.key, "iri": n.iri, "label": n.label, "sent": n.sent, "received": n.received} for n in nodes
            ],
            "edges": [{"source": e.source, "target": e.target, "count": e.count, "kind": e.kind} for e in edges],
        }
    )
