"""A deterministic stand-in for the embedding model, plugged in through EXCHANGE_EMBEDDER."""

import hashlib
from collections.abc import Sequence
from typing import ClassVar

import numpy as np


class FakeEmbedder:
    """Eight-dimensional unit vectors derived from each text's hash; remembers what it saw."""

    name = "fake-embedder"
    dimension = 8
    seen: ClassVar[list[str]] = []

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        FakeEmbedder.seen.extend(texts)
        rows = []
        for text in texts:
            digest = hashlib.sha256(text.encode()).digest()[: FakeEmbedder.dimension]
            row = np.frombuffer(digest, dtype=np.uint8).astype(np.float32) + 1.0
            rows.append(row / np.linalg.norm(row))
        return np.stack(rows).astype(np.float32)

    embed_passages = embed_queries
