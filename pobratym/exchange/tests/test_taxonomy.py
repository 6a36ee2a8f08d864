from pathlib import Path

import pytest
from django.utils import translation

from pobratym.exchange.models import Sector
from pobratym.exchange.services import SectorSyncCount, sector_sync
from pobratym.exchange.taxonomy import TaxonomyError, load_taxonomy

TOP_LEVEL = [
    "energy",
    "water",
    "infrastructure",
    "healthcare",
    "education",
    "culture",
    "governance",
    "digital",
    "idp_support",
    "economy_sme",
    "housing",
    "social",
    "security",
    "transport",
    "environment",
    "youth",
    "other",
]


def test_taxonomy_top_level_is_exactly_the_seventeen_sectors():
    specs = load_taxonomy()

    assert [spec.code for spec in specs if not spec.parent] == TOP_LEVEL


def test_taxonomy_has_the_children_users_asked_for():
    children = {spec.code: spec.parent for spec in load_taxonomy() if spec.parent}

    assert children == {
        "energy.generators": "energy",
        "energy.heating": "energy",
        "water.wastewater": "water",
        "healthcare.rehabilitation": "healthcare",
        "education.school_shelters": "education",
        "governance.anti_corruption": "governance",
        "governance.eu_integration": "governance",
        "security.civil_protection": "security",
    }


def test_taxonomy_every_sector_has_both_labels_and_keywords_beyond_uk_and_en():
    for spec in load_taxonomy():
        assert spec.label_uk and spec.label_en, spec.code
        assert spec.keywords["uk"] and spec.keywords["en"], spec.code
        if spec.code != "other":
            assert len(spec.keywords) >= 4, spec.code


def test_sector_table_matches_the_file_after_migrate(db):
    top = Sector.objects.filter(parent__isnull=True).order_by("position")

    assert [sector.code for sector in top] == TOP_LEVEL
    assert Sector.objects.get(code="energy.heating").parent.code == "energy"
    assert Sector.objects.filter(is_active=True).count() == len(load_taxonomy())


def test_sector_sync_twice_changes_nothing_the_second_time(db):
    again = sector_sync()

    assert again == SectorSyncCount(created=0, updated=0, retired=0)


def test_sector_sync_restores_an_edited_label_and_retires_an_unlisted_sector(db):
    Sector.objects.filter(code="water").update(label_en="Aqua")
    Sector.objects.create(code="space", label_uk="Космос", label_en="Space", position=999)

    count = sector_sync()

    assert count == SectorSyncCount(created=0, updated=1, retired=1)
    assert Sector.objects.get(code="water").label_en == "Water supply"
    assert Sector.objects.get(code="space").is_active is False


def test_sector_label_follows_the_interface_language(db):
    heating = Sector.objects.get(code="energy.heating")

    with translation.override("en"):
        english = heating.label
    ukrainian = heating.label

    assert (ukrainian, english) == ("Теплопостачання та опалення", "Heating")


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ('[[sector]]\ncode = "Energy"\nuk = "Е"\nen = "E"\n', "not a valid code"),
        ('[[sector]]\ncode = "energy.x"\nuk = "Е"\nen = "E"\n', "parent energy must come before"),
        ('[[sector]]\ncode = "energy"\nen = "E"\n', "uk label is missing"),
        ('[[sector]]\ncode = "energy"\nuk = "Е"\nen = "E"\n', "top level must be exactly"),
    ],
)
def test_taxonomy_file_mistakes_are_named(tmp_path: Path, toml, problem):
    path = tmp_path / "sectors.toml"
    path.write_text(toml, encoding="utf-8")

    with pytest.raises(TaxonomyError, match=problem):
        load_taxonomy(path)
