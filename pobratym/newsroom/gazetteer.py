"""The directory handed to the news pipeline as plain data (newsroom/text is Django-free)."""

from pobratym.directory.enums import AssociationKind, RegionKind
from pobratym.directory.models import Association, Authority, Region

from .text.gazetteer import Gazetteer
from .text.model import GazetteerEntry

_ASSOCIATION_KINDS: dict[str, tuple[str, str | None]] = {
    AssociationKind.NATIONAL_ASSOCIATION: ("association", None),
    AssociationKind.EUROPEAN_NETWORK: ("association", "INT"),
    AssociationKind.EU_BODY: ("international_body", "EU"),
    AssociationKind.ALLIANCE: ("international_body", "EU"),
}


def gazetteer_entries() -> list[GazetteerEntry]:
    """Authorities, raions, foreign regions and associations: four queries, tuples only."""
    entries = [
        GazetteerEntry(
            id=f"authority:{pk}",
            kind=kind,
            name_en=name_en or name,
            names=tuple(dict.fromkeys(filter(None, (name, name_uk, name_en)))),
            country=country,
            population=population or 0,
            centre=centre_name,
        )
        for pk, kind, name, name_uk, name_en, centre_name, population, country in (
            Authority.objects.filter(merged_into__isnull=True, is_section=False).values_list(
                "pk",
                "kind",
                "name",
                "name_uk",
                "name_en",
                "centre_name",
                "population",
                "country__code",
            )
        )
    ]
    entries += [
        GazetteerEntry(
            id=f"region:{pk}",
            kind="raion" if kind == RegionKind.RAION else "region",
            name_en=name_en or name,
            names=tuple(dict.fromkeys(filter(None, (name, name_uk, name_en)))),
            country=country,
        )
        for pk, kind, name, name_uk, name_en, country in Region.objects.filter(
            kind__in=[RegionKind.RAION, RegionKind.REGION]
        ).values_list("pk", "kind", "name", "name_uk", "name_en", "country__code")
    ]
    for pk, kind, name, name_uk, name_en, acronym, country in Association.objects.values_list(
        "pk", "kind", "name", "name_uk", "name_en", "acronym", "country__code"
    ):
        entry_kind, default_country = _ASSOCIATION_KINDS.get(kind, ("association", None))
        entries.append(
            GazetteerEntry(
                id=f"association:{pk}",
                kind=entry_kind,
                name_en=name_en or name,
                names=tuple(dict.fromkeys(filter(None, (name, name_uk, name_en)))),
                country=country or default_country,
                acronyms=(acronym,) if acronym else (),
            )
        )
    return entries


def build_gazetteer() -> Gazetteer:
    return Gazetteer(gazetteer_entries())
