"""One exception tree for the whole project.

Every error a user can meet is a :class:`LodError`. Each class knows the exit code the
command line returns for it and the HTTP status the web tier answers with, so that the
CLI and the server render all of them with one handler each::

    LodError                       exit 2   HTTP 500
    ├── ConfigurationError         exit 2   HTTP 500   a setting or a data file of ours is wrong
    │   └── UnsupportedShape       exit 2   HTTP 500   a SHACL construct the compiled engine does not compile
    ├── SourceError                exit 2   HTTP 400   a source file cannot be read at all
    │   └── RecordError            exit 1   HTTP 400   one record in a source is malformed
    ├── StoreError                 exit 2   HTTP 503   the store is missing, locked or damaged
    │   └── NothingPublished       exit 2   HTTP 503   a build rejected every record read
    ├── QueryError                 exit 2   HTTP 400   a SPARQL query does not parse or cannot run
    ├── ProtocolError              exit 2   HTTP 4xx   a request the web's protocols do not allow (its own status)
    └── LimitExceeded              exit 2   HTTP 429   a client asked more than its share of the server

Errors about records carry where the problem is (``source`` file, ``record`` locator) and
which ``rule`` it broke, so a rejects file and a report can be written from them as they are.
"""

from __future__ import annotations

import math


class LodError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = 2
    http_status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigurationError(LodError):
    """A setting, the vocabulary, the shapes or an authority file is unusable."""


class UnsupportedShape(ConfigurationError):
    """The shapes use a SHACL construct the compiled engine does not compile (the reference engine may)."""


class SourceError(LodError):
    """A source file cannot be read: missing, empty, binary, truncated, of no known format."""

    http_status = 400

    def __init__(self, message: str, *, source: str, record: str = "", rule: str = "source") -> None:
        super().__init__(message)
        self.source = source
        self.record = record
        self.rule = rule

    def __str__(self) -> str:
        where = f"{self.source}: {self.record}" if self.record else self.source
        return f"{where}: {self.message} [{self.rule}]"


class RecordError(SourceError):
    """One record inside a readable source is malformed (the others are still read)."""

    exit_code = 1


class StoreError(LodError):
    """The store cannot be opened, written or swapped."""

    http_status = 503


class NothingPublished(StoreError):
    """A build read records but could publish none of them; the previous store is kept."""


class QueryError(LodError):
    """A SPARQL query is malformed or cannot be evaluated."""

    http_status = 400


class ProtocolError(LodError):
    """A request the web's protocols do not allow here, answered with its own HTTP status (400 unless said)."""

    def __init__(self, message: str, status: int = 400, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.http_status = status
        self.headers = headers or {}


class LimitExceeded(LodError):
    """A client sent more requests, or ran more queries at once, than the server allows one client."""

    http_status = 429

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.headers = {"Retry-After": str(max(1, math.ceil(retry_after)))}
