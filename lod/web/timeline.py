"""``/timeline``: the records over time, for everything, a person, a search; uncertain dates as ranges.

A record dated to a day is a point in time; one dated to a month or a year, or given bounds by
its editors (FRUS's "[1918?]"), is a range, and is drawn as one: in the histogram it counts as
*possible* in every period its range overlaps (the hatched part of a bar), never as certain in one;
when few records are selected each is drawn on its own line, a dot for a day, a bar for a range.
The SVG is drawn on the server, so the page needs no JavaScript.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request

from ..index import Hit, Selection, Timeline
from .pages import link, period
from .services import describer, search_index

blueprint = Blueprint("timeline", __name__)

WIDTH, CHART, ROW = 900, 180, 14  # drawing width, histogram height, height of one record's line
LEFT = 40  # room for the counts' axis


@dataclass
class Bar:
    x: float
    width: float
    certain: float  # heights
    possible: float
    label: str
    count: int
    uncertain: int
    href: str


@dataclass
class Line:
    x: float
    width: float
    y: float
    exact: bool
    hit: Hit
    when: str
    href: str


def _scale(timeline: Timeline) -> tuple[dt.date, float]:
    start = dt.date.fromisoformat(timeline.bins[0].start)
    end = dt.date.fromisoformat(timeline.bins[-1].end)
    return start, (WIDTH - LEFT) / max(1, (end - start).days + 1)  # the last day counted, not the day after


def drawing(timeline: Timeline, selection: Selection) -> dict[str, Any]:
    """The histogram's bars and the records' lines, in SVG coordinates."""
    if not timeline.bins:
        return {"bars": [], "lines": [], "ticks": [], "top": 0, "height": CHART}
    start, per_day = _scale(timeline)

    def x(day: str, after: bool = False) -> float:  # the end of a day is where the next begins
        return LEFT + ((dt.date.fromisoformat(day) - start).days + (1 if after else 0)) * per_day

    top = max(b.certain + b.possible for b in timeline.bins) or 1
    bars = []
    for b in timeline.bins:
        left, right = x(b.start), x(b.end, after=True)
        bars.append(
            Bar(
                left,
                max(1.0, right - left - 1),
                CHART * b.certain / top,
                CHART * b.possible / top,
                b.label,
                b.certain,
                b.possible,
                link(selection, "/search", **{"from": b.start, "to": b.end}),
            )
        )
    every = max(1, len(bars) // 12)
    ticks = [(bar.x, bar.label) for bar in bars[::every]]
    lines = []
    for number, hit in enumerate(timeline.documents):
        left = x(hit.earliest or "")
        right = x(hit.latest or hit.earliest or "", after=True)
        href = describer().href(hit.iri) or hit.iri
        lines.append(
            Line(left, max(3.0, right - left), CHART + 40 + number * ROW, not hit.uncertain, hit, period(hit), href)
        )
    height = CHART + 40 + len(lines) * ROW + 10
    return {"bars": bars, "lines": lines, "ticks": ticks, "top": top, "height": height}


@blueprint.route("/timeline")
def timeline() -> Response:
    selection = Selection.from_args(request.args)
    found = search_index().timeline(selection)
    body = render_template(
        "timeline.html",
        t=found,
        s=selection,
        d=drawing(found, selection),
        width=WIDTH,
        chart=CHART,
        left=LEFT,
        json_link=link(selection, "/timeline.json"),
        search_link=link(selection),
    )
    return Response(body, mimetype="text/html")


@blueprint.route("/timeline.json")
def timeline_json() -> Response:
    selection = Selection.from_args(request.args)
    found = search_index().timeline(selection)
    return jsonify(
        {
            "unit": found.unit,
            "first": found.first,
            "last": found.last,
            "dated": found.dated,
            "undated": found.undated,
            "periods": [
                {"label": b.label, "start": b.start, "end": b.end, "certain": b.certain, "possible": b.possible}
                for b in found.bins
            ],
            "documents": [
                {
                    "iri": hit.iri,
                    "title": hit.title,
                    "date": hit.date,
                    "earliest": hit.earliest,
                    "latest": hit.latest,
                    "exact": not hit.uncertain,
                }
                for hit in found.documents
            ],
        }
    )
