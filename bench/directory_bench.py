"""Directory benchmark: reference import time and warm page latency, on one database.

    .venv/bin/python bench/directory_bench.py [--database-url URL] [--skip-import] [--write]

Without --database-url it works on its own SQLite file, var/bench.sqlite3, which it deletes and
rebuilds: the demo database var/pobratym.sqlite3 is never touched. Any other database must be
empty for the cold import, or --reset wipes it first.

Pages are requested in-process through django.test.Client: the full middleware stack, URL
routing, views, templates and the real database, with DEBUG off; only the socket and the WSGI
server are left out. The speed goal (p95 <= 150 ms) lives here, never in the unit tests.
"""

import argparse
import datetime as dt
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import urlsplit, urlunsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS_MODULE = "config.settings.dev"
DEFAULT_DATABASE_URL = f"sqlite:///{BASE_DIR / 'var' / 'bench.sqlite3'}"
DEMO_SQLITE = BASE_DIR / "var" / "pobratym.sqlite3"
# The test suite creates and drops these (and PostgreSQL needs its templates): never write there.
PROTECTED_DATABASES = frozenset({"postgres", "test", "template0", "template1"})
DOCS = BASE_DIR / "docs" / "benchmarks.md"
GOAL_MS = 150.0
# CaptureQueriesContext forces the debug cursor, which costs time: queries are counted in
# separate requests after the timed ones, never during them.
QUERY_CAPTURE_RUNS = 5
VENDOR_HEADINGS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
PROFILE_CENTRE = "Коростень"


@dataclass(frozen=True)
class PhaseResult:
    label: str
    seconds: float
    outcome: str


@dataclass
class TimedQuery:
    sql: str
    params: Any
    seconds: float = 0.0


@dataclass(frozen=True)
class PageResult:
    label: str
    url: str
    results: int | None  # authorities the list finds; None for a profile page
    queries: int
    sql_ms: float  # median over the capture runs, execute to last row fetched
    html_kb: float
    p50_ms: float
    p95_ms: float
    max_ms: float
    slowest: TimedQuery | None

    @property
    def meets_goal(self) -> bool:
        return self.p95_ms <= GOAL_MS


def progress(message: str) -> None:
    # stderr, so that stdout carries only the Markdown report and can be redirected.
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--database-url",
        default=DEFAULT_DATABASE_URL,
        help="database to benchmark (default: var/bench.sqlite3, rebuilt on every run)",
    )
    parser.add_argument(
        "--skip-import",
        action="store_true",
        help="keep the data already in the database and only time the pages",
    )
    parser.add_argument(
        "--reset",
        action="store_true",
        help="wipe a non-default database before the cold import (SQLite: delete the file; "
        "PostgreSQL: drop and recreate the public schema)",
    )
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument(
        "--write",
        action="store_true",
        help="update this database's section of docs/benchmarks.md",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="also print each page's slowest SQL query with its plan",
    )
    return parser.parse_args(argv)


def guard_database(url: str) -> dict[str, Any]:
    """The parsed database settings; refuses the demo database and those of the test suite."""
    config: dict[str, Any] = dict(dj_database_url.parse(url))
    engine, name = str(config["ENGINE"]), str(config["NAME"])
    if engine.endswith("sqlite3"):
        if Path(name).resolve() == DEMO_SQLITE.resolve():
            raise SystemExit(f"Refusing to benchmark the demo database {DEMO_SQLITE}.")
    elif name in PROTECTED_DATABASES:
        raise SystemExit(f"Refusing to benchmark the database {name!r}: the test suite uses it.")
    return config


