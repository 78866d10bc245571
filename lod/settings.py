"""Every setting, declared once.

Each :class:`Setting` has a name, a default, a help text and the ``LOD_*`` environment
variable that overrides it. The command line, the README's settings table and the tests
all read :data:`SETTINGS`; nothing else declares a setting.

>>> s = Settings.from_env({"LOD_BASE_URI": "https://archive.example.org/"})
>>> s.base_uri
'https://archive.example.org/'
>>> s.batch_size
1000
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .errors import ConfigurationError

#: The project checkout: ontology/, shapes/ and data/ live here (installed with ``pip install -e .``).
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclasses.dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return "LOD_" + self.name.upper()


def _base_uri(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ConfigurationError(f"LOD_BASE_URI must be an http(s) URI, got {value!r}")
    return value if value.endswith("/") else value + "/"


def _validator(value: str) -> str:
    if value not in {"compiled", "pyshacl"}:
        raise ConfigurationError(f"expected 'compiled' or 'pyshacl', got {value!r}")
    return value


def _whole_number(value: str, at_least: int, or_else: str = "") -> int:
    try:
        number = int(value)
    except ValueError:
        raise ConfigurationError(f"expected {or_else}a whole number, got {value!r}") from None
    if number < at_least:
        raise ConfigurationError(f"expected {or_else}a number of at least {at_least}, got {number}")
    return number


def _positive_int(value: str) -> int:
    return _whole_number(value, 1)


def _whole(value: str) -> int:
    return _whole_number(value, 0)


def _port(value: str) -> int:
    port = _whole_number(value, 1)
    if port > 65535:
        raise ConfigurationError(f"expected a port up to 65535, got {port}")
    return port


def _web_workers(value: str) -> int:
    """Server processes; ``auto`` is two per core (a worker waits while its query process runs)."""
    if value == "auto":
        return 2 * (os.cpu_count() or 1)
    return _whole_number(value, 1, or_else="'auto' or ")


def _moment(value: str) -> str:
    if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", value):
        raise ConfigurationError(f"expected a UTC time as YYYY-MM-DDThh:mm:ssZ, got {value!r}")
    return value


def _flag(value: str) -> bool:
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"", "0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"expected 1 or 0 (true or false), got {value!r}")


def _workers(value: str) -> int:
    """A number of processes; ``auto`` is one per core."""
    if value == "auto":
        return os.cpu_count() or 1
    return _whole_number(value, 0, or_else="'auto' or ")


def _cluster(value: str) -> str:
    if value and not re.fullmatch(r"(tcp|tls)://[^\s/]+:\d+", value):
        raise ConfigurationError(f"expected a Dask scheduler's address, tcp://HOST:PORT, got {value!r}")
    return value


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "store",
        "var/store",
        "Directory of the embedded store, or the query endpoint of a SPARQL 1.1 server (http://…) holding the graph.",
    ),
    Setting("store_update", "", "A remote store's update endpoint (default: derived from LOD_STORE)."),
    Setting(
        "store_gsp",
        "",
        "A remote store's Graph Store Protocol endpoint (default: derived; `none` loads with INSERT DATA).",
    ),
    Setting("store_user", "", "User name for a remote store's update and Graph Store endpoints."),
    Setting("store_password", "", "Password for a remote store's update and Graph Store endpoints."),
    Setting(
        "staging",
        "var/staging",
        "Where a build for a remote store is made first; its dumps, rejects and statistics stay there.",
    ),
    Setting(
        "artefacts",
        "",
        "The shelf where a build for a remote store leaves the reading room's files for every web machine: "
        "a directory they all mount, or the http(s) address it is served at (web machines).",
    ),
    Setting(
        "base_uri",
        "http://127.0.0.1:5000/",
        "Base of every IRI the build mints ({base}id/telegram/...); the address the data is served at.",
        _base_uri,
    ),
    Setting("batch_size", 1000, "Records converted and validated together in one SHACL run.", _positive_int),
    Setting(
        "build_time",
        "",
        "The time a build gives what it adds or changes (the OAI-PMH datestamp, dcterms:modified), as "
        "YYYY-MM-DDThh:mm:ssZ; empty: when it runs. Fixed, two builds of the same sources come out byte for "
        "byte the same, as SOURCE_DATE_EPOCH makes reproducible builds.",
        _moment,
    ),
    Setting(
        "workers",
        "auto",
        "Worker processes of a build: they read large inputs, convert the records the build resolves and "
        "validate its batches (auto: one per core; 0: none, all in the build process).",
        _workers,
    ),
    Setting(
        "cluster",
        "",
        "A Dask scheduler (tcp://HOST:PORT) whose workers do a build's per-record work instead of local "
        "processes; they read the sources at the paths the build is given (a shared volume).",
        _cluster,
    ),
    Setting(
        "validator",
        "compiled",
        "The build's SHACL engine: compiled (the shapes as SPARQL in Oxigraph) or pyshacl (the reference).",
        _validator,
    ),
    Setting(
        "federation_allowlist",
        "",
        "SPARQL endpoints a query's SERVICE may call (space or comma separated URLs); any other is refused.",
    ),
    Setting(
        "query_timeout",
        30,
        "Seconds a public query (SERVICE calls included) may run before it is stopped and answered 503.",
        _positive_int,
    ),
    Setting(
        "result_limit",
        10000,
        "Rows or triples a public query's result may hold; longer ones are cut, and say so.",
        _positive_int,
    ),
    Setting(
        "rate_limit",
        50,
        "Requests a second one client may send on average (bursts of twice that); past it, 429. 0: no limit.",
        _whole,
    ),
    Setting(
        "client_queries",
        1,
        "SPARQL queries one client may have running at once (keep it below the number of workers); past it, 429.",
        _positive_int,
    ),
    Setting(
        "trusted_proxies",
        0,
        "Reverse proxies in front of the server whose X-Forwarded-For names the client (1 behind nginx).",
        _whole,
    ),
    Setting(
        "max_query_length", 100_000, "Characters a SPARQL query may have; a longer one is answered 413.", _positive_int
    ),
    Setting("max_body", 1_000_000, "Bytes a request body may have; a larger one is answered 413.", _positive_int),
    Setting(
        "update_token",
        "",
        "The bearer token that POST /update needs (SPARQL Update for the archive's staff); empty: no updates.",
    ),
    Setting(
        "partners",
        "",
        "Base URIs of partner archives built from the same authority files: curated entities get owl:sameAs to them.",
    ),
    Setting("page_size", 100, "Linking documents listed per page of a resource.", _positive_int),
    Setting(
        "admin_email",
        "archivist@example.org",
        "Who answers for this repository: given to harvesters in OAI-PMH's Identify (set it to a real address).",
    ),
    Setting(
        "authorities",
        str(PROJECT_ROOT / "data" / "authorities"),
        "Folder of the authority files: the curated CSV files, the rulings (names.csv), the register of offices "
        "(pocom.json).",
    ),
    Setting("host", "127.0.0.1", "The interface `lod serve` and `make serve` (gunicorn) listen on."),
    Setting("port", 5000, "The port `lod serve` and `make serve` listen on.", _port),
    Setting(
        "web_workers",
        "auto",
        "gunicorn's worker processes for `make serve`; auto: two per core (each waits while its query runs).",
        _web_workers,
    ),
    Setting("debug", "0", "1: an internal error of the `lod` command prints its traceback.", _flag),
    Setting("ontology", str(PROJECT_ROOT / "ontology" / "telegram.ttl"), "The vocabulary (Turtle)."),
    Setting("shapes", str(PROJECT_ROOT / "shapes" / "telegram.ttl"), "The SHACL shapes (Turtle)."),
)


@dataclasses.dataclass(frozen=True)
class Settings:
    store: str
    store_update: str
    store_gsp: str
    store_user: str
    store_password: str
    staging: str
    artefacts: str
    base_uri: str
    batch_size: int
    build_time: str
    workers: int
    cluster: str
    validator: str
    federation_allowlist: str
    query_timeout: int
    result_limit: int
    rate_limit: int
    client_queries: int
    trusted_proxies: int
    max_query_length: int
    max_body: int
    update_token: str
    partners: str
    page_size: int
    admin_email: str
    authorities: str
    host: str
    port: int
    web_workers: int
    debug: bool
    ontology: str
    shapes: str

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``LOD_*`` variables, then explicit overrides (``None`` means not given)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            value = setting.parse(str(setting.default))
            if setting.env in environ:
                try:
                    value = setting.parse(environ[setting.env])
                except ConfigurationError as error:
                    raise ConfigurationError(f"{setting.env}: {error}") from None
            override = overrides.get(setting.name)
            if override is not None:
                value = setting.parse(str(override))
            values[setting.name] = value
        return cls(**values)


def describe() -> list[tuple[str, str, str]]:
    """(environment variable, default, help) for every setting: for docs and `lod settings`."""
    return [(s.env, str(s.default), s.help) for s in SETTINGS]
