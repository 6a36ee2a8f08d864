"""The Sector table follows sectors.toml: run after every migrate, safe to run any time."""

from dataclasses import dataclass

from django.db import connections, transaction

from ..models import Sector
from ..taxonomy import load_taxonomy


@dataclass(frozen=True)
class SectorSyncCount:
    created: int
    updated: int
    retired: int


def sector_sync(*, using: str = "default") -> SectorSyncCount:
    """Create and update sectors from the taxonomy file; retire the ones it no longer lists.

    A retired sector is kept (inactive) because needs and offers may still be filed under it.
    Writes nothing when the table already matches the file.
    """
    if Sector._meta.db_table not in connections[using].introspection.table_names():
        return SectorSyncCount(0, 0, 0)  # migrating backwards, before the table exists
    specs = load_taxonomy()
    created = updated = 0
    with transaction.atomic(using=using):
        existing = {sector.code: sector for sector in Sector.objects.using(using)}
        by_code: dict[str, Sector] = {}
        for spec in specs:
            parent = by_code[spec.parent] if spec.parent else None
            values = {
                "parent_id": parent.pk if parent else None,
                "label_uk": spec.label_uk,
                "label_en": spec.label_en,
                "keywords": {language: list(words) for language, words in spec.keywords.items()},
                "position": spec.position,
                "is_active": True,
            }
            sector = existing.get(spec.code)
            if sector is None:
                sector = Sector.objects.using(using).create(code=spec.code, **values)
                created += 1
            elif any(getattr(sector, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(sector, name, value)
                sector.save(using=using)
                updated += 1
            by_code[spec.code] = sector
        retired = (
            Sector.objects.using(using)
            .filter(is_active=True)
            .exclude(code__in=by_code)
            .update(is_active=False)
        )
    return SectorSyncCount(created=created, updated=updated, retired=retired)
