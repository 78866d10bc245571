"""What a client sees when the server fails: a message and a request id, never a stack trace.

The failure is injected (Describer.describe made to raise) into the real app over the family store:
no honest request can make the code fail on purpose.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from lod.web import create_app
from lod.web.describe import Describer


def _fail(*_: object, **__: object) -> None:
    raise RuntimeError("secret internals: /srv/lod/store, password=hunter2")


@pytest.mark.parametrize("accept", ["text/html", "text/turtle"])
def test_an_unexpected_failure_shows_a_request_id_and_no_internals(
    family_store: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, accept: str
) -> None:
    monkeypatch.setattr(Describer, "describe", _fail)
    client = create_app(store=str(family_store)).test_client()
    with caplog.at_level(logging.ERROR, logger="lod.web"):
        response = client.get("/doc/person/stalin", headers={"Accept": accept, "X-Request-Id": "proxy-7f3a"})
    text = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Traceback" not in text and "secret internals" not in text and "hunter2" not in text
    assert "proxy-7f3a" in text and response.headers["X-Request-Id"] == "proxy-7f3a"
    logged = [r for r in caplog.records if "proxy-7f3a" in r.getMessage()]
    assert logged and logged[0].exc_info is not None  # the log keeps what the client is not shown
    assert "secret internals" in str(logged[0].exc_info[1])  # the failure is the one provoked, not another


def test_a_request_id_that_is_not_a_plain_token_is_replaced(family_store: Path) -> None:
    client = create_app(store=str(family_store)).test_client()
    response = client.get("/void", headers={"X-Request-Id": "x" * 200})
    assert response.status_code == 200  # the page itself is served
    assert response.headers["X-Request-Id"] != "x" * 200 and len(response.headers["X-Request-Id"]) == 12
