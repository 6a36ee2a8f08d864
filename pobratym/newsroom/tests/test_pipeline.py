import dataclasses
import datetime
import json
from pathlib import Path

import pytest

from bench.news_score import score
from pobratym.newsroom.text import AidItem, ArticleError, ErrorCode, extract

from .gazetteer_data import small_gazetteer

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
GAZETTEER = small_gazetteer()


def _predictions() -> list[dict]:
    lines = []
    for path in sorted(ARTICLES.glob("*.txt")):
        result = extract(path.read_text(encoding="utf-8"), gazetteer=GAZETTEER)
        events = [dataclasses.asdict(event) for event in result.events]
        lines.append({"file": path.name, "language": result.language, "events": events})
    return lines


PREDICTIONS = _predictions()


def test_fixtures_cover_twenty_articles_in_eight_languages():
    gold = [json.loads(path.read_text(encoding="utf-8")) for path in ARTICLES.glob("*.json")]
    assert len(gold) >= 20
    assert len({article["language"] for article in gold}) >= 8


def test_pipeline_detects_the_language_of_every_fixture():
    for line in PREDICTIONS:
        gold = json.loads((ARTICLES / line["file"]).with_suffix(".json").read_text("utf-8"))
        assert line["language"] == gold["language"], line["file"]


def test_pipeline_meets_the_goals_on_the_fixtures():
    scores = score(ARTICLES, PREDICTIONS)

    assert scores.articles == 24
    assert scores.parties.f1 >= 0.9, scores.misses
    assert scores.type_accuracy >= 0.9, scores.misses
    assert scores.date_exactness >= 0.9, scores.misses


def test_pipeline_reports_a_study_visit_with_its_range_and_programme():
    text = (ARTICLES / "03_uk.txt").read_text(encoding="utf-8")

    (event,) = extract(text, gazetteer=GAZETTEER).events

    assert (event.type, event.date, event.date_end) == ("study_visit", "2024-09-16", "2024-09-20")
    assert [(p.name_en, p.kind, p.country) for p in event.parties] == [
        ("Irpin", "hromada", "UA"),
        ("Lublin", "municipality", "PL"),
    ]
    assert [p.name_en for p in event.facilitators] == ["U-LEAD with Europe"]
    assert event.evidence.startswith("З 16 по 20 вересня 2024 року делегація")
    assert 0.0 < event.confidence <= 1.0


def test_pipeline_counts_aid_items():
    text = (ARTICLES / "02_uk.txt").read_text(encoding="utf-8")

    (event,) = extract(text, gazetteer=GAZETTEER).events

    assert event.type == "aid_delivery"
    assert event.aid_items == [
        AidItem("generators (30 kW)", 10),
        AidItem("ambulances", 2),
        AidItem("medical equipment", None),
    ]
    assert event.date == "2024-02-03"


def test_pipeline_takes_a_missing_year_from_the_publication_date():
    text = (ARTICLES / "16_fr.txt").read_text(encoding="utf-8")

    undated = extract(text, gazetteer=GAZETTEER).events[0]
    dated = extract(text, gazetteer=GAZETTEER, published=datetime.date(2024, 10, 2)).events[0]

    assert (undated.date, dated.date) == (None, "2024-09-25")


def test_pipeline_keeps_parties_and_facilitators_apart():
    text = (ARTICLES / "04_uk.txt").read_text(encoding="utf-8")

    (event,) = extract(text, gazetteer=GAZETTEER).events

    assert [p.name_en for p in event.parties] == ["Poltava", "Regensburg"]
    assert [p.name_en for p in event.facilitators] == ["Association of Ukrainian Cities"]


def test_pipeline_reports_nothing_for_appeals_and_statistics():
    text = (ARTICLES / "24_en.txt").read_text(encoding="utf-8")

    assert extract(text, gazetteer=GAZETTEER).events == []


def test_pipeline_refuses_an_empty_text():
    with pytest.raises(ArticleError) as refused:
        extract("  \n 12 ", gazetteer=GAZETTEER)

    assert refused.value.code == ErrorCode.EMPTY


def test_pipeline_refuses_an_unsupported_language():
    with pytest.raises(ArticleError) as refused:
        extract(
            "Thành phố Hà Nội đã ký biên bản ghi nhớ hợp tác với thành phố", gazetteer=GAZETTEER
        )

    assert refused.value.code == ErrorCode.UNSUPPORTED_LANGUAGE


def test_pipeline_loads_only_the_languages_it_is_given():
    polish = (ARTICLES / "10_pl.txt").read_text(encoding="utf-8")
    ukrainian = (ARTICLES / "01_uk.txt").read_text(encoding="utf-8")

    assert extract(ukrainian, gazetteer=GAZETTEER, languages=("uk", "ru")).language == "uk"
    with pytest.raises(ArticleError, match="unsupported_language"):
        extract(polish, gazetteer=GAZETTEER, languages=("uk", "ru"))
