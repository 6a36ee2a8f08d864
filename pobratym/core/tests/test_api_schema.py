"""schemathesis against the served OpenAPI schema: no server error, every status documented.

Requests generated from the schema (valid and invalid parameters, other methods) go to the
application in-process through WSGI, over a small directory with frontline and occupied
hromadas, a published need and offer, and a partnership. Every response passes all of
schemathesis's checks: no 5xx, a documented status, content type and body as documented,
invalid input refused and valid input accepted, 405 for another method. Bounded: a fixed
number of examples per operation, derandomised (each run sends the same requests), and a
deadline per example.
"""

import hypothesis
import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck

from pobratym.accounts.tests.factories import editor_of
from pobratym.exchange.tests.helpers import publish_need, publish_offer
from pobratym.partnerships import services as partnerships

EXAMPLES_PER_OPERATION = 25
DEADLINE_MS = 5_000


# The schema as /api/v1/openapi.json serves it (read while the tests are collected).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def connections_kept_open():
    """Django's WSGI handler closes the database connection after each request, which ends
    the test's transaction on PostgreSQL; the test client and live server keep it open the
    same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def published(frontline_directory, settings):
    """Something to answer with: frontline and occupied hromadas, a need, an offer and a
    partnership."""
    settings.EXCHANGE_EMBEDDER = "pobratym.exchange.tests.fakes.FakeEmbedder"
    korosten, bourges = frontline_directory["korosten"], frontline_directory["bourges"]
    korosten_editor, bourges_editor = editor_of(korosten), editor_of(bourges)
    publish_need(korosten, korosten_editor)
    publish_offer(bourges, bourges_editor)
    partnerships.partnership_express_interest(
        from_organisation=korosten, to_organisation=bourges, actor=korosten_editor
    )


@schema.parametrize()
@hypothesis.settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=DEADLINE_MS,
    derandomize=True,
    database=None,
    # The fixture's database is built once for all examples, on purpose; a slow machine
    # makes the generated data slow to build, not wrong.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_the_api_answers_every_request_as_its_schema_documents(
    case, published, connections_kept_open
):
    # Each request starts with no history: throttling is tested on its own.
    cache.clear()
    case.call_and_validate()
