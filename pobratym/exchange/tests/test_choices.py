"""The exchange's filters list languages, countries and oblasts alphabetically in the
reader's language, not by character code."""

import re

import pytest
from django.urls import reverse

from pobratym.directory.tests.alphabet import (
    COUNTRIES_IN_ORDER,
    OBLASTS_IN_ORDER,
    countries_and_oblasts,
    empty_option,
    select_options,
)


@pytest.mark.parametrize("language", ["uk", "en"])
def test_need_and_offer_filters_list_their_choices_alphabetically(client, db, language):
    countries_and_oblasts()
    client.cookies["django_language"] = language

    needs = client.get(reverse("exchange:needs")).content.decode()
    offers = client.get(reverse("exchange:offers")).content.decode()

    assert select_options(needs, "region") == OBLASTS_IN_ORDER[language]
    assert select_options(offers, "country") == COUNTRIES_IN_ORDER[language]
    languages = select_options(needs, "language")
    assert languages == select_options(offers, "language")
    # Character codes put і (U+0456) after я and й, є before а; the alphabet does not.
    expected = {
        "uk": ["данська", "естонська", "іспанська", "італійська", "латиська"],
        "en": ["Hungarian", "Italian", "Latvian", "Lithuanian", "Norwegian"],
    }[language]
    assert [name for name in languages if name in expected] == expected
    assert languages[0] == {"uk": "англійська", "en": "Bulgarian"}[language]


def test_any_agrees_with_each_filters_noun_in_ukrainian(client, db):
    needs = client.get(reverse("exchange:needs")).content.decode()
    offers = client.get(reverse("exchange:offers")).content.decode()

    assert [empty_option(needs, name) for name in ["sector", "region", "urgency", "language"]] == [
        "будь-яка",  # сфера
        "будь-яка",  # область
        "будь-яка",  # терміновість
        "будь-яка",  # мова
    ]
    assert [empty_option(offers, name) for name in ["kind", "country", "region"]] == [
        "будь-який",  # вид допомоги
        "будь-яка",  # країна
        "будь-яка",  # область або регіон
    ]
    assert re.search(r'<option value="all"[^>]*>будь-який</option>', needs)  # статус
