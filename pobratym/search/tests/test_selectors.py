"""Search: one ranking by words and meaning, only what the viewer may see, filters, bad input."""

import pytest

from pobratym.core.errors import InvalidInput
from pobratym.directory.tests.factories import RegionFactory
from pobratym.exchange import services
from pobratym.exchange.models import TextEmbedding
from pobratym.exchange.tests.helpers import offer_update_values, publish_need, publish_offer
from pobratym.search.selectors import (
    MAX_QUERY_LENGTH,
    SearchFilters,
    search_for_viewer,
)

pytestmark = pytest.mark.django_db

GENERATOR_NEED = {"title": "Генератори для лікарні", "description": "Три генератори по 100 кВт."}
GENERATOR_OFFER = {"title": "Agregaty prądotwórcze", "description": "Przekażemy dwa agregaty."}
MUSEUM_OFFER = {"title": "Échange entre musées", "description": "Expositions communes."}


def _search(viewer, query, **filters):
    return search_for_viewer(viewer=viewer, query=query, filters=SearchFilters(**filters))


def _titles(results) -> list[str]:
    return [hit.title for hit in results.hits]


@pytest.fixture
def records(world, concept_embedder, now):
    bourges_editor = world.users["member_elsewhere"]
    return {
        "need": now(publish_need, world.korosten, world.users["editor"], **GENERATOR_NEED),
        "offer": now(publish_offer, world.bourges, bourges_editor, **GENERATOR_OFFER),
        "museum": now(
            publish_offer, world.bourges, bourges_editor, sectors=["culture"], **MUSEUM_OFFER
        ),
    }


def test_english_query_finds_ukrainian_need_and_polish_offer_by_meaning(world, records):
    results = _search(world.users["anonymous"], "generators")

    assert _titles(results) == ["Генератори для лікарні", "Agregaty prądotwórcze"]
    need, offer = results.hits
    assert (need.kind, need.language, need.language_name) == ("need", "uk", "українська")
    assert (offer.kind, offer.language, offer.language_name) == ("offer", "pl", "польська")
    assert need.found_by_words is False
    assert need.similarity == pytest.approx(1.0, abs=0.01)
    assert need.organisation == "Коростенська міська територіальна громада"
    assert need.place == "Житомирська область, Україна"
    assert need.url == f"/exchange/needs/{records['need'].pk}/"
    assert offer.organisation == "Бурж"
    assert offer.sector_codes == ["energy"]


def test_record_found_by_words_and_meaning_ranks_first(world, records):
    results = _search(world.users["anonymous"], "генератори")

    assert _titles(results) == ["Генератори для лікарні", "Agregaty prądotwórcze"]
    assert [hit.found_by_words for hit in results.hits] == [True, False]
    assert results.hits[0].score > results.hits[1].score


def test_authorities_and_associations_are_found_by_name_in_any_script(world, concept_embedder):
    results = _search(world.users["anonymous"], "Бурж")
    by_latin = _search(world.users["anonymous"], "Lietuvos")

    assert [(hit.kind, hit.title) for hit in results.hits] == [("authority", "Бурж")]
    assert results.hits[0].place == "Франція"
    assert results.hits[0].url == world.bourges.get_absolute_url()
    assert [(hit.kind, hit.title) for hit in by_latin.hits] == [
        ("association", "Асоціація муніципалітетів Литви")
    ]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", ["Відкрита потреба"]),
        ("member_elsewhere", ["Відкрита потреба", "Для членів"]),
        ("editor", ["Відкрита потреба", "Для членів", "Лише для сторін"]),
        ("secretariat", ["Відкрита потреба", "Для членів", "Лише для сторін"]),
    ],
)
def test_search_shows_only_what_the_viewer_may_see(world, concept_embedder, now, role, expected):
    editor = world.users["editor"]
    for title, visibility in [
        ("Відкрита потреба", "public"),
        ("Для членів", "members"),
        ("Лише для сторін", "parties"),
    ]:
        now(
            publish_need,
            world.korosten,
            editor,
            title=f"{title}: вода",
            description="",
            items=[],
            visibility=visibility,
        )

    by_words = _search(world.users[role], "вода")
    by_meaning = _search(world.users[role], "water")

    assert sorted(t.split(":")[0] for t in _titles(by_words)) == sorted(expected)
    assert sorted(t.split(":")[0] for t in _titles(by_meaning)) == sorted(expected)
    assert all(not hit.found_by_words for hit in by_meaning.hits)


