"""Joining, claiming, deciding and inviting, through the accounts services."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone, translation

from pobratym.accounts import services
from pobratym.accounts.enums import MembershipState, RequestState, Role
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
from pobratym.core.errors import InvalidInput, PermissionRefused
from pobratym.core.models import AuditRecord
from pobratym.directory.enums import AuthorityKind, CodeSystem
from pobratym.directory.models import Association, Authority
from pobratym.directory.tests.factories import (
    AssociationFactory,
    AuthorityFactory,
    CountryFactory,
    MembershipFactory,
)

STRONG_PASSWORD = "correct horse battery"


def _sign_up(**overrides: str) -> User:
    fields = {
        "email": "olena@korosten.example",
        "password": STRONG_PASSWORD,
        "first_name": " Олена ",
        "last_name": "Коваленко",
        "language": "en",
        **overrides,
    }
    return services.user_sign_up(**fields)


def _rows() -> tuple[int, int, int]:
    return User.objects.count(), OrganisationMembership.objects.count(), AuditRecord.objects.count()


# Sign-up and confirmation


def test_sign_up_creates_an_inactive_account_and_sends_the_confirmation(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = _sign_up()

    assert (user.email, user.first_name, user.language) == ("olena@korosten.example", "Олена", "en")
    assert (user.is_active, user.email_confirmed_at) == (False, None)
    assert user.check_password(STRONG_PASSWORD)
    assert [m.to for m in mail.outbox] == [["olena@korosten.example"]]
    assert "/confirm/" in mail.outbox[0].body
    assert list(AuditRecord.objects.values_list("verb", "actor_label")) == [
        ("user.signed_up", "olena@korosten.example")
    ]


def test_sign_up_with_a_taken_address_changes_nothing_and_tells_the_owner(
    db, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="olena@korosten.example", language="en", first_name="Olena")
    before = User.objects.values().get(pk=owner.pk)

    with django_capture_on_commit_callbacks(execute=True):
        result = _sign_up(email="OLENA@Korosten.Example", first_name="Mallory", language="uk")

    assert result is None
    assert User.objects.count() == 1
    assert User.objects.values().get(pk=owner.pk) == before
    [notice] = mail.outbox
    assert notice.to == ["olena@korosten.example"]
    assert notice.subject == "Someone tried to join Pobratym with your e-mail address"
    assert notice.body.startswith("Hello, Olena!")
    assert "/accounts/login/" in notice.body
    assert "/accounts/password-reset/" in notice.body
    assert "/confirm/" not in notice.body
    assert list(AuditRecord.objects.values_list("verb", "actor_label", "target_id")) == [
        ("user.sign_up_repeated", "OLENA@korosten.example", str(owner.pk))
    ]


def test_the_owners_notice_is_in_the_owners_language(db, django_capture_on_commit_callbacks):
    UserFactory(email="olena@korosten.example", language="uk")

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        _sign_up(language="en")

    with translation.override("uk"):
        expected = translation.gettext("Someone tried to join Pobratym with your e-mail address")
    assert (
        mail.outbox[0].subject
        == expected
        != ("Someone tried to join Pobratym with your e-mail address")
    )


def test_an_unconfirmed_owner_gets_a_new_confirmation_link(db, django_capture_on_commit_callbacks):
    owner = unconfirmed_user(email="olena@korosten.example", language="en")

    with django_capture_on_commit_callbacks(execute=True):
        _sign_up()

    [notice] = mail.outbox
    token = re.search(r"/confirm/([^/\s]+)/", notice.body).group(1)
    services.user_confirm_email(token=token)
    owner.refresh_from_db()
    assert owner.is_active and owner.email_confirmed_at is not None
    assert not owner.check_password("another long passphrase")


def test_a_weak_password_is_refused_alike_for_a_taken_address(
    db, django_capture_on_commit_callbacks
):
    UserFactory(email="olena@korosten.example")
    before = _rows()
    errors = []
    for email in ("olena@korosten.example", "new@korosten.example"):
        with (
            translation.override("en"),
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(InvalidInput) as refused,
        ):
            _sign_up(email=email, password="12345678")
        errors.append(refused.value.extra["fields"])

    assert errors[0] == errors[1]
    assert list(errors[0]) == ["password"]
    assert _rows() == before
    assert mail.outbox == []


def test_notices_to_a_taken_address_are_limited(db, settings, django_capture_on_commit_callbacks):
    """Nobody floods an owner's mailbox by signing up with their address again and again."""
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 2
    UserFactory(email="olena@korosten.example")

    for _attempt in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            assert _sign_up() is None

    assert len(mail.outbox) == 2
    assert AuditRecord.objects.filter(verb="user.sign_up_repeated").count() == 4


