import pytest
from django.utils import translation

from pobratym.exchange.language import language_name, record_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Потрібні генератори для лікарні та шкіл громади", "uk"),
        ("Wir bieten Beratung zur Energieeffizienz kommunaler Gebäude an", "de"),
        ("Savivaldybė siūlo mokymus apie civilinę saugą ir gyventojų perspėjimą", "lt"),
        ("Kommunen tilbyr opplæring i beredskap og sivilforsvar for ukrainske kommuner", "no"),
        ("Nous proposons des places en visite d'étude pour les élus ukrainiens", "fr"),
        ("Gmina oferuje szkolenia z zarządzania kryzysowego dla ukraińskich samorządów", "pl"),
        ("Нужны генераторы для больницы и школ", "ru"),
        ("We offer training in municipal energy management for Ukrainian towns", "en"),
    ],
)
def test_record_language_tells_the_directory_languages_apart(text, code):
    assert record_language(text) == code


@pytest.mark.parametrize("text", ["", "   ", "12345 — 67", "Генератори"])
def test_record_language_says_nothing_when_it_cannot_tell(text):
    assert record_language(text) == ""


def test_language_name_is_in_the_interface_language():
    with translation.override("en"):
        english = language_name("lt")
    ukrainian = language_name("lt")

    assert (ukrainian, english) == ("литовська", "Lithuanian")
    assert language_name("") == ""
