"""The index seen whole: documents per period (the timeline), who wrote to whom (the network), and the
threads of replies and references around one document."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import TYPE_CHECKING

import tantivy

from .answers import Bin, Edge, Hit, Node, Route, Selection, Stop, Timeline
from .engine import ROUTES
from .schema import FACETS, OWN, REFERENCE, REPLY

if TYPE_CHECKING:
    from .reader import Index

_ADDRESSEE, _COPY = FACETS["addressee"][0], FACETS["copy"][0]


def timeline(index: Index, selection: Selection, drawn: int = 150) -> Timeline:
    """Documents per period; a range of possible dates counts as possible in every period it overlaps."""
    engine = index.engine
    matching = index.matching(selection) or tantivy.Query.all_query()
    dated_query = engine.dated(matching)
    undated = engine.count(engine.dated(matching, dated=False))
    bounds = engine.bounds(dated_query)
    if bounds is None:
        return Timeline([], "year", None, None, 0, undated, [])
    first, last = (dt.date.fromordinal(day).isoformat() for day in bounds)
    days = bounds[1] - bounds[0]
    unit = "day" if days <= 62 else "month" if days <= 5 * 366 else "year"
    bins = _periods(first, last, unit)
    position = {_bin_key(b.start, unit): n for n, b in enumerate(bins)}
    dated = 0
    for low_key, high_key, count in engine.spans(dated_query, unit):
        dated += count
        low, high = position[low_key], position[high_key]
        if low == high:
            bins[low].certain += count
        else:
            for place in range(low, high + 1):
                bins[place].possible += count
    documents: list[Hit] = []
    if dated <= drawn:
        _, numbers = engine.page(dated_query, max(dated, 1), order="date")
        documents = index.documents(numbers)
    return Timeline(bins, unit, first, last, dated, undated, documents)


def _bin_key(start: str, unit: str) -> int:
    """A period's key as the engine counts spans: a day's number, year * 12 + month, or the year."""
    day = dt.date.fromisoformat(start)
    return day.toordinal() if unit == "day" else day.year * 12 + day.month if unit == "month" else day.year


def network(index: Index, selection: Selection, most: int = 40) -> tuple[list[Node], list[Edge]]:
    """Who wrote to whom (and who got copies), among the ``most`` busiest correspondents."""
    matching = index.matching(selection)
    edges: list[tuple[int, int, int, str]] = []
    if matching is None:  # counted by the build
        for facet, kind in ((_ADDRESSEE, "addressed"), (_COPY, "copied")):
            counted = index.rows("SELECT source, target, n FROM correspondence WHERE facet = ?", (facet,))
            edges += [(source, target, count, kind) for source, target, count in counted]
    else:
        for kind, counted in index.engine.edges(matching).items():
            edges += [(source, target, count, kind) for source, target, count in counted]
    weight: defaultdict[int, int] = defaultdict(int)
    for source, target, count, _ in edges:
        weight[source] += count
        weight[target] += count
    chosen = sorted(weight, key=lambda n: (-weight[n], n))[:most]
    if not chosen:
        return [], []
    marks = ",".join("?" * len(chosen))
    nodes = {
        number: Node(key, iri, label or key)
        for number, key, iri, label in index.rows(
            f"SELECT id, key, iri, label FROM entities WHERE id IN ({marks})", chosen
        )
    }
    kept: list[Edge] = []
    for source, target, count, kind in sorted(edges, key=lambda e: (-e[2], e[0], e[1], e[3])):
        if source in nodes and target in nodes:
            if kind == "addressed":
                nodes[source].sent += count
                nodes[target].received += count
            kept.append(Edge(nodes[source].key, nodes[target].key, count, kind))
    ordered = sorted(nodes.values(), key=lambda n: -(n.sent + n.received))
    return ordered, kept


def routes(index: Index, selection: Selection, most: int = 60) -> tuple[list[Stop], list[Route]]:
    """Where telegrams went: the ``most`` busiest routes from the place sent from to the place sent to (as
    written, or inferred from the addressee's post), and their places, named as they were in the period."""
    matching = index.matching(selection) or tantivy.Query.all_query()
    engine = index.engine
    found: dict[tuple[int, int], Route] = {}
    for kind, counted in engine.edges(matching, ROUTES).items():
        for source, target, count in counted:
            route = found.setdefault((source, target), Route(str(source), str(target)))
            if kind == "route":
                route.written += count
            else:
                route.inferred += count
    chosen = sorted(found.items(), key=lambda item: (-item[1].count, item[0]))[:most]
    numbers = sorted({n for pair, _ in chosen for n in pair})
    if not numbers:
        return [], []
    bounds = engine.bounds(engine.dated(matching))
    year = dt.date.fromordinal((bounds[0] + bounds[1]) // 2).year if bounds else None
    marks = ",".join("?" * len(numbers))
    stops: dict[int, Stop] = {}
    for number, key, iri, label, latitude, longitude, times in index.rows(
        f"SELECT id, key, iri, coalesce(label, key), latitude, longitude, times FROM entities WHERE id IN ({marks})",
        numbers,
    ):
        stops[number] = Stop(key, iri, _name_in(year, label, times), latitude, longitude)
    kept: list[Route] = []
    for (source, target), route in chosen:
        if source in stops and target in stops:
            stops[source].sent += route.count
            stops[target].received += route.count
            kept.append(Route(stops[source].key, stops[target].key, route.written, route.inferred))
    return sorted(stops.values(), key=lambda s: -(s.sent + s.received)), kept


def _name_in(year: int | None, label: str, times: str | None) -> str:
    """What a place was called in a year ("Petrograd" in 1917), else its label."""
    if year is None or not times:
        return label
    for name, start, end in json.loads(times):
        if (start is None or start <= year) and (end is None or year <= end):
            return str(name)
    return label


def thread(index: Index, iri: str, most: int = 100) -> list[tuple[Hit, str | None, str]]:
    """The documents linked to this one by replies and references, oldest first:
    (document, the IRI of the one it answers or continues, how: "reply" or "reference")."""
    rows = index.rows(
        f"""WITH RECURSIVE linked(doc) AS (
                SELECT id FROM documents WHERE iri = ?
                UNION SELECT to_doc FROM replies JOIN linked ON replies.doc = linked.doc
                UNION SELECT replies.doc FROM replies JOIN linked ON replies.to_doc = linked.doc
                LIMIT {most})
            SELECT d.iri, d.kind, coalesce(d.title, d.iri), d.date, d.earliest, d.latest, d.summary,
                   (SELECT t.iri FROM replies r JOIN documents t ON t.id = r.to_doc WHERE r.doc = d.id
                    ORDER BY r.role LIMIT 1),
                   (SELECT r.role FROM replies r WHERE r.doc = d.id ORDER BY r.role LIMIT 1)
            FROM linked JOIN documents d ON d.id = linked.doc ORDER BY d.earliest, d.id""",
        (iri,),
    )
    if len(rows) < 2:
        return []
    how = {REPLY: "reply", REFERENCE: "reference", OWN: "reference", None: ""}
    return [(Hit(*row[:7]), row[7], how.get(row[8], "")) for row in rows]


def _periods(first: str, last: str, unit: str) -> list[Bin]:
    """Consecutive periods (years, months or days) from the one holding ``first`` to the one holding ``last``."""
    bins: list[Bin] = []
    start = dt.date.fromisoformat(first)
    end = dt.date.fromisoformat(last)
    if unit == "year":
        for year in range(start.year, end.year + 1):
            bins.append(Bin(str(year), f"{year:04d}-01-01", f"{year:04d}-12-31"))
    elif unit == "month":
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            label = dt.date(year, month, 1).strftime("%b %Y")
            bins.append(Bin(label, f"{year:04d}-{month:02d}-01", (following - dt.timedelta(days=1)).isoformat()))
            year, month = following.year, following.month
    else:
        day = start
        while day <= end:
            bins.append(Bin(f"{day.day} {day:%b %Y}", day.isoformat(), day.isoformat()))
            day += dt.timedelta(days=1)
    return bins