def _same_page(html: str) -> str:
    return re.sub(r'(nonce|value)="[^"]*"', "", html)


def test_the_sign_up_page_answers_the_same_for_a_new_and_a_taken_address(
    client, db, django_capture_on_commit_callbacks
):
    UserFactory(email="olena@korosten.example")
    form = {
        "first_name": "Олена",
        "last_name": "Коваленко",
        "password": STRONG_PASSWORD,
        "password_again": STRONG_PASSWORD,
        "language": "uk",
    }

    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post("/accounts/sign-up/", {**form, "email": "Olena@korosten.example"})
        new = client.post("/accounts/sign-up/", {**form, "email": "taras@korosten.example"})
    taken_page = client.get(taken["Location"])
    new_page = client.get(new["Location"])

    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    assert taken.status_code == 302
    assert _same_page(taken_page.content.decode()) == _same_page(new_page.content.decode())
    assert sorted(m.to[0] for m in mail.outbox) == [
        "olena@korosten.example",
        "taras@korosten.example",
    ]


def test_sign_up_refuses_a_weak_password_naming_the_field(db, django_capture_on_commit_callbacks):
    with (
        translation.override("en"),
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(InvalidInput) as refused,
    ):
        _sign_up(password="12345678")

    assert list(refused.value.extra["fields"]) == ["password"]
    assert "too common" in refused.value.extra["fields"]["password"]
    assert _rows() == (0, 0, 0)
    assert mail.outbox == []


def test_confirming_the_email_activates_the_account(db):
    user = _sign_up()

    confirmed = services.user_confirm_email(token=services.confirmation_token(user))

    confirmed.refresh_from_db()
    assert confirmed.pk == user.pk
    assert confirmed.is_active
    assert confirmed.email_confirmed_at is not None
    assert AuditRecord.objects.filter(verb="user.email_confirmed", actor=user).count() == 1


def test_a_confirmation_link_works_once(db):
    user = _sign_up()
    token = services.confirmation_token(user)
    services.user_confirm_email(token=token)
    before = _rows()

    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        services.user_confirm_email(token=token)

    assert refused.value.message == (
        "This confirmation link has already been used. Sign in with your password."
    )
    assert _rows() == before


def test_a_confirmation_link_issued_before_the_password_changed_is_refused(db):
    user = _sign_up()
    token = services.confirmation_token(user)
    user.set_password("another long passphrase")
    user.save()
    before = _rows()

    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        services.user_confirm_email(token=token)

    assert refused.value.message == "This confirmation link is not valid."
    user.refresh_from_db()
    assert (user.is_active, user.email_confirmed_at) == (False, None)
    assert _rows() == before


def test_opening_the_confirmation_link_again_does_not_sign_in(client, db):
    user = _sign_up()
    link = f"/accounts/confirm/{services.confirmation_token(user)}/"
    first = client.get(link)
    client.post("/accounts/logout/")

    again = client.get(link, HTTP_ACCEPT_LANGUAGE="en")

    assert first.status_code == 302
    assert again.status_code == 400
    assert "already been used" in again.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditRecord.objects.filter(verb="user.email_confirmed").count() == 1


def test_a_forged_confirmation_link_is_refused(db):
    user = _sign_up()
    token = services.confirmation_token(user)

    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        services.user_confirm_email(token=token[:-2] + "xx")

    assert refused.value.message == "This confirmation link is not valid."
    user.refresh_from_db()
    assert not user.is_active


