"""``/map``: where telegrams went. A line for each route from the place a telegram was sent from to the
place it was sent to, wider for more telegrams; dashed where the destination is not written but inferred
from the addressee's post (the Department in Washington, a mission in its country's capital of the time).
A period, words or any facet narrow the telegrams counted, as on /search and /network.

The map is SVG made on the server: the places GeoNames locates, on an equirectangular grid fitted to
them, with the same routes as a table beneath it (those between places with no coordinates too), so it
reads without JavaScript and with a screen reader.
"""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request

from ..index import Route, Selection, Stop
from .pages import link
from .services import describer, search_index

blueprint = Blueprint("map", __name__)
WIDTH, TALLEST, MARGIN = 900, 560, 40
MOST = 60  # routes drawn


def _extent(stops: list[Stop]) -> tuple[float, float, float, float]:
    """West, east, south, north of the places, padded, at least 30 by 15 degrees."""
    longitudes = [s.longitude for s in stops if s.longitude is not None]
    latitudes = [s.latitude for s in stops if s.latitude is not None]
    west, east, south, north = min(longitudes), max(longitudes), min(latitudes), max(latitudes)
    width, height = max(30.0, (east - west) * 1.15), max(15.0, (north - south) * 1.25)
    middle_x, middle_y = (west + east) / 2, (south + north) / 2
    return (
        middle_x - width / 2,
        middle_x + width / 2,
        max(-85.0, middle_y - height / 2),
        min(85.0, middle_y + height / 2),
    )


def layout(stops: list[Stop], routes: list[Route]) -> dict[str, Any]:
    """Places and routes in SVG coordinates: longitude scaled by the cosine of the middle latitude."""
    placed_stops = [s for s in stops if s.latitude is not None and s.longitude is not None]
    if not placed_stops:
        return {"stops": [], "lines": [], "grid": [], "height": 0}
    west, east, south, north = _extent(placed_stops)
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = min((WIDTH - 2 * MARGIN) / ((east - west) * squeeze), (TALLEST - 2 * MARGIN) / (north - south))
    height = round(2 * MARGIN + (north - south) * scale)

    def xy(latitude: float, longitude: float) -> tuple[float, float]:
        return (
            round(MARGIN + (longitude - west) * squeeze * scale, 1),
            round(MARGIN + (north - latitude) * scale, 1),
        )

    busiest = max((s.sent + s.received for s in placed_stops), default=1) or 1
    placed: dict[str, dict[str, Any]] = {}
    for stop in placed_stops:
        assert stop.latitude is not None and stop.longitude is not None
        x, y = xy(stop.latitude, stop.longitude)
        placed[stop.key] = {
            "stop": stop,
            "x": x,
            "y": y,
            "r": round(3 + 9 * math.sqrt((stop.sent + stop.received) / busiest), 1),
            "href": describer().href(stop.iri) or stop.iri,
        }
    _label(list(placed.values()))
    most = max((r.count for r in routes), default=1)
    lines = []
    for route in routes:
        if route.source not in placed or route.target not in placed:
            continue
        a, b = placed[route.source], placed[route.target]
        dx, dy = b["x"] - a["x"], b["y"] - a["y"]
        length = math.hypot(dx, dy) or 1
        bend = 0.18 * length  # a curve to the right of the way: there and back are two lines
        cx, cy = (a["x"] + b["x"]) / 2 - dy / length * bend, (a["y"] + b["y"]) / 2 + dx / length * bend
        gap = b["r"] + 2
        to_x, to_y = b["x"] - (b["x"] - cx) * gap / length, b["y"] - (b["y"] - cy) * gap / length
        width = round(0.8 + 3 * math.log1p(route.count) / math.log1p(most), 1)
        lines.append(
            {"route": route, "d": f"M {a['x']} {a['y']} Q {cx:.1f} {cy:.1f} {to_x:.1f} {to_y:.1f}", "width": width}
        )
    step = 10 if north - south <= 60 else 30
    grid = []
    for longitude in range(math.ceil(west / step) * step, math.floor(east) + 1, step):
        (x, top), (_, bottom) = xy(north, longitude), xy(south, longitude)
        grid.append(
            {"x1": x, "y1": top, "x2": x, "y2": bottom, "label": f"{abs(longitude)}°{'E' if longitude >= 0 else 'W'}"}
        )
    for latitude in range(math.ceil(south / step) * step, math.floor(north) + 1, step):
        (left, y), (right, _) = xy(latitude, west), xy(latitude, east)
        grid.append(
            {"x1": left, "y1": y, "x2": right, "y2": y, "label": f"{abs(latitude)}°{'N' if latitude >= 0 else 'S'}"}
        )
    return {"stops": list(placed.values()), "lines": lines, "grid": grid, "height": height}


def _label(stops: list[dict[str, Any]]) -> None:
    """Put each place's name beside it where it covers no name already put (the busiest places first):
    to the right, the left, above or below."""
    taken: list[tuple[float, float, float, float]] = []
    for stop in stops:
        width, r = 6.6 * len(stop["stop"].label), stop["r"]
        x, y = stop["x"], stop["y"]
        tries = [
            (x + r + 3, y + 4, "start"),
            (x - r - 3, y + 4, "end"),
            (x, y - r - 4, "middle"),
            (x, y + r + 13, "middle"),
        ]
        for lx, ly, anchor in tries:
            left = lx - (width if anchor == "end" else width / 2 if anchor == "middle" else 0)
            box = (left, ly - 11, left + width, ly + 3)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
                break
        taken.append(box)
        stop.update(lx=round(lx, 1), ly=round(ly, 1), anchor=anchor)


@blueprint.route("/map")
def map_page() -> Response:
    selection = Selection.from_args(request.args)
    stops, routes = search_index().routes(selection, MOST)
    body = render_template(
        "map.html",
        s=selection,
        stops=stops,
        routes=routes,
        places={s.key: s for s in stops},
        drawing=layout(stops, routes),
        width=WIDTH,
        json_link=link(selection, "/map.json"),
        unplaced=[s for s in stops if s.latitude is None],
    )
    return Response(body, mimetype="text/html")


@blueprint.route("/map.json")
def map_json() -> Response:
    stops, routes = search_index().routes(Selection.from_args(request.args), MOST)
    return jsonify(
        {
            "places": [
                {
                    "key": s.key,
                    "iri": s.iri,
                    "label": s.label,
                    "latitude": s.latitude,
                    "longitude": s.longitude,
                    "sent": s.sent,
                    "received": s.received,
                }
                for s in stops
            ],
            "routes": [
                {"source": r.source, "target": r.target, "count": r.count, "written": r.written, "inferred": r.inferred}
                for r in routes
            ],
        }
    )