def redact(url: str) -> str:
    """The URL without its password, fit to be written into the docs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def delete_sqlite(path: Path) -> None:
    # WAL mode leaves two companion files; a stale -wal would replay old pages into a new file.
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def setup_django(url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    os.environ["DATABASE_URL"] = url
    # Run as a script, Python puts bench/ on sys.path, not the project root.
    if str(BASE_DIR) not in sys.path:
        sys.path.insert(0, str(BASE_DIR))
    # Django is imported once the project root is on sys.path.
    import django  # noqa: PLC0415
    from django.conf import settings  # noqa: PLC0415

    django.setup()
    # The dev settings turn DEBUG on, which records every query and renders debug templates;
    # production runs without it. Template engines are built lazily, on the first request,
    # so they pick up this value too.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def prepare_empty_database(config: dict[str, Any], *, url: str, reset: bool) -> None:
    """Make sure the cold import starts from an empty database, or stop and say why."""
    # After setup_django(): the settings and the database are chosen at run time.
    from django.db import connection  # noqa: PLC0415

    engine, name = str(config["ENGINE"]), str(config["NAME"])
    if engine.endswith("sqlite3") and (url == DEFAULT_DATABASE_URL or reset):
        delete_sqlite(Path(name))
        progress(f"deleted {name} for a cold import")
        return
    tables = connection.introspection.table_names()
    if tables and reset and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # pg_trgm lives in the public schema, so it goes too and migration 0002 recreates
            # it: the cold import really starts from nothing.
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        progress(f"dropped and recreated the public schema of {name}")
    elif tables:
        raise SystemExit(
            f"The database {name!r} already has {len(tables)} tables; the cold import needs an "
            "empty one. Recreate it (e.g. dropdb/createdb), pass --reset, or --skip-import."
        )
    # The import commands run in their own processes; an idle connection here only gets in
    # the way (PostgreSQL would keep a session open across the whole import).
    connection.close()


def run_command(label: str, *args: str) -> float:
    """Runs `manage.py <args>` as a user would, in its own process; its wall time in seconds."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE}
    # On a terminal the command's own progress bars stay visible; in a log they would be noise.
    stderr = None if sys.stderr.isatty() else subprocess.PIPE
    progress(f"{label}…")
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=False,
        text=True,
        stdout=subprocess.PIPE,
        stderr=stderr,
    )
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + (completed.stderr or ""))
        raise SystemExit(f"`manage.py {' '.join(args)}` failed ({completed.returncode}).")
    progress(f"{label}: {seconds:.1f} s")
    return seconds


def changes_since(started: dt.datetime) -> str:
    """Rows a command created and updated, read from the timestamps every model carries.

    The commands' own summaries are translated into the site's language and worded for people;
    the database says the same in a form that does not change with the wording.
    """
    # After setup_django(): the settings and the database are chosen at run time.
    from django.utils import translation  # noqa: PLC0415

    from pobratym.directory.models import Association, Authority, Country, Membership, Region  # noqa: PLC0415

    created: list[str] = []
    updated = 0
    for model in (Country, Region, Authority, Association, Membership):
        count = model.objects.filter(created_at__gte=started).count()
        if count:
            # The docs are in English; outside a request the site's default would be Ukrainian.
            with translation.override("en"):
                created.append(f"{count:,} {model._meta.verbose_name_plural}")
        updated += model.objects.filter(updated_at__gte=started, created_at__lt=started).count()
    return f"created {', '.join(created) or 'nothing'}; updated {updated:,} rows"


def timed_command(label: str, *args: str) -> PhaseResult:
    # After setup_django(): the settings and the database are chosen at run time.
    from django.utils import timezone  # noqa: PLC0415

    started = timezone.now()
    seconds = run_command(label, *args)
    return PhaseResult(label, seconds, changes_since(started))


def import_phases() -> list[PhaseResult]:
    seconds = run_command("migrate (empty database)", "migrate", "--no-input", "-v", "0")
    return [
        PhaseResult("`migrate` on the empty database", seconds, "schema created"),
        timed_command("`import_reference`, 1st run (cold, empty tables)", "import_reference"),
        timed_command("`import_reference`, 2nd run (idempotent)", "import_reference"),
        timed_command("`load_demo`", "load_demo"),
    ]


def directory_contents() -> str:
    # After setup_django(): the settings and the database are chosen at run time.
    from pobratym.directory.models import Association, Authority  # noqa: PLC0415
    from pobratym.directory.selectors import directory_overview  # noqa: PLC0415

    overview = directory_overview()
    return (
        f"{Authority.objects.count():,} authority rows: {overview.hromadas:,} hromadas, "
        f"{overview.european_authorities:,} European municipalities and regions (city sections "
        f"excluded) in {overview.countries} countries; {Association.objects.count()} associations."
    )


