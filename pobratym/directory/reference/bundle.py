"""Everything the reference import writes, read from installed packages in one place."""

from dataclasses import dataclass, field

from babel import Locale

from .europe import (
    EUROPEAN_COUNTRIES,
    LocalityRecord,
    RegionRecord,
    RowProblem,
    load_localities,
    load_regions,
)
from .oblasts import OblastRecord, load_oblasts
from .ukraine import HromadaRecord, load_hromadas, load_kyiv

UKRAINE = "UA"


@dataclass(frozen=True)
class CountryRecord:
    code: str
    name_en: str
    name_uk: str


@dataclass
class ReferenceData:
    countries: list[CountryRecord]
    oblasts: list[OblastRecord]
    hromadas: list[HromadaRecord]
    kyiv: HromadaRecord | None
    regions: list[RegionRecord]
    localities: list[LocalityRecord]
    problems: list[RowProblem] = field(default_factory=list)
    centre_misses: list[str] = field(default_factory=list)


def load_countries(codes: tuple[str, ...] = (UKRAINE, *EUROPEAN_COUNTRIES)) -> list[CountryRecord]:
    english, ukrainian = Locale("en"), Locale("uk")
    return [
        CountryRecord(
            code=code, name_en=english.territories[code], name_uk=ukrainian.territories[code]
        )
        for code in codes
    ]


def read_reference_data(*, min_population: int) -> ReferenceData:
    hromadas, centre_misses = load_hromadas()
    localities, problems = load_localities(min_population=min_population)
    return ReferenceData(
        countries=load_countries(),
        oblasts=load_oblasts(),
        hromadas=hromadas,
        kyiv=load_kyiv(),
        regions=load_regions(),
        localities=localities,
        problems=problems,
        centre_misses=centre_misses,
    )
