"""``/cite/{kind}/{key}``: a record's citation in the format asked for (:mod:`.citations`)."""

from __future__ import annotations

from flask import Blueprint, Response, json

from ..errors import ProtocolError
from .citations import BIBTEX, CSL, FORMATS, TEXT, bibtex, csl, plain, requested
from .services import base_uri, describer

blueprint = Blueprint("cite", __name__)


@blueprint.route("/cite/<kind>/<path:key>")
def cite(kind: str, key: str) -> Response:
    iri = f"{base_uri()}id/{kind}/{key}"
    description = describer().describe(iri)
    if not description.statements or not (description.first("dcterms:title") or description.first("dcterms:date")):
        raise ProtocolError(f"there is no record <{iri}> to cite", 404)
    media = requested()
    if media in (CSL, "application/json"):
        body, mimetype = json.dumps(csl(description), ensure_ascii=False, indent=1), CSL
    elif media == BIBTEX:
        body, mimetype = bibtex(description), BIBTEX
    elif media in (TEXT, "text/plain"):
        body, mimetype = plain(description) + "\n", "text/plain"
    else:
        raise ProtocolError("citations are available as " + ", ".join(FORMATS.values()), 406)
    response = Response(body, mimetype=mimetype)
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = f'<{iri}>; rel="cite-as"'
    return response
