"""Factories for people and the organisations they act for."""

from typing import Any

import factory
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from pobratym.accounts.enums import MembershipState, Role
from pobratym.accounts.models import OrganisationMembership, User
from pobratym.directory.models import Association, Authority

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    """A confirmed, active account that signs in with PASSWORD."""

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@pobratym.example")
    first_name = "Олена"
    last_name = factory.Sequence(lambda n: f"Коваленко-{n}")
    language = "uk"
    is_active = True
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password(PASSWORD)


def unconfirmed_user(**fields: object) -> User:
    """Signed up, but the confirmation link was never followed."""
    user: User = UserFactory(is_active=False, email_confirmed_at=None, **fields)
    return user


class OrganisationMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMembership

    user = factory.SubFactory(UserFactory)
    role = Role.EDITOR
    state = MembershipState.VERIFIED
    decided_at = factory.LazyFunction(timezone.now)


def _membership(
    organisation: Authority | Association, *, state: str, role: str = Role.EDITOR, **fields: object
) -> OrganisationMembership:
    membership: OrganisationMembership = OrganisationMembershipFactory(
        authority=organisation if isinstance(organisation, Authority) else None,
        association=organisation if isinstance(organisation, Association) else None,
        state=state,
        role=role,
        decided_at=timezone.now() if state != MembershipState.PENDING else None,
        **fields,
    )
    return membership


def editor_of(organisation: Authority | Association, **user_fields: object) -> User:
    """A new user who is a verified editor of the organisation."""
    user: User = UserFactory(**user_fields)
    _membership(organisation, user=user, state=MembershipState.VERIFIED)
    return user


def facilitator_of(association: Association, **user_fields: object) -> User:
    """A new user who is a verified facilitator (staff) of the association."""
    user: User = UserFactory(**user_fields)
    _membership(association, user=user, state=MembershipState.VERIFIED, role=Role.FACILITATOR)
    return user


def claim(
    organisation: Authority | Association, *, user: User | None = None, **fields: object
) -> OrganisationMembership:
    """A pending claim, as membership_claim leaves it (without its audit or e-mails)."""
    return _membership(
        organisation, user=user or UserFactory(), state=MembershipState.PENDING, **fields
    )


def secretariat(**user_fields: object) -> User:
    user: User = UserFactory(is_secretariat=True, **user_fields)
    return user


def sign_in_verified(client: Any, user: User) -> TOTPDevice:
    """Sign the test client in as the second-factor step leaves a session: verified by a device.

    Facilitators and the secretariat reach no page without it (RequireTwoFactorMiddleware).
    """
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Pobratym", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
