from datetime import date

import pytest
from django.core.management import call_command

from pobratym.directory.enums import AuthorityKind, FrontlineStatus, PopulationMeasure
from pobratym.directory.models import Authority, Country, Region
from pobratym.directory.reference.bundle import CountryRecord, ReferenceData
from pobratym.directory.reference.europe import (
    LocalityRecord,
    RegionRecord,
    RowProblem,
    flag_sections,
    iter_localities,
)
from pobratym.directory.reference.oblasts import OblastRecord
from pobratym.directory.reference.ukraine import GeoPoint, HromadaRecord, Settlement
from pobratym.directory.selectors import AuthorityFilters, authority_list
from pobratym.directory.services import reference_import

KOROSTEN_CODE = "UA18040170000062140"


def _sample(**changes: object) -> ReferenceData:
    """A few real rows in the shape the packages give them, plus two malformed GeoNames rows."""
    raw_localities = [
        {
            "geonameid": 2950159,
            "name": "Berlin",
            "latitude": 52.52437,
            "longitude": 13.41053,
            "countrycode": "DE",
            "population": 3426354,
            "admin1code": "16",
            "alternatenames": ["Берлін", "Berlino"],
        },
        {
            "geonameid": 2813472,
            "name": "Wedding",
            "latitude": 52.54734,
            "longitude": 13.35594,
            "countrycode": "DE",
            "population": 85275,
            "admin1code": "16",
            "alternatenames": ["Berlin-Wedding", "Веддинг"],
        },
        {
            "geonameid": 3031005,
            "name": "Bourges",
            "latitude": 47.08333,
            "longitude": 2.4,
            "countrycode": "FR",
            "population": 67987,
            "admin1code": "24",
            "alternatenames": ["Бурж"],
        },
        {"geonameid": 1, "name": "", "latitude": 1, "longitude": 1, "countrycode": "FR"},
        {
            "geonameid": 2,
            "name": "Broken",
            "latitude": 1,
            "longitude": 1,
            "countrycode": "DE",
            "population": "many",
        },
    ]
    items = list(iter_localities(raw_localities, min_population=1000))
    localities = [i for i in items if isinstance(i, LocalityRecord)]
    problems = [i for i in items if isinstance(i, RowProblem)]
    data = ReferenceData(
        countries=[
            CountryRecord("UA", "Ukraine", "Україна"),
            CountryRecord("DE", "Germany", "Німеччина"),
            CountryRecord("FR", "France", "Франція"),
        ],
        oblasts=[
            OblastRecord("UA-18", "oblast", "Житомирська область", "Zhytomyrska oblast"),
            OblastRecord("UA-30", "special_city", "Київ", "Kyiv"),
        ],
        hromadas=[
            HromadaRecord(
                code=KOROSTEN_CODE,
                name_uk="Коростенська",
                name_latin="Korostenska",
                oblast_iso="UA-18",
                raion_code="UA18040000000030579",
                raion_name_uk="Коростенський",
                centre=Settlement("UA18040170010036536", "Коростень", "M"),
                centre_source="name",
                kind="city",
                point=GeoPoint(704901, 50.9512, 28.63859, 61496),
            ),
            HromadaRecord(
                code="UA18040000000000001",
                name_uk="Безіменна",
                name_latin="Bezimenna",
                oblast_iso="UA-18",
                raion_code="UA18040000000030579",
                raion_name_uk="Коростенський",
                centre=None,
                centre_source="",
                kind="",
                point=None,
            ),
        ],
        kyiv=None,
        regions=[
            RegionRecord("DE", "DE.16", "DE-BE", "Berlin"),
            RegionRecord("FR", "FR.24", "FR-CVL", "Centre-Val de Loire"),
        ],
        localities=flag_sections(localities),
        problems=problems,
        centre_misses=["UA18040000000000001 Безіменна: no member settlement matches the name"],
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


@pytest.mark.django_db
def test_import_writes_hromadas_oblasts_and_localities_from_sample():
    report = reference_import(data=_sample())

    korosten = Authority.objects.get(official_code=KOROSTEN_CODE)
    assert (korosten.kind, korosten.name_uk, korosten.name_en, korosten.settlement_type) == (
        "hromada",
        "Коростенська міська територіальна громада",
        "Korostenska city hromada",
        "city",
    )
    assert (korosten.centre_name, korosten.population, korosten.population_measure) == (
        "Коростень",
        61496,
        PopulationMeasure.CENTRE_SETTLEMENT,
    )
    assert korosten.region.code == "UA-18"
    assert korosten.raion.name_uk == "Коростенський"
    assert korosten.raion.parent == korosten.region
    nameless = Authority.objects.get(official_code="UA18040000000000001")
    # No centre found: no type, no coordinates, no population — nothing invented.
    assert (nameless.settlement_type, nameless.population, nameless.latitude) == ("", None, None)
    assert list(Authority.objects.filter(kind=AuthorityKind.OBLAST).values_list("name_uk")) == [
        ("Житомирська область",)
    ]
    bourges = Authority.objects.get(geonames_id=3031005)
    assert (bourges.name, bourges.name_uk, bourges.region.iso_code) == ("Bourges", "Бурж", "FR-CVL")
    wedding = Authority.objects.get(geonames_id=2813472)
    assert wedding.is_section and wedding.section_of.name == "Berlin"
    assert (report.sections_flagged, report.hromadas_total, report.hromadas_with_centre) == (
        1,
        2,
        1,
    )
    assert [(p.row, p.reason) for p in report.problems] == [
        ("1", "no name"),
        ("2", "bad number: invalid literal for int() with base 10: 'many'"),
    ]
    assert report.changed_anything


@pytest.mark.django_db
def test_second_import_changes_nothing_and_says_so():
    reference_import(data=_sample())
    before = list(Authority.objects.order_by("pk").values())

    report = reference_import(data=_sample())

    assert not report.changed_anything
    assert {name: (c.created, c.updated) for name, c in report.counts.items()} == {
        "countries": (0, 0),
        "regions": (0, 0),
        "raions": (0, 0),
        "Ukrainian authorities": (0, 0),
        "European municipalities": (0, 0),
    }
    assert list(Authority.objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_refresh_updates_changed_rows_and_keeps_curated_status():
    reference_import(data=_sample())
    Authority.objects.filter(official_code=KOROSTEN_CODE).update(
        frontline_status=FrontlineStatus.FRONTLINE,
        frontline_source="curator",
        frontline_as_of=date(2026, 11, 1),
    )
    data = _sample()
    data.countries[1] = CountryRecord("DE", "Germany", "ФРН")

    report = reference_import(data=data)

    assert report.counts["countries"].updated == 1
    assert Country.objects.get(code="DE").name_uk == "ФРН"
    korosten = Authority.objects.get(official_code=KOROSTEN_CODE)
    assert (korosten.frontline_status, korosten.frontline_source) == ("frontline", "curator")


@pytest.mark.django_db
def test_import_with_a_locality_of_an_unknown_country_reports_it_and_imports_the_rest():
    data = _sample()
    data.localities.append(LocalityRecord(99, "Vaduz", "LI", "LI.11", 47.1, 9.5, 5000, "", ()))

    report = reference_import(data=data)

    assert ("99", "unknown country LI") in [(p.row, p.reason) for p in report.problems]
    assert not Authority.objects.filter(geonames_id=99).exists()
    assert Authority.objects.filter(geonames_id=3031005).exists()


def _with_warsaw() -> ReferenceData:
    """The sample plus Warsaw as GeoNames gives it: in English, with other languages' names."""
    data = _sample()
    [warsaw] = iter_localities(
        [
            {
                "geonameid": 756135,
                "name": "Warsaw",
                "latitude": 52.22977,
                "longitude": 21.01178,
                "countrycode": "PL",
                "population": 1702139,
                "admin1code": "78",
                "alternatenames": ["Varsovie", "Warschau", "Warszawa", "Варшавæ", "Варшава"],
            }
        ],
        min_population=1000,
    )
    data.countries.append(CountryRecord("PL", "Poland", "Польща"))
    data.regions.append(RegionRecord("PL", "PL.78", "PL-14", "Mazowieckie"))
    data.localities.append(warsaw)  # type: ignore[arg-type]
    return data


@pytest.mark.django_db
def test_warsaw_is_named_warszawa_and_found_by_its_ukrainian_and_english_names():
    reference_import(data=_with_warsaw())

    warsaw = Authority.objects.get(geonames_id=756135)
    assert (warsaw.name, warsaw.name_en, warsaw.name_uk) == ("Warszawa", "Warsaw", "Варшава")
    for query in ["Варшава", "Warsaw", "Warszawa", "варшаві", "Warschau"]:
        found = authority_list(filters=AuthorityFilters(query=query))
        assert [a.name for a in found] == ["Warszawa"], query
    assert not authority_list(filters=AuthorityFilters(query="Варшавою Лондон")).exists()


@pytest.mark.django_db
def test_second_import_with_renamed_places_changes_nothing():
    reference_import(data=_with_warsaw())

    report = reference_import(data=_with_warsaw())

    assert not report.changed_anything


@pytest.mark.slow
@pytest.mark.django_db
def test_full_import_has_every_hromada_and_is_idempotent(capsys):
    call_command("import_reference")
    first = capsys.readouterr().out

    hromadas = Authority.objects.filter(kind=AuthorityKind.HROMADA)
    assert hromadas.count() == 1469
    assert hromadas.exclude(centre_name="").count() / 1469 >= 0.98
    assert Authority.objects.filter(kind=AuthorityKind.CITY).get().name_en == "Kyiv"
    assert Authority.objects.filter(kind=AuthorityKind.OBLAST).count() == 24
    assert Region.objects.filter(country__code="UA", parent__isnull=True).count() == 27
    assert Region.objects.filter(kind="raion").count() == 126
    municipalities = Authority.objects.filter(kind=AuthorityKind.MUNICIPALITY)
    assert 60_000 < municipalities.count() < 75_000
    assert not municipalities.filter(country__code__in=["UA", "RU"]).exists()
    assert municipalities.get(geonames_id=2813472).is_section  # Wedding, in Berlin
    assert not municipalities.get(geonames_id=3031005).is_section  # Bourges
    assert "Довідкові дані імпортовано." in first

    call_command("import_reference")
    second = capsys.readouterr().out

    assert "Нічого не змінилося: довідник актуальний." in second

    call_command("load_demo")
    luhansk = Authority.objects.get(kind=AuthorityKind.OBLAST, official_code="UA-09")
    assert [(m.association.slug, m.status) for m in luhansk.memberships.all()] == [
        ("alliance", "associated_partner")
    ]
