"""Fixtures of the search tests; the exchange's `world` and `fake_embedder` come along."""

import pytest

from pobratym.exchange.tests.conftest import fake_embedder, world  # noqa: F401
from pobratym.search import semantic


@pytest.fixture(autouse=True)
def _fresh_vectors():
    """Each test's database is new: the process's search vectors must not outlive it."""
    semantic.forget()
    yield
    semantic.forget()


@pytest.fixture
def now(django_capture_on_commit_callbacks):
    """Run a service and what it queued for after commit: the embedding of the text."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def concept_embedder(settings):
    """Embeddings by a fake that knows a few concepts in a few languages (fakes.py)."""
    settings.EXCHANGE_EMBEDDER = "pobratym.search.tests.fakes.ConceptEmbedder"
