"""The main menu's words: two items never share a name."""

import re

from django.urls import reverse

from pobratym.accounts.tests.factories import UserFactory


def test_offers_and_partner_proposals_have_different_names_in_the_menu(client, db):
    client.force_login(UserFactory())

    html = client.get(reverse("home")).content.decode()

    menu = re.search(r'<nav aria-label="[^"]+">(.*?)</nav>', html, re.S)
    assert menu
    items = dict(re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', menu[1]))
    assert items[reverse("exchange:offers")] == "Пропозиції"
    assert items[reverse("allocation:home")] == "Підбір партнерів"
    names = [name for name in items.values()]
    assert [name for name in names if name.startswith("Пропозиці")] == ["Пропозиції"]
