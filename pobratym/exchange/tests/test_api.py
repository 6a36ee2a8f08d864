import pytest

from pobratym.exchange.services import ItemIn
from pobratym.exchange.tests.helpers import publish_need, publish_offer


@pytest.fixture
def records(world):
    editor = world.users["editor"]
    return {
        "public": publish_need(world.korosten, editor, items=[ItemIn("Генератор", "2.5", "kw")]),
        "members": publish_need(world.korosten, editor, title="Для членів", visibility="members"),
        "offer": publish_offer(world.bourges, world.users["member_elsewhere"]),
    }


def test_api_lists_what_the_viewer_may_see(client, world, records):
    anonymous = client.get("/api/v1/exchange/needs").json()
    client.force_login(world.users["member_elsewhere"])
    member = client.get("/api/v1/exchange/needs").json()

    assert [n["title"] for n in anonymous["items"]] == ["Генератори для лікарні та шкіл"]
    assert sorted(n["title"] for n in member["items"]) == [
        "Генератори для лікарні та шкіл",
        "Для членів",
    ]
    need = anonymous["items"][0]
    assert need["language"] == "uk"
    assert need["sectors"] == ["energy.generators"]
    assert need["items"] == [{"name": "Генератор", "quantity": "2.50", "unit": "kw"}]
    assert need["estimated_cost_eur"] == "75000.00"


def test_api_hides_a_need_the_viewer_may_not_see(client, records):
    response = client.get(f"/api/v1/exchange/needs/{records['members'].pk}")

    assert response.status_code == 404


def test_api_offer_and_filters(client, records):
    offers = client.get("/api/v1/exchange/offers", {"country": "fr", "language": "en"}).json()
    none = client.get("/api/v1/exchange/offers", {"kind": "funding"}).json()
    detail = client.get(f"/api/v1/exchange/offers/{records['offer'].pk}").json()

    assert [o["id"] for o in offers["items"]] == [records["offer"].pk]
    assert none["items"] == []
    assert detail["staff_languages"] == ["fr", "en"]
    assert detail["organisation"] == "Bourges"


def test_api_sectors_are_the_taxonomy(client, db):
    sectors = client.get("/api/v1/exchange/sectors").json()

    assert sectors[0]["code"] == "energy"
    assert sectors[1] == {
        "code": "energy.generators",
        "parent": "energy",
        "label_uk": "Генератори та резервне живлення",
        "label_en": "Generators and backup power",
        "keywords": sectors[1]["keywords"],
    }
    assert "aggregat" in sectors[1]["keywords"]["no"]
