"""The search test set: recall@10 with the real model, per query language."""

from collections import defaultdict

import pytest

from pobratym.search import testset as corpus
from pobratym.search.selectors import SearchFilters, search_for_viewer
from pobratym.search.tests import testset

pytestmark = pytest.mark.django_db

TOP = 10


def test_set_has_enough_queries_in_enough_languages():
    data = corpus.load()
    keys = {f"a-{row['key']}" for row in data["authorities"]}
    keys |= {row["key"] for row in data["needs"] + data["offers"]}

    assert len(data["queries"]) >= 20
    assert len({query["language"] for query in data["queries"]}) >= 5
    for query in data["queries"]:
        assert query["expected"] and set(query["expected"]) <= keys, query["text"]


def test_recall_at_10_with_the_real_model(now, world):
    keys = testset.build(now)
    found_keys = {value: key for key, value in keys.items()}
    recall: dict[str, list[float]] = defaultdict(list)
    misses = []
    for query in corpus.load()["queries"]:
        results = search_for_viewer(
            viewer=world.users["anonymous"], query=query["text"], filters=SearchFilters()
        )
        top = [found_keys.get((hit.kind, hit.pk)) for hit in results.hits[:TOP]]
        found = [key for key in query["expected"] if key in top]
        recall[query["language"]].append(len(found) / len(query["expected"]))
        if len(found) < len(query["expected"]):
            misses.append(f"{query['text']!r}: {top}")
    overall = sum(sum(values) for values in recall.values()) / sum(map(len, recall.values()))
    report = ", ".join(f"{lang} {sum(v) / len(v):.2f} ({len(v)})" for lang, v in recall.items())

    print(f"recall@10 {overall:.3f}: {report}")  # the figures docs/search.md quotes (pytest -s)
    assert overall >= 0.9, f"recall@10 {overall:.3f}: {report}\n" + "\n".join(misses)