def test_closed_offer_is_not_found(world, records):
    offer = records["offer"]
    services.offer_close(offer=offer, actor=world.users["member_elsewhere"])

    assert _titles(_search(world.users["anonymous"], "generators")) == ["Генератори для лікарні"]


def test_kind_filter(world, records):
    anonymous = world.users["anonymous"]

    assert _titles(_search(anonymous, "generators", kind="offer")) == ["Agregaty prądotwórcze"]
    assert _titles(_search(anonymous, "generators", kind="need")) == ["Генератори для лікарні"]
    assert _titles(_search(anonymous, "Бурж", kind="authority")) == ["Бурж"]
    assert _titles(_search(anonymous, "Бурж", kind="need")) == []


def test_sector_filter_takes_children_and_leaves_the_directory_out(world, records):
    anonymous = world.users["anonymous"]

    assert _titles(_search(anonymous, "generators", sector="energy")) == [
        "Генератори для лікарні",
        "Agregaty prądotwórcze",
    ]
    assert _titles(_search(anonymous, "generators", sector="culture")) == []
    assert _titles(_search(anonymous, "Бурж", sector="energy")) == []


def test_country_and_region_filters(world, records):
    anonymous = world.users["anonymous"]
    zhytomyr = world.korosten.region
    other_oblast = RegionFactory(code="UA-46", name="Львівська область", name_uk="Львівська")

    assert _titles(_search(anonymous, "generators", country="FR")) == ["Agregaty prądotwórcze"]
    assert _titles(_search(anonymous, "generators", country="UA")) == ["Генератори для лікарні"]
    assert _titles(_search(anonymous, "generators", region=zhytomyr.pk)) == [
        "Генератори для лікарні"
    ]
    assert _titles(_search(anonymous, "generators", region=other_oblast.pk)) == []
    assert _titles(_search(anonymous, "Бурж", country="UA")) == []


def test_empty_query_finds_nothing_and_asks_the_database_nothing(
    world, records, django_assert_num_queries
):
    with django_assert_num_queries(0):
        results = _search(world.users["anonymous"], "  \t ")

    assert results.is_empty_query
    assert results.hits == []


def test_query_over_the_limit_is_refused_with_a_code(world, concept_embedder):
    with pytest.raises(InvalidInput) as refused:
        _search(world.users["anonymous"], "вода " * 2000)

    assert refused.value.code == "query_too_long"
    assert str(MAX_QUERY_LENGTH) in refused.value.message
    assert _search(world.users["anonymous"], "в" * MAX_QUERY_LENGTH).query


def test_markup_and_control_characters_are_only_text(world, records):
    results = _search(world.users["anonymous"], "<script>alert(1)</script>\x00генератори")

    assert results.query == "<script>alert(1)</script> генератори"
    assert sorted(_titles(results)) == ["Agregaty prądotwórcze", "Генератори для лікарні"]


def test_new_and_edited_texts_are_found_at_once(world, records, now):
    anonymous = world.users["anonymous"]
    assert _titles(_search(anonymous, "museum")) == ["Échange entre musées"]

    offer = records["museum"]
    values = offer_update_values(offer, title="Wasserwerk", description="Trinkwasser.")
    now(services.offer_update, offer=offer, actor=world.users["member_elsewhere"], **values)
    need = now(
        publish_need,
        world.korosten,
        world.users["editor"],
        title="Музей просто неба",
        description="",
        items=[],
    )

    assert _titles(_search(anonymous, "museum")) == [need.title]
    assert _titles(_search(anonymous, "water")) == ["Wasserwerk"]


def test_a_deleted_vector_is_no_longer_searched(world, records):
    anonymous = world.users["anonymous"]
    assert "Agregaty prądotwórcze" in _titles(_search(anonymous, "generators"))

    TextEmbedding.objects.filter(kind="offer", object_id=records["offer"].pk).delete()

    assert _titles(_search(anonymous, "generators")) == ["Генератори для лікарні"]
