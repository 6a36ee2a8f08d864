"""The centring that makes text embeddings comparable.

Raw e5 vectors of any two administrative texts sit close together (cosines of 0.75–0.85
between unrelated ones): the shared bureaucratic style dominates. Subtracting the corpus mean
and renormalising removes that shared direction and leaves what differs.
"""

from dataclasses import dataclass

import numpy as np

from pobratym.semantics import FloatMatrix


def corpus_mean(vectors: FloatMatrix) -> FloatMatrix:
    """The mean vector of a corpus (zero for an empty one)."""
    if len(vectors) == 0:
        return np.zeros(vectors.shape[1] if vectors.ndim == 2 else 0, dtype=np.float32)
    return np.asarray(vectors.mean(axis=0, dtype=np.float64), dtype=np.float32)


def centre(vectors: FloatMatrix, mean: FloatMatrix) -> FloatMatrix:
    """Subtract `mean` from each row and renormalise; a row equal to the mean becomes zero."""
    shifted = np.asarray(vectors, dtype=np.float32) - mean
    norms = np.linalg.norm(shifted, axis=-1, keepdims=True)
    out: FloatMatrix = np.divide(shifted, norms, out=np.zeros_like(shifted), where=norms > 0)
    return out


@dataclass(frozen=True, eq=False)
class Centring:
    """The means subtracted from need and offer vectors.

    By default one mean over needs and offers together: both are embedded alike, and the
    direction to remove is their common style. Kept fixed between full recomputes: one new
    need hardly moves the mean of thirty thousand, and a fixed mean keeps every stored score
    comparable with a newly computed one.
    """

    need_mean: FloatMatrix
    offer_mean: FloatMatrix

    @classmethod
    def from_vectors(
        cls, need_vectors: FloatMatrix, offer_vectors: FloatMatrix, *, separate: bool = False
    ) -> "Centring":
        """The corpus mean; `separate`: one mean per side (for e5 queries vs passages)."""
        if separate:
            return cls(need_mean=corpus_mean(need_vectors), offer_mean=corpus_mean(offer_vectors))
        mean = corpus_mean(np.concatenate([need_vectors, offer_vectors]))
        return cls(need_mean=mean, offer_mean=mean)

    @classmethod
    def none(cls, dimension: int) -> "Centring":
        """No centring: raw cosines (the ablation's baseline)."""
        zero = np.zeros(dimension, dtype=np.float32)
        return cls(need_mean=zero, offer_mean=zero)