def test_an_expired_confirmation_link_is_refused(db):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        user = _sign_up()
        token = services.confirmation_token(user)
        traveller.shift(services.CONFIRMATION_MAX_AGE + timedelta(minutes=1))

        with translation.override("en"), pytest.raises(InvalidInput) as refused:
            services.user_confirm_email(token=token)

    assert refused.value.message == "This confirmation link has expired. Sign up again."
    user.refresh_from_db()
    assert (user.is_active, user.email_confirmed_at) == (False, None)


def test_a_confirmation_link_for_an_address_since_changed_is_refused(db):
    user = _sign_up()
    token = services.confirmation_token(user)
    User.objects.filter(pk=user.pk).update(email="someone.else@korosten.example")

    with pytest.raises(InvalidInput):
        services.user_confirm_email(token=token)


# Claims and who decides them


@pytest.fixture
def korosten(db) -> Authority:
    return AuthorityFactory()


@pytest.fixture
def association(korosten) -> Association:
    association = AssociationFactory(
        slug="auc", kind="national_association", name="Асоціація міст України"
    )
    MembershipFactory(association=association, authority=korosten)
    return association


def _claim_recipients(django_capture_on_commit_callbacks, organisation, claimant=None):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_claim(
            user=claimant or UserFactory(), organisation=organisation, note="Я секретар ради."
        )
    return membership, sorted(address for message in mail.outbox for address in message.to)


def test_a_claim_goes_to_verified_editors_and_facilitators_not_the_secretariat(
    korosten, association, django_capture_on_commit_callbacks
):
    editor = editor_of(korosten, email="editor@korosten.example")
    facilitator = facilitator_of(association, email="facilitator@auc.example")
    claim(korosten, user=UserFactory(email="other.claimant@korosten.example"))
    editor_of(AuthorityFactory(), email="editor@elsewhere.example")
    facilitator_of(AssociationFactory(slug="cemr", name="CEMR"), email="staff@cemr.example")
    secretariat(email="secretariat@pobratym.example")

    membership, recipients = _claim_recipients(django_capture_on_commit_callbacks, korosten)

    assert membership.state == MembershipState.PENDING
    assert recipients == sorted([editor.email, facilitator.email])
    assert AuditRecord.objects.filter(verb="membership.claimed", target_id=str(membership.pk))


def test_a_claim_without_facilitators_goes_to_editors_and_the_secretariat(
    korosten, django_capture_on_commit_callbacks
):
    editor = editor_of(korosten, email="editor@korosten.example")
    staff = secretariat(email="secretariat@pobratym.example")
    secretariat(email="former@pobratym.example", is_active=False)

    _membership, recipients = _claim_recipients(django_capture_on_commit_callbacks, korosten)

    assert recipients == sorted([editor.email, staff.email])


def test_claim_emails_are_written_in_each_recipients_language(
    korosten, association, django_capture_on_commit_callbacks
):
    editor_of(korosten, email="editor@korosten.example", language="uk")
    facilitator_of(association, email="facilitator@auc.example", language="en")

    _claim_recipients(django_capture_on_commit_callbacks, korosten)

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["facilitator@auc.example"] == (
        "A claim to act for Korostenska city hromada waits for you"
    )
    assert "Коростенська міська територіальна громада" in subjects["editor@korosten.example"]
    assert "Korostenska" not in subjects["editor@korosten.example"]


def test_an_unconfirmed_account_cannot_claim(korosten):
    user = unconfirmed_user()

    with pytest.raises(PermissionRefused):
        services.membership_claim(user=user, organisation=korosten)

    assert OrganisationMembership.objects.count() == 0
    assert AuditRecord.objects.count() == 0


def test_a_second_claim_for_the_same_organisation_is_refused(korosten):
    membership = claim(korosten)
    before = _rows()

    with pytest.raises(InvalidInput) as refused:
        services.membership_claim(user=membership.user, organisation=korosten)

    assert list(refused.value.extra["fields"]) == ["organisation"]
    assert _rows() == before


