"""What the loaders return: a settlement of the codifier, a GeoNames point, a hromada with its
centre."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Settlement:
    code: str  # KATOTTG code of the settlement
    name: str
    category: str  # "M", "T", "X", "C" or "K"


@dataclass(frozen=True)
class GeoPoint:
    geonames_id: int
    latitude: float
    longitude: float
    population: int | None  # GeoNames' figure for the settlement, not the hromada; None if 0


@dataclass(frozen=True)
class HromadaRecord:
    code: str  # KATOTTG code, "UA18040170000062140"
    name_uk: str  # the codifier's name, "Коростенська"
    name_latin: str  # national romanisation of name_uk, "Korostenska"
    oblast_iso: str  # ISO 3166-2, "UA-18"
    raion_code: str
    raion_name_uk: str
    centre: Settlement | None
    centre_source: str  # "name", "override", or "" when there is no centre
    kind: str  # "city" | "settlement" | "village" after the centre; "" without one
    point: GeoPoint | None  # the centre in GeoNames; None unless exactly one place fits
