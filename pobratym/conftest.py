"""Fixtures shared by every app's tests."""

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from pobratym.accounts.tests.factories import sign_in_verified as sign_in
from pobratym.directory.models import Authority
from pobratym.directory.tests.factories import AuthorityFactory, RegionFactory, municipality
from pobratym.exchange.tests.fakes import FakeEmbedder
from pobratym.matching import keeper


@pytest.fixture(autouse=True)
def _ukrainian_by_default():
    """Each test starts in the platform's default language, as a new visitor would."""
    with translation.override("uk"):
        yield


@pytest.fixture
def small_directory(db) -> dict[str, Authority]:
    """A hand-made directory: a Ukrainian hromada, an oblast and four European municipalities."""
    zhytomyr = RegionFactory()
    berlin_land = RegionFactory(
        country__code="DE",
        country__name_en="Germany",
        country__name_uk="Німеччина",
        code="DE-BE",
        kind="region",
        name="Berlin",
        name_uk="",
        name_en="Berlin",
    )
    berlin = municipality(
        "Berlin",
        name_uk="Берлін",
        country="DE",
        country_en="Germany",
        country_uk="Німеччина",
        population=3_426_354,
        region=berlin_land,
    )
    return {
        "korosten": AuthorityFactory(region=zhytomyr),
        "bourges": municipality(
            "Bourges",
            name_uk="Бурж",
            country="FR",
            country_en="France",
            country_uk="Франція",
            population=67_987,
        ),
        "plunge": municipality(
            "Plungė", country="LT", country_en="Lithuania", country_uk="Литва", population=18_904
        ),
        "berlin": berlin,
        "wedding": municipality(
            "Wedding",
            name_uk="Веддінг",
            country="DE",
            country_en="Germany",
            country_uk="Німеччина",
            population=85_275,
            region=berlin_land,
            is_section=True,
            section_of=berlin,
        ),
    }


@pytest.fixture
def frontline_directory(small_directory) -> dict[str, Authority]:
    """The hand-made directory with Korosten on the frontline and an occupied hromada."""
    korosten = small_directory["korosten"]
    korosten.frontline_status = "frontline"
    korosten.frontline_source = "Наказ Мінрозвитку № 376"
    korosten.frontline_as_of = date(2025, 3, 1)
    korosten.save()
    oleshky = AuthorityFactory(
        name="Олешківська міська територіальна громада",
        name_en="Oleshkivska city hromada",
        frontline_status="occupied",
        frontline_source="Наказ Мінрозвитку № 376",
        frontline_as_of=date(2025, 2, 14),
    )
    return {**small_directory, "oleshky": oleshky}


@pytest.fixture
def migrate(transactional_db):
    """Migrate the test database to (app, migration) targets, returning the apps as they stood
    there; afterwards, back to the current schema for the tests that follow."""

    def to(targets: list[tuple[str, str]]):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield to
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def sign_in_verified():
    """Sign a test client in with a verified second factor (see factories.sign_in_verified)."""
    return sign_in


@pytest.fixture(autouse=True)
def _fresh_matching_index():
    """Each test's database is new: the process's matching index (the keeper's) must not
    outlive it."""
    keeper.forget()
    yield
    keeper.forget()


@pytest.fixture(autouse=True)
def _fake_model_prior(monkeypatch):
    """The fake model's vectors come from hashes: there is no house style to centre away, and
    a few texts centred on their own mean come out opposite each other (two at exactly −1), a
    fit of less than nothing. The fake gets the prior of a large corpus with a zero mean: its
    raw cosines, all positive, stay as they are (prior.py)."""
    real = keeper.load_prior

    def load_prior(model_name):
        if model_name == FakeEmbedder.name:
            return np.zeros(FakeEmbedder.dimension, dtype=np.float32), 1_000_000
        return real(model_name)

    monkeypatch.setattr(keeper, "load_prior", load_prior)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the API counts each caller's requests there."""
    cache.clear()


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium for one test module's browser tests (see browser_testing.py)."""
    # Imported here: Playwright loads only when a browser test runs.
    from pobratym.browser_testing import chromium_browser  # noqa: PLC0415

    with chromium_browser() as launched:
        yield launched


@pytest.fixture
def axe_context(browser):
    """A fresh Ukrainian browser context in which axe can run."""
    # Imported here: Playwright loads only when a browser test runs.
    from pobratym.browser_testing import axe_ready_context  # noqa: PLC0415

    context = axe_ready_context(browser)
    yield context
    context.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Django deletes the SQLite test database's file, not the WAL files beside it."""
    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if name and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        for suffix in ("-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