def test_only_an_association_has_facilitators(korosten):
    with pytest.raises(InvalidInput) as refused:
        services.membership_claim(user=UserFactory(), organisation=korosten, role=Role.FACILITATOR)

    assert list(refused.value.extra["fields"]) == ["role"]
    assert OrganisationMembership.objects.count() == 0


# Deciding on claims


@pytest.mark.parametrize(
    ("approve", "state", "verb"),
    [(True, "verified", "membership.verified"), (False, "rejected", "membership.rejected")],
)
def test_deciding_a_claim_records_who_and_tells_the_claimant(
    korosten, django_capture_on_commit_callbacks, approve, state, verb
):
    editor = editor_of(korosten)
    membership = claim(korosten, user=UserFactory(email="claimant@korosten.example"))

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_decide(
            membership=membership, approve=approve, note=" Знаю її. ", actor=editor
        )

    membership.refresh_from_db()
    assert (membership.state, membership.decided_by, membership.decision_note) == (
        state,
        editor,
        "Знаю її.",
    )
    record = AuditRecord.objects.get(verb=verb)
    assert (record.actor, record.changes) == (editor, {"state": ["pending", state]})
    assert [m.to for m in mail.outbox] == [["claimant@korosten.example"]]


def test_a_claim_already_decided_cannot_be_decided_again(korosten):
    editor = editor_of(korosten)
    membership = claim(korosten)
    services.membership_decide(membership=membership, approve=False, actor=editor)
    membership.refresh_from_db()
    before = (membership.state, membership.decided_at, AuditRecord.objects.count())

    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        services.membership_decide(membership=membership, approve=True, actor=editor)

    assert refused.value.message == "This claim has already been decided."
    membership.refresh_from_db()
    assert (membership.state, membership.decided_at, AuditRecord.objects.count()) == before


def test_nobody_but_the_secretariat_verifies_their_own_claim(korosten, association):
    facilitator = facilitator_of(association)
    own = claim(korosten, user=facilitator)

    with pytest.raises(PermissionRefused):
        services.membership_decide(membership=own, approve=True, actor=facilitator)

    own.refresh_from_db()
    assert own.state == MembershipState.PENDING


def test_only_facilitators_and_the_secretariat_make_someone_a_facilitator(association):
    editor = editor_of(association)
    wants_to_facilitate = claim(association, role=Role.FACILITATOR)

    with pytest.raises(PermissionRefused):
        services.membership_decide(membership=wants_to_facilitate, approve=True, actor=editor)

    wants_to_facilitate.refresh_from_db()
    assert wants_to_facilitate.state == MembershipState.PENDING


def test_a_facilitator_verifies_a_new_facilitator_of_the_same_association(association):
    facilitator = facilitator_of(association)
    wants_to_facilitate = claim(association, role=Role.FACILITATOR)

    services.membership_decide(membership=wants_to_facilitate, approve=True, actor=facilitator)

    wants_to_facilitate.refresh_from_db()
    assert wants_to_facilitate.state == MembershipState.VERIFIED


# Invitations


@pytest.fixture
def invitation(korosten, django_capture_on_commit_callbacks) -> Invitation:
    inviter = editor_of(korosten, email="editor@korosten.example")
    with django_capture_on_commit_callbacks(execute=True):
        return services.invitation_create(
            organisation=korosten, email=" Taras@Korosten.example ", actor=inviter
        )


def test_an_invitation_is_emailed_and_audited(invitation):
    assert invitation.email == "Taras@korosten.example"
    assert [m.to for m in mail.outbox] == [["Taras@korosten.example"]]
    assert invitation.token in mail.outbox[0].body
    assert AuditRecord.objects.filter(verb="invitation.created", target_id=str(invitation.pk))


