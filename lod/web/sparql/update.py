"""SPARQL Update, for the archive's own staff only: ``POST /update`` with the configured token.

The public ``/sparql`` refuses every update (403). This path takes the SPARQL 1.1 Protocol's update
operation (a form with ``update=``, or a body of ``application/sparql-update``; ``using-graph-uri``
and ``using-named-graph-uri`` for the dataset) from a client that sends
``Authorization: Bearer $LOD_UPDATE_TOKEN``. With no token configured the path does not exist (404).

An update never writes the database being served: it is applied to a checkpoint of it, published
in its place as a new build (:func:`lod.store.oxigraph.revise`), so readers see the store before or
after the update, never during it. The next ``lod build`` starts again from the sources: lasting
corrections belong there.
"""

from __future__ import annotations

import hmac

import pyoxigraph as ox
from flask import Response, current_app, request

from ...errors import ProtocolError, QueryError
from ...query import prefixes
from ...settings import Settings
from ...sparql_text import keywords, tokens
from ..services import published, services
from . import blueprint
from .protocol import one, utf8_body


def fetches_nothing(update: str) -> None:
    """Refuse an update that would make the server fetch: ``LOAD`` (any URL) or ``SERVICE``."""
    for word in keywords(update):
        if word in {"LOAD", "SERVICE"}:
            raise ProtocolError(f"{word} is not accepted here: this server fetches nothing for an update", 403)


def with_dataset(update: str, using: list[str], using_named: list[str]) -> str:
    """The update with the protocol's dataset written in as ``USING`` clauses before each ``WHERE``.

    >>> with_dataset("INSERT { ?s a <http://e/C> } WHERE { ?s ?p ?o }", ["http://e/g"], [])
    'INSERT { ?s a <http://e/C> } USING <http://e/g> WHERE { ?s ?p ?o }'
    """
    if not using and not using_named:
        return update
    clauses = " ".join([f"USING <{iri}>" for iri in using] + [f"USING NAMED <{iri}>" for iri in using_named])
    depth, previous, cuts = 0, "", []
    for token in tokens(update):
        if token.kind == "open":
            depth, previous = depth + 1, "{"
        elif token.kind == "close":
            depth, previous = depth - 1, "}"
        elif token.word in {"WHERE", "USING", "WITH", "DELETE", "INSERT", "LOAD", "SERVICE"}:
            word = token.word
            if word in {"LOAD", "SERVICE"}:
                continue
            if word in {"USING", "WITH"}:
                raise ProtocolError(f"the update names its dataset ({word}) and so does the request: give one", 400)
            if word == "WHERE" and depth == 0:
                if previous == "DELETE":
                    raise ProtocolError(
                        "DELETE WHERE takes no dataset: drop using-graph-uri or write DELETE {…} WHERE", 400
                    )
                cuts.append(token.start)
            previous = word
    for at in reversed(cuts):
        update = f"{update[:at]}{clauses} {update[at:]}"
    return update


def _authorised(settings: Settings) -> None:
    if not settings.update_token:
        raise ProtocolError("updates are not enabled on this server", 404)
    given = request.headers.get("Authorization", "")
    scheme, _, token = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), settings.update_token.encode()):
        raise ProtocolError(
            "updates need the server's token: Authorization: Bearer …",
            401,
            {"WWW-Authenticate": 'Bearer realm="SPARQL Update"'},
        )


def _update_request() -> tuple[str, list[str], list[str]]:
    using = request.args.getlist("using-graph-uri")
    using_named = request.args.getlist("using-named-graph-uri")
    utf8_body()
    if request.mimetype == "application/x-www-form-urlencoded":
        text = one(request.form.getlist("update"), "update")
        if text is None:
            raise ProtocolError("the form has no 'update' field", 400)
        return (
            text,
            using + request.form.getlist("using-graph-uri"),
            using_named + request.form.getlist("using-named-graph-uri"),
        )
    if request.mimetype == "application/sparql-update":
        try:
            return request.get_data().decode("utf-8"), using, using_named
        except UnicodeDecodeError:
            raise ProtocolError("the update is not valid UTF-8", 400) from None
    raise ProtocolError(
        "an update is a POST of application/x-www-form-urlencoded (update=...) or application/sparql-update", 415
    )


@blueprint.route("/update", methods=["POST"], strict_slashes=False)
def update() -> Response:
    settings = services().settings
    _authorised(settings)
    text, using, using_named = _update_request()
    fetches_nothing(text)
    text = with_dataset(text, using, using_named)
    store = published()
    # relative IRIs resolve against this endpoint (SPARQL 1.1 Protocol: the base "MAY be the service endpoint")
    base_iri = f"{request.scheme}://{request.host}{request.script_root}{request.path}"

    def apply(database: ox.Store) -> None:
        try:
            database.update(text, base_iri=base_iri, prefixes=prefixes())
        except SyntaxError as error:
            raise QueryError(f"the update does not parse: {error}") from None
        except (ValueError, OSError) as error:
            raise QueryError(f"the update could not be applied: {error}") from None

    revision = store.revise(apply)  # another writer past the wait: StoreError, 503; a remote store: 501
    current_app.logger.info("update applied: revision %s", revision)
    return Response(f"updated: the store is now revision {revision}\n", mimetype="text/plain")
