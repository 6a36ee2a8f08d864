"""The people of the load test (bench/load_bench.py starts locust with this file).

    locust -f bench/load_locustfile.py --headless --host http://127.0.0.1:8300 Browser

Reads the world's record ids from the JSON file named by LOAD_WORLD and writes every request
(name, start, milliseconds, error) to the JSON file named by LOAD_RESULTS when the run stops:
the bench computes exact percentiles from them, where locust's own statistics round times
above 100 ms to the nearest 10 ms.

Browser reads as a visitor does, 1 to 3 s between pages. Saturating reads the same pages
without pause, Trivial asks only /health/live/: the two saturation phases.
"""

import json
import os
import random
from pathlib import Path
from typing import Any
from urllib.parse import quote

from locust import FastHttpUser, between, constant, events, task

WORLD: dict[str, Any] = json.loads(Path(os.environ["LOAD_WORLD"]).read_text(encoding="utf-8"))
RESULTS: list[tuple[str, float, float, str | None]] = []
HEADERS = {"Accept-Language": "uk"}


def _record(
    name: str, response_time: float, exception: BaseException | None, start_time: float, **_: Any
) -> None:
    error = None if exception is None else repr(exception)
    RESULTS.append((name, start_time, response_time, error))


def _write(**_: Any) -> None:
    with open(os.environ["LOAD_RESULTS"], "w", encoding="utf-8") as out:
        json.dump(RESULTS, out)


# locust's event hooks carry no types.
events.request.add_listener(_record)  # type: ignore[no-untyped-call]
events.test_stop.add_listener(_write)  # type: ignore[no-untyped-call]


class Pages(FastHttpUser):
    """What a visitor reads: the weights are a guess at a browsing mix, the directory and the
    records first, then search and the API."""

    abstract = True

    def _get(self, path: str, name: str) -> None:
        self.client.get(path, name=name, headers=HEADERS)

    @task(3)
    def directory_list(self) -> None:
        self._get("/directory/", "directory list")

    @task(2)
    def directory_search(self) -> None:
        query = random.choice(WORLD["directory_queries"])
        self._get(f"/directory/?q={quote(query)}", "directory list, text query")

    @task(3)
    def authority_profile(self) -> None:
        self._get(f"/directory/authority/{random.choice(WORLD['authorities'])}/", "authority page")

    @task(4)
    def need_page(self) -> None:
        self._get(f"/exchange/needs/{random.choice(WORLD['needs'])}/", "need page")

    @task(4)
    def offer_page(self) -> None:
        self._get(f"/exchange/offers/{random.choice(WORLD['offers'])}/", "offer page")

    @task(1)
    def need_list(self) -> None:
        self._get("/exchange/needs/", "need list")

    @task(2)
    def search_page(self) -> None:
        query = random.choice(WORLD["search_queries"])
        self._get(f"/search/?q={quote(query)}", "search page")

    @task(1)
    def api_needs(self) -> None:
        self._get("/api/v1/exchange/needs?limit=20", "API need list")

    @task(1)
    def api_need(self) -> None:
        self._get(f"/api/v1/exchange/needs/{random.choice(WORLD['needs'])}", "API need")

    @task(1)
    def api_need_offers(self) -> None:
        need = random.choice(WORLD["needs"])
        self._get(f"/api/v1/matching/needs/{need}/offers", "API offers for a need")

    @task(1)
    def api_authority(self) -> None:
        authority = random.choice(WORLD["authorities"])
        self._get(f"/api/v1/directory/authorities/{authority}", "API authority")


class Browser(Pages):
    wait_time = between(1, 3)


class Saturating(Pages):
    wait_time = constant(0)


class Trivial(FastHttpUser):
    wait_time = constant(0)

    @task
    def live(self) -> None:
        self.client.get("/health/live/", name="/health/live/")