def test_accepting_an_invitation_makes_a_verified_editor(invitation, korosten):
    taras = UserFactory(email="taras@korosten.example")

    membership = services.invitation_accept(token=invitation.token, user=taras)

    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert (membership.user, membership.authority, membership.role, membership.state) == (
        taras,
        korosten,
        Role.EDITOR,
        MembershipState.VERIFIED,
    )
    assert membership.decided_by == invitation.invited_by


def test_an_invitation_sent_to_another_address_is_refused(invitation):
    stranger = UserFactory(email="stranger@korosten.example")
    before = _rows()

    with pytest.raises(PermissionRefused):
        services.invitation_accept(token=invitation.token, user=stranger)

    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert _rows() == before


def test_an_expired_invitation_is_refused(invitation):
    taras = UserFactory(email="taras@korosten.example")
    before = _rows()

    with (
        time_machine.travel(invitation.expires_at + timedelta(minutes=1)),
        translation.override("en"),
        pytest.raises(InvalidInput) as refused,
    ):
        services.invitation_accept(token=invitation.token, user=taras)

    assert refused.value.message == (
        "This invitation has expired. Ask your colleague for a new one."
    )
    assert _rows() == before


def test_an_invitation_works_once(invitation):
    taras = UserFactory(email="taras@korosten.example")
    services.invitation_accept(token=invitation.token, user=taras)
    before = _rows()

    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        services.invitation_accept(token=invitation.token, user=taras)

    assert refused.value.message == "This invitation has already been used."
    assert _rows() == before


def _pending_invitation(organisation, inviter, email="taras@korosten.example") -> Invitation:
    return services.invitation_create(organisation=organisation, email=email, actor=inviter)


def test_removing_a_member_revokes_the_invitations_they_sent(korosten, association):
    inviter = editor_of(korosten, email="editor@korosten.example")
    sent = _pending_invitation(korosten, inviter)
    accepted = _pending_invitation(korosten, inviter, email="used@korosten.example")
    services.invitation_accept(token=accepted.token, user=UserFactory(email=accepted.email))
    of_a_colleague = _pending_invitation(
        korosten, editor_of(korosten), email="other@korosten.example"
    )
    membership = OrganisationMembership.objects.get(user=inviter)

    services.membership_remove(
        membership=membership, actor=facilitator_of(association), note="Пішов з посади."
    )

    sent.refresh_from_db()
    accepted.refresh_from_db()
    of_a_colleague.refresh_from_db()
    assert sent.revoked_at is not None
    assert (accepted.revoked_at, of_a_colleague.revoked_at) == (None, None)
    assert list(
        AuditRecord.objects.filter(verb="invitation.revoked").values_list("target_id", flat=True)
    ) == [str(sent.pk)]
    taras = UserFactory(email="taras@korosten.example")
    before = _rows()
    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        services.invitation_accept(token=sent.token, user=taras)
    assert refused.value.message == (
        "This invitation was withdrawn: the colleague who sent it no longer acts for the "
        "organisation. Ask another colleague for a new one."
    )
    assert _rows() == before
    assert not OrganisationMembership.objects.filter(user=taras).exists()


def test_removing_a_facilitator_revokes_their_invitations_to_member_organisations(
    korosten, association
):
    facilitator = facilitator_of(association)
    to_a_member = _pending_invitation(korosten, facilitator)

    services.membership_remove(
        membership=OrganisationMembership.objects.get(user=facilitator), actor=secretariat()
    )

    to_a_member.refresh_from_db()
    assert to_a_member.revoked_at is not None


def test_accepting_checks_that_the_inviter_may_still_invite(korosten):
    """Removed another way than membership_remove (the admin, a rejected claim): the acceptance
    itself checks the inviter's right."""
    inviter = editor_of(korosten, email="editor@korosten.example")
    sent = _pending_invitation(korosten, inviter)
    OrganisationMembership.objects.filter(user=inviter).update(state=MembershipState.REMOVED)
    taras = UserFactory(email="taras@korosten.example")
    before = _rows()

    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        services.invitation_accept(token=sent.token, user=taras)

    assert "no longer acts for the organisation" in refused.value.message
    sent.refresh_from_db()
    assert sent.accepted_at is None
    assert _rows() == before


