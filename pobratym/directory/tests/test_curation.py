"""Profiles, curated facts, contacts and merges: validated, audited, all or nothing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from pobratym.accounts.enums import MembershipState
from pobratym.accounts.models import Invitation, OrganisationMembership
from pobratym.accounts.tests.factories import UserFactory, claim, editor_of, secretariat
from pobratym.allocation.models import AllocationRound, RoundProposal
from pobratym.core.errors import InvalidInput
from pobratym.core.models import AuditRecord
from pobratym.directory import selectors
from pobratym.directory.models import Authority, Contact, Membership
from pobratym.directory.services import curation
from pobratym.directory.tests.factories import AssociationFactory, AuthorityFactory, municipality
from pobratym.exchange.models import Need, Offer
from pobratym.partnerships import services as partnership_services
from pobratym.partnerships.models import CalendarFeed
from pobratym.partnerships.services import DeliveryLineIn

KOROSTEN = "Коростенська міська територіальна громада"


@pytest.fixture
def korosten(db) -> Authority:
    return AuthorityFactory(website="https://old.korosten.example")


@pytest.fixture
def curator(db):
    return secretariat()


def _authority_row(authority: Authority) -> dict:
    return Authority.objects.filter(pk=authority.pk).values().get()


# Profile


def test_profile_update_records_before_and_after_of_changed_fields(korosten):
    editor = editor_of(korosten)

    curation.authority_profile_update(
        authority=korosten,
        website=" https://korosten.example ",
        description="Місто на річці Уж.",
        description_language="uk",
        actor=editor,
    )

    korosten.refresh_from_db()
    assert (korosten.website, korosten.description, korosten.description_language) == (
        "https://korosten.example",
        "Місто на річці Уж.",
        "uk",
    )
    record = AuditRecord.objects.get()
    assert (record.verb, record.actor, record.target_label) == (
        "authority.profile_updated",
        editor,
        KOROSTEN,
    )
    assert record.changes == {
        "website": ["https://old.korosten.example", "https://korosten.example"],
        "description": ["", "Місто на річці Уж."],
        "description_language": ["", "uk"],
    }


def test_profile_update_that_changes_nothing_leaves_no_record(korosten):
    curation.authority_profile_update(
        authority=korosten,
        website="https://old.korosten.example",
        description="",
        description_language="",
        actor=editor_of(korosten),
    )

    assert AuditRecord.objects.count() == 0


def test_profile_update_names_every_bad_field_and_changes_nothing(korosten):
    before = _authority_row(korosten)

    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        curation.authority_profile_update(
            authority=korosten,
            website="korosten.example",
            description="а" * (curation.MAX_DESCRIPTION + 1),
            description_language="",
            actor=editor_of(korosten),
        )

    assert refused.value.message == "Some values are not valid."
    assert refused.value.extra["fields"] == {
        "website": "Enter a web address starting with http:// or https://.",
        "description": "Keep the description under 5000 characters.",
        "description_language": "Choose the language the description is written in.",
    }
    assert _authority_row(korosten) == before
    assert AuditRecord.objects.count() == 0


@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://korosten.example", "https://"])
def test_profile_update_accepts_only_web_addresses(korosten, website):
    with pytest.raises(InvalidInput) as refused:
        curation.authority_profile_update(
            authority=korosten,
            website=website,
            description="",
            description_language="",
            actor=editor_of(korosten),
        )

    assert list(refused.value.extra["fields"]) == ["website"]


# Curated facts


def _curate(authority: Authority, actor, **values):
    fields = {
        "name_uk": authority.name_uk,
        "name_en": authority.name_en,
        "frontline_status": "",
        "frontline_source": "",
        "frontline_as_of": None,
        **values,
    }
    return curation.authority_curate(authority=authority, actor=actor, **fields)


def test_curating_a_frontline_status_records_its_source_and_date(korosten, curator):
    _curate(
        korosten,
        curator,
        frontline_status="frontline",
        frontline_source=" Наказ Мінрозвитку № 376 ",
        frontline_as_of=date(2025, 3, 1),
    )

    korosten.refresh_from_db()
    assert (korosten.frontline_status, korosten.frontline_source, korosten.frontline_as_of) == (
        "frontline",
        "Наказ Мінрозвитку № 376",
        date(2025, 3, 1),
    )
    assert AuditRecord.objects.get().changes == {
        "frontline_status": ["", "frontline"],
        "frontline_source": ["", "Наказ Мінрозвитку № 376"],
        "frontline_as_of": [None, "2025-03-01"],
    }


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({"frontline_status": "frontline"}, ["frontline_as_of", "frontline_source"]),
        (
            {"frontline_status": "frontline", "frontline_as_of": date(2025, 3, 1)},
            ["frontline_source"],
        ),
        ({"frontline_status": "frontline", "frontline_source": "ОВА"}, ["frontline_as_of"]),
        (
            {
                "frontline_status": "besieged",
                "frontline_source": "ОВА",
                "frontline_as_of": date(2025, 3, 1),
            },
            ["frontline_status"],
        ),
    ],
)
def test_curating_a_status_requires_a_known_status_a_source_and_a_date(
    korosten, curator, values, fields
):
    before = _authority_row(korosten)

    with pytest.raises(InvalidInput) as refused:
        _curate(korosten, curator, **values)

    assert sorted(refused.value.extra["fields"]) == fields
    assert _authority_row(korosten) == before
    assert AuditRecord.objects.count() == 0


def test_a_status_cannot_be_dated_in_the_future(korosten, curator):
    tomorrow = timezone.localdate() + timedelta(days=1)

    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        _curate(
            korosten,
            curator,
            frontline_status="frontline",
            frontline_source="ОВА",
            frontline_as_of=tomorrow,
        )

    assert refused.value.extra["fields"] == {"frontline_as_of": "The date cannot be in the future."}


def test_clearing_a_status_clears_its_source_and_date(korosten, curator):
    _curate(
        korosten,
        curator,
        frontline_status="frontline",
        frontline_source="ОВА",
        frontline_as_of=date(2025, 3, 1),
    )

    _curate(korosten, curator, frontline_source="ОВА", frontline_as_of=date(2025, 3, 1))

    korosten.refresh_from_db()
    assert (korosten.frontline_status, korosten.frontline_source, korosten.frontline_as_of) == (
        "",
        "",
        None,
    )


def test_curated_names_are_found_by_the_directory_search(korosten, curator):
    _curate(korosten, curator, name_uk="Іскоростенська громада", name_en="Iskorosten hromada")

    by_new_name = selectors.AuthorityFilters(query="Іскоростень")
    by_old_name = selectors.AuthorityFilters(query="Korostenska")
    assert list(selectors.authority_list(filters=by_new_name)) == [korosten]
    assert list(selectors.authority_list(filters=by_old_name)) == [korosten]


# Contacts


def test_a_contact_with_bad_values_is_refused_field_by_field(korosten):
    with pytest.raises(InvalidInput) as refused:
        curation.contact_create(
            organisation=korosten,
            name=" ",
            email="not-an-address",
            phone="call me",
            languages="uk, English",
            actor=editor_of(korosten),
        )

    assert sorted(refused.value.extra["fields"]) == ["email", "languages", "name", "phone"]
    assert Contact.objects.count() == 0
    assert AuditRecord.objects.count() == 0


def test_a_contacts_consent_is_recorded_and_audited(korosten):
    editor = editor_of(korosten)
    contact = curation.contact_create(
        organisation=korosten, name="Ірина Шевчук", languages="UK,en", actor=editor
    )
    assert (contact.languages, contact.consented_at) == ("uk, en", None)

    curation.contact_update(
        contact=contact,
        name="Ірина Шевчук",
        position="",
        email="",
        phone="",
        languages="uk, en",
        consented=True,
        actor=editor,
    )

    contact.refresh_from_db()
    assert contact.consented_at is not None
    updated = AuditRecord.objects.get(verb="contact.updated")
    assert list(updated.changes) == ["consented_at"]
    assert updated.changes["consented_at"][0] is None


def test_deleting_a_contact_is_audited(korosten):
    editor = editor_of(korosten)
    contact = curation.contact_create(organisation=korosten, name="Ірина Шевчук", actor=editor)

    curation.contact_delete(contact=contact, actor=editor)

    assert Contact.objects.count() == 0
    assert list(AuditRecord.objects.order_by("pk").values_list("verb", "target_label")) == [
        ("contact.created", "Ірина Шевчук"),
        ("contact.deleted", "Ірина Шевчук"),
    ]


# Merging duplicates


@pytest.fixture
def duplicate_pair(db):
    """Korosten entered twice; the duplicate gathered something of every kind that points at it."""
    target = AuthorityFactory()
    duplicate = AuthorityFactory(
        name="Коростенська громада", name_en="Korosten hromada", official_code="UA18DUPLICATE"
    )
    alliance = AssociationFactory()
    auc = AssociationFactory(slug="auc", kind="national_association", name="АМУ")
    Membership.objects.create(association=alliance, authority=target, status="member")
    Membership.objects.create(association=alliance, authority=duplicate, status="member")
    Membership.objects.create(association=auc, authority=duplicate, status="member")
    both = UserFactory(email="both@korosten.example")
    editor_of(target, email="editor@korosten.example")
    OrganisationMembership.objects.create(user=both, authority=target, state="verified")
    OrganisationMembership.objects.create(user=both, authority=duplicate, state="verified")
    only_duplicate = editor_of(duplicate, email="only.duplicate@korosten.example")
    claim(duplicate, user=UserFactory(email="claimant@korosten.example"))
    Contact.objects.create(authority=duplicate, name="Ірина Шевчук")
    invitation = Invitation.objects.create(
        email="new@korosten.example",
        authority=duplicate,
        invited_by=only_duplicate,
        token="open-invitation",
        expires_at=timezone.now() + timedelta(days=3),
    )
    district = AuthorityFactory(name="Район Коростеня", is_section=True, section_of=duplicate)
    older = AuthorityFactory(name="Коростень (старий запис)", merged_into=duplicate)
    Need.objects.create(authority=duplicate, title="Генератори", urgency="high")
    offer = Offer.objects.create(
        authority=duplicate, kind="expertise", title="Досвід пунктів незламності"
    )
    bourges = municipality(
        "Bourges", country="FR", country_en="France", country_uk="Франція", population=67_987
    )
    staff = secretariat()
    partnership = partnership_services.partnership_create(
        organisations=[duplicate, bourges], kind="twinning", actor=staff
    )
    partnership_services.delivery_pledge(
        partnership=partnership,
        giver=bourges,
        recipient=duplicate,
        lines=[DeliveryLineIn(quantity="2", name="Генератор", unit="pieces")],
        sectors=["energy.generators"],
        actor=staff,
    )
    CalendarFeed.objects.create(authority=duplicate)
    allocation_round = AllocationRound.objects.create(title="Генератори взимку")
    RoundProposal.objects.create(round=allocation_round, hromada=duplicate, offer=offer, score=0.5)
    return {
        "target": target,
        "duplicate": duplicate,
        "alliance": alliance,
        "auc": auc,
        "both": both,
        "only_duplicate": only_duplicate,
        "district": district,
        "older": older,
        "invitation": invitation,
    }


def test_merge_moves_every_reference_and_drops_duplicate_memberships(duplicate_pair, curator):
    target, duplicate = duplicate_pair["target"], duplicate_pair["duplicate"]

    moved = curation.authority_merge(
        duplicate=duplicate, target=target, note="Той самий код КАТОТТГ.", actor=curator
    )

    assert moved == {
        "association memberships dropped as duplicates": 1,
        "association memberships": 1,
        "staff already at the target": 1,
        "staff": 2,
        "contacts": 1,
        "invitations": 1,
        "needs": 1,
        "offers": 1,
        "sections": 1,
        "earlier merges": 1,
        "allocation proposals": 1,
        "partnership parties dropped as duplicates": 0,
        "partnership parties": 1,
        "deliveries received": 1,
        "calendar addresses": 1,
    }
    assert sorted(
        Membership.objects.filter(authority=target).values_list("association__slug", flat=True)
    ) == ["alliance", "auc"]
    assert sorted(
        OrganisationMembership.objects.filter(authority=target).values_list("user__email", "state")
    ) == [
        ("both@korosten.example", "verified"),
        ("claimant@korosten.example", "pending"),
        ("editor@korosten.example", "verified"),
        ("only.duplicate@korosten.example", "verified"),
    ]
    assert list(
        OrganisationMembership.objects.filter(authority=duplicate).values_list(
            "user__email", "state"
        )
    ) == [("both@korosten.example", MembershipState.REMOVED)]
    assert list(Contact.objects.values_list("authority", flat=True)) == [target.pk]
    duplicate_pair["district"].refresh_from_db()
    duplicate_pair["older"].refresh_from_db()
    assert duplicate_pair["district"].section_of == target
    assert duplicate_pair["older"].merged_into == target


def _relations_to_authority() -> list:
    """Every foreign key to Authority, found by introspection so a new one cannot be forgotten."""
    return [
        field
        for field in Authority._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one)
    ]


def _pointing_at(authority: Authority) -> dict[str, list]:
    found = {}
    for field in _relations_to_authority():
        rows = field.related_model._default_manager.filter(**{field.field.name: authority})
        if field.related_model is OrganisationMembership:
            rows = rows.values_list("user__email", "state")
        else:
            rows = rows.values_list("pk", flat=True)
        if rows:
            found[f"{field.related_model.__name__}.{field.field.name}"] = list(rows)
    return found


def test_merge_leaves_nothing_pointing_at_the_duplicate_but_its_removed_staff(
    duplicate_pair, curator
):
    duplicate = duplicate_pair["duplicate"]
    every_relation = {
        f"{f.related_model.__name__}.{f.field.name}" for f in _relations_to_authority()
    }
    assert set(_pointing_at(duplicate)) == every_relation

    curation.authority_merge(duplicate=duplicate, target=duplicate_pair["target"], actor=curator)

    assert _pointing_at(duplicate) == {
        "OrganisationMembership.authority": [("both@korosten.example", "removed")]
    }


def test_merge_moves_open_invitations(duplicate_pair, curator):
    duplicate, target = duplicate_pair["duplicate"], duplicate_pair["target"]

    curation.authority_merge(duplicate=duplicate, target=target, actor=curator)

    duplicate_pair["invitation"].refresh_from_db()
    assert duplicate_pair["invitation"].authority == target


def test_merged_duplicate_leaves_the_directory_but_keeps_its_profile(duplicate_pair, curator):
    target, duplicate = duplicate_pair["target"], duplicate_pair["duplicate"]
    assert duplicate in selectors.authority_list(filters=selectors.AuthorityFilters())

    curation.authority_merge(duplicate=duplicate, target=target, actor=curator)

    listed = list(selectors.authority_list(filters=selectors.AuthorityFilters()))
    searched = list(selectors.authority_list(filters=selectors.AuthorityFilters(query="Korosten")))
    assert duplicate not in listed
    assert searched == [target]
    assert selectors.authority_profile(pk=duplicate.pk).merged_into == target


def test_the_audit_explains_a_merge(duplicate_pair, curator):
    target, duplicate = duplicate_pair["target"], duplicate_pair["duplicate"]

    moved = curation.authority_merge(
        duplicate=duplicate, target=target, note=" Той самий код КАТОТТГ. ", actor=curator
    )

    record = AuditRecord.objects.get(verb="authority.merged")
    assert (record.actor, record.target_id, record.target_label) == (
        curator,
        str(duplicate.pk),
        "Коростенська громада",
    )
    assert record.changes == {"merged_into": [None, target.pk]}
    assert record.details == {
        "into": KOROSTEN,
        "into_id": target.pk,
        "note": "Той самий код КАТОТТГ.",
        "moved": moved,
        "duplicate": {
            "name": "Коростенська громада",
            "name_uk": "Коростенська громада",
            "name_en": "Korosten hromada",
            "code_system": "katottg",
            "official_code": "UA18DUPLICATE",
            "country": duplicate.country_id,
            "region": duplicate.region_id,
        },
    }


@pytest.mark.parametrize("case", ["itself", "already merged", "into a merged entry"])
def test_merge_refuses_what_cannot_be_merged(duplicate_pair, curator, case):
    target, duplicate = duplicate_pair["target"], duplicate_pair["duplicate"]
    older = duplicate_pair["older"]
    pair = {
        "itself": (duplicate, duplicate),
        "already merged": (older, target),
        "into a merged entry": (duplicate, older),
    }[case]
    before = AuditRecord.objects.count()

    with pytest.raises(InvalidInput) as refused:
        curation.authority_merge(duplicate=pair[0], target=pair[1], actor=curator)

    assert list(refused.value.extra["fields"]) == ["target"]
    assert AuditRecord.objects.count() == before
    assert Contact.objects.get().authority == duplicate
