"""The shelf: where a build for a SPARQL server leaves the reading room's files for every web machine.

The graph goes to the server; the files the reading room reads beside it (the catalogue and its search
index, the index of names, the rejects and warnings) are packed into one immutable archive per build,
named by the build and checked by its SHA-256, on a shelf all machines reach: a directory they mount
(``LOD_ARTEFACTS=/srv/lod/shelf``) or the address that directory is served at (``https://…/shelf/``).
The build writes the archive before it publishes, so no machine learns of a build whose files it cannot
find. A web machine takes the archive of the published build once, checks it, unpacks it into its own
staging directory and opens it there, as Datasette deploys immutable files; it keeps the two newest.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import requests

from ..errors import StoreError

#: the files of a build that web machines need, beside the graph
FILES = ("catalogue.sqlite", "catalogue.tantivy", "history.sqlite", "names.json", "rejects.jsonl", "warnings.jsonl")
KEEP = 2


def is_address(shelf: str) -> bool:
    return shelf.startswith(("http://", "https://"))


def pack(build: Path, shelf: str) -> dict[str, Any]:
    """Put the build's files on the shelf (a directory); what the manifest says of the archive."""
    if is_address(shelf):
        raise StoreError(
            f"LOD_ARTEFACTS is an address ({shelf}): a build puts its files into a directory; "
            "serve that directory at the address for the web machines"
        )
    folder = Path(shelf)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{build.name}.tar"
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".partial-", delete=False) as partial:
        with tarfile.open(fileobj=partial, mode="w") as archive:
            for file in FILES:
                if (build / file).exists():
                    archive.add(build / file, arcname=file)
        partial.flush()
        os.fsync(partial.fileno())
    digest = _sha256(Path(partial.name))
    os.replace(partial.name, folder / name)  # whole or not at all
    return {"file": name, "sha256": digest}


def fetch(shelved: dict[str, Any], shelf: str, cache: Path) -> Path:
    """The published build's files, unpacked on this machine (taken from the shelf the first time)."""
    name = str(shelved["file"])
    if "/" in name or not name.endswith(".tar"):
        raise StoreError(f"the published manifest names an archive {name!r} that is no archive of a build")
    target = cache / name.removesuffix(".tar")
    if target.is_dir():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix=".taking-") as work:
        archive = Path(work) / name
        _take(shelf, name, archive)
        if _sha256(archive) != shelved["sha256"]:
            raise StoreError(f"{name} on the shelf ({shelf}) is not the archive the build published (SHA-256)")
        unpacked = Path(work) / "files"
        with tarfile.open(archive) as opened:
            opened.extractall(unpacked, filter="data")  # no path leaves the folder, no links, no devices
        try:
            os.replace(unpacked, target)
        except OSError:  # another worker of this machine unpacked it first
            if not target.is_dir():
                raise
    _prune(cache, target)
    return target


def _take(shelf: str, name: str, archive: Path) -> None:
    if is_address(shelf):
        url = shelf.rstrip("/") + "/" + name
        try:
            with requests.get(url, stream=True, timeout=60) as response:
                response.raise_for_status()
                with archive.open("wb") as out:
                    for chunk in response.iter_content(1 << 20):
                        out.write(chunk)
        except requests.RequestException as error:
            raise StoreError(f"the build's files could not be taken from {url}: {error}") from None
        return
    try:
        shutil.copyfile(Path(shelf) / name, archive)
    except OSError as error:
        raise StoreError(f"the build's files are not on the shelf {shelf}: {error}") from None


def _prune(cache: Path, kept: Path) -> None:
    """Keep the newest unpacked builds (readers may still hold the one before)."""
    builds = sorted((p for p in cache.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.name)
    for old in builds[:-KEEP]:
        if old != kept:
            shutil.rmtree(old, ignore_errors=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
