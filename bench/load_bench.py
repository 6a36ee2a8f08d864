"""Load test: the production setup on loopback under browsing visitors and a steady writer.

    .venv/bin/python bench/load_bench.py [--scale 1] [--duration 180] [--write]
    .venv/bin/python bench/load_bench.py --reuse [--keep-store]   # the last world (and store)

Builds the world of bench/search_bench.py (1,469 hromadas, 5,000 European municipalities,
30,000 needs, 60,000 offers with their vectors; --scale shrinks it for a trial) in a database
of its own (default postgres://postgres@127.0.0.1:5432/pobratym_load, dropped and created
unless --reuse), fills the stored recommendations (`refresh_recommendations --everything`,
timed), collects the static files, then starts what production runs: gunicorn
(config/gunicorn.conf.py, GUNICORN_WORKERS web processes, gthread) and one task worker
(`manage.py task_worker`, Procrastinate), both with config.settings.prod, and waits for
/health/ to say the database and the queue are fine.

Then, in turn:
1. a short warm-up (not counted, its errors reported);
2. the run: locust (bench/load_locustfile.py, class Browser), --users visitors thinking 1-3 s
   between pages, for --duration seconds, beside a writer process making one write a second
   through the services (a new need, its edit, an expression of interest in it, the hromada's
   answer: each enqueues the refresh of the recommendations after commit, as the pages do)
   and reading the need page of what it just wrote over HTTP; RSS and CPU time of every
   process and the load average sampled every 2 s;
3. the task queue left to empty (--drain seconds at most), then how long each task's jobs
   waited and ran, from Procrastinate's events;
4. a freshly started web process (one more gunicorn, one worker): from start to
   /health/live/, then its first need page and one page of each kind, with its memory after
   each;
5. saturation: the same users without pause, first on /health/live/ (the trivial endpoint),
   then on the pages.
Everything started is stopped at the end, on Ctrl+C or on an error. Markdown to stdout,
progress to stderr; --write puts it into the "load" block of docs/benchmarks.md.

Before anything the script checks that the pieces it measures are there (the gunicorn
settings, the task worker and its backend, the stored recommendations, the health checks) and
stops, naming what is missing, rather than measure another setup.
"""

import argparse
import importlib.util
import json
import os
import platform
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from bench import search_bench  # noqa: E402  (the project root is on sys.path first)

BIN = Path(sys.executable).parent
WORK = BASE_DIR / "var" / "load_bench"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/pobratym_load"
BACKEND = "pobratym.core.task_queue.ProcrastinateBackend"
PAGE_GOAL_MS = 150.0
AFTER_WRITE_GOAL_MS = 300.0
FIRST_PAGE_GOAL_MS = 1000.0
RSS_GOAL_MB = 400.0
WORLD_SIZES = ("HROMADAS", "EUROPEANS", "NEEDS", "OFFERS")
# Editors of this many hromadas and of as many European municipalities: the writer pairs them
# so that each expression of interest starts a new partnership for a while.
WRITER_PAIRS = 20
# The processes started, as the CPU line of the report names them.
CPU_GROUPS = {
    "gunicorn": "web processes",
    "task_worker": "task worker",
    "writer": "writer",
    "locust-run": "locust",
}
# Names the directory list is searched for, from search_bench's world ("Громада 12", "Town 7").
DIRECTORY_QUERIES = ("Громада 1", "Громада 27", "Hromada 5", "Town 3", "Town 41", "Громада")


def progress(message: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], share: float) -> float:
    return search_bench.percentile(values, share)


class Missing(SystemExit):
    """A piece of the production setup is not in this tree: nothing is measured."""

    def __init__(self, pieces: list[str]) -> None:
        super().__init__(
            "The load test measures the production setup, and this tree lacks:\n"
            + "\n".join(f"  - {piece}" for piece in pieces)
            + "\nMerge the branches that bring them (docs/deploy.md) and run again."
        )


def missing_before_django() -> list[str]:
    pieces = []
    if not (BASE_DIR / "config" / "gunicorn.conf.py").exists():
        pieces.append("config/gunicorn.conf.py (gunicorn's settings)")
    if importlib.util.find_spec("config.settings.prod") is None:
        pieces.append("config.settings.prod")
    for module, what in (("locust", "locust"), ("psutil", "psutil"), ("gunicorn", "gunicorn")):
        if importlib.util.find_spec(module) is None:
            pieces.append(f"{what} (requirements/lock.txt)")
    return pieces


def missing_after_django() -> list[str]:
    from django.core.management import get_commands  # noqa: PLC0415  (after django.setup)
    from django.urls import NoReverseMatch, reverse  # noqa: PLC0415
    from django.utils.module_loading import import_string  # noqa: PLC0415

    pieces = []
    commands = get_commands()
    for command, what in (
        ("task_worker", "the task worker command"),
        ("refresh_recommendations", "the command filling the stored recommendations"),
    ):
        if command not in commands:
            pieces.append(f"`manage.py {command}` ({what})")
    for path, what in (
        (BACKEND, "the Procrastinate task backend"),
        ("pobratym.matching.tasks.refresh_recommendations", "the refresh task"),
        ("pobratym.matching.models.StoredRecommendations", "the stored recommendations"),
    ):
        try:
            import_string(path)
        except ImportError:
            pieces.append(f"{path} ({what})")
    for name in ("core:health", "core:health_live"):
        try:
            reverse(name)
        except NoReverseMatch:
            pieces.append(f"the URL named {name!r} (/health/, /health/live/)")
    return pieces


