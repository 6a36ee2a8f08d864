import pytest
from django.contrib.auth.models import AnonymousUser

from pobratym.accounts.tests.factories import editor_of
from pobratym.directory.tests.factories import AuthorityFactory, RegionFactory
from pobratym.exchange import selectors
from pobratym.exchange.services import ItemIn
from pobratym.exchange.tests.helpers import publish_need, publish_offer


@pytest.fixture
def needs(world):
    editor = world.users["editor"]
    secretariat = world.users["secretariat"]
    kharkiv = RegionFactory(code="UA-63", name="Харківська область", name_uk="Харківська область")
    bohodukhiv = AuthorityFactory(
        name="Богодухівська міська територіальна громада",
        name_en="Bohodukhivska city hromada",
        region=kharkiv,
    )
    return {
        "generators": publish_need(world.korosten, editor, urgency="critical"),
        "heating": publish_need(
            world.korosten,
            editor,
            title="Модернізація котельні",
            description="Потрібен новий котел для опалення лікарні взимку.",
            sectors=["energy.heating"],
            items=[ItemIn("Котел", 1, "pieces")],
            urgency="medium",
        ),
        "shelter": publish_need(
            bohodukhiv,
            secretariat,
            title="Shelter for the school",
            description="The school needs a shelter so that children can study in person.",
            sectors=["education.school_shelters"],
            items=[],
            urgency="high",
        ),
    }


def _titles(filters) -> list[str]:
    return [
        n.title for n in selectors.need_list_for_viewer(viewer=AnonymousUser(), filters=filters)
    ]


def test_needs_are_listed_most_urgent_first(needs):
    assert _titles(selectors.NeedFilters()) == [
        "Генератори для лікарні та шкіл",
        "Shelter for the school",
        "Модернізація котельні",
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"sector": "energy"}, ["generators", "heating"]),  # children count
        ({"sector": "energy.heating"}, ["heating"]),
        ({"sector": "education"}, ["shelter"]),
        ({"sector": "water"}, []),
        ({"urgency": "high"}, ["shelter"]),
        ({"language": "en"}, ["shelter"]),
        ({"language": "uk"}, ["generators", "heating"]),
        ({"query": "котельнею"}, ["heating"]),  # another case ending
        ({"query": "kotel"}, ["heating"]),  # another script
        ({"query": "генератор"}, ["generators"]),
        ({"query": "Dyzelnyi"}, ["generators"]),  # an item's name, romanised
        ({"query": "shelter school"}, ["shelter"]),
        ({"query": "shelter котел"}, []),
    ],
)
def test_need_filters(needs, filters, expected):
    found = _titles(selectors.NeedFilters(**filters))

    assert sorted(found) == sorted(needs[key].title for key in expected)


def test_need_filter_by_oblast(needs):
    shelter = needs["shelter"]

    found = _titles(selectors.NeedFilters(region=shelter.authority.region_id))

    assert found == ["Shelter for the school"]


@pytest.fixture
def offers(world):
    return {
        "bourges": publish_offer(world.bourges, world.users["member_elsewhere"]),
        "lsa": publish_offer(
            world.lsa,
            editor_of(world.lsa),
            kind="study_visits",
            title="Studijų vizitai Lietuvoje",
            description="Kviečiame Ukrainos savivaldybių atstovus į studijų vizitus Lietuvoje.",
            sectors=["governance.eu_integration"],
            staff_languages=["lt", "uk"],
        ),
        "korosten": publish_offer(
            world.korosten,
            world.users["editor"],
            kind="training",
            title="Навчання з цивільного захисту",
            description="Громада навчає партнерів організації пунктів незламності.",
            sectors=["security.civil_protection"],
            staff_languages=["uk"],
        ),
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["bourges", "korosten", "lsa"]),
        ({"kind": "study_visits"}, ["lsa"]),
        ({"country": "FR"}, ["bourges"]),
        ({"country": "UA"}, ["korosten"]),
        ({"sector": "governance"}, ["lsa"]),
        ({"sector": "security"}, ["korosten"]),
        ({"language": "uk"}, ["korosten", "lsa"]),  # written in it, or spoken by the staff
        ({"language": "lt"}, ["lsa"]),
        ({"language": "en"}, ["bourges"]),
        ({"query": "незламності"}, ["korosten"]),
        ({"query": "energie"}, ["bourges"]),  # é folded
    ],
)
def test_offer_filters(offers, filters, expected):
    found = selectors.offer_list_for_viewer(
        viewer=AnonymousUser(), filters=selectors.OfferFilters(**filters)
    )

    assert sorted(o.pk for o in found) == sorted(offers[key].pk for key in expected)


def test_offer_filter_by_oblast(world, offers):
    found = selectors.offer_list_for_viewer(
        viewer=AnonymousUser(),
        filters=selectors.OfferFilters(region=world.korosten.region_id),
    )

    assert list(found) == [offers["korosten"]]
