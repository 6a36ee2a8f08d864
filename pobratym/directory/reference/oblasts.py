"""Ukraine's 27 ISO 3166-2 subdivisions with Ukrainian and English names, from pycountry."""

import gettext
from dataclasses import dataclass

import pycountry

# pycountry's subdivision types, mapped to the directory's region kinds.
_KIND_BY_TYPE = {"Region": "oblast", "City": "special_city", "Republic": "autonomous_republic"}


@dataclass(frozen=True)
class OblastRecord:
    iso_code: str  # "UA-18"
    kind: str  # "oblast" | "special_city" | "autonomous_republic"
    name_uk: str  # "Житомирська область"
    name_en: str  # "Zhytomyrska oblast", the official romanisation pycountry carries


def load_oblasts() -> list[OblastRecord]:
    ukrainian = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["uk"])
    return [
        OblastRecord(
            iso_code=subdivision.code,
            kind=_KIND_BY_TYPE[subdivision.type],
            name_uk=ukrainian.gettext(subdivision.name),
            name_en=subdivision.name,
        )
        for subdivision in sorted(
            pycountry.subdivisions.get(country_code="UA"),  # type: ignore[no-untyped-call]
            key=lambda s: s.code,
        )
    ]
