"""A stand-in for e5 that knows a few concepts in a few languages, for fast search tests."""

import hashlib
from collections.abc import Sequence

import numpy as np

# Each concept: word beginnings that name it in uk, en, pl, de, fr.
CONCEPTS = (
    ("генератор", "generator", "agregat", "stromerzeug", "groupe électrogène"),
    ("вод", "water", "wod", "wasser", "eau"),
    ("музе", "museum", "muzeum", "musée"),
    ("енерг", "energ", "énerg"),
)
NOISE = 16


class ConceptEmbedder:
    """One dimension per concept named in the text, plus a faint per-text direction: texts
    naming the same concept in any language score about 1, others near 0."""

    name = "concept-embedder"

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        rows = []
        for text in texts:
            folded = text.casefold()
            concepts = [1.0 if any(w in folded for w in words) else 0.0 for words in CONCEPTS]
            digest = hashlib.sha256(text.encode()).digest()[:NOISE]
            noise = np.frombuffer(digest, dtype=np.uint8).astype(np.float32) - 127.5
            row = np.concatenate([concepts, 0.05 * noise / np.linalg.norm(noise)])
            rows.append(row / np.linalg.norm(row))
        return np.stack(rows).astype(np.float32)

    embed_passages = embed_queries
