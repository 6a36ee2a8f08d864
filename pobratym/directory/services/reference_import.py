"""Writes to the directory. The reference import is idempotent: a second run changes nothing."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

import translitua
from django.db import models, transaction
from django.utils import timezone

from pobratym.core.textkeys import search_key

from ..enums import AuthorityKind, CodeSystem, PopulationMeasure, RegionKind, SettlementType
from ..models import Authority, Country, Region
from ..reference.bundle import UKRAINE, ReferenceData
from ..reference.europe import LocalityRecord, RowProblem
from ..reference.ukraine import HromadaRecord

BATCH_SIZE = 2000

_SETTLEMENT_TYPE_BY_KIND = {
    "city": SettlementType.CITY,
    "settlement": SettlementType.SETTLEMENT,
    "village": SettlementType.VILLAGE,
}
# The official name of a hromada spells out the type of its centre.
_HROMADA_TYPE_ADJECTIVE = {"city": "міська", "settlement": "селищна", "village": "сільська"}
_HROMADA_TYPE_ENGLISH = {"city": "city", "settlement": "settlement", "village": "village"}


class Progress(Protocol):
    def update(self, n: int = 1) -> object: ...
    def close(self) -> object: ...


ProgressFactory = Callable[[str, int], Progress]


class _Silent:
    def update(self, n: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


def _silent(label: str, total: int) -> Progress:
    return _Silent()


@dataclass
class SyncCount:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ImportReport:
    counts: dict[str, SyncCount] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    centre_misses: list[str] = field(default_factory=list)
    hromadas_total: int = 0
    hromadas_with_centre: int = 0
    hromadas_on_geonames: int = 0
    sections_flagged: int = 0
    section_links_changed: int = 0

    @property
    def changed_anything(self) -> bool:
        counts_changed = any(c.created or c.updated for c in self.counts.values())
        return counts_changed or bool(self.section_links_changed)


def _sync(
    label: str,
    queryset: models.QuerySet[Any],
    *,
    key: Callable[[dict[str, Any]], Any],
    rows: list[dict[str, Any]],
    report: ImportReport,
    progress: ProgressFactory,
) -> dict[Any, int]:
    """Create missing rows and update changed ones, under a progress bar named label and
    counted in report.counts[label]; returns the primary key of every row by key."""
    bar = progress(label, len(rows))
    count = report.counts.setdefault(label, SyncCount())
    model = queryset.model
    fields = sorted({name for row in rows for name in row})
    existing = {key(obj.__dict__): obj for obj in queryset}
    to_create, to_update = [], []
    now = timezone.now()
    for row in rows:
        obj = existing.get(key(row))
        if obj is None:
            to_create.append(model(**row))
        elif any(getattr(obj, name) != value for name, value in row.items()):
            for name, value in row.items():
                setattr(obj, name, value)
            obj.updated_at = now
            to_update.append(obj)
        else:
            count.unchanged += 1
        bar.update(1)
    for start in range(0, len(to_create), BATCH_SIZE):
        model.objects.bulk_create(to_create[start : start + BATCH_SIZE])
    if to_update:
        model.objects.bulk_update(to_update, [*fields, "updated_at"], batch_size=BATCH_SIZE)
    count.created += len(to_create)
    count.updated += len(to_update)
    # bulk_create sets primary keys on both SQLite and PostgreSQL (RETURNING).
    ids = {key(obj.__dict__): obj.pk for obj in existing.values()}
    ids.update({key(obj.__dict__): obj.pk for obj in to_create})
    bar.close()
    return ids


def _country_rows(data: ReferenceData) -> list[dict[str, Any]]:
    return [{"code": c.code, "name_en": c.name_en, "name_uk": c.name_uk} for c in data.countries]


def _hromada_row(
    record: HromadaRecord,
    *,
    country_id: int,
    region_id: int | None,
    raion_id: int | None,
    kind: str,
) -> dict[str, Any]:
    settlement_kind = record.kind
    type_adjective = _HROMADA_TYPE_ADJECTIVE.get(settlement_kind, "")
    is_kyiv = kind == AuthorityKind.CITY
    if is_kyiv:
        name_uk, name_en = record.name_uk, record.name_latin
    else:
        name_uk = " ".join(
            p for p in (record.name_uk, type_adjective, "територіальна громада") if p
        )
        english_type = _HROMADA_TYPE_ENGLISH.get(settlement_kind, "")
        name_en = " ".join(p for p in (record.name_latin, english_type, "hromada") if p)
    centre = record.centre
    point = record.point
    names = [record.name_uk, name_uk, record.name_latin]
    if centre is not None:
        names.append(centre.name)
    return {
        "kind": kind,
        "name": name_uk,
        "name_uk": name_uk,
        "name_en": name_en,
        "country_id": country_id,
        "region_id": region_id,
        "raion_id": raion_id,
        "code_system": CodeSystem.KATOTTG,
        "official_code": record.code,
        "settlement_type": _SETTLEMENT_TYPE_BY_KIND.get(settlement_kind, ""),
        "centre_name": centre.name if centre else "",
        "centre_code": centre.code if centre else "",
        "geonames_id": point.geonames_id if point else None,
        "latitude": point.latitude if point else None,
        "longitude": point.longitude if point else None,
        "population": point.population if point else None,
        "population_measure": (
            PopulationMeasure.CENTRE_SETTLEMENT if point and point.population else ""
        ),
        "search_key": search_key(names),
    }


def _locality_row(
    record: LocalityRecord, *, country_id: int, region_id: int | None
) -> dict[str, Any]:
    return {
        "kind": AuthorityKind.MUNICIPALITY,
        "name": record.name,
        "name_uk": record.name_uk,
        "name_en": record.name_en or record.name,
        "country_id": country_id,
        "region_id": region_id,
        "code_system": CodeSystem.GEONAMES,
        "official_code": str(record.geonames_id),
        "geonames_id": record.geonames_id,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "population": record.population,
        "population_measure": PopulationMeasure.LOCALITY if record.population else "",
        "is_section": record.section_of is not None,
        "search_key": search_key([record.name, record.name_uk, *record.other_names]),
    }


def _authority_key(row: dict[str, Any]) -> tuple[str, str]:
    return (row["code_system"], row["official_code"])


def _region_key(row: dict[str, Any]) -> str:
    return str(row["code"])


@transaction.atomic
def reference_import(*, data: ReferenceData, progress: ProgressFactory = _silent) -> ImportReport:
    """Create or refresh countries, regions, raions and authorities from reference data.

    Curated fields (frontline status, memberships) are never touched. A row the data marks as
    malformed is reported in the result and skipped; the rest is written in one transaction.
    """
    report = ImportReport(problems=list(data.problems), centre_misses=list(data.centre_misses))

    country_ids = _sync(
        "countries",
        Country.objects.all(),
        key=lambda r: r["code"],
        rows=_country_rows(data),
        report=report,
        progress=progress,
    )
    ukraine_id = country_ids[UKRAINE]

    region_rows = [
        {
            "country_id": ukraine_id,
            "kind": o.kind,
            "code": o.iso_code,
            "iso_code": o.iso_code,
            "name": o.name_uk,
            "name_uk": o.name_uk,
            "name_en": o.name_en,
        }
        for o in data.oblasts
    ]
    seen_codes = {row["code"] for row in region_rows}
    for region in data.regions:
        if region.country not in country_ids:
            continue
        code = (
            region.iso_code
            if region.iso_code and region.iso_code not in seen_codes
            else (f"GN-{region.geonames_admin1}")
        )
        seen_codes.add(code)
        region_rows.append(
            {
                "country_id": country_ids[region.country],
                "kind": RegionKind.REGION,
                "code": code,
                "iso_code": region.iso_code,
                "geonames_admin1": region.geonames_admin1,
                "name": region.name,
                "name_en": region.name,
            }
        )
    region_ids = _sync(
        "regions",
        Region.objects.exclude(kind=RegionKind.RAION),
        key=_region_key,
        rows=region_rows,
        report=report,
        progress=progress,
    )
    region_by_admin1 = {
        row["geonames_admin1"]: region_ids[row["code"]]
        for row in region_rows
        if row.get("geonames_admin1")
    }

    raions: dict[str, dict[str, Any]] = {}
    for hromada in data.hromadas:
        if hromada.raion_code and hromada.raion_code not in raions:
            raions[hromada.raion_code] = {
                "country_id": ukraine_id,
                "kind": RegionKind.RAION,
                "code": hromada.raion_code,
                "katottg_code": hromada.raion_code,
                "name": hromada.raion_name_uk,
                "name_uk": hromada.raion_name_uk,
                "name_en": _latin(hromada.raion_name_uk),
                "parent_id": region_ids.get(hromada.oblast_iso),
            }
    raion_ids = _sync(
        "raions",
        Region.objects.filter(kind=RegionKind.RAION),
        key=_region_key,
        rows=list(raions.values()),
        report=report,
        progress=progress,
    )

    ukrainian_rows = [
        _hromada_row(
            h,
            country_id=ukraine_id,
            region_id=region_ids.get(h.oblast_iso),
            raion_id=raion_ids.get(h.raion_code),
            kind=AuthorityKind.HROMADA,
        )
        for h in data.hromadas
    ]
    if data.kyiv is not None:
        ukrainian_rows.append(
            _hromada_row(
                data.kyiv,
                country_id=ukraine_id,
                region_id=region_ids.get("UA-30"),
                raion_id=None,
                kind=AuthorityKind.CITY,
            )
        )
    for oblast in data.oblasts:
        if oblast.kind == RegionKind.OBLAST:
            ukrainian_rows.append(
                {
                    "kind": AuthorityKind.OBLAST,
                    "name": oblast.name_uk,
                    "name_uk": oblast.name_uk,
                    "name_en": oblast.name_en,
                    "country_id": ukraine_id,
                    "region_id": region_ids[oblast.iso_code],
                    "code_system": CodeSystem.ISO_3166_2,
                    "official_code": oblast.iso_code,
                    "search_key": search_key([oblast.name_uk, oblast.name_en]),
                }
            )
    report.hromadas_total = len(data.hromadas)
    report.hromadas_with_centre = sum(1 for h in data.hromadas if h.centre is not None)
    report.hromadas_on_geonames = sum(1 for h in data.hromadas if h.point is not None)
    _sync(
        "Ukrainian authorities",
        Authority.objects.filter(country_id=ukraine_id),
        key=_authority_key,
        rows=ukrainian_rows,
        report=report,
        progress=progress,
    )

    locality_rows = []
    for locality in data.localities:
        if locality.country not in country_ids:
            report.problems.append(
                RowProblem(
                    "GeoNames", str(locality.geonames_id), f"unknown country {locality.country}"
                )
            )
            continue
        locality_rows.append(
            _locality_row(
                locality,
                country_id=country_ids[locality.country],
                region_id=region_by_admin1.get(locality.geonames_admin1),
            )
        )
    municipality_ids = _sync(
        "European municipalities",
        Authority.objects.filter(kind=AuthorityKind.MUNICIPALITY),
        key=_authority_key,
        rows=locality_rows,
        report=report,
        progress=progress,
    )
    report.sections_flagged = sum(1 for loc in data.localities if loc.section_of is not None)
    report.section_links_changed = _link_sections(data.localities, municipality_ids)
    return report


def _link_sections(localities: Iterable[LocalityRecord], ids: dict[Any, int]) -> int:
    """Point each section at the locality it belongs to; returns how many links changed."""
    wanted: dict[int, int | None] = {}
    for locality in localities:
        own = ids.get((CodeSystem.GEONAMES, str(locality.geonames_id)))
        if own is None:
            continue
        parent = (
            ids.get((CodeSystem.GEONAMES, str(locality.section_of)))
            if locality.section_of
            else None
        )
        wanted[own] = parent
    current = dict(
        Authority.objects.filter(kind=AuthorityKind.MUNICIPALITY).values_list("pk", "section_of_id")
    )
    changed = [pk for pk, parent in wanted.items() if current.get(pk) != parent]
    objs = [Authority(pk=pk, section_of_id=wanted[pk]) for pk in changed]
    Authority.objects.bulk_update(objs, ["section_of"], batch_size=BATCH_SIZE)
    return len(changed)


def _latin(text: str) -> str:
    return str(translitua.translit(text))
