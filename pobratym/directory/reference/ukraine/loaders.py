"""The public loaders: every hromada with its centre and point, and Kyiv, which belongs to none."""

from pathlib import Path

import translitua

from .codifier import KIND_BY_CATEGORY, KYIV_CODE, OBLAST_ISO_BY_KATOTTG_PREFIX, _codifier
from .geonames import _admin1_by_iso, _locate, _namesakes
from .names import find_centre
from .overrides import DEFAULT_OVERRIDES_PATH, _read_overrides
from .records import HromadaRecord, Settlement


def _oblast_iso(code: str) -> str:
    return OBLAST_ISO_BY_KATOTTG_PREFIX.get(code[:4], "")


def load_hromadas(*, overrides_path: Path | None = None) -> tuple[list[HromadaRecord], list[str]]:
    """All hromadas outside Crimea (1,469 in the current codifier), each with its centre.

    Also returns human-readable lines for hromadas left without a centre and for override rows
    that could not be applied; neither stops the load.
    """
    codifier = _codifier()
    by_code = {hromada.code: hromada for hromada in codifier.hromadas}
    overrides, misses = _read_overrides(overrides_path or DEFAULT_OVERRIDES_PATH, by_code)
    admin1_by_iso = _admin1_by_iso()
    records: list[HromadaRecord] = []
    for hromada in codifier.hromadas:
        oblast_iso = _oblast_iso(hromada.code)
        raion_name = codifier.names.get(hromada.raion_code, "")
        centre: Settlement | None
        if hromada.code in overrides:
            centre, source = overrides[hromada.code], "override"
        else:
            centre = find_centre(hromada.name, hromada.members)
            source = "name" if centre else ""
        point = None
        if centre is not None and (admin1 := admin1_by_iso.get(oblast_iso)):
            point = _locate(centre, hromada.members, hromada.code[:4], admin1)
        if centre is None:
            misses.append(
                f"{hromada.code} {hromada.name} ({raion_name} raion, {oblast_iso}): "
                f"no member's name matches; {len(hromada.members)} members"
            )
        records.append(
            HromadaRecord(
                code=hromada.code,
                name_uk=hromada.name,
                name_latin=translitua.translit(hromada.name),
                oblast_iso=oblast_iso,
                raion_code=hromada.raion_code,
                raion_name_uk=raion_name,
                centre=centre,
                centre_source=source,
                kind=KIND_BY_CATEGORY[centre.category] if centre else "",
                point=point,
            )
        )
    return records, misses


def load_kyiv() -> HromadaRecord:
    """Kyiv, a city with special status that belongs to no hromada: its own centre."""
    codifier = _codifier()
    name = codifier.names[KYIV_CODE]
    oblast_iso = _oblast_iso(KYIV_CODE)
    centre = Settlement(code=KYIV_CODE, name=name, category=codifier.categories[KYIV_CODE])
    admin1 = _admin1_by_iso().get(oblast_iso)
    # The capital's name is unique in its own admin1, so no anchors are needed.
    places = _namesakes(name, admin1) if admin1 else ()
    return HromadaRecord(
        code=KYIV_CODE,
        name_uk=name,
        name_latin=translitua.translit(name),
        oblast_iso=oblast_iso,
        raion_code="",
        raion_name_uk="",
        centre=centre,
        centre_source="name",
        kind=KIND_BY_CATEGORY[centre.category],
        point=places[0] if len(places) == 1 else None,
    )
