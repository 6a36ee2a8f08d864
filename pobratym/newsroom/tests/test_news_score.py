from bench.news_score import Scores, normalise, pair_events, score_article


def _party(name_en, name_in_text=""):
    return {"name_en": name_en, "name_in_text": name_in_text, "kind": "city", "country": "UA"}


def test_normalise_drops_case_accents_and_generic_words():
    assert normalise("Коростенської міської територіальної громади") == "коростенськоі"
    assert normalise("Luhansk Oblast") == normalise("luhansk") == "luhansk"
    assert normalise("municipality of Plungė") == "of plunge"


def test_score_matches_either_name_one_to_one():
    scores = Scores()
    gold = {"events": [{"type": "meeting", "parties": [_party("Bourges"), _party("Korosten")]}]}
    pred = {
        "events": [
            {
                "type": "meeting",
                "parties": [_party("Burzh", "Bourges"), _party("Korosten"), _party("Kyiv")],
            }
        ]
    }

    score_article(scores, "1", gold, pred)

    assert (scores.parties.true_positives, scores.parties.predicted, scores.parties.gold) == (
        2,
        3,
        2,
    )
    assert round(scores.parties.f1, 3) == 0.8
    assert scores.type_accuracy == 1.0


def test_score_pools_parties_over_events_and_counts_dates_only_where_gold_has_one():
    scores = Scores()
    both = [_party("Korosten"), _party("Bourges")]
    gold = {
        "events": [
            {"type": "online_meeting", "date": "2024-05-28", "parties": both},
            {"type": "study_visit", "date": None, "parties": both},
        ]
    }
    pred = {
        "events": [
            {"type": "study_visit", "date": "2023-07-01", "parties": both},
            {"type": "online_meeting", "date": "2024-05-28", "parties": both},
        ]
    }

    score_article(scores, "1", gold, pred)

    assert (scores.parties.true_positives, scores.parties.gold) == (2, 2)
    assert (scores.paired_events, scores.types_right) == (2, 2)
    assert (scores.dated_pairs, scores.dates_right) == (1, 1)


def test_pair_events_prefers_more_shared_parties():
    gold = [{"parties": [_party("A"), _party("B")]}]
    predicted = [{"parties": [_party("A")]}, {"parties": [_party("B"), _party("A")]}]

    assert pair_events(gold, predicted) == [(0, 1)]
