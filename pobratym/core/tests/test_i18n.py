"""Which language a browser gets, and alphabetical order in the reader's language."""

import pytest
from django.utils import translation

from pobratym.core.i18n import alphabetical, collation_key, language_from_browser


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("uk-UA,uk;q=0.9", "uk"),
        ("ru-RU,ru;q=0.9,en-US;q=0.8", "uk"),  # a Russian-language browser reads Ukrainian
        ("lt-LT,lt;q=0.9", "en"),
        ("de-DE,de;q=0.9", "en"),
        ("lt,ru;q=0.8", "en"),  # Russian as a second language says little
        ("de-DE,de;q=0.9,uk;q=0.8,en;q=0.7", "uk"),  # Ukrainian listed before English
        ("en-GB,en;q=0.9,uk;q=0.8", "en"),
        ("pl;q=0.5,en;q=0.9", "en"),  # by preference, not by position in the header
        ("fr-FR,fr;q=0.9,en-US;q=0.8,uk;q=0.7", "en"),
        ("*", "en"),
        ("", "uk"),  # no header at all: nothing known, the platform's default
        ("   ", "uk"),
    ],
)
def test_language_from_browser_picks_ukrainian_only_for_its_readers(header, language):
    assert language_from_browser(header) == language


UKRAINIAN_NAMES = [
    "Їжакевичі",
    "Єгипет",
    "Іспанія",
    "Ґалаґан",
    "Естонія",
    "Кам’янець-Подільський",
    "Ірландія",
    "Иршава",
    "Австрія",
    "Йорданія",
    "Греція",
    "Камбоджа",
    "Нова Ушиця",
    "Новаград",
    "Нова",
]


def test_ukrainian_order_follows_the_alphabet_not_character_codes():
    in_order = [
        "Австрія",
        "Греція",
        "Ґалаґан",
        "Естонія",
        "Єгипет",
        "Иршава",
        "Ірландія",
        "Іспанія",
        "Їжакевичі",
        "Йорданія",
        "Камбоджа",
        "Кам’янець-Подільський",  # the apostrophe is ignored: "камя…" after "камб…"
        "Нова",
        "Нова Ушиця",  # a word ends before any letter
        "Новаград",
    ]

    assert sorted(UKRAINIAN_NAMES, key=lambda name: collation_key(name, "uk")) == in_order
    assert sorted(UKRAINIAN_NAMES) != in_order  # what character codes give


def test_english_order_ignores_accents_and_case():
    names = ["Zagreb", "Łódź", "plungė", "Ålesund", "Lyon", "Plunge", "aachen", "Österreich"]

    in_order = sorted(names, key=lambda name: collation_key(name, "en"))

    assert in_order == [
        "aachen",
        "Ålesund",
        "Łódź",
        "Lyon",
        "Österreich",
        "Plunge",
        "plungė",
        "Zagreb",
    ]
    assert sorted(names) != in_order


def test_each_reader_gets_their_own_script_first():
    names = ["Бурж", "Berlin", "Аахен", "Zagreb"]

    assert sorted(names, key=lambda n: collation_key(n, "uk")) == [
        "Аахен",
        "Бурж",
        "Berlin",
        "Zagreb",
    ]
    assert sorted(names, key=lambda n: collation_key(n, "en")) == [
        "Berlin",
        "Zagreb",
        "Аахен",
        "Бурж",
    ]


def test_alphabetical_uses_the_active_language():
    countries = [
        ("IE", "Ірландія", "Ireland"),
        ("EE", "Естонія", "Estonia"),
        ("EG", "Єгипет", "Egypt"),
    ]

    with translation.override("uk"):
        ukrainian = alphabetical(countries, by=lambda country: country[1])
    with translation.override("en"):
        english = alphabetical(countries, by=lambda country: country[2])

    assert [code for code, *_names in ukrainian] == ["EE", "EG", "IE"]
    assert [code for code, *_names in english] == ["EG", "EE", "IE"]
