import json
import tracemalloc
from io import StringIO

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from django.utils.translation import gettext

from pobratym.directory.models import Association, Authority
from pobratym.directory.tests.factories import (
    AssociationFactory,
    AuthorityFactory,
    CountryFactory,
    municipality,
)
from pobratym.newsroom.management.commands.extract_news import Command
from pobratym.newsroom.text import ArticleError, ErrorCode, read_article

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


def _run_failing(*args: str) -> tuple[list[dict], CommandError]:
    """The lines of a run in which some file fails, and the error that ends it."""
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("extract_news", *args, stdout=out, stderr=StringIO())
    return [json.loads(line) for line in out.getvalue().splitlines()], failed.value


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
    korosten = Authority.objects.get(centre_name="Коростень")
    bourges = Authority.objects.get(name="Bourges")
    auc = Association.objects.get(slug="auc")
    assert event["parties"] == [
        {
            "name_en": "Korosten",
            "name_in_text": "Коростенської міської територіальної громади",
            "kind": "hromada",
            "country": "UA",
            "directory_id": f"authority:{korosten.pk}",
        },
        {
            "name_en": "Bourges",
            "name_in_text": "муніципалітету Бурж (Франція)",
            "kind": "municipality",
            "country": "FR",
            "directory_id": f"authority:{bourges.pk}",
        },
    ]
    assert event["facilitators"] == [
        {
            "name_en": "Association of Ukrainian Cities",
            "name_in_text": "Асоціації міст України",
            "kind": "association",
            "country": "UA",
            "directory_id": f"association:{auc.pk}",
        }
    ]
    assert event["sectors"] == ["water"]
    assert event["aid_items"] == []


def test_extract_news_leaves_the_year_unknown_without_a_publication_date(directory, tmp_path):
    article = tmp_path / "korosten.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    (line,) = _run("--json", str(article))

    assert line["events"][0]["date"] is None


def test_extract_news_reports_every_failure_with_its_code_and_goes_on(directory, tmp_path):
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
    missing = tmp_path / "missing.txt"
    good = tmp_path / "korosten.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    files = [binary, empty, foreign, latin1, missing, tmp_path, good]

    lines, failed = _run_failing("--json", *map(str, files))

    # In the user's language: the tests run in Ukrainian, the platform's default.
    assert [line.get("error") for line in lines] == [
        {"code": "not_text", "message": gettext("Not a text file.")},
        {"code": "empty", "message": "Файл порожній."},
        {"code": "unsupported_language", "message": "Мова статті не підтримується."},
        {"code": "not_utf8", "message": gettext("Not a text file: it is not valid UTF-8.")},
        {"code": "unreadable", "message": "Не вдалося прочитати файл: No such file or directory"},
        {"code": "unreadable", "message": "Не вдалося прочитати файл: Is a directory"},
        None,
    ]
    assert [line["file"] for line in lines] == list(map(str, files))
    assert len(lines[-1]["events"]) == 1
    assert failed.returncode == 1
    assert str(failed) == "6 файлів із 7 отримали рядок з помилкою."