# --- the database -------------------------------------------------------------------------


def database_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("The load test runs on PostgreSQL: --database-url postgres://…")
    if name in {"", "postgres", "test"} or name.startswith(("test_", "template")):
        raise SystemExit(f"Refusing database {name!r}: the tests and PostgreSQL itself use it.")
    return name


def maintenance(url: str, statement: str) -> None:
    """CREATE or DROP the bench's database, from a connection to the server's `postgres`
    database (nothing in it is read or changed)."""
    import psycopg  # noqa: PLC0415  (only the parent process needs it)

    parts = urlsplit(url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(statement)


def recreate_database(url: str) -> None:
    name = database_name(url)
    maintenance(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    maintenance(url, f'CREATE DATABASE "{name}"')


# --- the processes ------------------------------------------------------------------------


class Processes:
    """Everything the bench starts, each in a session of its own, so that stopping one stops
    its children (gunicorn's workers) and Ctrl+C in the terminal reaches only the bench."""

    def __init__(self) -> None:
        self.running: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = open(WORK / f"{name}.log", "wb")  # noqa: SIM115  (the child holds it)
        process = subprocess.Popen(
            argv,
            env=env,
            cwd=BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.running[name] = process
        return process

    def stop(self, name: str, grace: float = 30.0) -> None:
        process = self.running.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            progress(f"{name} did not stop within {grace:.0f} s: killed")
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop_all(self) -> None:
        for name in reversed(list(self.running)):
            self.stop(name)

    def check_alive(self) -> None:
        for name, process in self.running.items():
            if process.poll() is not None:
                raise SystemExit(
                    f"{name} exited with {process.returncode}: see {WORK / (name + '.log')}"
                )


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def production_env(url: str, port: int, workers: int) -> dict[str, str]:
    """What an operator sets (docs/deploy.md), for loopback: plain HTTP, no mail sent, the
    API's anonymous rate lifted (every simulated visitor shares one address)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "TASK", "DATABASE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DATABASE_URL=url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        DEFAULT_FROM_EMAIL="Pobratym <noreply@load.invalid>",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        SECURE_SSL_REDIRECT="false",
        TASKS_BACKEND=BACKEND,
        API_RATE_ANONYMOUS="1000000/min",
        STATIC_ROOT=str(WORK / "static"),
        MEDIA_ROOT=str(WORK / "media"),
        LOG_FORMAT="text",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
        OMP_NUM_THREADS=env.get("OMP_NUM_THREADS", "1"),
    )
    return env


def manage(env: dict[str, str], *arguments: str) -> float:
    """Run `manage.py …` with the production settings; its wall time in seconds."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        env=env,
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")
    return time.perf_counter() - started


def http_get(url: str, timeout: float = 30.0) -> tuple[int, bytes, float]:
    """(status, body, milliseconds) of one GET, a fresh connection each time."""
    request = urllib.request.Request(url, headers={"Accept-Language": "uk"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return status, body, (time.perf_counter() - started) * 1000


def wait_until(check: Any, what: str, timeout: float, processes: Processes) -> float:
    """Seconds until check() is true; stops the bench when a process died or time ran out."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        processes.check_alive()
        try:
            if check():
                return time.perf_counter() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.05)
    raise SystemExit(f"{what}: not within {timeout:.0f} s (logs in {WORK})")


def healthy(base: str) -> bool:
    status, body, _ = http_get(f"{base}/health/", timeout=5)
    answer = json.loads(body)
    if status == 200 and answer.get("tasks") != "ok":
        # "immediate" would run every task inside the request: not the setup measured here.
        raise SystemExit(f"/health/ says the tasks are {answer.get('tasks')!r}, not 'ok'")
    return status == 200


# --- the world ----------------------------------------------------------------------------


def build(url: str, scale: float, seed: int) -> dict[str, Any]:
    """search_bench's world, scaled, plus the writer's editors; the ids the visitors read."""
    for name in WORLD_SIZES:
        # build_world reads the sizes from its module: a trial run sets smaller ones.
        setattr(search_bench, name, max(24, round(getattr(search_bench, name) * scale)))
    started = time.perf_counter()
    queries, _secretariat = search_bench.build_world(seed)
    built_s = time.perf_counter() - started
    return {**visited_ids(queries, seed), "built_s": built_s, "scale": scale, "url": url}


def visited_ids(queries: list[str], seed: int) -> dict[str, Any]:
    # After django.setup(): the database is chosen at run time.
    import random  # noqa: PLC0415

    from django.db import connection  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from pobratym.accounts.enums import MembershipState, Role  # noqa: PLC0415
    from pobratym.accounts.models import OrganisationMembership, User  # noqa: PLC0415
    from pobratym.directory.models import Authority  # noqa: PLC0415
    from pobratym.exchange.models import Need, Offer  # noqa: PLC0415

    draw = random.Random(seed)
    hromadas = list(Authority.objects.filter(country__code="UA").values_list("pk", flat=True))
    europeans = list(
        Authority.objects.exclude(country__code="UA")
        .filter(offers__isnull=False)
        .distinct()
        .values_list("pk", flat=True)
    )
    pairs = []
    for n, (hromada, european) in enumerate(
        zip(draw.sample(hromadas, WRITER_PAIRS), draw.sample(europeans, WRITER_PAIRS), strict=True)
    ):
        editors = []
        for side, authority in (("h", hromada), ("e", european)):
            user = User.objects.create(
                email=f"load-{side}{n}@bench.invalid",
                is_active=True,
                email_confirmed_at=timezone.now(),
            )
            OrganisationMembership.objects.create(
                user=user,
                authority_id=authority,
                role=Role.EDITOR,
                state=MembershipState.VERIFIED,
                decided_at=timezone.now(),
            )
            editors.append(user.pk)
        pairs.append({"hromada": hromada, "european": european, "editors": editors})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def public(model: Any) -> list[int]:
        ids = list(model.objects.filter(visibility="public").values_list("pk", flat=True))
        return draw.sample(ids, min(len(ids), 3000))

    return {
        "needs": public(Need),
        "offers": public(Offer),
        "authorities": draw.sample(hromadas, min(len(hromadas), 500))
        + draw.sample(europeans, min(len(europeans), 500)),
        "search_queries": queries,
        "directory_queries": list(DIRECTORY_QUERIES),
        "pairs": pairs,
        "counts": {
            "hromadas": len(hromadas),
            "europeans": Authority.objects.exclude(country__code="UA").count(),
            "needs": Need.objects.count(),
            "offers": Offer.objects.count(),
        },
    }


# --- the writer (a child process with the production settings) -----------------------------


def writer(world_path: Path, port: int, seconds: float, out: Path) -> None:
    """One write a second for `seconds`, each followed by the need page it changed."""
    import django  # noqa: PLC0415  (settings from the environment the bench gave)

    django.setup()
    from pobratym.accounts.models import User  # noqa: PLC0415
    from pobratym.directory.models import Authority  # noqa: PLC0415
    from pobratym.exchange.models import Need, Offer  # noqa: PLC0415
    from pobratym.exchange.services.needs import need_publish, need_update  # noqa: PLC0415
    from pobratym.partnerships.enums import PartnershipState  # noqa: PLC0415
    from pobratym.partnerships.services.partnerships import (  # noqa: PLC0415
        partnership_express_interest,
        partnership_transition,
    )

    world = json.loads(world_path.read_text(encoding="utf-8"))
    # (hromada, European municipality, the hromada's editor, the municipality's editor)
    pairs: list[tuple[Authority, Authority, User, User]] = [
        (
            Authority.objects.get(pk=pair["hromada"]),
            Authority.objects.get(pk=pair["european"]),
            User.objects.get(pk=pair["editors"][0]),
            User.objects.get(pk=pair["editors"][1]),
        )
        for pair in world["pairs"]
    ]
    base = f"http://127.0.0.1:{port}"
    sectors = ["energy"]
    rows: list[dict[str, Any]] = []
    need: Any = None
    partnership: Any = None
    started = time.monotonic()
    due = started
    n = 0
    while time.monotonic() - started < seconds:
        time.sleep(max(0.0, due - time.monotonic()))
        # One a second; a write that fell behind is not made up in a burst.
        due = max(due + 1.0, time.monotonic())
        hromada, european, hromada_editor, european_editor = pairs[(n // 4) % len(pairs)]
        step = ("publish", "edit", "interest", "answer")[n % 4]
        marker = f"Навантаження {n}"
        write_started = time.perf_counter()
        error = None
        try:
            if step == "publish":
                need = need_publish(
                    authority=hromada,
                    title=f"{marker}: генератори для лікарні",
                    description="Потрібні генератори 10 кВт для лікарні та шкіл.",
                    sectors=sectors,
                    urgency="high",
                    actor=hromada_editor,
                )
            elif step == "edit":
                need = need_update(
                    need=need,
                    title=f"{marker}: генератори та паливо",
                    description=need.description,
                    sectors=sectors,
                    urgency="critical",
                    items=(),
                    estimated_cost_eur=None,
                    status="open",
                    visibility="public",
                    actor=hromada_editor,
                )
            elif step == "interest":
                offer = Offer.objects.filter(authority=european, status="open").first()
                partnership = partnership_express_interest(
                    from_organisation=european,
                    to_organisation=hromada,
                    need=need,
                    offer=offer,
                    actor=european_editor,
                    note=marker,
                ).partnership
            else:
                # The pair's partnership was new (accepted) or, when the pair comes round again,
                # already in dialogue (declined, so that the next interest starts a new one).
                partnership.refresh_from_db()
                partnership_transition(
                    partnership=partnership,
                    to_state=PartnershipState.IN_DIALOGUE
                    if partnership.state == PartnershipState.INTEREST_EXPRESSED
                    else PartnershipState.DECLINED,
                    actor=hromada_editor,
                    note=marker,
                )
        except Exception as failure:  # every failure is counted, none stops the run
            error = repr(failure)
        write_ms = (time.perf_counter() - write_started) * 1000
        row: dict[str, Any] = {"step": step, "at": time.time(), "write_ms": write_ms}
        if need is not None and error is None:
            status, body, page_ms = http_get(f"{base}/exchange/needs/{need.pk}/")
            row["page_ms"] = page_ms
            if status != 200:
                error = f"need page {status}"
            elif step in ("publish", "edit") and marker.encode() not in body:
                error = "the need page does not show the write"
        row["error"] = error
        rows.append(row)
        n += 1
    out.write_text(json.dumps(rows), encoding="utf-8")
    assert Need.objects.filter(title__startswith="Навантаження").exists() or not rows


# --- measuring ----------------------------------------------------------------------------


class Sampler(threading.Thread):
    """RSS and CPU time of every process started, the machine's busy CPU time and the load
    average, every `every` seconds."""

    def __init__(self, processes: Processes, every: float = 2.0) -> None:
        super().__init__(daemon=True)
        self.processes, self.every = processes, every
        self.rss: dict[str, list[float]] = {}
        self.load: list[float] = []
        self.cpu_first: dict[str, float] = {}
        self.cpu_last: dict[str, float] = {}
        self.machine: list[tuple[float, float]] = []  # (monotonic time, busy CPU seconds)
        self.halt = threading.Event()

    def tree(self) -> Iterator[tuple[str, Any]]:
        # checked before the run; no stubs in the lock file
        import psutil  # type: ignore[import-untyped]  # noqa: PLC0415

        for name, process in list(self.processes.running.items()):
            try:
                parent = psutil.Process(process.pid)
                children = parent.children(recursive=True)
            except psutil.NoSuchProcess:
                continue
            if name.startswith("gunicorn"):
                yield f"{name} master", parent
                for child in children:
                    yield f"{name} worker {child.pid}", child
            else:
                yield name, parent
                for child in children:
                    yield f"{name} child {child.pid}", child

    def sample(self) -> None:
        import psutil  # noqa: PLC0415

        self.load.append(os.getloadavg()[0])
        machine = psutil.cpu_times()
        busy = sum(machine) - machine.idle - getattr(machine, "iowait", 0.0)
        first_sample = not self.machine
        self.machine.append((time.monotonic(), busy))
        for name, process in self.tree():
            with suppress(psutil.NoSuchProcess):
                self.rss.setdefault(name, []).append(process.memory_info().rss / 2**20)
                used = process.cpu_times()
                # A process started after the first sample is counted from its start.
                self.cpu_first.setdefault(name, used.user + used.system if first_sample else 0)
                self.cpu_last[name] = used.user + used.system

    def cpu(self) -> tuple[float, dict[str, float], float]:
        """(seconds between the first and last samples, CPU seconds by group of processes
        started, CPU seconds of the whole machine)."""
        groups: dict[str, float] = {}
        for name, last in self.cpu_last.items():
            group = name.split(" ")[0]
            groups[group] = groups.get(group, 0.0) + last - self.cpu_first[name]
        (start, busy_start), (end, busy_end) = self.machine[0], self.machine[-1]
        return end - start, groups, busy_end - busy_start

    def run(self) -> None:
        while not self.halt.wait(self.every):
            self.sample()


def locust(
    processes: Processes,
    base: str,
    world: Path,
    user_class: str,
    users: int,
    seconds: float,
    label: str,
) -> list[list[Any]]:
    results = WORK / f"requests-{label}.json"
    results.unlink(missing_ok=True)
    env = {**os.environ, "LOAD_WORLD": str(world), "LOAD_RESULTS": str(results)}
    name = f"locust-{label}"
    process = processes.start(
        name,
        [
            str(BIN / "locust"),
            "-f",
            str(BASE_DIR / "bench" / "load_locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds:.0f}s",
            "--host",
            base,
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--exit-code-on-error",
            "0",
            user_class,
        ],
        env,
    )
    try:
        returncode = process.wait(seconds + 120)
    except subprocess.TimeoutExpired:
        raise SystemExit(f"locust ({label}) did not end: see {WORK / (name + '.log')}") from None
    processes.running.pop(name)
    if returncode or not results.exists():
        raise SystemExit(f"locust ({label}) failed: see {WORK / (name + '.log')}")
    rows: list[list[Any]] = json.loads(results.read_text(encoding="utf-8"))
    return rows


def per_name(rows: list[list[Any]]) -> dict[str, tuple[list[float], int]]:
    named: dict[str, tuple[list[float], int]] = {}
    for name, _start, ms, error in rows:
        times, errors = named.get(name, ([], 0))
        times.append(ms)
        named[name] = (times, errors + (error is not None))
    return named


def throughput(rows: list[list[Any]]) -> float:
    """Answers a second, from the first request's start to the last one's end."""
    ok = [(start, ms) for _name, start, ms, error in rows if error is None]
    if not ok:
        return 0.0
    first = min(start for start, _ in ok)
    last = max(start + ms / 1000 for start, ms in ok)
    return len(ok) / float(last - first)


def verdict(met: bool) -> str:
    return "met" if met else "**not met**"


@contextmanager
def everything_stopped(processes: Processes) -> Iterator[None]:
    # SIGINT too: a shell without job control starts a background bench with it ignored.
    previous = {
        signum: signal.signal(signum, _terminate) for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        progress("stopping every process started")
        processes.stop_all()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run(args: argparse.Namespace) -> str:
    run_started = time.perf_counter()
    missing = missing_before_django()
    if missing:
        raise Missing(missing)
    database_name(args.database_url)
    WORK.mkdir(parents=True, exist_ok=True)
    world_path = WORK / "world.json"
    # django.setup() connects to nothing: the checks come before the database is touched.
    search_bench.setup_django(args.database_url)
    missing = missing_after_django()
    if missing:
        raise Missing(missing)
    world = None
    if args.reuse:
        if not world_path.exists():
            raise SystemExit(f"--reuse: no world built yet ({world_path})")
        world = json.loads(world_path.read_text(encoding="utf-8"))
        if world["url"] != args.database_url:
            raise SystemExit(f"--reuse: {world_path} was built in another database")
    else:
        recreate_database(args.database_url)
    from django.db import connection  # noqa: PLC0415  (after django.setup)

    if world is None:
        progress(f"building the world at scale {args.scale}")
        world = build(args.database_url, args.scale, args.seed)
        world_path.write_text(json.dumps(world), encoding="utf-8")
    port = args.port
    base = f"http://127.0.0.1:{port}"
    env = production_env(args.database_url, port, args.web_processes)
    manage(env, "migrate", "--no-input", "-v", "0")
    if args.keep_store:
        refresh_s = None
    else:
        progress("refresh_recommendations --everything")
        refresh_s = manage(env, "refresh_recommendations", "--everything")
    stored = stored_lists()
    if not stored:
        raise SystemExit("refresh_recommendations --everything left the store empty")
    progress(f"  {stored:,} lists stored; collectstatic")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    with connection.cursor() as cursor:
        cursor.execute("SELECT version(), current_setting('shared_buffers')")
        pg_version, shared_buffers = cursor.fetchone()
        cursor.execute("DELETE FROM procrastinate_jobs")
    connection.close()

    processes = Processes()
    sampler = Sampler(processes)
    with everything_stopped(processes):
        progress(f"gunicorn ({args.web_processes} workers) and one task worker")
        processes.start(
            "task_worker", [sys.executable, "manage.py", "task_worker", "--name", "load-1"], env
        )
        processes.start("gunicorn", [str(BIN / "gunicorn"), "-c", "config/gunicorn.conf.py"], env)
        up_s = wait_until(lambda: healthy(base), "/health/", 120, processes)
        progress(f"  healthy after {up_s:.1f} s; warm-up")
        warm = locust(processes, base, world_path, "Saturating", args.users, args.warmup, "warmup")
        warm_errors = sum(1 for row in warm if row[3] is not None)

        progress(f"the run: {args.users} visitors for {args.duration:.0f} s and the writer")
        load_before = os.getloadavg()
        writes_path = WORK / "writes.json"
        writes_path.unlink(missing_ok=True)
        sampler.sample()  # the processes already running are counted from here
        processes.start(
            "writer",
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--writer-child",
                "--world",
                str(world_path),
                "--port",
                str(port),
                "--duration",
                str(args.duration),
            ],
            env,
        )
        sampler.start()
        browsing = locust(processes, base, world_path, "Browser", args.users, args.duration, "run")
        processes.running["writer"].wait(args.duration + 60)
        sampler.halt.set()
        sampler.join()
        load_after = os.getloadavg()
        if processes.running["writer"].returncode != 0 or not writes_path.exists():
            raise SystemExit(f"the writer failed: see {WORK / 'writer.log'}")
        processes.running.pop("writer")
        writes = json.loads(writes_path.read_text(encoding="utf-8"))
        jobs_at_end = queue_jobs()
        progress(f"waiting up to {args.drain:.0f} s for the task queue to empty")
        drained = time.perf_counter()
        while waiting_jobs() and time.perf_counter() - drained < args.drain:
            processes.check_alive()
            time.sleep(1)
        drain_s = time.perf_counter() - drained
        jobs = queue_jobs()
        tasks = job_times()

        progress("a freshly started web process")
        fresh_port = port + 1
        fresh_env = production_env(args.database_url, fresh_port, 1)
        spawned = time.perf_counter()
        processes.start(
            "gunicorn-fresh", [str(BIN / "gunicorn"), "-c", "config/gunicorn.conf.py"], fresh_env
        )
        fresh_base = f"http://127.0.0.1:{fresh_port}"
        wait_until(
            lambda: http_get(f"{fresh_base}/health/live/", 5)[0] == 200,
            "the fresh process's /health/live/",
            120,
            processes,
        )
        live_s = time.perf_counter() - spawned
        fresh = [("started, /health/live/ answered", 200, live_s * 1000, fresh_rss(processes))]
        for label, path in fresh_pages(world):
            status, _, ms = http_get(fresh_base + path)
            fresh.append((label, status, ms, fresh_rss(processes)))
        processes.stop("gunicorn-fresh")

        progress(f"saturation: {args.saturation:.0f} s on /health/live/, then on the pages")
        trivial = locust(
            processes, base, world_path, "Trivial", args.users, args.saturation, "trivial"
        )
        saturated = locust(
            processes, base, world_path, "Saturating", args.users, args.saturation, "pages"
        )
        load_end = os.getloadavg()

    return report(
        args=args,
        world=world,
        refresh_s=refresh_s,
        stored=stored,
        total_s=time.perf_counter() - run_started,
        up_s=up_s,
        warm_errors=warm_errors,
        browsing=browsing,
        writes=writes,
        jobs=jobs,
        jobs_at_end=jobs_at_end,
        tasks=tasks,
        drain_s=drain_s,
        sampler=sampler,
        loads=(load_before, load_after, load_end),
        fresh=fresh,
        trivial=trivial,
        saturated=saturated,
        pg=(pg_version, shared_buffers),
    )


def stored_lists() -> int:
    from django.db import connection  # noqa: PLC0415  (after django.setup)

    from pobratym.matching.models import StoredRecommendations  # noqa: PLC0415

    count = StoredRecommendations.objects.count()
    connection.close()
    return count


def fresh_pages(world: dict[str, Any]) -> list[tuple[str, str]]:
    """What the fresh process is asked, in this order: which page brings what into memory."""
    need, other_need, offer = world["needs"][0], world["needs"][1], world["offers"][0]
    return [
        ("its first need page", f"/exchange/needs/{need}/"),
        ("a second need page", f"/exchange/needs/{other_need}/"),
        ("an offer page", f"/exchange/offers/{offer}/"),
        ("an authority page", f"/directory/authority/{world['authorities'][0]}/"),
        ("the directory list", "/directory/"),
        ("a search page", "/search/?q=" + urllib.parse.quote(world["search_queries"][0])),
        ("API: offers for a need", f"/api/v1/matching/needs/{need}/offers"),
    ]


def fresh_rss(processes: Processes) -> float:
    """Resident MB of the fresh gunicorn's worker, now."""
    once = Sampler(processes)
    once.sample()
    return sum(
        values[-1] for name, values in once.rss.items() if name.startswith("gunicorn-fresh worker")
    )


def job_times() -> dict[str, list[tuple[float | None, float | None, str]]]:
    """Each task's jobs as (seconds waiting in the queue, seconds running, status; None for
    what did not happen yet), from Procrastinate's events: how long a write's follow-up work
    takes to be done."""
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT coalesce(j.args->>'task_path', j.task_name), j.status,
                   extract(epoch FROM min(e.at) FILTER (WHERE e.type = 'started')
                                      - min(e.at) FILTER (WHERE e.type = 'deferred')),
                   extract(epoch FROM max(e.at) FILTER (WHERE e.type IN ('succeeded', 'failed'))
                                      - max(e.at) FILTER (WHERE e.type = 'started'))
            FROM procrastinate_jobs j JOIN procrastinate_events e ON e.job_id = j.id
            GROUP BY j.id
            """
        )
        rows = cursor.fetchall()
    connection.close()
    tasks: dict[str, list[tuple[float | None, float | None, str]]] = {}
    for task, status, waited, ran in rows:
        tasks.setdefault(task, []).append(
            (None if waited is None else float(waited), None if ran is None else float(ran), status)
        )
    return tasks


def job_rows(tasks: dict[str, list[tuple[float | None, float | None, str]]]) -> list[str]:
    def spread(values: list[float]) -> str:
        return (
            f"{statistics.median(values):.1f} / {percentile(values, 0.95):.1f}" if values else "—"
        )

    rows = []
    for task, jobs in sorted(tasks.items()):
        waited = [job[0] for job in jobs if job[0] is not None]
        ran = [job[1] for job in jobs if job[1] is not None]
        failed = sum(1 for job in jobs if job[2] == "failed")
        rows.append(
            f"| `{task.removeprefix('pobratym.')}` | {len(jobs)} | {len(jobs) - len(waited)} | "
            f"{spread(waited)} | {spread(ran)} | {failed} |"
        )
    return rows


def waiting_jobs() -> int:
    return sum(count for status, count in queue_jobs().items() if status in ("todo", "doing"))


def queue_jobs() -> dict[str, int]:
    """Procrastinate's jobs by status: what the writes enqueued and the worker did."""
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute("SELECT status, count(*) FROM procrastinate_jobs GROUP BY status")
        counts = dict(cursor.fetchall())
    connection.close()
    return counts


def timing_row(label: str, times: list[float], errors: int, goal_ms: float | None) -> str:
    if not times:
        return f"| {label} | 0 | {errors} | — | — | — | **nothing measured** |"
    p95 = percentile(times, 0.95)
    goal = "—" if goal_ms is None else f"≤ {goal_ms:.0f} ms: {verdict(p95 <= goal_ms)}"
    return (
        f"| {label} | {len(times):,} | {errors} | {statistics.median(times):.0f} | {p95:.0f} | "
        f"{max(times):.0f} | {goal} |"
    )


def report(
    *,
    args: argparse.Namespace,
    world: dict[str, Any],
    refresh_s: float | None,
    stored: int,
    total_s: float,
    up_s: float,
    warm_errors: int,
    browsing: list[list[Any]],
    writes: list[dict[str, Any]],
    jobs: dict[str, int],
    jobs_at_end: dict[str, int],
    tasks: dict[str, list[tuple[float | None, float | None, str]]],
    drain_s: float,
    sampler: Sampler,
    loads: tuple[tuple[float, float, float], ...],
    fresh: list[tuple[str, int, float, float]],
    trivial: list[list[Any]],
    saturated: list[list[Any]],
    pg: tuple[str, str],
) -> str:
    import django  # noqa: PLC0415
    import locust as locust_package  # noqa: PLC0415

    named = per_name(browsing)
    page_rows = []
    worst_p95, worst_name = 0.0, ""
    for name in sorted(named):
        times, errors = named[name]
        page_rows.append(timing_row(name, times, errors, PAGE_GOAL_MS))
        if percentile(times, 0.95) > worst_p95:
            worst_p95, worst_name = percentile(times, 0.95), name
    all_times = [row[2] for row in browsing]
    read_errors = sum(errors for _times, errors in named.values())
    after_write = [row["page_ms"] for row in writes if "page_ms" in row]
    write_errors = [row for row in writes if row["error"]]
    write_ms = [row["write_ms"] for row in writes if not row["error"]]
    failed_jobs = jobs.get("failed", 0)
    waiting = jobs.get("todo", 0) + jobs.get("doing", 0)
    _, first_status, first_ms, _ = fresh[1]
    fresh_errors = sum(1 for _label, status, _ms, _rss in fresh if status != 200)
    workers_peak = {
        name: max(values)
        for name, values in sampler.rss.items()
        if " worker " in name and name.startswith("gunicorn ")
    }
    rss_max = max(workers_peak.values(), default=0.0)
    task_worker_peak = max(
        (max(values) for name, values in sampler.rss.items() if name.startswith("task_worker")),
        default=0.0,
    )
    trivial_rate, pages_rate = throughput(trivial), throughput(saturated)
    saturation_errors = sum(1 for row in trivial + saturated if row[3] is not None)
    errors_total = read_errors + len(write_errors) + failed_jobs + fresh_errors
    load_before, load_after, load_end = loads
    cpu_wall, cpu_groups, cpu_machine = sampler.cpu()
    counts = world["counts"]
    scale_note = "" if world["scale"] == 1 else f" (a trial at scale {world['scale']})"
    lines = [
        "## Load test",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by "
        f"`bench/load_bench.py` on {platform.machine()}, {os.cpu_count()} cores "
        f"(`os.cpu_count()`) shared with other work; one-minute load average "
        f"(`os.getloadavg()`) {load_before[0]:.2f} before the run, "
        f"{statistics.median(sampler.load or [0]):.2f} median and "
        f"{max(sampler.load or [0]):.2f} highest during it, {load_after[0]:.2f} after it, "
        f"{load_end[0]:.2f} after the saturation. Python {platform.python_version()}, "
        f"Django {django.get_version()}, locust {locust_package.__version__}; "
        f"{pg[0].split(' on ')[0]} (shared_buffers {pg[1]}) on the same machine.",
        "",
        f"World{scale_note}: {counts['hromadas']:,} hromadas, {counts['europeans']:,} European "
        f"municipalities, {counts['needs']:,} needs, {counts['offers']:,} offers with their "
        f"vectors (search_bench's world, built in {world['built_s']:.0f} s), in a database of "
        f"its own. "
        + (
            f"`manage.py refresh_recommendations --everything` filled the stored "
            f"recommendations ({stored:,} lists) in **{refresh_s:.1f} s** (the command's wall "
            f"time, Python and Django start-up included)."
            if refresh_s is not None
            else f"The stored recommendations ({stored:,} lists) kept from the last run "
            f"(--keep-store)."
        ),
        "",
        f"Setup, all on loopback with `config.settings.prod` (plain HTTP, "
        f"SECURE_SSL_REDIRECT=false, the API's anonymous rate lifted: every simulated visitor "
        f"shares one address): gunicorn with `config/gunicorn.conf.py`, "
        f"{args.web_processes} web processes, worker class gthread with "
        f"{os.environ.get('GUNICORN_THREADS', '4')} threads each; one task worker "
        f"(`manage.py task_worker`, Procrastinate). /health/ answered after {up_s:.1f} s. "
        f"A warm-up of {args.warmup:.0f} s, not counted ({warm_errors} errors), then "
        f"**{args.users} visitors** (locust, one process) for {args.duration:.0f} s, each "
        f"waiting 1–3 s between requests, on the mix of bench/load_locustfile.py (anonymous "
        f"reads), beside **one write a second** made by a separate writer process through the "
        f"services with the production settings (a new need, its edit, an expression of "
        f"interest in it, the hromada's answer, in turn; each enqueues the recommendations' "
        f"refresh after commit as a page's write does), which then reads that need's page "
        f"over HTTP. "
        f"Times are nearest-rank percentiles of every request, from locust's own clock.",
        "",
        "| request | count | errors | p50 ms | p95 ms | max ms | goal p95 |",
        "|---|---:|---:|---:|---:|---:|---|",
        *page_rows,
        timing_row("**every page and API read**", all_times, read_errors, PAGE_GOAL_MS),
        timing_row(
            "need page right after a write", after_write, len(write_errors), AFTER_WRITE_GOAL_MS
        ),
        timing_row("the write itself (writer process)", write_ms, len(write_errors), None),
        "",
        "The task jobs of the run and its drain, from Procrastinate's events (seconds, "
        "p50 / p95; one worker running one job at a time):",
        "",
        "| task | jobs | not started | waited in the queue | ran | failed |",
        "|---|---:|---:|---:|---:|---:|",
        *job_rows(tasks),
        "",
        f"CPU during the run, in seconds of one core over {cpu_wall:.0f} s "
        f"({os.cpu_count()} cores: {cpu_wall * (os.cpu_count() or 1):.0f} available): "
        + ", ".join(
            f"{CPU_GROUPS.get(group, group)} {seconds:.0f}"
            for group, seconds in sorted(cpu_groups.items())
        )
        + f", everything else on the machine {max(0.0, cpu_machine - sum(cpu_groups.values())):.0f}"
        f" (PostgreSQL among it, and other people's work).",
        "",
        f"Throughput during the run: {throughput(browsing):.1f} requests/s and "
        f"{len(writes) / args.duration:.2f} writes/s. Task jobs (Procrastinate) when the run "
        f"ended: "
        + ", ".join(f"{status} {count}" for status, count in sorted(jobs_at_end.items()))
        + (
            f"; the worker emptied the queue {drain_s:.0f} s later ("
            if not waiting
            else f"; **{waiting} jobs still waiting or running {drain_s:.0f} s later** ("
        )
        + ", ".join(f"{status} {count}" for status, count in sorted(jobs.items()))
        + ").",
        "",
        "| goal | result | |",
        "|---|---|---|",
        f"| 0 errors | {read_errors} of {len(browsing):,} reads, {len(write_errors)} of "
        f"{len(writes)} writes, {failed_jobs} failed task jobs | {verdict(errors_total == 0)} |",
        f"| p95 ≤ {PAGE_GOAL_MS:.0f} ms on every page | highest: {worst_name}, "
        f"{worst_p95:.0f} ms | {verdict(worst_p95 <= PAGE_GOAL_MS)} |",
        f"| need page right after a write, p95 ≤ {AFTER_WRITE_GOAL_MS:.0f} ms | "
        f"{percentile(after_write, 0.95) if after_write else float('nan'):.0f} ms | "
        f"{verdict(bool(after_write) and percentile(after_write, 0.95) <= AFTER_WRITE_GOAL_MS)} |",
        f"| a fresh web process's first need page ≤ {FIRST_PAGE_GOAL_MS / 1000:.0f} s | "
        f"{first_ms:.0f} ms (HTTP {first_status}; the table below) | "
        f"{verdict(first_status == 200 and first_ms <= FIRST_PAGE_GOAL_MS)} |",
        f"| ≤ {RSS_GOAL_MB:.0f} MB resident per web process | highest {rss_max:.0f} MB "
        f"(the {len(workers_peak)} workers' peaks: "
        f"{', '.join(f'{v:.0f}' for v in sorted(workers_peak.values()))} MB; "
        f"task worker {task_worker_peak:.0f} MB) | {verdict(0 < rss_max <= RSS_GOAL_MB)} |",
        f"| saturation ({args.users} users, no pause, {args.saturation:.0f} s each) | "
        f"/health/live/ {trivial_rate:.0f} requests/s; the page mix {pages_rate:.1f} "
        f"requests/s, **{pages_rate / trivial_rate if trivial_rate else 0:.1%}** of the "
        f"trivial endpoint's; {saturation_errors} errors | — |",
        "",
        "A freshly started web process (one more gunicorn, one worker, after the run), one "
        "request after another; its resident memory after each:",
        "",
        "| step | HTTP | ms | RSS MB |",
        "|---|---:|---:|---:|",
        *(f"| {label} | {status} | {ms:.0f} | {rss:.0f} |" for label, status, ms, rss in fresh),
        "",
        "Not covered: signed-in visitors (every read is anonymous) and writes through the "
        "pages' forms (the writer calls the services the forms call, in its own process, so "
        "the web processes serve no POST).",
        "",
        "```sh",
        "# builds the world in postgres://postgres@127.0.0.1:5432/pobratym_load (dropped and",
        f"# created; --reuse keeps the last one); this run took {total_s / 60:.0f} min.",
        "# --scale 0.05 --duration 30 for a trial of the harness",
        ".venv/bin/python bench/load_bench.py --write",
        "```",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--reuse", action="store_true", help="the world of the last build")
    parser.add_argument("--scale", type=float, default=1.0, help="world size, 1 = national")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=180.0, help="seconds of the run")
    parser.add_argument("--warmup", type=float, default=30.0, help="seconds, not counted")
    parser.add_argument("--saturation", type=float, default=20.0, help="seconds per phase")
    parser.add_argument("--web-processes", type=int, default=4)
    parser.add_argument("--port", type=int, default=8370, help="and the next, for the fresh one")
    parser.add_argument(
        "--keep-store", action="store_true", help="with --reuse: no refresh --everything"
    )
    parser.add_argument(
        "--drain", type=float, default=180.0, help="seconds to wait for the task queue"
    )
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--writer-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--world", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.keep_store and not args.reuse:
        parser.error("--keep-store needs --reuse: a new world has an empty store")
    if args.writer_child:
        writer(args.world, args.port, args.duration, WORK / "writes.json")
        return
    try:
        section = run(args)
    except KeyboardInterrupt:
        raise SystemExit("Interrupted; every process the bench started is stopped.") from None
    finally:
        if args.drop:
            from django.db import connections  # noqa: PLC0415

            connections.close_all()
            name = database_name(args.database_url)
            maintenance(args.database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(section)
    if args.write:
        from bench.marked import write_marked_block  # noqa: PLC0415

        write_marked_block("load", section)


if __name__ == "__main__":
    main()
