"""A person's own data: exported in full, erased without breaking the organisations' records."""

import json

import pytest
from django.utils.translation import gettext

from pobratym.accounts import privacy, services
from pobratym.accounts.enums import MembershipState
from pobratym.accounts.models import Invitation, OrganisationMembership, User
from pobratym.accounts.tests.factories import UserFactory, editor_of, secretariat
from pobratym.core.errors import PermissionRefused
from pobratym.core.models import AuditRecord
from pobratym.directory.models import Authority, Contact
from pobratym.directory.services import curation
from pobratym.directory.tests.factories import AuthorityFactory, municipality

EMAIL = "olena.kovalenko@korosten.example"
PHONE = "+380 67 123 45 67"


@pytest.fixture
def olena(db) -> User:
    """Olena joined, became an editor of Korosten, and left traces of herself around it."""
    korosten = AuthorityFactory()
    bourges = municipality(
        "Bourges",
        name_uk="Бурж",
        country="FR",
        country_en="France",
        country_uk="Франція",
        population=67_987,
    )
    colleague = editor_of(korosten, email="colleague@korosten.example")
    user = services.user_sign_up(
        email=EMAIL,
        password="correct horse battery",
        first_name="Олена",
        last_name="Коваленко",
        language="uk",
    )
    services.user_confirm_email(token=services.confirmation_token(user))
    user.refresh_from_db()
    claimed = services.membership_claim(user=user, organisation=korosten, note="Я секретар ради.")
    services.membership_decide(membership=claimed, approve=True, actor=colleague)
    curation.authority_profile_update(
        authority=korosten,
        website="https://korosten.example",
        description="Місто на річці Уж.",
        description_language="uk",
        actor=user,
    )
    own_entry = curation.contact_create(
        organisation=korosten, name="Олена Коваленко", email=EMAIL, consented=True, actor=user
    )
    curation.contact_update(
        contact=own_entry,
        name="Олена Коваленко",
        position="секретар ради",
        email=EMAIL,
        phone=PHONE,
        languages="uk, en",
        consented=True,
        actor=user,
    )
    # Bourges listed her before she had an account: matched by her address.
    curation.contact_create(
        organisation=bourges,
        name="Olena Kovalenko",
        email=EMAIL.upper(),
        actor=editor_of(bourges, email="editor@bourges.example"),
    )
    curation.contact_create(
        organisation=korosten, name="Ірина Шевчук", email="iryna@korosten.example", actor=colleague
    )
    services.invitation_create(
        organisation=bourges, email=EMAIL, actor=User.objects.get(email="editor@bourges.example")
    )
    return user


def test_export_holds_everything_about_the_person(olena):
    data = privacy.personal_data_export(user=olena)

    assert data["account"]["email"] == EMAIL
    assert (data["account"]["first_name"], data["account"]["last_name"]) == ("Олена", "Коваленко")
    assert [(m["organisation"], m["state"]) for m in data["organisation_memberships"]] == [
        ("Коростенська міська територіальна громада", "verified")
    ]
    assert sorted((c["name"], c["organisation"]) for c in data["contact_entries"]) == [
        ("Olena Kovalenko", "Бурж"),
        ("Олена Коваленко", "Коростенська міська територіальна громада"),
    ]
    assert [i["organisation"] for i in data["invitations_received"]] == ["Бурж"]
    assert [a["what"] for a in data["activity"]] == [
        "user.email_confirmed",
        "membership.claimed",
        "authority.profile_updated",
        "contact.created",
        "contact.updated",
    ]
    assert "iryna@korosten.example" not in json.dumps(data, ensure_ascii=False)
    json.dumps(data)  # ready to be served as a JSON file


def test_erasing_anonymises_the_account(olena):
    privacy.personal_data_erase(user=olena, actor=olena)

    olena.refresh_from_db()
    assert olena.email == f"erased-{olena.pk}@erased.invalid"
    assert (olena.first_name, olena.last_name) == ("", "")
    assert not olena.is_active
    assert not olena.has_usable_password()
    assert olena.erased_at is not None


def test_erasing_deletes_the_persons_contact_entries_and_scrubs_their_audit(olena):
    entries = list(Contact.objects.filter(email__iexact=EMAIL).values_list("pk", flat=True))

    privacy.personal_data_erase(user=olena, actor=olena)

    assert list(Contact.objects.values_list("name", flat=True)) == ["Ірина Шевчук"]
    scrubbed = AuditRecord.objects.filter(
        target_type__model="contact", target_id__in=[str(pk) for pk in entries]
    )
    assert [(r.target_label, r.changes) for r in scrubbed] == [(gettext("erased contact"), {})] * 3
    assert Invitation.objects.count() == 0


def test_erasing_keeps_the_organisation_and_its_records(olena):
    korosten = Authority.objects.get(name="Коростенська міська територіальна громада")
    audit_before = set(AuditRecord.objects.values_list("pk", flat=True))
    memberships_before = OrganisationMembership.objects.count()

    privacy.personal_data_erase(user=olena, actor=olena)

    korosten.refresh_from_db()
    assert korosten.website == "https://korosten.example"
    assert OrganisationMembership.objects.count() == memberships_before
    assert OrganisationMembership.objects.get(user=olena).state == MembershipState.REMOVED
    audit_after = set(AuditRecord.objects.values_list("pk", flat=True))
    assert audit_before < audit_after
    assert list(
        AuditRecord.objects.filter(pk__in=audit_after - audit_before).values_list(
            "verb", "actor_id"
        )
    ) == [("user.erased", None)]
    assert AuditRecord.objects.filter(verb="authority.profile_updated", actor=olena).exists()


def test_erasing_leaves_no_name_or_address_in_the_audit(olena):
    privacy.personal_data_erase(user=olena, actor=olena)

    audit = json.dumps(list(AuditRecord.objects.values()), ensure_ascii=False, default=str)
    for trace in (EMAIL, "Коваленко", "Kovalenko", PHONE):
        assert trace.lower() not in audit.lower()


def test_nobody_else_can_erase_a_person(olena):
    intruder = UserFactory()
    before = (
        list(User.objects.filter(pk=olena.pk).values()),
        list(Contact.objects.values()),
        list(AuditRecord.objects.values()),
    )

    with pytest.raises(PermissionRefused):
        privacy.personal_data_erase(user=olena, actor=intruder)

    after = (
        list(User.objects.filter(pk=olena.pk).values()),
        list(Contact.objects.values()),
        list(AuditRecord.objects.values()),
    )
    assert after == before


def test_the_secretariat_can_erase_a_person_on_request(olena):
    staff = secretariat()

    privacy.personal_data_erase(user=olena, actor=staff)

    olena.refresh_from_db()
    assert olena.erased_at is not None
    assert AuditRecord.objects.get(verb="user.erased").actor == staff


def test_an_erased_person_can_no_longer_sign_in(olena, client):
    privacy.personal_data_erase(user=olena, actor=olena)

    assert not client.login(email=EMAIL, password="correct horse battery")
    assert not client.login(email=olena.email, password="correct horse battery")