def list_results(query_string: str) -> int:
    """How many authorities the list page finds, asked of the same form and selector."""
    # After setup_django(): the settings and the database are chosen at run time.
    from django.http import QueryDict  # noqa: PLC0415

    from pobratym.directory import selectors  # noqa: PLC0415
    from pobratym.directory.forms import AuthorityFilterForm  # noqa: PLC0415

    filters = AuthorityFilterForm(QueryDict(query_string)).to_filters()
    return selectors.authority_list(filters=filters).count()


def pages_to_measure() -> list[tuple[str, str, int | None]]:
    """(label, URL, results): the pages of the issue, found in the imported data."""
    # After setup_django(): the settings and the database are chosen at run time.
    from django.urls import reverse  # noqa: PLC0415

    from pobratym.directory.enums import AuthorityKind  # noqa: PLC0415
    from pobratym.directory.models import Authority  # noqa: PLC0415

    korosten = (
        Authority.objects.filter(centre_name=PROFILE_CENTRE, kind=AuthorityKind.HROMADA)
        .order_by("pk")
        .first()
    )
    if korosten is None:
        raise SystemExit(
            f"No hromada with the centre {PROFILE_CENTRE!r}: import the reference data first "
            "(run without --skip-import)."
        )
    list_url = reverse("directory:list")
    pages: list[tuple[str, str, int | None]] = []
    for label, query in [
        ("List: Germany + `berg`", "country=DE&q=berg"),
        ("List: `Коростень`, all countries", "q=Коростень"),
        ("List: `bur`, all countries", "q=bur"),
        # Not in the issue: a word with a handful of matches among small places. On SQLite this
        # is the worst case of the text search, so the benchmark keeps an eye on it.
        ("List: `Поляна`, all countries", "q=Поляна"),
    ]:
        pages.append((label, f"{list_url}?{query}", list_results(query)))
    pages.append(("Profile: Korosten hromada", korosten.get_absolute_url(), None))
    return pages


class QueryTimer:
    """Times each query from its execute() to its last fetched row.

    Django's query log (CaptureQueriesContext) times execute() only. SQLite computes the rows of
    a SELECT while they are fetched, so the log can miss most of a slow query: fetches are added
    to the query executed last.
    """

    def __init__(self) -> None:
        self.queries: list[TimedQuery] = []

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        query = TimedQuery(sql, params)
        self.queries.append(query)
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            query.seconds += time.perf_counter() - started

    @contextmanager
    def timing(self, connection: Any) -> Iterator[None]:
        # After setup_django(): the settings and the database are chosen at run time.
        from django.db.backends.utils import CursorWrapper  # noqa: PLC0415

        original = CursorWrapper.__getattr__
        queries = self.queries

        # CursorWrapper hands fetchone/fetchmany/fetchall through __getattr__; wrapping that
        # one method times every fetch without touching the backends.
        def timed_getattr(wrapper: CursorWrapper, attr: str) -> Any:
            value = original(wrapper, attr)
            if attr not in _FETCHES or not queries:
                return value
            query = queries[-1]

            def timed_fetch(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return value(*args, **kwargs)
                finally:
                    query.seconds += time.perf_counter() - started

            return timed_fetch

        with (
            mock.patch.object(CursorWrapper, "__getattr__", timed_getattr),
            connection.execute_wrapper(self),
        ):
            yield


_FETCHES = frozenset({"fetchone", "fetchmany", "fetchall"})


def percentile(sorted_samples: list[float], share: float) -> float:
    """Nearest rank: the smallest sample that `share` of all samples do not exceed."""
    rank = max(1, math.ceil(share * len(sorted_samples)))
    return sorted_samples[rank - 1]


def measure_page(
    get: Callable[[str], Any],
    label: str,
    url: str,
    results: int | None,
    *,
    warmup: int,
    requests: int,
) -> PageResult:
    # After setup_django(): the settings and the database are chosen at run time.
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    def fetch() -> Any:
        response = get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}, not 200.")
        return response

    progress(f"{label}: {warmup} warm-up + {requests} timed requests to {url}")
    for _ in range(warmup):
        fetch()
    samples: list[float] = []
    for _ in range(requests):
        started = time.perf_counter()
        response = fetch()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()

    query_counts: list[int] = []
    sql_ms: list[float] = []
    slowest: TimedQuery | None = None
    for _ in range(QUERY_CAPTURE_RUNS):
        timer = QueryTimer()
        with CaptureQueriesContext(connection) as captured, timer.timing(connection):
            fetch()
        query_counts.append(len(captured.captured_queries))
        sql_ms.append(sum(query.seconds for query in timer.queries) * 1000)
        slowest = max(timer.queries, key=lambda query: query.seconds, default=None)
    result = PageResult(
        label=label,
        url=url,
        results=results,
        queries=max(query_counts),
        sql_ms=statistics.median(sql_ms),
        html_kb=len(response.content) / 1024,
        p50_ms=percentile(samples, 0.50),
        p95_ms=percentile(samples, 0.95),
        max_ms=samples[-1],
        slowest=slowest,
    )
    progress(f"{label}: p50 {result.p50_ms:.1f} ms, p95 {result.p95_ms:.1f} ms")
    return result


