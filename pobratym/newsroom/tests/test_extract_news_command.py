import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import gettext

from pobratym.directory.tests.factories import (
    AssociationFactory,
    AuthorityFactory,
    CountryFactory,
    municipality,
)

ARTICLE = (
    "Коростень і Бурж провели онлайн-зустріч\n\n"
    "15 квітня за сприяння Асоціації міст України відбулася онлайн-зустріч представників "
    "Коростенської міської територіальної громади та муніципалітету Бурж (Франція). Сторони "
    "обговорили обмін досвідом у сфері водопостачання та підготовку спільної заявки на грант.\n\n"
    "Французькі колеги розповіли про модернізацію станції очищення води, а українська сторона "
    "представила потреби громади після обстрілів енергетичної інфраструктури."
)
EVENT_KEYS = [
    "type",
    "date",
    "date_end",
    "parties",
    "facilitators",
    "sectors",
    "aid_items",
    "summary_en",
    "confidence",
    "evidence",
]


@pytest.fixture
def directory(db):
    AuthorityFactory()
    municipality(
        "Bourges",
        country="FR",
        country_en="France",
        country_uk="Франція",
        population=67987,
        name_uk="Бурж",
    )
    AssociationFactory(
        kind="national_association",
        slug="auc",
        acronym="АМУ",
        name="Асоціація міст України",
        name_uk="Асоціація міст України",
        name_en="Association of Ukrainian Cities",
        country=CountryFactory(),
    )


def _run(*args: str) -> list[dict]:
    out = StringIO()
    call_command("extract_news", *args, stdout=out, stderr=StringIO())
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_extract_news_prints_one_json_line_per_article_in_the_issue_shape(directory, tmp_path):
    article = tmp_path / "korosten.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    (line,) = _run("--json", "--published", "2024-04-20", str(article))

    assert list(line) == ["file", "url", "language", "events"]
    assert (line["file"], line["url"], line["language"]) == (str(article), None, "uk")
    (event,) = line["events"]
    assert list(event) == EVENT_KEYS
    assert (event["type"], event["date"], event["date_end"]) == (
        "online_meeting",
        "2024-04-15",
        None,
    )
    assert event["parties"] == [
        {
            "name_en": "Korosten",
            "name_in_text": "Коростенської міської територіальної громади",
            "kind": "hromada",
            "country": "UA",
        },
        {
            "name_en": "Bourges",
            "name_in_text": "муніципалітету Бурж (Франція)",
            "kind": "municipality",
            "country": "FR",
        },
    ]
    assert event["facilitators"] == [
        {
            "name_en": "Association of Ukrainian Cities",
            "name_in_text": "Асоціації міст України",
            "kind": "association",
            "country": "UA",
        }
    ]
    assert event["sectors"] == ["water"]
    assert event["aid_items"] == []


def test_extract_news_leaves_the_year_unknown_without_a_publication_date(directory, tmp_path):
    article = tmp_path / "korosten.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    (line,) = _run("--json", str(article))

    assert line["events"][0]["date"] is None


def test_extract_news_reports_unreadable_files_and_goes_on(directory, tmp_path):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    foreign = tmp_path / "vi.txt"
    foreign.write_text(
        "Thành phố Hà Nội đã ký biên bản ghi nhớ hợp tác với thành phố Kyiv về giáo dục.",
        encoding="utf-8",
    )
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Stadt Köln übergibt Generatoren".encode("latin-1"))
    good = tmp_path / "korosten.txt"
    good.write_text(ARTICLE, encoding="utf-8")

    lines = _run("--json", str(binary), str(empty), str(foreign), str(latin1), str(good))

    # In the user's language: the tests run in Ukrainian, the platform's default.
    assert [line.get("error") for line in lines] == [
        gettext("Not a text file."),
        gettext("The file is empty."),
        gettext("The article's language is not supported."),
        gettext("Not a text file: it is not valid UTF-8."),
        None,
    ]
    assert lines[1]["error"] == "Файл порожній."
    assert [line["file"] for line in lines] == [
        str(binary),
        str(empty),
        str(foreign),
        str(latin1),
        str(good),
    ]
    assert len(lines[-1]["events"]) == 1


def test_extract_news_refuses_a_malformed_publication_date(directory, tmp_path):
    article = tmp_path / "korosten.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run("--json", "--published", "20.04.2024", str(article))


def test_extract_news_without_json_prints_summaries(directory, tmp_path):
    article = tmp_path / "korosten.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = StringIO()

    call_command("extract_news", str(article), stdout=out, stderr=StringIO())

    assert out.getvalue() == (
        f"{article} [uk]: Korosten and Bourges held an online meeting, facilitated by "
        "Association of Ukrainian Cities.\n"
    )
