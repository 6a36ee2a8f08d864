"""Who sees an organisation's contact persons, on every surface that could show them.

The rule: the organisation's own verified members, facilitators of an association it belongs
to, the secretariat, and the other side of a partnership once both accepted (until it ends).
Everyone else is offered "write through the platform" instead.
"""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pobratym.accounts.tests.factories import sign_in_verified
from pobratym.core.models import AuditRecord
from pobratym.directory.models import Contact
from pobratym.partnerships.models import Partnership

EMAIL = "iryna.shevchuk@korosten.example"
ALWAYS = {"korosten_editor", "facilitator", "secretariat"}
NEVER = {"anonymous", "member_elsewhere", "facilitator_staff", "unrelated_facilitator"}


@pytest.fixture
def contact(world):
    return Contact.objects.create(
        authority=world.korosten,
        name="Ірина Шевчук",
        email=EMAIL,
        phone="+380 4142 00000",
        consented_at=timezone.now(),
    )


def _page(client, world, role, url):
    user = world.users[role]
    if role != "anonymous":
        sign_in_verified(client, user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def _public_in_dialogue(world):
    partnership = world.in_dialogue()
    Partnership.objects.filter(pk=partnership.pk).update(visibility="public")
    return partnership


def _profile(client, world, role):
    return _page(client, world, role, world.korosten.get_absolute_url())


@pytest.mark.parametrize("role", sorted(ALWAYS | NEVER | {"bourges_editor"}))
def test_profile_shows_contacts_only_to_the_organisations_people(client, world, contact, role):
    page = _profile(client, world, role)

    sees = role in ALWAYS
    assert (EMAIL in page) is sees
    assert (reverse("accounts:write", args=["authority", world.korosten.pk]) in page) is not sees


@pytest.mark.parametrize(
    ("state", "sees"),
    [
        ("interest_expressed", False),
        ("in_dialogue", True),
        ("agreement_signed", True),
        ("active", True),
        ("dormant", True),
        ("ended", False),
        ("declined", False),
        ("withdrawn", False),
    ],
)
def test_the_other_side_sees_contacts_once_both_accepted_until_it_ends(
    client, world, contact, state, sees
):
    partnership = world.express_interest()
    Partnership.objects.filter(pk=partnership.pk).update(state=state)

    profile = _profile(client, world, "bourges_editor")
    partnership_page = _page(client, world, "bourges_editor", partnership.get_absolute_url())

    assert (EMAIL in profile) is sees
    assert (EMAIL in partnership_page) is sees


@pytest.mark.parametrize("role", sorted(NEVER - {"anonymous"}))
def test_an_accepted_partnership_shows_no_contacts_to_others(client, world, contact, role):
    partnership = _public_in_dialogue(world)

    assert EMAIL not in _page(client, world, role, partnership.get_absolute_url())


def test_anonymous_visitors_never_see_contacts_on_a_public_partnership(client, world, contact):
    partnership = _public_in_dialogue(world)

    assert EMAIL not in _page(client, world, "anonymous", partnership.get_absolute_url())


@pytest.mark.parametrize("role", sorted(ALWAYS | NEVER | {"bourges_editor"}))
def test_search_and_the_api_never_show_contacts(client, world, contact, role):
    partnership = _public_in_dialogue(world)
    pages = [
        f"{reverse('search:search')}?q=Шевчук",
        f"{reverse('search:search')}?q=shevchuk",
        f"/api/v1/directory/authorities/{world.korosten.pk}",
        "/api/v1/directory/authorities",
        "/api/v1/partnerships/partnerships",
        f"/api/v1/partnerships/partnerships/{partnership.pk}",
    ]
    for url in pages:
        assert EMAIL not in _page(client, world, role, url), url
        assert "+380 4142 00000" not in _page(client, world, role, url), url


def test_my_data_export_of_the_other_side_holds_no_contacts_of_partners(client, world, contact):
    world.in_dialogue()

    export = _page(client, world, "bourges_editor", reverse("accounts:my_data_export"))

    assert EMAIL not in export


def test_writing_through_the_platform_mails_the_members_in_their_language(
    client, world, contact, django_capture_on_commit_callbacks
):
    sign_in_verified(client, world.users["member_elsewhere"])
    url = reverse("accounts:write", args=["authority", world.korosten.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"subject": "Water pumps", "body": "We could lend two pumps."},
            HTTP_ACCEPT_LANGUAGE="en",
            follow=True,
        )

    assert response.redirect_chain[-1][0] == world.korosten.get_absolute_url()
    [sent] = mail.outbox
    assert sent.to == ["olena@korosten.example"]
    assert "We could lend two pumps." in sent.body
    assert world.users["member_elsewhere"].email in sent.body
    # Korosten's editor reads Ukrainian, whatever the writer's language.
    assert "пише організації" in sent.body
    assert sent.subject.endswith(": Water pumps")
    record = AuditRecord.objects.get(verb="contact.written_through_platform")
    assert record.details == {"recipients": 1}
    assert "pumps" not in str(record.changes) + str(record.details)


def test_anonymous_visitors_are_asked_to_sign_in_before_writing(client, world):
    url = reverse("accounts:write", args=["authority", world.korosten.pk])

    response = client.post(url, {"subject": "Hi", "body": "Hello"})

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not mail.outbox
    assert not AuditRecord.objects.filter(verb="contact.written_through_platform").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [({"subject": "", "body": "Hello"}, "subject"), ({"subject": "Hi", "body": " "}, "body")],
)
def test_an_empty_message_is_refused_and_nothing_is_sent(client, world, data, field):
    sign_in_verified(client, world.users["member_elsewhere"])
    url = reverse("accounts:write", args=["authority", world.korosten.pk])

    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="uk")

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not mail.outbox
    assert not AuditRecord.objects.filter(verb="contact.written_through_platform").exists()


def test_the_daily_limit_refuses_one_more_message_and_keeps_the_text(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.ORGANISATION_MESSAGES_PER_DAY = 2
    sign_in_verified(client, world.users["member_elsewhere"])
    url = reverse("accounts:write", args=["authority", world.korosten.pk])
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(2):
            client.post(url, {"subject": f"Message {number}", "body": "Text"})

    response = client.post(
        url, {"subject": "Third", "body": "Kept text"}, HTTP_ACCEPT_LANGUAGE="uk"
    )

    assert response.status_code == 200
    assert "24 години" in response.content.decode()
    assert "Kept text" in response.content.decode()
    assert len(mail.outbox) == 2
    assert AuditRecord.objects.filter(verb="contact.written_through_platform").count() == 2


def test_an_organisation_with_nobody_on_the_platform_says_so(client, world):
    sign_in_verified(client, world.users["member_elsewhere"])
    url = reverse("accounts:write", args=["association", world.cemr.slug])
    world.users["facilitator_staff"].organisation_memberships.update(state="removed")

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    response = client.post(url, {"subject": "Hi", "body": "Hello"}, HTTP_ACCEPT_LANGUAGE="en")

    # The writer's account reads Ukrainian.
    assert "Ніхто з цієї організації ще не працює на платформі." in page
    assert 'name="subject"' not in page
    assert "Ніхто з цієї організації" in response.content.decode()
    assert not mail.outbox