def measure_pages(*, warmup: int, requests: int) -> list[PageResult]:
    # After setup_django(): the settings and the database are chosen at run time.
    from django.test import Client  # noqa: PLC0415

    client = Client()
    return [
        measure_page(client.get, label, url, results, warmup=warmup, requests=requests)
        for label, url, results in pages_to_measure()
    ]


def explain(query: TimedQuery) -> str:
    """The plan of one query: EXPLAIN ANALYZE on PostgreSQL, the query plan on SQLite."""
    # After setup_django(): the settings and the database are chosen at run time.
    from django.db import connection  # noqa: PLC0415

    if connection.vendor == "postgresql":
        prefix = "EXPLAIN (ANALYZE, BUFFERS) "
    else:
        prefix = "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + query.sql, query.params)
        rows = cursor.fetchall()
    # SQLite's rows end with the plan step; PostgreSQL's are one-column lines of text.
    return "\n".join(str(row[-1]) for row in rows)


def machine_facts(url: str) -> str:
    # After setup_django(): the settings and the database are chosen at run time.
    import django  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415

    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GiB RAM"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
            settings_shown = []
            for name in ("shared_buffers", "work_mem", "effective_cache_size", "jit"):
                cursor.execute(f"SHOW {name}")
                settings_shown.append(f"{name}={cursor.fetchone()[0]}")
            version += f" ({', '.join(settings_shown)}), on the same machine over TCP"
        else:
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]} (the library Python links), WAL mode"
    shown_url = redact(url).replace(str(BASE_DIR) + "/", "")
    return "\n".join(
        [
            f"- Date: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
            f"- Machine: {len(os.sched_getaffinity(0))} cores (`nproc`), {cpu}{memory}, "
            f"{platform.system()} {platform.release()}",
            f"- Python {platform.python_version()}, Django {django.get_version()}, "
            f"settings `{SETTINGS_MODULE}` with DEBUG off",
            f"- Database: {version}; `DATABASE_URL={shown_url}`",
        ]
    )


def format_seconds(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds:.0f} s ({seconds / 60:.1f} min)"


def import_markdown(phases: list[PhaseResult], contents: str) -> str:
    lines = [
        "Each phase is `manage.py <command>` in its own process, timed from start to exit "
        "(Python and Django start-up included).",
        "",
        "| Phase | Wall time | Outcome |",
        "|---|---:|---|",
    ]
    lines += [f"| {p.label} | {format_seconds(p.seconds)} | {p.outcome} |" for p in phases]
    lines += ["", f"After the import: {contents}"]
    return "\n".join(lines)


