"""The search page: form, results with their language, messages, escaping, query count."""

import pytest
from django.urls import reverse

from pobratym.exchange.tests.helpers import publish_need, publish_offer

pytestmark = pytest.mark.django_db

URL = reverse("search:search")


@pytest.fixture
def records(world, concept_embedder, now):
    need = now(
        publish_need,
        world.korosten,
        world.users["editor"],
        title="Генератори для лікарні",
        description="Три генератори по 100 кВт.",
    )
    offer = now(
        publish_offer,
        world.bourges,
        world.users["member_elsewhere"],
        title="Agregaty prądotwórcze",
        description="Przekażemy dwa agregaty.",
    )
    return need, offer


def test_page_without_a_query_shows_the_form_only(client, world, concept_embedder):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["results"].hits == []
    assert 'id="results-heading"' not in response.content.decode()


def test_page_lists_hits_with_their_language_and_organisation(client, records):
    need, offer = records

    response = client.get(URL, {"q": "generators"})

    html = response.content.decode()
    assert response.status_code == 200
    assert [hit.title for hit in response.context["results"].hits] == [need.title, offer.title]
    assert f'<a href="{need.get_absolute_url()}" lang="uk">Генератори для лікарні</a>' in html
    assert f'<a href="{offer.get_absolute_url()}" lang="pl">Agregaty prądotwórcze</a>' in html
    assert "польська (pl)" in html
    assert "Коростенська міська територіальна громада" in html


def test_page_asks_for_words_when_the_query_is_blank(client, records):
    response = client.get(URL, {"q": "   ", "kind": "need"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["results"].is_empty_query
    assert 'id="results-heading"' in response.content.decode()


def test_page_refuses_a_huge_query_with_a_message(client, records):
    response = client.get(URL, {"q": "x" * 10_000})

    assert response.status_code == 200
    assert "10000" in response.context["problem"]
    assert response.context["results"].hits == []
    assert 'role="alert"' in response.content.decode()


def test_page_escapes_markup_in_the_query(client, records):
    response = client.get(URL, {"q": '<img src=x onerror="alert(1)">'})

    html = response.content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_page_filters_by_kind(client, records):
    need, _offer = records

    response = client.get(URL, {"q": "generators", "kind": "need"})

    assert [hit.title for hit in response.context["results"].hits] == [need.title]


def test_page_query_count_does_not_grow_with_the_hits(
    client, world, records, now, django_assert_num_queries
):
    client.get(URL, {"q": "generators"})  # loads the vectors and the sectors once
    for n in range(3):
        now(publish_need, world.korosten, world.users["editor"], title=f"Генератор {n}")
    client.get(URL, {"q": "generators"})  # takes the new vectors in

    # Sessions, sectors, countries and regions of the form; the vector version; lexical lists
    # of needs, offers, authorities, associations; semantic candidates of needs and offers;
    # the hits' needs and offers with their sectors.
    with django_assert_num_queries(14):
        response = client.get(URL, {"q": "generators"})

    assert len(response.context["results"].hits) == 5


def test_real_model_finds_a_ukrainian_need_and_a_polish_offer_for_an_english_query(
    client, world, now
):
    need = now(
        publish_need,
        world.korosten,
        world.users["editor"],
        title="Генератори для міської лікарні",
        description="Потрібні дизельні генератори, щоб лікарня працювала під час відключень.",
    )
    offer = now(
        publish_offer,
        world.bourges,
        world.users["member_elsewhere"],
        title="Agregaty prądotwórcze dla szpitala",
        description="Przekażemy agregaty prądotwórcze o mocy 100 kW.",
    )
    now(
        publish_offer,
        world.bourges,
        world.users["member_elsewhere"],
        title="Échange entre musées",
        description="Expositions communes et formation des conservateurs.",
        sectors=["culture"],
    )

    response = client.get(URL, {"q": "power generators for a hospital"})

    hits = response.context["results"].hits
    assert [(hit.kind, hit.pk, hit.language) for hit in hits] == [
        ("need", need.pk, "uk"),
        ("offer", offer.pk, "pl"),
    ]
