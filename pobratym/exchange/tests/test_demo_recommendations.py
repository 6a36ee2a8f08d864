"""The README's demo tips about recommendations hold on the demo itself: the real reference
data, the demo scenario and the real embedding model."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from pobratym.accounts.demo import DEMO_DOMAIN
from pobratym.accounts.models import User
from pobratym.accounts.tests.factories import sign_in_verified
from pobratym.directory.demo import BOURGES, KHARKIV, KOROSTEN, PLUNGE, SIAULIAI
from pobratym.exchange.models import Need
from pobratym.matching import selectors

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_reference")
        call_command("load_demo")


def _offers(need_title: str, authority_ref):
    need = Need.objects.get(authority=authority_ref.resolve(), title=need_title)
    viewer = User.objects.get(email=f"korosten@{DEMO_DOMAIN}")
    with translation.override("en"):
        return selectors.offers_for_need(need=need, viewer=viewer).items


def test_the_demo_tips_about_recommendations_hold(demo):
    korosten = _offers("Модернізація очисних споруд питної води", KOROSTEN)
    kharkiv = _offers("Генератори для котелень і лікарень", KHARKIV)

    # Korosten and Bourges already work together: Bourges's French offer, the best fit,
    # comes first all the same, named as a partner.
    first = korosten[0]
    assert (first.authority, first.offer.title) == (
        BOURGES.resolve(),
        "Expertise en traitement de l'eau potable",
    )
    assert first.is_partner
    assert [item.is_partner for item in korosten[1:]] == [False] * (len(korosten) - 1)
    # Kharkiv's critical need for generators: Plungė's generators above Šiauliai's heating.
    assert [item.authority for item in kharkiv] == [PLUNGE.resolve(), SIAULIAI.resolve()]
    assert kharkiv[0].fit_level == "strong"
    assert [r.text for r in kharkiv[0].reasons if r.code.startswith("item_")] == [
        "Still needed: Дизельний генератор 100 кВт, 10 pieces",
        "Left to give: Dyzelinis generatorius 30 kW, 10 pieces",
        "Nothing left to give of Elektrinis šildytuvas",
    ]


def test_the_demo_tip_about_contacts_holds(demo, client):
    korosten = KOROSTEN.resolve()
    contact = "iryna.contact@demo.pobratym.invalid"

    client.force_login(User.objects.get(email=f"bourges@{DEMO_DOMAIN}"))
    as_partner = client.get(korosten.get_absolute_url()).content.decode()
    lsa = User.objects.get(email=f"lsa@{DEMO_DOMAIN}")
    sign_in_verified(client, lsa)
    as_stranger = client.get(korosten.get_absolute_url()).content.decode()

    # Bourges and Korosten are partners: Bourges sees Korosten's contact person.
    assert contact in as_partner
    # LSA facilitates Lithuanian members, not Korosten: it writes through the platform.
    assert contact not in as_stranger
    assert reverse("accounts:write", args=["authority", korosten.pk]) in as_stranger
