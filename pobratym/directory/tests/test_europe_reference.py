from pobratym.directory.reference.europe import (
    LocalityRecord,
    RowProblem,
    flag_sections,
    iter_localities,
)


def _place(
    geonames_id: int,
    name: str,
    population: int,
    lat: float,
    lon: float,
    admin1: str = "DE.16",
    country: str = "DE",
) -> LocalityRecord:
    return LocalityRecord(
        geonames_id=geonames_id,
        name=name,
        country=country,
        geonames_admin1=admin1,
        latitude=lat,
        longitude=lon,
        population=population,
        name_uk="",
        other_names=(),
    )


def test_flag_sections_marks_city_districts_of_the_larger_place_only():
    berlin = _place(1, "Berlin", 3_426_354, 52.52437, 13.41053)
    wedding = _place(2, "Wedding", 85_275, 52.54734, 13.35594)
    tiergarten = _place(3, "Tiergarten", 14_940, 52.51667, 13.35)
    potsdam = _place(4, "Potsdam", 183_154, 52.39886, 13.06566, admin1="DE.11")
    bernau = _place(5, "Bernau bei Berlin", 36_000, 52.67982, 13.58708, admin1="DE.11")
    zossen = _place(6, "Kleinstadt", 5_000, 52.2, 13.0)  # same Land, 40 km away

    flagged = {
        p.name: p.section_of
        for p in flag_sections([berlin, wedding, tiergarten, potsdam, bernau, zossen])
    }

    assert flagged == {
        "Berlin": None,
        "Wedding": 1,
        "Tiergarten": 1,
        "Potsdam": None,
        "Bernau bei Berlin": None,
        "Kleinstadt": None,
    }


def test_flag_sections_leaves_a_town_next_to_a_slightly_larger_one():
    city = _place(1, "Bourges", 67_987, 47.08333, 2.4, admin1="FR.24", country="FR")
    neighbour = _place(2, "Saint-Doulchard", 9_433, 47.1, 2.35, admin1="FR.24", country="FR")

    assert [p.section_of for p in flag_sections([city, neighbour])] == [None, None]


def test_iter_localities_reports_malformed_rows_and_keeps_the_rest():
    rows = [
        {
            "geonameid": 3031005,
            "name": "Bourges",
            "latitude": 47.08333,
            "longitude": 2.4,
            "countrycode": "FR",
            "population": 67987,
            "admin1code": "24",
            "alternatenames": ["Бурж", "布尔日"],
        },
        {
            "geonameid": 11,
            "name": "",
            "latitude": 1,
            "longitude": 1,
            "countrycode": "FR",
            "population": 5000,
        },
        {
            "geonameid": 12,
            "name": "Nowhere",
            "latitude": 123.0,
            "longitude": 1,
            "countrycode": "FR",
            "population": 5000,
        },
        {
            "geonameid": 13,
            "name": "Minus",
            "latitude": 1,
            "longitude": 1,
            "countrycode": "FR",
            "population": -4,
        },
        {
            "geonameid": 14,
            "name": "Textual",
            "latitude": "north",
            "longitude": 1,
            "countrycode": "FR",
            "population": 5000,
        },
        {
            "geonameid": 704901,
            "name": "Korosten",
            "latitude": 50.9,
            "longitude": 28.6,
            "countrycode": "UA",
            "population": 61496,
        },
    ]

    items = list(iter_localities(rows, min_population=1000))

    records = [i for i in items if isinstance(i, LocalityRecord)]
    problems = [i for i in items if isinstance(i, RowProblem)]
    assert [(r.name, r.name_uk, r.geonames_admin1, r.other_names) for r in records] == [
        ("Bourges", "Бурж", "FR.24", ("Бурж",))
    ]
    assert [(p.row, p.reason.split(":")[0]) for p in problems] == [
        ("11", "no name"),
        ("12", "coordinates out of range"),
        ("13", "negative population"),
        ("14", "bad number"),
    ]


def test_threshold_between_extracts_filters_by_population():
    rows = [
        {
            "geonameid": 1,
            "name": "Small",
            "latitude": 1,
            "longitude": 1,
            "countrycode": "FR",
            "population": 1500,
        },
        {
            "geonameid": 2,
            "name": "Larger",
            "latitude": 1,
            "longitude": 1,
            "countrycode": "FR",
            "population": 2500,
        },
        {
            "geonameid": 3,
            "name": "Seat",
            "latitude": 1,
            "longitude": 1,
            "countrycode": "FR",
            "population": 0,
        },
    ]

    at_2000 = [r.name for r in iter_localities(rows, min_population=2000)]
    at_1000 = [(r.name, r.population) for r in iter_localities(rows, min_population=1000)]

    assert at_2000 == ["Larger"]
    # At an extract's own threshold GeoNames' administrative seats stay; 0 means unknown.
    assert at_1000 == [("Small", 1500), ("Larger", 2500), ("Seat", None)]
