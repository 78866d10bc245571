"""Deriving the register's compact file from a checkout of POCOM (HistoryAtState/pocom).

POCOM, *Principal Officers and Chiefs of Mission of the U.S. Department of State*, is the Office of
the Historian's authority for who held which office of the Department when. Its checkout holds one
XML file per person (``people/h/hull-cordell.xml``), per principal office
(``positions-principals/secretary.xml``), per country's chiefs of mission
(``missions-countries/paraguay.xml``) and per international organization
(``missions-orgs/representative-to-un.xml``). :func:`derive` reads the parts the build needs into
one small JSON document (``data/authorities/pocom.json``), which the build loads in milliseconds and
which needs no checkout: ``lod pocom CHECKOUT`` writes it again from a newer one.

The document holds, with its provenance:

- ``persons``: id -> [forename, surname, generational suffix, birth year, death year, [other names],
  [the posts held]];
- ``posts``: the offices, each with its id, label, kind (``principal``, ``country`` or
  ``organization``), the territory a chief of mission is accredited to, and the years it existed;
- ``roles``: role-title id -> its title ("Envoy Extraordinary and Minister Plenipotentiary");
- ``terms``: post id -> its terms, each [key, term id, person id, role id, appointed, started, ended],
  dates as written (``1933-10-30``, ``1933-10`` or ``1933``), empty when POCOM gives none; the key is
  the term id, numbered where POCOM gives one id twice.

Everything the build looks up is a key of the document, so that loading it is parsing it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import ConfigurationError
from ..sources.xml import safe_parser

SOURCE = "https://github.com/HistoryAtState/pocom"
FORMAT = 2  # the layout of the derived document; the loader refuses others
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def _parse(path: Path) -> etree._Element:
    try:
        return etree.parse(str(path), safe_parser()).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise ConfigurationError(f"{path}: cannot read this POCOM file: {error}") from None


def _text(element: etree._Element, path: str) -> str:
    found = element.find(path)
    return " ".join((found.text or "").split()) if found is not None else ""


def _date(element: etree._Element, path: str, where: str) -> str:
    value = _text(element, path)
    if value and not _DATE.match(value):
        raise ConfigurationError(f"{where}: {path} is {value!r}, not a date of the form YYYY[-MM[-DD]]")
    return value


def _persons(checkout: Path) -> tuple[dict[str, list[Any]], dict[str, str]]:
    """Every person, and the ids POCOM has retired (``old-id``) with the id that replaced each."""
    persons, renamed = {}, {}
    for path in sorted((checkout / "people").glob("*/*.xml")):
        root = _parse(path)
        key = _text(root, "id")
        if not key:
            raise ConfigurationError(f"{path}: a person without an <id>")
        persons[key] = [
            _text(root, "persName/forename"),
            _text(root, "persName/surname"),
            _text(root, "persName/genName"),
            _text(root, "birth"),
            _text(root, "death"),
            [" ".join((a.text or "").split()) for a in root.iterfind("persName/altname") if (a.text or "").strip()],
            [],  # the posts held, filled from the terms
        ]
        renamed.update({" ".join((old.text or "").split()): key for old in root.iterfind("old-ids/old-id")})
    return persons, renamed


def _term(element: etree._Element, post: str, where: str) -> list[str]:
    term_id = _text(element, "id")
    return [
        term_id,
        _text(element, "person-id"),
        post,
        _text(element, "role-title-id"),
        _date(element, "appointed/date", f"{where}: {term_id}"),
        _date(element, "started/date", f"{where}: {term_id}"),
        _date(element, "ended/date", f"{where}: {term_id}"),
    ]


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _principals(checkout: Path, posts: list[dict[str, Any]], terms: list[list[str]]) -> None:
    for path in sorted((checkout / "positions-principals").glob("*.xml")):
        root = _parse(path)
        key = _text(root, "id") or path.stem
        names = [_text(root, "names/singular"), *(" ".join((a.text or "").split()) for a in root.iter("alternate"))]
        posts.append(
            {
                "id": key,
                "label": names[0],
                "names": [n for n in names[1:] if n],
                "kind": "principal",
                "from": _year(_text(root, "start")),
                "until": None if _text(root, "ongoing") == "true" else _year(_text(root, "end")),
            }
        )
        terms += [_term(p, key, str(path)) for p in root.iter("principal")]


def _missions(checkout: Path, posts: list[dict[str, Any]], terms: list[list[str]]) -> None:
    for path in sorted((checkout / "missions-countries").glob("*.xml")):
        root = _parse(path)
        territory = _text(root, "territory-id") or path.stem
        key = f"chief-of-mission-{territory}"
        chiefs = [_term(c, key, str(path)) for c in root.iter("chief")]
        years = [int(d[:4]) for term in chiefs for d in term[4:7] if d]
        posts.append(
            {
                "id": key,
                "label": "",  # the loader names it from the territory (data/authorities/missions.csv)
                "names": [],
                "kind": "country",
                "territory": territory,
                "from": min(years, default=None),
                "until": None,
            }
        )
        terms += chiefs
    for path in sorted((checkout / "missions-orgs").glob("*.xml")):
        root = _parse(path)
        key = _text(root, "id") or path.stem
        posts.append(
            {
                "id": key,
                "label": _text(root, "names/singular"),
                "names": [],
                "kind": "organization",
                "from": None,
                "until": None,
            }
        )
        terms += [_term(c, key, str(path)) for c in root.iter("chief")]


def _roles(checkout: Path, posts: list[dict[str, Any]]) -> dict[str, str]:
    roles = {post["id"]: post["label"] for post in posts if post["kind"] != "country"}
    for path in sorted((checkout / "roles-country-chiefs").glob("*.xml")):
        root = _parse(path)
        roles[_text(root, "id") or path.stem] = _text(root, "names/singular")
    return roles


def _commit(checkout: Path, given: str | None) -> str:
    if given:
        return given
    try:
        done = subprocess.run(
            ["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=False
        )
    except OSError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def derive(checkout: Path, commit: str | None = None) -> dict[str, Any]:
    """The register's compact document, read from a POCOM checkout (``people/``, ``positions-principals/``, ...)."""
    checkout = Path(checkout)
    missing = [d for d in ("people", "positions-principals", "missions-countries") if not (checkout / d).is_dir()]
    if missing:
        raise ConfigurationError(f"{checkout}: not a POCOM checkout (no {', '.join(missing)} folder)")
    posts: list[dict[str, Any]] = []
    terms: list[list[str]] = []
    persons, renamed = _persons(checkout)
    _principals(checkout, posts, terms)
    _missions(checkout, posts, terms)
    for term in terms:  # a term may still name a person by an id POCOM has since retired
        term[1] = renamed.get(term[1], term[1])
    unknown = sorted({term[1] for term in terms} - set(persons))
    if unknown:
        raise ConfigurationError(f"{checkout}: terms name persons POCOM does not list: {', '.join(unknown[:5])}")
    by_post: dict[str, list[list[str]]] = {}
    seen: dict[str, int] = {}
    for term_id, person, post, role, appointed, started, ended in terms:
        seen[term_id] = seen.get(term_id, 0) + 1  # POCOM gives a few ids twice: the key is numbered then
        key = term_id if seen[term_id] == 1 else f"{term_id}-{seen[term_id]}"
        by_post.setdefault(post, []).append([key, term_id, person, role, appointed, started, ended])
        held = persons[person][6]
        if post not in held:
            held.append(post)
    return {
        "format": FORMAT,
        "provenance": {
            "title": "Principal Officers and Chiefs of Mission of the U.S. Department of State (POCOM)",
            "publisher": "Office of the Historian, U.S. Department of State",
            "source": SOURCE,
            "commit": _commit(checkout, commit),
            "licence": "Public domain (CC0 1.0): https://creativecommons.org/publicdomain/zero/1.0/",
            "person_page": "https://history.state.gov/departmenthistory/people/{id}",
            "derived": dt.date.today().isoformat(),
            "command": "lod pocom CHECKOUT --commit COMMIT --out data/authorities/pocom.json",
            "counts": {"persons": len(persons), "posts": len(posts), "terms": len(terms)},
        },
        "persons": persons,
        "posts": posts,
        "roles": _roles(checkout, posts),
        "terms": by_post,
    }


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def write(document: dict[str, Any], target: Path) -> None:
    """The document as JSON, one person, post or term a line (small diffs when POCOM changes)."""
    parts = []
    for name, value in document.items():
        if name in ("persons", "roles"):
            body = ",\n".join(f"  {_line(k)}: {_line(v)}" for k, v in value.items())
            parts.append(f"{_line(name)}: {{\n{body}\n}}")
        elif name == "terms":
            posts = (
                f"  {_line(post)}: [\n" + ",\n".join(f"    {_line(t)}" for t in terms) + "\n  ]"
                for post, terms in value.items()
            )
            parts.append(f"{_line(name)}: {{\n" + ",\n".join(posts) + "\n}")
        elif isinstance(value, list):
            parts.append(f"{_line(name)}: [\n" + ",\n".join(f"  {_line(v)}" for v in value) + "\n]")
        else:
            parts.append(f"{_line(name)}: {json.dumps(value, ensure_ascii=False, indent=1)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("{\n" + ",\n".join(parts) + "\n}\n", encoding="utf-8")
