"""The index seen whole: documents per period (the timeline), who wrote to whom (the network), and the
threads of replies and references around one document."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from .answers import EVERYTHING, Bin, Edge, Hit, Node, Selection, Timeline
from .schema import FACETS, OWN, REFERENCE, REPLY

if TYPE_CHECKING:
    from .reader import Index

_SENDER, _ADDRESSEE, _COPY = FACETS["sender"][0], FACETS["addressee"][0], FACETS["copy"][0]


def timeline(index: Index, selection: Selection, drawn: int = 150) -> Timeline:
    """Documents per period; a range of possible dates counts as possible in every period it overlaps."""
    with index.lock:
        return _timeline(index, selection, drawn)


def _timeline(index: Index, selection: Selection, drawn: int) -> Timeline:
    hits_sql, params = index.selected(selection)
    spans = index.rows(
        f"SELECT d.earliest, d.latest, count(*) FROM ({hits_sql}) AS hits JOIN documents d ON d.id = hits.doc "
        "WHERE d.earliest IS NOT NULL GROUP BY d.earliest, d.latest",
        params,
    )
    undated = index.rows(
        f"SELECT count(*) FROM ({hits_sql}) AS hits JOIN documents d ON d.id = hits.doc WHERE d.earliest IS NULL",
        params,
    )[0][0]
    dated = sum(n for _, _, n in spans)
    if not spans:
        return Timeline([], "year", None, None, 0, undated, [])
    first = min(e for e, _, _ in spans)
    last = max(latest or e for e, latest, _ in spans)
    days = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days
    unit = "day" if days <= 62 else "month" if days <= 5 * 366 else "year"
    bins = _periods(first, last, unit)
    starts = [b.start for b in bins]
    for earliest, latest, count in spans:
        latest = latest or earliest
        low = bisect.bisect_right(starts, earliest) - 1
        high = bisect.bisect_right(starts, latest) - 1
        if low == high:
            bins[low].certain += count
        else:
            for position in range(max(low, 0), high + 1):
                bins[position].possible += count
    documents: list[Hit] = []
    if dated <= drawn:
        rows = index.rows(
            "SELECT d.iri, d.kind, coalesce(d.title, d.iri), d.date, d.earliest, d.latest, d.summary "
            f"FROM ({hits_sql}) AS hits JOIN documents d ON d.id = hits.doc WHERE d.earliest IS NOT NULL "
            "ORDER BY d.earliest, d.latest, d.id",
            params,
        )
        documents = [Hit(*row) for row in rows]
    return Timeline(bins, unit, first, last, dated, undated, documents)


def network(index: Index, selection: Selection, most: int = 40) -> tuple[list[Node], list[Edge]]:
    """Who wrote to whom (and who got copies), among the ``most`` busiest correspondents."""
    with index.lock:
        return _network(index, selection, most)


def _network(index: Index, selection: Selection, most: int) -> tuple[list[Node], list[Edge]]:
    hits_sql, params = index.selected(selection)
    edges: list[tuple[int, int, int, str]] = []
    for facet, kind in ((_ADDRESSEE, "addressed"), (_COPY, "copied")):
        if hits_sql == EVERYTHING:  # counted by the build
            counted = index.rows("SELECT source, target, n FROM correspondence WHERE facet = ?", (facet,))
        else:
            counted = index.rows(
                f"""SELECT s.value, t.value, count(*) FROM ({hits_sql}) AS hits
                    JOIN facets s ON s.doc = hits.doc AND s.facet = {_SENDER}
                    JOIN facets t ON t.doc = hits.doc AND t.facet = {facet}
                    WHERE s.value != t.value GROUP BY s.value, t.value""",
                params,
            )
        edges += [(source, target, count, kind) for source, target, count in counted]
    weight: defaultdict[int, int] = defaultdict(int)
    for source, target, count, _ in edges:
        weight[source] += count
        weight[target] += count
    chosen = sorted(weight, key=lambda n: -weight[n])[:most]
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
    for source, target, count, kind in sorted(edges, key=lambda e: -e[2]):
        if source in nodes and target in nodes:
            if kind == "addressed":
                nodes[source].sent += count
                nodes[target].received += count
            kept.append(Edge(nodes[source].key, nodes[target].key, count, kind))
    ordered = sorted(nodes.values(), key=lambda n: -(n.sent + n.received))
    return ordered, kept


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