def test_extract_news_refuses_an_article_over_the_size_limit_and_reads_the_others(
    directory, tmp_path
):
    before = tmp_path / "before.txt"
    before.write_text(ARTICLE, encoding="utf-8")
    huge = tmp_path / "huge.txt"
    huge.write_text((ARTICLE + "\n\n") * (200_000 // len(ARTICLE) + 1), encoding="utf-8")
    after = tmp_path / "after.txt"
    after.write_text(ARTICLE, encoding="utf-8")

    lines, failed = _run_failing("--json", str(before), str(huge), str(after))

    assert huge.stat().st_size > 200_000
    assert lines[1] == {
        "file": str(huge),
        "url": None,
        "error": {
            "code": "too_large",
            "message": "Стаття довша за 200\xa0000 символів: її не прочитано. Розділіть її або "
            "збільште --max-chars.",
        },
    }
    assert [len(lines[0]["events"]), len(lines[2]["events"])] == [1, 1]
    assert failed.returncode == 1
    assert str(failed) == "1 файл із 3 отримав рядок з помилкою."


def test_extract_news_reads_an_article_of_exactly_max_chars(directory, tmp_path):
    article = tmp_path / "korosten.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    (line,) = _run("--json", "--max-chars", str(len(ARTICLE)), str(article))
    (refused,), _failed = _run_failing("--json", "--max-chars", str(len(ARTICLE) - 1), str(article))

    assert len(line["events"]) == 1
    assert refused["error"]["code"] == "too_large"
    assert refused["error"]["message"].startswith(f"Стаття довша за {len(ARTICLE) - 1} символ")


def test_read_article_reads_no_further_than_one_character_past_the_limit(tmp_path):
    huge = tmp_path / "huge.txt"
    huge.write_text("ї" * 4_000_000, encoding="utf-8")  # 8 MB on disk, 8 MB as a str

    tracemalloc.start()
    try:
        with pytest.raises(ArticleError) as refused:
            read_article(huge, max_chars=100_000)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert (refused.value.code, refused.value.max_chars) == (ErrorCode.TOO_LARGE, 100_000)
    assert peak < 1_000_000


# The command line closes the database connections when it ends, which an open test
# transaction would not survive.
@pytest.mark.django_db(transaction=True)
def test_extract_news_exits_with_status_1_when_a_file_failed_and_0_otherwise(
    directory, tmp_path, capsys
):
    good = tmp_path / "korosten.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")

    execute_from_command_line(["manage.py", "extract_news", "--json", str(good)])
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "extract_news", "--json", str(good), str(empty)])

    assert exited.value.code == 1
    output = capsys.readouterr()
    assert [json.loads(line).get("error") for line in output.out.splitlines()] == [
        None,
        None,
        {"code": "empty", "message": "Файл порожній."},
    ]
    assert output.err.endswith("1 файл із 2 отримав рядок з помилкою.\n")


def test_extract_news_help_lists_the_error_codes_and_the_exit_status():
    help_text = Command().create_parser("manage.py", "extract_news").format_help()

    assert "  unreadable, not_text, not_utf8, too_large, empty, unsupported_language\n" in help_text
    assert (
        "Exit status: 0 when every file was read, 1 when any file got an error line\n"
        "(the other files are still read and printed), 2 for wrong arguments." in help_text
    )
    assert "--max-chars N" in help_text


def test_extract_news_gives_a_new_entry_no_directory_id(db, tmp_path):
    AuthorityFactory()  # Korosten; Bourges is not in the directory
    article = tmp_path / "korosten.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    korosten = Authority.objects.get(centre_name="Коростень")

    (line,) = _run("--json", str(article))

    (event,) = line["events"]
    assert [(p["name_en"], p["directory_id"]) for p in event["parties"]] == [
        ("Korosten", f"authority:{korosten.pk}"),
        ("Burzh", None),
    ]


def test_extract_news_refuses_a_malformed_publication_date(directory, tmp_path):
    article = tmp_path / "korosten.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    with pytest.raises(CommandError, match="YYYY-MM-DD") as refused:
        _run("--json", "--published", "20.04.2024", str(article))

    assert refused.value.returncode == 2


def test_extract_news_without_json_prints_summaries(directory, tmp_path):
    article = tmp_path / "korosten.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = StringIO()

    call_command("extract_news", str(article), stdout=out, stderr=StringIO())

    assert out.getvalue() == (
        f"{article} [uk]: Korosten and Bourges held an online meeting, facilitated by "
        "Association of Ukrainian Cities.\n"
    )


def test_extract_news_refuses_a_max_chars_below_one_and_reads_nothing(directory, tmp_path):
    article = tmp_path / "korosten.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = StringIO()

    with pytest.raises(CommandError) as refused:
        call_command("extract_news", "--max-chars", "0", str(article), stdout=out)

    assert refused.value.returncode == 2
    assert str(refused.value) == "--max-chars має бути додатним числом, а не 0."
    assert out.getvalue() == ""
