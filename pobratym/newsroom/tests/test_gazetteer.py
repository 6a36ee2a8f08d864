from pobratym.directory.tests.factories import AssociationFactory, AuthorityFactory, municipality
from pobratym.newsroom.gazetteer import build_gazetteer, gazetteer_entries
from pobratym.newsroom.text import GazetteerEntry


def test_gazetteer_entries_come_from_the_directory_in_three_queries(db, django_assert_num_queries):
    hromada = AuthorityFactory()
    bourges = municipality(
        "Bourges",
        country="FR",
        country_en="France",
        country_uk="Франція",
        population=67987,
        name_uk="Бурж",
    )
    alliance = AssociationFactory()

    with django_assert_num_queries(3):
        entries = gazetteer_entries()

    by_id = {entry.id: entry for entry in entries}
    assert by_id[f"authority:{hromada.pk}"] == GazetteerEntry(
        id=f"authority:{hromada.pk}",
        kind="hromada",
        name_en="Korostenska city hromada",
        names=("Коростенська міська територіальна громада", "Korostenska city hromada"),
        country="UA",
        population=61496,
        centre="Коростень",
    )
    assert by_id[f"authority:{bourges.pk}"].names == ("Bourges", "Бурж")
    assert by_id[f"association:{alliance.pk}"].kind == "international_body"
    assert by_id[f"association:{alliance.pk}"].country == "EU"


def test_gazetteer_names_a_hromada_after_its_centre(db):
    hromada = AuthorityFactory()

    gazetteer = build_gazetteer()

    (entry,) = [e for e in gazetteer.entries if e.id == f"authority:{hromada.pk}"]
    assert entry.name_en == "Korosten"
