from pobratym.newsroom.text.gazetteer import Mention
from pobratym.newsroom.text.normalise import tokenize

from .gazetteer_data import small_gazetteer

GAZETTEER = small_gazetteer()


def _found(text: str, language: str) -> list[tuple[str, str, str]]:
    mentions: list[Mention] = GAZETTEER.find(text, tokenize(text), language)
    return [(text[m.char_start : m.char_end], m.entry.name_en, m.kind) for m in mentions]


def test_gazetteer_links_an_inflected_hromada_name():
    assert _found("між представниками Коростенської міської територіальної громади та", "uk") == [
        ("Коростенської міської територіальної громади", "Korosten", "hromada")
    ]


def test_gazetteer_links_a_hromada_by_its_centre_in_the_genitive():
    assert _found("міський голова Миколаєва заявив", "uk") == [("Миколаєва", "Mykolaiv", "city")]


def test_gazetteer_links_a_foreign_municipality_with_its_kind_word_and_country():
    assert _found("з муніципалітетом Бурж (Франція) відбулась", "uk") == [
        ("муніципалітетом Бурж (Франція)", "Bourges", "municipality")
    ]


def test_gazetteer_links_an_indeclinable_name_and_a_russian_association():
    assert _found(
        "мэр муниципалитета Плунге, президент Ассоциации органов местного самоуправления Литвы",
        "ru",
    ) == [
        ("муниципалитета Плунге", "Plungė", "municipality"),
        (
            "Ассоциации органов местного самоуправления Литвы",
            "Association of Local Authorities of Lithuania",
            "association",
        ),
    ]


def test_gazetteer_links_oblasts_by_nickname_and_administration():
    assert _found("Луганщина та Луганська обласна військова адміністрація", "uk") == [
        ("Луганщина", "Luhansk Oblast", "oblast"),
        ("Луганська обласна", "Luhansk Oblast", "oblast"),
    ]


def test_gazetteer_links_exonyms_of_ukrainian_cities():
    assert _found("pomoc dla Charkowa i Tarnopola", "pl") == [
        ("Charkowa", "Kharkiv", "city"),
        ("Tarnopola", "Ternopil", "city"),
    ]
    assert _found("aggregater til Tsjernihiv", "no") == [("Tsjernihiv", "Chernihiv", "city")]
    assert _found("une délégation de Tchernihiv", "fr") == [("Tchernihiv", "Chernihiv", "city")]
    assert _found("городской голова Харькова", "ru") == [("Харькова", "Kharkiv", "city")]


def test_gazetteer_links_an_association_named_in_another_language_by_its_concepts():
    assert _found(
        "на запрошення Норвезької асоціації місцевих та регіональних влад (KS)", "uk"
    ) == [
        (
            "Норвезької асоціації місцевих та регіональних влад (KS)",
            "Norwegian Association of Local and Regional Authorities",
            "association",
        )
    ]


def test_gazetteer_keeps_the_more_specific_organisation():
    assert _found("Французької асоціації Ради європейських муніципалітетів та регіонів", "uk") == [
        (
            "Французької асоціації Ради європейських муніципалітетів та регіонів",
            "French Association of the Council of European Municipalities and Regions",
            "association",
        )
    ]


def test_gazetteer_ignores_person_names_and_common_words():
    assert _found("Станіслав Таран, експерт проєкту", "uk") == []
    assert _found("Nice weather in the city. It was nice.", "en") == []


def test_gazetteer_proposes_an_unknown_municipality_after_its_kind_word():
    assert _found("партнерство з муніципалітетом Вінтертур", "uk") == [
        ("муніципалітетом Вінтертур", "Vintertur", "municipality")
    ]
