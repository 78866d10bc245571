"""The reconciliation protocol's requests, read and checked: the 0.2 batch OpenRefine sends, and the 1.0 draft's.

0.2 (``queries={"q0": {"query": "Seward", "type": "person", "properties": [{"pid": "date", "v": "1864"}]}}``)
and the 1.0 draft (``{"queries": [{"type": "person", "conditions": [{"matchType": "name", "propertyValue":
"Seward"}, {"matchType": "property", "propertyId": "date", "propertyValue": "1864"}]}]}``) both become
:class:`Query` objects. A request the specification calls invalid is refused with :class:`Invalid`, whose
message says which query and which rule; the specification's own valid and invalid examples are the tests.
Data extension queries (``{"ids": [...], "properties": [{"id": "offices"}]}``) are read the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MATCH_TYPES = ("name", "id", "property")
QUANTIFIERS = ("any", "all", "none")
TYPE_STRICT = ("any", "should", "all")
_QUERY_KEYS_02 = {"query", "type", "limit", "properties", "type_strict"}
_QUERY_KEYS_10 = {"type", "limit", "lang", "dir", "conditions"}


class Invalid(ValueError):
    """A request the reconciliation specification does not allow; the message says where and why."""


@dataclass
class Query:
    """One reconciliation query, whatever version it came in."""

    key: str  # the 0.2 batch's key ("q0"), or the 1.0 draft's position ("0")
    text: str = ""
    types: tuple[str, ...] = ()
    limit: int | None = None
    properties: list[tuple[str, list[Any]]] = field(default_factory=list)  # (property id, values)

    def values(self, pid: str) -> list[Any]:
        return [v for p, vs in self.properties if p == pid for v in vs]


@dataclass
class Extension:
    """A data extension query: the entities' ids and the properties wanted of them."""

    ids: list[str]
    properties: list[str]


def _property_value(value: Any, where: str) -> Any:
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return value["id"]
    raise Invalid(f"{where}: a value is a string, a number, a boolean or an object with an id, not {value!r}")


def _values(value: Any, where: str) -> list[Any]:
    items = value if isinstance(value, list) else [value]
    return [_property_value(item, where) for item in items]


def _limit(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(f"{where}: limit must be a number, not {value!r}")
    return int(value)


def read_batch_02(batch: Any) -> list[Query]:
    """A 0.2 batch: an object of queries by key, each with a query string or properties (or both)."""
    if not isinstance(batch, dict):
        raise Invalid("queries must be a JSON object of queries by key")
    found = []
    for key, query in batch.items():
        where = f"query {key!r}"
        if not isinstance(query, dict):
            raise Invalid(f"{where}: a query is a JSON object")
        unknown = sorted(set(query) - _QUERY_KEYS_02)
        if unknown:
            raise Invalid(f"{where}: the 0.2 protocol has no {', '.join(unknown)} in a query")
        text = query.get("query")
        if text is not None and not isinstance(text, str):
            raise Invalid(f"{where}: query must be a string")
        types = query.get("type")
        if isinstance(types, str):
            types = [types]
        if types is not None and not (isinstance(types, list) and all(isinstance(t, str) for t in types)):
            raise Invalid(f"{where}: type must be a type id or a list of them")
        if "type_strict" in query and query["type_strict"] not in TYPE_STRICT:
            raise Invalid(f"{where}: type_strict must be one of {', '.join(TYPE_STRICT)}")
        properties = query.get("properties", [])
        if not isinstance(properties, list):
            raise Invalid(f"{where}: properties must be a list")
        pairs = []
        for number, item in enumerate(properties):
            if not isinstance(item, dict) or not isinstance(item.get("pid"), str) or "v" not in item:
                raise Invalid(f"{where}: properties[{number}] needs a pid (a string) and a value v")
            pairs.append((item["pid"], _values(item["v"], f"{where}: properties[{number}]")))
        if text is None and not pairs:
            raise Invalid(f"{where}: a query needs a query string or at least one property")
        found.append(Query(str(key), text or "", tuple(types or ()), _limit(query.get("limit"), where), pairs))
    return found


def read_batch_10(batch: Any) -> list[Query]:
    """A 1.0 draft batch: ``{"queries": [...]}``, each query a list of conditions on names, ids or properties."""
    if not isinstance(batch, dict) or not isinstance(batch.get("queries"), list):
        raise Invalid('a batch is a JSON object whose "queries" is a list of queries')
    found = []
    for number, query in enumerate(batch["queries"]):
        where = f"queries[{number}]"
        if not isinstance(query, dict):
            raise Invalid(f"{where}: a query is a JSON object")
        unknown = sorted(set(query) - _QUERY_KEYS_10)
        if unknown:
            raise Invalid(f"{where}: the 1.0 draft has no {', '.join(unknown)} in a query")
        conditions = query.get("conditions")
        if not isinstance(conditions, list) or not conditions:
            raise Invalid(f"{where}: a query needs a non-empty list of conditions")
        if "type" in query and not isinstance(query["type"], str):
            raise Invalid(f"{where}: type is one type id (a string)")
        text, pairs = "", []
        for index, condition in enumerate(conditions):
            at = f"{where}.conditions[{index}]"
            if not isinstance(condition, dict):
                raise Invalid(f"{at}: a condition is a JSON object")
            kind = condition.get("matchType")
            if kind not in MATCH_TYPES or "propertyValue" not in condition:
                raise Invalid(f"{at}: a condition needs a matchType ({', '.join(MATCH_TYPES)}) and a propertyValue")
            if "matchQuantifier" in condition and condition["matchQuantifier"] not in QUANTIFIERS:
                raise Invalid(f"{at}: matchQuantifier must be one of {', '.join(QUANTIFIERS)}")
            values = _values(condition["propertyValue"], at)
            if kind == "name":
                text = " ".join(str(v) for v in values)
            elif kind == "id":
                pairs.append(("id", values))
            else:
                if not isinstance(condition.get("propertyId"), str):
                    raise Invalid(f"{at}: a property condition needs its propertyId")
                pairs.append((condition["propertyId"], values))
        types = (query["type"],) if "type" in query else ()
        found.append(Query(str(number), text, types, _limit(query.get("limit"), where), pairs))
    return found


def read_extension(query: Any) -> Extension:
    """A data extension query: ``{"ids": ["person/hull-cordell"], "properties": [{"id": "offices"}]}``."""
    if not isinstance(query, dict):
        raise Invalid("a data extension query is a JSON object")
    ids, properties = query.get("ids"), query.get("properties")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise Invalid("a data extension query needs ids, a list of entity ids")
    if not isinstance(properties, list) or not all(
        isinstance(p, dict) and isinstance(p.get("id"), str) and isinstance(p.get("settings", {}), dict)
        for p in properties
    ):
        raise Invalid('a data extension query needs properties, a list of objects with an "id"')
    return Extension(ids, [p["id"] for p in properties])
