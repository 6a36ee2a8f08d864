"""Search over the API: same hits and visibility as the page; errors as {"code", "message"}."""

import pytest
from django.contrib.auth.models import AnonymousUser
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.testing import TestClient

from config.api import application_error, validation_error
from pobratym.core.errors import ApplicationError
from pobratym.exchange.tests.helpers import publish_need
from pobratym.search.api import router

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_client() -> TestClient:
    """The router as the project's API serves it, with the project's error handlers."""
    api = NinjaAPI(urls_namespace="search-api-test")
    api.add_router("/search/", router)
    api.add_exception_handler(ApplicationError, application_error)
    api.add_exception_handler(ValidationError, validation_error)
    return TestClient(api)


@pytest.fixture
def needs(world, concept_embedder, now):
    editor = world.users["editor"]
    titles = {"public": "Питна вода для громади", "members": "Вода для членів платформи"}
    return {
        visibility: now(
            publish_need,
            world.korosten,
            editor,
            title=title,
            description="",
            items=[],
            visibility=visibility,
        )
        for visibility, title in titles.items()
    }


def test_api_returns_the_hits_the_viewer_may_see(api_client, world, needs):
    anonymous = api_client.get("/search/?q=water", user=AnonymousUser()).json()
    member = api_client.get("/search/?q=water", user=world.users["member_elsewhere"]).json()

    assert anonymous["query"] == "water"
    assert [hit["title"] for hit in anonymous["hits"]] == ["Питна вода для громади"]
    assert sorted(hit["title"] for hit in member["hits"]) == [
        "Вода для членів платформи",
        "Питна вода для громади",
    ]
    hit = anonymous["hits"][0]
    assert hit["kind"] == "need"
    assert hit["id"] == needs["public"].pk
    assert hit["language"] == "uk"
    assert hit["sectors"] == ["energy.generators"]
    assert hit["url"] == needs["public"].get_absolute_url()
    assert hit["found_by_words"] is False
    assert hit["similarity"] == pytest.approx(1.0, abs=0.01)


def test_api_filters_by_kind_and_refuses_an_unknown_kind(api_client, world, needs):
    user = AnonymousUser()

    offers = api_client.get("/search/?q=water&kind=offer", user=user)
    unknown = api_client.get("/search/?q=water&kind=cake", user=user)

    assert offers.json()["hits"] == []
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "invalid_input"


def test_api_refuses_a_huge_query_with_its_code(api_client, world, concept_embedder):
    response = api_client.get(f"/search/?q={'x' * 10_000}", user=AnonymousUser())

    assert response.status_code == 422
    assert response.json()["code"] == "query_too_long"
    assert "10000" in response.json()["message"]


def test_api_answers_an_empty_query_with_no_hits(api_client, world, concept_embedder):
    response = api_client.get("/search/?q=", user=AnonymousUser())

    assert response.status_code == 200
    assert response.json() == {"query": "", "hits": []}
