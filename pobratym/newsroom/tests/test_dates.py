import datetime

from pobratym.newsroom.text.dates import DateMention, dateline, find_dates, resolve


def _dates(text, language, anchor=None):
    return [
        (resolved.date, resolved.date_end)
        for resolved in (resolve(m, anchor=anchor) for m in find_dates(text, language))
    ]


def test_dates_day_month_year_in_ukrainian_genitive():
    assert _dates("28 травня 2024 року відбулась зустріч", "uk") == [("2024-05-28", None)]


def test_dates_range_within_a_month_with_leading_zero():
    assert _dates("01-05 липня 2023 року представники", "uk") == [("2023-07-01", "2023-07-05")]


def test_dates_range_with_a_hyphen_and_year_word():
    assert _dates("відбулася 29-30 серпня 2023 року в м. Осло", "uk") == [
        ("2023-08-29", "2023-08-30")
    ]


def test_dates_range_across_months():
    assert _dates("з 29 серпня по 2 вересня 2023 року", "uk") == [("2023-08-29", "2023-09-02")]


def test_dates_french_range_with_au():
    assert _dates("Du 3 au 7 juin 2024, une délégation", "fr") == [("2024-06-03", "2024-06-07")]


def test_dates_lithuanian_year_first():
    assert _dates("2024 m. gegužės 28 d. Kauno miesto savivaldybė", "lt") == [("2024-05-28", None)]


def test_dates_german_day_with_dot():
    assert _dates("am 12. Oktober 2023 im Rathaus", "de") == [("2023-10-12", None)]


def test_dates_bulgarian_with_hard_sign_elsewhere_in_the_text():
    assert _dates("На 15 май 2024 г. кметът подписа", "bg") == [("2024-05-15", None)]


def test_dates_month_and_year_only():
    assert _dates("у травні 2024 року громада", "uk") == [("2024-05", None)]


def test_dates_numeric():
    assert _dates("дата 28.05.2024", "uk") == [("2024-05-28", None)]


def test_dates_without_year_are_null_without_anchor():
    assert _dates("Меморандум подписан 11 февраля.", "ru") == [(None, None)]
    assert _dates("Miasto podpisało umowę 5 lipca.", "pl") == [(None, None)]
    assert _dates("le 25 septembre, la ville", "fr") == [(None, None)]


def test_dates_year_from_publication_date():
    anchor = datetime.date(2025, 3, 1)
    assert _dates("11 февраля подписали", "ru", anchor) == [("2025-02-11", None)]
    assert _dates("le 25 septembre", "fr", anchor) == [("2024-09-25", None)]


def test_dates_bare_year_is_no_date():
    assert find_dates("у 2023 році делегація", "uk") == []


def test_dateline_read_from_the_top_of_the_article():
    assert dateline("11 / Червень, 2024\n\n28 травня відбулась", "uk") == datetime.date(2024, 6, 11)
    assert dateline("Без дати.\n" + "x" * 300 + " 5 травня 2024", "uk") is None


def test_resolve_invalid_day_gives_no_date():
    mention = DateMention(start=0, end=5, month=2, day=31, year=2024)
    assert resolve(mention, anchor=None).date is None