def pages_markdown(
    results: list[PageResult], *, warmup: int, requests: int, load: tuple[float, float]
) -> str:
    # After setup_django(): the settings and the database are chosen at run time.
    from django.db import connection  # noqa: PLC0415

    lines = [
        f"{warmup} warm-up then {requests} timed requests per page, one after another, through "
        "`django.test.Client` (full middleware stack, templates, one kept-open database "
        f"connection). Goal: p95 ≤ {GOAL_MS:.0f} ms. SQL ms: time per request from each "
        "query's execute to its last fetched row, median of "
        f"{QUERY_CAPTURE_RUNS} extra requests that also count the queries.",
        # Other work on the same cores stretches the tail; the load says how quiet it was.
        f"One-minute load average {load[0]:.2f} before the timed requests, {load[1]:.2f} after."
        + (" Tables analyzed first (`ANALYZE`)." if connection.vendor == "postgresql" else ""),
        "",
        "| Page | URL | Found | SQL queries | SQL ms | HTML KiB | p50 ms | p95 ms | max ms "
        "| p95 goal |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        found = "—" if r.results is None else f"{r.results:,}"
        goal = "met" if r.meets_goal else "**missed**"
        lines.append(
            f"| {r.label} | `{r.url}` | {found} | {r.queries} | {r.sql_ms:.1f} | {r.html_kb:.0f} "
            f"| {r.p50_ms:.1f} | {r.p95_ms:.1f} | {r.max_ms:.1f} | {goal} |"
        )
    return "\n".join(lines)


def write_docs(vendor: str, parts: dict[str, str]) -> None:
    """Replaces this database's marked blocks in docs/benchmarks.md; everything else stays."""
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    missing: list[str] = []
    for part, body in parts.items():
        start, end = f"<!-- bench:{vendor}:{part}:start -->", f"<!-- bench:{vendor}:{part}:end -->"
        block = f"{start}\n{body.rstrip()}\n{end}"
        pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
        if match := pattern.search(text):
            # Slicing, not re.sub, so that backslashes in the block are not read as groups.
            text = text[: match.start()] + block + text[match.end() :]
        else:
            missing.append(block)
    if missing:
        last_end = max(
            (match.end() for match in re.finditer(rf"<!-- bench:{vendor}:\w+:end -->", text)),
            default=None,
        )
        if last_end is None:
            heading = VENDOR_HEADINGS.get(vendor, vendor)
            text = text.rstrip("\n") + f"\n\n## {heading}\n\n" + "\n\n".join(missing) + "\n"
        else:
            text = text[:last_end] + "\n\n" + "\n\n".join(missing) + text[last_end:]
    DOCS.write_text(text, encoding="utf-8")
    progress(f"updated the {vendor} section of {DOCS.relative_to(BASE_DIR)}")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    config = guard_database(args.database_url)
    setup_django(args.database_url)
    # After setup_django(): the settings and the database are chosen at run time.
    from django.db import connection  # noqa: PLC0415

    phases: list[PhaseResult] = []
    if not args.skip_import:
        prepare_empty_database(config, url=args.database_url, reset=args.reset)
        phases = import_phases()
    else:
        progress("--skip-import: migrating only, keeping the data")
        run_command("migrate", "migrate", "--no-input", "-v", "0")
    contents = directory_contents()
    progress(contents)
    if connection.vendor == "postgresql":
        # Autovacuum analyzes the freshly imported tables within a minute or so; until then
        # the planner guesses. Analyzing now measures the steady state, not that race.
        progress("ANALYZE (PostgreSQL statistics for the planner)")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    load_before = os.getloadavg()[0]
    results = measure_pages(warmup=args.warmup, requests=args.requests)
    load = (load_before, os.getloadavg()[0])

    vendor = connection.vendor
    heading = VENDOR_HEADINGS.get(vendor, vendor)
    parts = {"machine": machine_facts(args.database_url)}
    if phases:
        parts["import"] = import_markdown(phases, contents)
    parts["pages"] = pages_markdown(results, warmup=args.warmup, requests=args.requests, load=load)
    print(f"## {heading}\n\n" + "\n\n".join(parts.values()))
    if args.explain:
        for result in results:
            if result.slowest is None:
                continue
            query = result.slowest
            print(
                f"\n### Slowest query of {result.label}: {query.seconds * 1000:.1f} ms\n\n"
                f"```sql\n{query.sql}\n```\n\nParameters: `{query.params!r}`\n"
            )
            print(f"```\n{explain(query)}\n```")
    if args.write:
        write_docs(vendor, parts)
    missed = [result.label for result in results if not result.meets_goal]
    if missed:
        progress(f"p95 goal of {GOAL_MS:.0f} ms missed by: {', '.join(missed)}")


if __name__ == "__main__":
    main()
