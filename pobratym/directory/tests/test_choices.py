"""The directory's filters list countries, oblasts and languages alphabetically in the
reader's language, not by character code; their "any" agrees with each noun."""

import pytest
from django.urls import reverse
from django.utils import translation

from pobratym.directory.forms import AuthorityFilterForm, ContactForm, _description_languages
from pobratym.directory.models import Contact
from pobratym.directory.selectors import association_choices
from pobratym.directory.tests.alphabet import (
    COUNTRIES_IN_ORDER,
    OBLASTS_IN_ORDER,
    countries_and_oblasts,
    empty_option,
    select_options,
)
from pobratym.directory.tests.factories import AssociationFactory


@pytest.mark.parametrize("language", ["uk", "en"])
def test_directory_filters_list_countries_and_oblasts_alphabetically(client, db, language):
    countries_and_oblasts()
    client.cookies["django_language"] = language

    html = client.get(reverse("directory:list")).content.decode()

    assert select_options(html, "country") == COUNTRIES_IN_ORDER[language]
    assert select_options(html, "region") == OBLASTS_IN_ORDER[language]


@pytest.mark.parametrize(
    ("language", "run"),
    [
        # Character codes put і (U+0456) after я; alphabetically it follows е and и.
        ("uk", ["данська", "естонська", "ірландська", "ісландська", "іспанська", "італійська"]),
        ("en", ["Hungarian", "Icelandic", "Irish", "Italian", "Latvian", "Lithuanian"]),
    ],
)
def test_profile_form_lists_description_languages_alphabetically(language, run):
    with translation.override(language):
        names = [name for code, name in _description_languages() if code]

    start = names.index(run[0])
    assert names[start : start + len(run)] == run
    assert names[0] == {"uk": "азербайджанська", "en": "Albanian"}[language]


def test_associations_are_offered_alphabetically_in_the_readers_language(db):
    for slug, name_uk, name_en in [
        ("lsa", "Асоціація самоврядувань Литви", "Lithuanian Association of Local Authorities"),
        ("auc", "Асоціація міст України", "Association of Ukrainian Cities"),
        ("eaccr", "Європейський альянс міст і регіонів", "European Alliance of Cities and Regions"),
    ]:
        AssociationFactory(slug=slug, name=name_en, name_uk=name_uk, name_en=name_en)

    with translation.override("uk"):
        ukrainian = [a.slug for a in association_choices()]
    with translation.override("en"):
        english = [a.slug for a in association_choices()]

    assert ukrainian == ["auc", "lsa", "eaccr"]
    assert english == ["auc", "eaccr", "lsa"]


def test_any_agrees_with_each_filters_noun_in_ukrainian(client, db):
    html = client.get(reverse("directory:list")).content.decode()

    assert {
        name: empty_option(html, name)
        for name in ["country", "region", "kind", "population_band", "frontline_status"]
    } == {
        "country": "будь-яка",  # країна
        "region": "будь-яка",  # область або регіон
        "kind": "будь-який",  # тип
        "population_band": "будь-яке",  # населення
        "frontline_status": "будь-який",  # прифронтовий статус
    }


def test_a_contact_persons_name_is_a_persons_name(db):
    with translation.override("uk"):
        assert str(ContactForm().fields["name"].label) == "Ім’я"
        assert str(Contact._meta.get_field("name").verbose_name) == "ім’я"
        assert str(AuthorityFilterForm().fields["q"].label) == "Назва"  # an organisation's
