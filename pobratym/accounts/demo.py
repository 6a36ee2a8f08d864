"""The demo scenario's people: one login per role, so a newcomer can try every role at once.

These accounts exist only in the demo database (make demo); their passwords are in the README
and their e-mail domain (.invalid) can never receive mail. Facilitators and the secretariat
sign in with a second factor: their authenticator secret is fixed so that
`manage.py demo_code EMAIL` can print the current code for demo accounts.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from pobratym.directory.demo import BOURGES, KOROSTEN
from pobratym.directory.models import Association, Contact

from .enums import MembershipState, Role
from .models import OrganisationMembership, User

DEMO_DOMAIN = "demo.pobratym.invalid"
# A fixed, published secret: acceptable only because these accounts are demo accounts.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    password: str
    first_name: str
    last_name: str
    language: str
    role: str  # "editor", "facilitator" or "secretariat"
    organisation: str  # "korosten", "bourges" or an association slug; "" for the secretariat


DEMO_PEOPLE = [
    DemoPerson(
        f"korosten@{DEMO_DOMAIN}",
        "korosten-demo-2026",
        "Олена",
        "Демо",
        "uk",
        Role.EDITOR,
        "korosten",
    ),
    DemoPerson(
        f"bourges@{DEMO_DOMAIN}",
        "bourges-demo-2026",
        "Claire",
        "Démo",
        "en",
        Role.EDITOR,
        "bourges",
    ),
    DemoPerson(
        f"auc@{DEMO_DOMAIN}", "auc-demo-2026", "Андрій", "Демо", "uk", Role.FACILITATOR, "auc"
    ),
    DemoPerson(
        f"lsa@{DEMO_DOMAIN}", "lsa-demo-2026", "Rūta", "Demo", "en", Role.FACILITATOR, "lsa"
    ),
    DemoPerson(
        f"secretariat@{DEMO_DOMAIN}",
        "secretariat-demo-2026",
        "Sofia",
        "Demo",
        "en",
        "secretariat",
        "",
    ),
]


@dataclass(frozen=True)
class DemoContact:
    organisation: str  # as DemoPerson.organisation
    name: str
    position: str
    email: str
    languages: str


# Invented people with addresses that can never receive mail; they agreed to be shown, so the
# contact rule (docs/accounts.md) can be tried: Bourges sees Korosten's, LSA's facilitator not.
DEMO_CONTACTS = [
    DemoContact(
        "korosten",
        "Ірина Демо",
        "заступниця міського голови з міжнародної співпраці",
        f"iryna.contact@{DEMO_DOMAIN}",
        "uk, en",
    ),
    DemoContact(
        "bourges",
        "Julien Démo",
        "chargé de coopération internationale",
        f"julien.contact@{DEMO_DOMAIN}",
        "fr, en",
    ),
]


@transaction.atomic
def demo_accounts_load() -> int:
    """Create the demo logins (passwords are set only on creation) and the demo contact persons;
    returns how many logins were new."""
    created_count = 0
    for person in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            email=person.email,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "language": person.language,
                "email_confirmed_at": timezone.now(),
                "is_secretariat": person.role == "secretariat",
            },
        )
        if created:
            user.set_password(person.password)
            user.save(update_fields=["password"])
            created_count += 1
        if person.role == "secretariat":
            _demo_device(user)
            continue
        organisation_fields = _organisation_fields(person.organisation)
        OrganisationMembership.objects.get_or_create(
            user=user,
            **organisation_fields,
            defaults={
                "role": person.role,
                "state": MembershipState.VERIFIED,
                "decided_at": timezone.now(),
            },
        )
        if person.role == Role.FACILITATOR:
            _demo_device(user)
    for contact in DEMO_CONTACTS:
        Contact.objects.get_or_create(
            **_organisation_fields(contact.organisation),
            email=contact.email,
            defaults={
                "name": contact.name,
                "position": contact.position,
                "languages": contact.languages,
                "consented_at": timezone.now(),
            },
        )
    return created_count


def _organisation_fields(key: str) -> dict[str, object]:
    if key == "korosten":
        return {"authority": KOROSTEN.resolve()}
    if key == "bourges":
        return {"authority": BOURGES.resolve()}
    return {"association": Association.objects.get(slug=key)}


def _demo_device(user: User) -> None:
    TOTPDevice.objects.get_or_create(
        user=user, name="demo", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
    )
