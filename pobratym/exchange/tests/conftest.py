"""People and organisations the exchange tests act as.

Korosten (a hromada) belongs to an association whose facilitator curates it; Bourges (a French
municipality) and a Lithuanian association publish offers; other people have nothing to do
with any of them.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from pobratym.accounts.tests.factories import (
    UserFactory,
    claim,
    editor_of,
    facilitator_of,
    secretariat,
    unconfirmed_user,
)
from pobratym.directory.models import Association, Authority
from pobratym.directory.tests.factories import (
    AssociationFactory,
    AuthorityFactory,
    MembershipFactory,
    municipality,
)
from pobratym.exchange.tests.fakes import FakeEmbedder

ROLES = [
    "anonymous",
    "unconfirmed",
    "pending_claim",
    "member_elsewhere",
    "editor",
    "facilitator",
    "unrelated_facilitator",
    "secretariat",
]


@dataclass
class World:
    korosten: Authority
    bourges: Authority
    lsa: Association  # an association publishing offers itself
    auc: Association  # Korosten's association
    users: dict[str, Any]


@pytest.fixture
def world(db) -> World:
    korosten = AuthorityFactory()
    bourges = municipality(
        "Bourges",
        name_uk="Бурж",
        country="FR",
        country_en="France",
        country_uk="Франція",
        population=67_987,
    )
    auc = AssociationFactory(
        slug="auc", kind="national_association", name="Асоціація міст України", name_en="AUC"
    )
    lsa = AssociationFactory(
        slug="lsa",
        kind="national_association",
        name="Lietuvos savivaldybių asociacija",
        name_uk="Асоціація муніципалітетів Литви",
        name_en="Association of Local Authorities in Lithuania",
    )
    cemr = AssociationFactory(slug="cemr", kind="european_network", name="CEMR")
    MembershipFactory(association=auc, authority=korosten)
    MembershipFactory(association=cemr, authority=bourges)
    pending = UserFactory()
    claim(korosten, user=pending)
    return World(
        korosten=korosten,
        bourges=bourges,
        lsa=lsa,
        auc=auc,
        users={
            "anonymous": AnonymousUser(),
            "unconfirmed": unconfirmed_user(),
            "pending_claim": pending,
            "member_elsewhere": editor_of(bourges),
            "editor": editor_of(korosten),
            "facilitator": facilitator_of(auc),
            "unrelated_facilitator": facilitator_of(cemr),
            "secretariat": secretariat(),
        },
    )


@pytest.fixture
def fake_embedder(settings) -> type[FakeEmbedder]:
    """Embeddings by the fake model; its record of texts starts empty."""
    settings.EXCHANGE_EMBEDDER = "pobratym.exchange.tests.fakes.FakeEmbedder"
    FakeEmbedder.seen.clear()
    return FakeEmbedder


@pytest.fixture
def now(django_capture_on_commit_callbacks):
    """Run a service and what it queued for after commit: the embedding of the text, then the
    refresh of the stored recommendations (immediate tasks run them at once)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run