def test_the_invitation_page_says_it_was_withdrawn(client, korosten):
    inviter = editor_of(korosten, email="editor@korosten.example")
    sent = _pending_invitation(korosten, inviter)
    OrganisationMembership.objects.filter(user=inviter).update(state=MembershipState.REMOVED)
    client.force_login(UserFactory(email="taras@korosten.example", language="en"))

    page = client.get(f"/accounts/invitation/{sent.token}/", HTTP_ACCEPT_LANGUAGE="en")
    accepted = client.post(f"/accounts/invitation/{sent.token}/", HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == accepted.status_code == 400
    assert "no longer acts for the organisation" in page.content.decode()
    assert not OrganisationMembership.objects.filter(user__email="taras@korosten.example").exists()


def test_inviting_someone_who_already_acts_for_the_organisation_is_refused(korosten):
    editor = editor_of(korosten)
    colleague = editor_of(korosten, email="colleague@korosten.example")

    with pytest.raises(InvalidInput) as refused:
        services.invitation_create(organisation=korosten, email=colleague.email, actor=editor)

    assert list(refused.value.extra["fields"]) == ["email"]
    assert Invitation.objects.count() == 0


# Requests for organisations the directory lacks


@pytest.fixture
def request_for_hromada(db) -> OrganisationRequest:
    return OrganisationRequest.objects.create(
        requested_by=UserFactory(email="mayor@novohrad.example"),
        name="Новоград-Волинська міська громада",
        kind="hromada",
        country=CountryFactory(),
        website="https://novohrad.example",
    )


def test_approving_a_request_creates_the_organisation_and_a_verified_editor(
    request_for_hromada,
):
    staff = secretariat()

    membership = services.organisation_request_decide(
        request=request_for_hromada, approve=True, actor=staff
    )

    authority = Authority.objects.get(name="Новоград-Волинська міська громада")
    assert (authority.kind, authority.code_system, authority.website) == (
        AuthorityKind.HROMADA,
        CodeSystem.PLATFORM,
        "https://novohrad.example",
    )
    assert membership is not None
    assert (membership.user.email, membership.authority, membership.state) == (
        "mayor@novohrad.example",
        authority,
        MembershipState.VERIFIED,
    )
    request_for_hromada.refresh_from_db()
    assert (request_for_hromada.state, request_for_hromada.decided_by) == (
        RequestState.APPROVED,
        staff,
    )
    assert list(AuditRecord.objects.order_by("pk").values_list("verb", flat=True)) == [
        "organisation_request.approved",
        "organisation.created",
        "membership.verified",
    ]


def test_approving_a_request_for_an_association_creates_it(db):
    request = OrganisationRequest.objects.create(
        requested_by=UserFactory(),
        name="Асоціація громад Полісся",
        kind="association",
        country=CountryFactory(),
    )

    membership = services.organisation_request_decide(
        request=request, approve=True, actor=secretariat()
    )

    assert membership is not None
    assert membership.association == Association.objects.get(name="Асоціація громад Полісся")


def test_rejecting_a_request_creates_nothing(request_for_hromada):
    authorities = Authority.objects.count()

    result = services.organisation_request_decide(
        request=request_for_hromada, approve=False, actor=secretariat()
    )

    assert result is None
    assert Authority.objects.count() == authorities
    assert OrganisationMembership.objects.count() == 0
    request_for_hromada.refresh_from_db()
    assert request_for_hromada.state == RequestState.REJECTED


def test_a_request_already_decided_cannot_be_decided_again(request_for_hromada):
    staff = secretariat()
    services.organisation_request_decide(request=request_for_hromada, approve=False, actor=staff)
    before = (Authority.objects.count(), AuditRecord.objects.count())

    with pytest.raises(InvalidInput):
        services.organisation_request_decide(request=request_for_hromada, approve=True, actor=staff)

    assert (Authority.objects.count(), AuditRecord.objects.count()) == before
