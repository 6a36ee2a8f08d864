"""Names that character codes put out of alphabetical order, for the tests of every list a
person picks from: Є and І come before А in Unicode, and English and Ukrainian orders differ."""

import re

from pobratym.directory.tests.factories import CountryFactory, RegionFactory

COUNTRIES_IN_ORDER = {
    "uk": ["Австрія", "Естонія", "Єгипет", "Ірландія", "Іспанія", "Україна"],
    "en": ["Austria", "Egypt", "Estonia", "Ireland", "Spain", "Ukraine"],
}
OBLASTS_IN_ORDER = {
    "uk": [
        "Житомирська область",
        "Запорізька область",
        "Івано-Франківська область",
        "Київська область",
    ],
    "en": ["Ivano-Frankivska oblast", "Kyivska oblast", "Zaporizka oblast", "Zhytomyrska oblast"],
}


def countries_and_oblasts() -> None:
    """Ukraine, five countries and four oblasts, created in neither alphabetical order."""
    for code, name_en, name_uk in [
        ("ES", "Spain", "Іспанія"),
        ("EE", "Estonia", "Естонія"),
        ("UA", "Ukraine", "Україна"),
        ("IE", "Ireland", "Ірландія"),
        ("EG", "Egypt", "Єгипет"),
        ("AT", "Austria", "Австрія"),
    ]:
        CountryFactory(code=code, name_en=name_en, name_uk=name_uk)
    for code, name_uk, name_en in [
        ("UA-26", "Івано-Франківська область", "Ivano-Frankivska oblast"),
        ("UA-18", "Житомирська область", "Zhytomyrska oblast"),
        ("UA-32", "Київська область", "Kyivska oblast"),
        ("UA-23", "Запорізька область", "Zaporizka oblast"),
    ]:
        RegionFactory(code=code, name=name_uk, name_uk=name_uk, name_en=name_en)


def select_options(html: str, name: str) -> list[str]:
    """The labels of a page's <select name=…> options, in page order, without the empty one."""
    found = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert found, f"the page has no select named {name}"
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', found[1])
    return [label.strip() for value, label in options if value]


def empty_option(html: str, name: str) -> str:
    """The label of a page's <select name=…> empty option ("any")."""
    found = re.search(rf'<select name="{name}"[^>]*>\s*<option value=""[^>]*>([^<]*)<', html)
    assert found, f"the select {name} has no empty option"
    return found[1]
