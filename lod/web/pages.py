"""What every page and protocol handler shares: who is asking and from where, how to answer an error,
how to write a date, and the reading room's links and page numbers."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from flask import Response, render_template, request

from ..errors import ProtocolError
from ..index import Hit, Selection
from .conneg import best


def readable_day(day: str) -> str:
    """ "1950-07-01" -> "1 July 1950"."""
    moment = datetime.date.fromisoformat(day[:10])
    return f"{moment.day} {moment:%B %Y}"


def readable_time(text: str) -> str:
    """ "1950-07-02T04:00:00" -> "2 July 1950, 04:00", with the zone when the record gives one
    ("…T16:10:00+00:00" -> "22 April 1969, 16:10 UTC", "+03:00" -> "UTC+03:00"); other text is left as it is."""
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return text
    offset = f"{moment:%z}"  # "+0300", or "" for a local time as written
    zone = "" if not offset else (" UTC" if offset == "+0000" else f" UTC{offset[:3]}:{offset[3:]}")
    return f"{readable_day(text)}, {moment:%H:%M}{zone}"


def site() -> str:
    """The root URL this request reached the server at."""
    return request.host_url


def wants_html() -> bool:
    return best(["application/json", "text/plain", "text/html"], request.headers.get("Accept")) == "text/html"


def client() -> str:
    """Who is asking: the address the request came from (or that trusted proxies forwarded)."""
    return request.remote_addr or "unknown"


def error_response(status: int, title: str, message: str) -> Response:
    """An error as a page to browsers and as plain text to programs; never a stack trace."""
    if wants_html():
        body = render_template("error.html", status=status, title=title, message=message)
        return Response(body, status=status, mimetype="text/html")
    return Response(f"{title}: {message}\n", status=status, mimetype="text/plain")


def page_number(last: int = 10_000) -> int:
    """The ``page`` argument: a whole number from 1."""
    page = request.args.get("page", "1")
    if not page.isdigit() or not 1 <= int(page) <= last:
        raise ProtocolError(f"page must be a whole number from 1 to {last}")
    return int(page)


def link(selection: Selection, path: str = "/search", **changes: str | None) -> str:
    """A link to ``path`` for the selection, with arguments added (name=value) or removed (name=None)."""
    pairs = [(k, v) for k, v in selection.arguments() if k not in changes]
    pairs += [(k, v) for k, v in changes.items() if v is not None]
    return path + ("?" + urlencode(pairs) if pairs else "")


def period(hit: Hit) -> str:
    """When a document was written, as exactly as it is known: "1 July 1950", "July 1950", "between … and …"."""
    if not hit.earliest:
        return "undated"
    if hit.earliest == hit.latest:
        return readable_day(hit.earliest)
    date = hit.date or ""
    if len(date) == 4 and hit.earliest.endswith("-01-01") and (hit.latest or "").endswith("-12-31"):
        return date
    if len(date) == 7 and hit.earliest.endswith("-01") and (hit.latest or "")[:7] == date:
        return datetime.date.fromisoformat(hit.earliest).strftime("%B %Y")
    return f"between {readable_day(hit.earliest)} and {readable_day(hit.latest or hit.earliest)}"
