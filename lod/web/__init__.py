"""The web tier: the graph as Linked Open Data.

``create_app(settings)`` wires one blueprint per concern onto the published store::

    sparql/      /sparql, /query, /update    SPARQL 1.1 Protocol, service description, query editor, staff updates
    resources    /id/..., /doc/...           303 dereferencing, content negotiation, HTML pages
    vocabulary   /ontology, /ns, /context.jsonld   the telegram vocabulary, documented; the JSON-LD context
    dataset      /, /void, /.well-known/void, /dumps/   home page, VoID and DCAT, downloads
    search, browse, timeline, network, map, cite   the reading room
    oai, reconcile                            OAI-PMH for harvesters; reconciliation for OpenRefine

Handlers reach the app's services through ``services.services()`` and share page helpers from ``pages``;
every error, ours and the router's, is answered by one handler.

The app holds no state of its own: every worker reads the build that is published (the embedded
store's ``current`` link, or a remote store's publication pointer) and follows a new one by
itself, so any number of workers or machines can serve one store.
"""

from __future__ import annotations

import logging
import re
import uuid
from types import ModuleType
from typing import Any

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.middleware.proxy_fix import ProxyFix

from ..errors import LimitExceeded, LodError, ProtocolError
from ..runner import QueryRunner
from ..settings import Settings
from ..store import Store, open_store
from . import limits
from .pages import client, error_response, readable_time
from .services import Services, describer, services

log = logging.getLogger("lod.web")

#: A strict policy: pages use only their own styles and scripts, and are never framed.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def create_app(settings: Settings | None = None, published: Store | None = None, **overrides: Any) -> Flask:
    """The application for the ``published`` store (by default the one ``settings.store`` names; the
    settings by default from ``LOD_*`` variables, with ``overrides``: ``create_app(store="var/store")``)."""
    settings = settings or Settings.from_env(**overrides)
    app = Flask(__name__)
    app.extensions["lod"] = Services(
        settings=settings,
        store=published if published is not None else open_store(settings),
        runner=QueryRunner(settings.query_timeout),  # its process starts with the first query
        clients=limits.share(),
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]

    from . import (
        browse,
        cite,
        dataset,
        map,
        network,
        oai,
        reconcile,
        resources,
        search,
        sparql,
        timeline,
        vocabulary,
    )

    modules: tuple[ModuleType, ...] = (sparql, resources, vocabulary, dataset)  # the graph as Linked Data
    modules += (search, browse, timeline, network, map, cite)  # the reading room
    modules += (oai, reconcile)  # the archive world's protocols
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
    app.before_request(_request_id)
    app.before_request(_admit)
    app.after_request(_headers)
    app.register_error_handler(Exception, _error)  # every error, ours and the router's, one way
    return app


_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def _request_id() -> None:
    """The id that ties a request to the log: a proxy's, if it is a plain token, else a new one."""
    given = request.headers.get("X-Request-Id", "")
    g.request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex[:12]


def _admit() -> None:
    rate = services().settings.rate_limit
    if rate and request.endpoint != "static":
        wait = services().clients.admit(client(), rate)
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


def _error(error: Exception) -> Response:
    """Every error as :func:`error_response`: ours with their status and headers (WWW-Authenticate,
    Retry-After, Allow), the router's own (no such route, wrong method), and the unexpected as 500."""
    if isinstance(error, LodError):
        status = error.http_status
        if status >= 500:
            log.error("request %s: %s", g.get("request_id"), error)
        title = HTTP_STATUS_CODES.get(status, "Error") if isinstance(error, ProtocolError) else type(error).__name__
        response = error_response(status, title, str(error))
        response.headers.update(getattr(error, "headers", {}))
        return response
    if isinstance(error, HTTPException):
        response = error_response(error.code or 500, error.name, error.description or "")
        if error.code == 405 and getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
        return response
    log.exception("request %s failed", g.get("request_id"))
    return error_response(500, "Internal error", f"the request failed (request id {g.get('request_id')})")
