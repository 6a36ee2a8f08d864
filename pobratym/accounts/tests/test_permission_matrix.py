"""Every role against every write that checks a permission: allowed, or refused with no trace.

The organisation acted upon is Korosten. It belongs to an association (directory.Membership),
whose facilitator acts for it; another association has nothing to do with it.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from pobratym.accounts import services
from pobratym.accounts.models import (
    Invitation,
    OrganisationMembership,
    OrganisationRequest,
    User,
)
from pobratym.accounts.tests.factories import (
    UserFactory,
    claim,
    editor_of,
    facilitator_of,
    secretariat,
    unconfirmed_user,
)
from pobratym.core.errors import PermissionRefused
from pobratym.core.models import AuditRecord
from pobratym.directory import selectors
from pobratym.directory.models import Association, Authority, Contact, Country, Membership
from pobratym.directory.services import curation
from pobratym.directory.tests.factories import (
    AssociationFactory,
    AuthorityFactory,
    MembershipFactory,
    municipality,
)

ROLES = [
    "anonymous",
    "unconfirmed",
    "pending_claim",
    "editor",
    "other_editor",
    "facilitator",
    "unrelated_facilitator",
    "secretariat",
]

Y, N = True, False

# fmt: off
ALLOWED: dict[str, tuple[bool, ...]] = {
    #                               anonymous  unconfirmed  pending_claim  editor  other_editor  facilitator  unrelated_facilitator  secretariat
    "authority_profile_update":     (N,        N,           N,             Y,      N,            Y,           N,                     Y),
    "authority_curate":             (N,        N,           N,             N,      N,            Y,           N,                     Y),
    "contact_create":               (N,        N,           N,             Y,      N,            Y,           N,                     Y),
    "contact_update":               (N,        N,           N,             Y,      N,            Y,           N,                     Y),
    "contact_delete":               (N,        N,           N,             Y,      N,            Y,           N,                     Y),
    "authority_merge":              (N,        N,           N,             N,      N,            Y,           N,                     Y),
    "membership_decide":            (N,        N,           N,             Y,      N,            Y,           N,                     Y),
    "membership_remove":            (N,        N,           N,             N,      N,            Y,           N,                     Y),
    "invitation_create":            (N,        N,           N,             Y,      N,            Y,           N,                     Y),
    # A requested organisation is not in the directory yet, so it has no association whose
    # facilitators alone could review it: every facilitator may.
    "organisation_request_decide":  (N,        N,           N,             N,      N,            Y,           Y,                     Y),
}
# fmt: on


@dataclass
class World:
    korosten: Authority
    duplicate: Authority  # the same hromada entered twice, also a member of the association
    bourges: Authority
    association: Association
    unrelated_association: Association
    consented: Contact
    unconsented: Contact
    claim: OrganisationMembership  # a third person's pending claim on Korosten
    colleague: OrganisationMembership  # a verified editor of Korosten who left
    request: OrganisationRequest
    users: dict[str, Any]


@pytest.fixture
def world(db) -> World:
    korosten = AuthorityFactory()
    duplicate = AuthorityFactory(name="Коростенська громада", name_en="Korosten hromada")
    bourges = municipality(
        "Bourges", country="FR", country_en="France", country_uk="Франція", population=67_987
    )
    association = AssociationFactory(
        slug="auc", kind="national_association", name="Асоціація міст України"
    )
    unrelated = AssociationFactory(slug="cemr", kind="european_network", name="CEMR")
    MembershipFactory(association=association, authority=korosten)
    MembershipFactory(association=association, authority=duplicate)
    MembershipFactory(association=unrelated, authority=bourges)
    pending_user = UserFactory()
    claim(korosten, user=pending_user)
    return World(
        korosten=korosten,
        duplicate=duplicate,
        bourges=bourges,
        association=association,
        unrelated_association=unrelated,
        consented=Contact.objects.create(
            authority=korosten,
            name="Ірина Шевчук",
            email="iryna.shevchuk@korosten.example",
            phone="+380 4142 00000",
            consented_at=timezone.now(),
        ),
        unconsented=Contact.objects.create(
            authority=korosten, name="Петро Мельник", email="petro.melnyk@korosten.example"
        ),
        claim=claim(korosten),
        colleague=OrganisationMembership.objects.get(user=editor_of(korosten)),
        request=OrganisationRequest.objects.create(
            requested_by=UserFactory(),
            name="Новоград-Волинська громада",
            kind="hromada",
            country=Country.objects.get(code="UA"),
        ),
        users={
            "anonymous": AnonymousUser(),
            "unconfirmed": unconfirmed_user(),
            "pending_claim": pending_user,
            "editor": editor_of(korosten),
            "other_editor": editor_of(bourges),
            "facilitator": facilitator_of(association),
            "unrelated_facilitator": facilitator_of(unrelated),
            "secretariat": secretariat(),
        },
    )


def _profile_update(w: World, actor: Any) -> None:
    curation.authority_profile_update(
        authority=w.korosten,
        website="https://korosten.example",
        description="Місто на річці Уж.",
        description_language="uk",
        actor=actor,
    )


def _curate(w: World, actor: Any) -> None:
    curation.authority_curate(
        authority=w.korosten,
        name_uk="Коростенська міська громада",
        name_en="Korosten city hromada",
        frontline_status="",
        frontline_source="",
        frontline_as_of=None,
        actor=actor,
    )


def _contact_create(w: World, actor: Any) -> None:
    curation.contact_create(
        organisation=w.korosten, name="Оксана Бондар", email="oksana@korosten.example", actor=actor
    )


def _contact_update(w: World, actor: Any) -> None:
    curation.contact_update(
        contact=w.unconsented,
        name="Петро Мельник",
        position="секретар ради",
        email="petro.melnyk@korosten.example",
        phone="",
        languages="uk, en",
        consented=True,
        actor=actor,
    )


def _contact_delete(w: World, actor: Any) -> None:
    curation.contact_delete(contact=w.consented, actor=actor)


def _merge(w: World, actor: Any) -> None:
    curation.authority_merge(duplicate=w.duplicate, target=w.korosten, actor=actor)


def _decide(w: World, actor: Any) -> None:
    services.membership_decide(membership=w.claim, approve=True, actor=actor)


def _remove(w: World, actor: Any) -> None:
    services.membership_remove(membership=w.colleague, note="Left the council.", actor=actor)


def _invite(w: World, actor: Any) -> None:
    services.invitation_create(
        organisation=w.korosten, email="new.colleague@korosten.example", actor=actor
    )


def _decide_request(w: World, actor: Any) -> None:
    services.organisation_request_decide(request=w.request, approve=True, actor=actor)


ACTIONS = {
    "authority_profile_update": (_profile_update, "authority.profile_updated"),
    "authority_curate": (_curate, "authority.curated"),
    "contact_create": (_contact_create, "contact.created"),
    "contact_update": (_contact_update, "contact.updated"),
    "contact_delete": (_contact_delete, "contact.deleted"),
    "authority_merge": (_merge, "authority.merged"),
    "membership_decide": (_decide, "membership.verified"),
    "membership_remove": (_remove, "membership.removed"),
    "invitation_create": (_invite, "invitation.created"),
    "organisation_request_decide": (_decide_request, "organisation_request.approved"),
}

_WRITTEN_BY_ACTIONS = [
    Authority,
    Association,
    Membership,
    Contact,
    OrganisationMembership,
    Invitation,
    OrganisationRequest,
    User,
    AuditRecord,
]


def _database_state() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table the actions write, to prove a refusal left no trace."""
    return {
        model.__name__: list(model.objects.order_by("pk").values()) for model in _WRITTEN_BY_ACTIONS
    }


