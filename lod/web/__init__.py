"""The web tier: the graph as Linked Open Data.

``create_app(settings)`` wires one blueprint per concern onto the published store::

    sparql       /sparql                     SPARQL 1.1 Protocol, service description, query page
    resources    /id/..., /doc/...           303 dereferencing, content negotiation, HTML pages
    vocabulary   /ontology, /ns              the telegram vocabulary, documented
    dataset      /, /void, /.well-known/void, /dumps/   home page, VoID and DCAT, downloads

The app holds no state of its own: every worker reads the build that is published (the embedded
store's ``current`` link, or a remote store's publication pointer) and follows a new one by
itself, so any number of workers or machines can serve one store.
"""

from __future__ import annotations

import datetime
import logging
import re
import uuid
from types import ModuleType
from typing import Any

from flask import Flask, Response, current_app, g, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from ..errors import LimitExceeded, LodError
from ..finding_aid import FindingAid, finding_aid
from ..runner import QueryRunner
from ..settings import Settings
from ..store import Store, open_store
from . import limits
from .conneg import best
from .describe import Describer

log = logging.getLogger("lod.web")

#: A strict policy: pages use only their own styles and scripts, and are never framed.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def create_app(settings: Settings | None = None, store: Store | None = None, **overrides: Any) -> Flask:
    """The application for ``store`` (by default the one in ``settings.store``; the settings by
    default from ``LOD_*`` variables)."""
    settings = settings or Settings.from_env(**overrides)
    app = Flask(__name__)
    app.config["LOD"] = settings
    app.extensions["lod_store"] = store if store is not None else open_store(settings)
    app.extensions["lod_runner"] = QueryRunner(settings.query_timeout)  # its process starts with the first query
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from . import (
        browse,
        cite,
        dataset,
        jsonld,
        network,
        oai,
        reconcile,
        resources,
        search,
        sparql,
        timeline,
        update,
        vocabulary,
    )

    modules: tuple[ModuleType, ...] = (sparql, update, resources, vocabulary, dataset)  # the graph as Linked Data
    modules += (search, browse, timeline, network, cite)  # the reading room
    modules += (jsonld, oai, reconcile)  # the archive world's protocols
    for module in modules:
        app.register_blueprint(module.blueprint)

    app.add_template_filter(lambda iri: describer().href(str(iri)) or str(iri), "local")
    app.add_template_filter(readable_time, "when")
    # a column of a table of parts is shown when some part fills it: "select('used_by', references)"
    app.jinja_env.tests["used_by"] = lambda column, parts: any(part.one(column[0]) for part in parts)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body
    if settings.trusted_proxies:  # the client is who the proxies say, not the proxy itself
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]
    app.extensions["lod_clients"] = limits.share()
    app.before_request(_request_id)
    app.before_request(_admit)
    app.after_request(_headers)
    app.register_error_handler(LodError, _lod_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
    return app


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


def published() -> Store:
    from flask import current_app

    store: Store = current_app.extensions["lod_store"]
    return store


def base_uri() -> str:
    """The base of the data's IRIs: the one the published build minted them under."""
    from flask import current_app

    settings: Settings = current_app.config["LOD"]
    return str(published().manifest.get("base_uri") or settings.base_uri)


def describer() -> Describer:
    from flask import current_app

    if "describer" not in g:
        store = published()
        many_links = store.statistics().get("many_links")
        g.describer = Describer(store.current(), base_uri(), current_app.config["LOD"].page_size, many_links)
    return g.describer  # type: ignore[no-any-return]


def finding() -> FindingAid:
    """The published build's catalogue, for search, browse, timeline, network and threads."""
    return finding_aid(published().artefacts())


def site() -> str:
    """The root URL this request reached the server at."""
    return request.host_url


def wants_html() -> bool:
    return best(["application/json", "text/plain", "text/html"], request.headers.get("Accept")) == "text/html"


_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def _request_id() -> None:
    """The id that ties a request to the log: a proxy's, if it is a plain token, else a new one."""
    given = request.headers.get("X-Request-Id", "")
    g.request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex[:12]


def client() -> str:
    """Who is asking: the address the request came from (or that trusted proxies forwarded)."""
    return request.remote_addr or "unknown"


def _admit() -> None:
    rate = current_app.config["LOD"].rate_limit
    if rate and request.endpoint != "static":
        wait = current_app.extensions["lod_clients"].admit(client(), rate)
        if wait:
            raise LimitExceeded(f"more than {rate} requests a second from {client()}; slow down", wait)


def _headers(response: Response) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Request-Id"] = g.get("request_id", "")
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["Referrer-Policy"] = "same-origin"
    else:
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def error_response(status: int, title: str, message: str) -> Response:
    """An error as a page to browsers and as plain text to programs; never a stack trace."""
    if wants_html():
        body = render_template("error.html", status=status, title=title, message=message)
        return Response(body, status=status, mimetype="text/html")
    return Response(f"{title}: {message}\n", status=status, mimetype="text/plain")


def _lod_error(error: LodError) -> Response:
    if error.http_status >= 500:
        log.error("request %s: %s", g.get("request_id"), error)
    response = error_response(error.http_status, type(error).__name__, str(error))
    response.headers.update(getattr(error, "headers", {}))  # WWW-Authenticate, Retry-After
    return response


def _http_error(error: HTTPException) -> Response:
    response = error_response(error.code or 500, error.name, error.description or "")
    if error.code == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
    return response


def _unexpected(error: Exception) -> Response:
    log.exception("request %s failed", g.get("request_id"))
    return error_response(500, "Internal error", f"the request failed (request id {g.get('request_id')})")