def test_the_table_covers_every_action_and_role():
    assert set(ALLOWED) == set(ACTIONS)
    assert all(len(row) == len(ROLES) for row in ALLOWED.values())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(world, action, role):
    act, verb = ACTIONS[action]
    actor = world.users[role]
    allowed = ALLOWED[action][ROLES.index(role)]
    before = _database_state()
    last_audit = AuditRecord.objects.order_by("pk").values_list("pk", flat=True).last() or 0

    if allowed:
        act(world, actor)

        written = AuditRecord.objects.filter(pk__gt=last_audit)
        assert verb in {record.verb for record in written}
        assert {record.actor_id for record in written} == {actor.pk}
    else:
        with pytest.raises(PermissionRefused):
            act(world, actor)

        assert _database_state() == before


VISIBLE_CONTACTS = {
    "anonymous": [],
    "unconfirmed": [],
    "pending_claim": [],
    "editor": ["Ірина Шевчук", "Петро Мельник"],
    # Verified members of an unrelated organisation write through the platform instead.
    "other_editor": [],
    "facilitator": ["Ірина Шевчук", "Петро Мельник"],
    "unrelated_facilitator": [],
    "secretariat": ["Ірина Шевчук", "Петро Мельник"],
}


@pytest.mark.parametrize("role", ROLES)
def test_contacts_are_shown_by_role_and_consent(world, role):
    contacts = selectors.contacts_for_viewer(organisation=world.korosten, viewer=world.users[role])

    assert [contact.name for contact in contacts or []] == VISIBLE_CONTACTS[role]


def _public_pages(world: World) -> list[str]:
    return [
        "/api/v1/directory/authorities",
        f"/api/v1/directory/authorities/{world.korosten.pk}",
        "/api/v1/directory/associations",
        f"/api/v1/directory/associations/{world.association.slug}",
    ]


@pytest.mark.parametrize("role", ["anonymous", "editor", "secretariat"])
def test_public_api_never_includes_contacts(client, world, role):
    if role != "anonymous":
        client.force_login(world.users[role])

    bodies = [client.get(url).content.decode() for url in _public_pages(world)]

    assert all(body.startswith(("{", "[")) for body in bodies)
    for contact in (world.consented, world.unconsented):
        assert not [body for body in bodies if contact.name in body or contact.email in body]
    assert not [body for body in bodies if world.consented.phone in body]
