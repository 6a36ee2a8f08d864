"""The secretariat's audit page and the selector under it."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from pobratym.accounts.models import User
from pobratym.accounts.tests.factories import (
    UserFactory,
    editor_of,
    facilitator_of,
    secretariat,
    sign_in_verified,
)
from pobratym.core.audit import audit_record
from pobratym.core.errors import PermissionRefused
from pobratym.core.models import AuditRecord
from pobratym.core.selectors import audit_list_for_viewer
from pobratym.directory.tests.factories import AssociationFactory, AuthorityFactory

KYIV = ZoneInfo("Europe/Kyiv")


def _at(record: AuditRecord, when: datetime) -> AuditRecord:
    AuditRecord.objects.filter(pk=record.pk).update(created_at=when)
    record.refresh_from_db()
    return record


@pytest.fixture
def staff(db):
    return secretariat(email="secretariat@pobratym.example")


@pytest.fixture
def history(staff):
    """A few days of records: a profile edit, a claim and its verification, a failed sign-in."""
    korosten = AuthorityFactory()
    editor = editor_of(korosten, email="editor@korosten.example")
    membership = editor.organisation_memberships.get()
    return {
        "edited": _at(
            audit_record(
                actor=editor,
                verb="authority.profile_updated",
                target=korosten,
                changes={"website": ["", "https://korosten.example"]},
            ),
            datetime(2025, 3, 1, 23, 30, tzinfo=KYIV),
        ),
        "claimed": _at(
            audit_record(actor=editor, verb="membership.claimed", target=membership),
            datetime(2025, 3, 2, 0, 10, tzinfo=KYIV),
        ),
        "verified": _at(
            audit_record(
                actor=staff,
                verb="membership.verified",
                target=membership,
                changes={"state": ["pending", "verified"]},
            ),
            datetime(2025, 3, 3, 9, 0, tzinfo=KYIV),
        ),
        "failed": _at(
            audit_record(
                actor=None,
                actor_label="Intruder@Example.org",
                verb="user.login_failed",
                ip_address="203.0.113.7",
            ),
            datetime(2025, 3, 4, 3, 0, tzinfo=KYIV),
        ),
    }


def _listed(records) -> list[str]:
    return [record.verb for record in records]


# The selector


def test_audit_lists_newest_first(history, staff):
    records = audit_list_for_viewer(viewer=staff)

    assert _listed(records) == [
        "user.login_failed",
        "membership.verified",
        "membership.claimed",
        "authority.profile_updated",
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"actor": "EDITOR@korosten"}, ["membership.claimed", "authority.profile_updated"]),
        ({"actor": "intruder@example.org"}, ["user.login_failed"]),
        ({"verb": "membership."}, ["membership.verified", "membership.claimed"]),
        ({"verb": "membership.verified"}, ["membership.verified"]),
        ({"target_type": "directory.authority"}, ["authority.profile_updated"]),
        (
            {"target_type": "accounts.organisationmembership", "actor": "secretariat"},
            ["membership.verified"],
        ),
        # Calendar days in Kyiv: 23:30 on 1 March is still 1 March, 00:10 on 2 March is not.
        ({"date_to": date(2025, 3, 1)}, ["authority.profile_updated"]),
        (
            {"date_from": date(2025, 3, 2), "date_to": date(2025, 3, 3)},
            [
                "membership.verified",
                "membership.claimed",
            ],
        ),
        ({"date_from": date(2025, 3, 4)}, ["user.login_failed"]),
    ],
)
def test_audit_filters(history, staff, filters, expected):
    assert _listed(audit_list_for_viewer(viewer=staff, **filters)) == expected


@pytest.mark.parametrize("role", ["anonymous", "member", "editor", "facilitator"])
def test_audit_is_refused_to_anyone_but_the_secretariat(db, role):
    korosten = AuthorityFactory()
    viewer = {
        "anonymous": lambda: AnonymousUser(),
        "member": lambda: UserFactory(),
        "editor": lambda: editor_of(korosten),
        "facilitator": lambda: facilitator_of(AssociationFactory()),
    }[role]()

    with pytest.raises(PermissionRefused):
        audit_list_for_viewer(viewer=viewer)


# The page


def test_audit_page_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("core:audit"))

    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next=/audit/"


@pytest.mark.parametrize("role", ["editor", "facilitator"])
def test_audit_page_refuses_signed_in_people_other_than_the_secretariat(client, history, role):
    if role == "editor":
        client.force_login(User.objects.get(email="editor@korosten.example"))
    else:
        sign_in_verified(client, facilitator_of(AssociationFactory()))

    response = client.get(reverse("core:audit"))

    assert response.status_code == 403
    assert "403.html" in [template.name for template in response.templates]
    assert "profile_updated" not in response.content.decode()


def _rows(response) -> list[str]:
    """What each row says was done: the action in words, or the code of an unnamed verb."""
    body = response.content.decode()
    cells = re.findall(r'<td class="audit-action">(.*?)</td>', body, re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def test_audit_page_shows_who_what_which_record_and_the_change(client, history, staff):
    sign_in_verified(client, staff)

    response = client.get(reverse("core:audit"), {"verb": "authority."})

    body = response.content.decode()
    assert response.status_code == 200
    assert _rows(response) == ["Профіль змінено"]
    assert "<code>authority.profile_updated</code>" not in body  # the words, not the code
    assert "editor@korosten.example" in body
    assert "Коростенська міська територіальна громада" in body
    assert '<time datetime="2025-03-01T23:30:00+02:00">' in body
    assert "<del>—</del> → <ins>https://korosten.example</ins>" in body


def test_audit_page_offers_the_verbs_and_kinds_of_record_it_holds(client, history, staff):
    sign_in_verified(client, staff)

    form = client.get(reverse("core:audit")).context["form"]

    verbs = form.fields["verb"].choices
    assert verbs[0] == ("", "будь-яка дія")
    # Groups and actions in words, alphabetically; a verb nobody named keeps its code.
    assert [(group, options) for group, options in verbs[1:]] == [
        (
            "Облікові записи",
            [("user.", "Облікові записи: усі дії"), ("user.login_failed", "user.login_failed")],
        ),
        (
            "Органи влади",
            [
                ("authority.", "Органи влади: усі дії"),
                ("authority.profile_updated", "Профіль змінено"),
            ],
        ),
        (
            "Робота в організаціях",
            [
                ("membership.", "Робота в організаціях: усі дії"),
                ("membership.claimed", "Заявка на роботу від імені організації"),
                ("membership.verified", "Заявку підтверджено"),
            ],
        ),
    ]
    assert {value for value, _label in form.fields["target_type"].choices} == {
        "",
        "directory.authority",
        "accounts.organisationmembership",
    }


def test_audit_page_names_a_bad_date_and_ignores_only_that_filter(client, history, staff):
    sign_in_verified(client, staff)

    response = client.get(
        reverse("core:audit"), {"date_from": "2025-13-45", "actor": "editor@korosten"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["date_from"]
    assert _rows(response) == ["Заявка на роботу від імені організації", "Профіль змінено"]
    assert 'role="alert"' in response.content.decode()


def test_audit_page_refuses_a_period_that_ends_before_it_starts(client, history, staff):
    sign_in_verified(client, staff)
    client.cookies["django_language"] = "en"

    response = client.get(
        reverse("core:audit"), {"date_from": "2025-03-03", "date_to": "2025-03-01"}
    )

    assert response.context["form"].errors == {
        "date_to": ["The end of the period is before its start."]
    }
    assert _rows(response) == ["user.login_failed", "Claim verified"]


def test_audit_page_is_paginated_by_fifty(client, staff):
    for number in range(51):
        audit_record(actor=staff, verb=f"test.record_{number:02d}")
    sign_in_verified(client, staff)

    first = client.get(reverse("core:audit"))
    second = client.get(reverse("core:audit"), {"page": 2})

    assert len(_rows(first)) == 50
    assert _rows(second) == ["test.record_00"]


def test_audit_page_is_a_fixed_number_of_queries(client, staff, django_assert_num_queries):
    korosten = AuthorityFactory()
    sign_in_verified(client, staff)

    def page_queries(records: int) -> None:
        for number in range(records):
            audit_record(
                actor=staff,
                verb="authority.curated",
                target=korosten,
                changes={"name_en": [f"Korosten {number}", "Korosten"]},
                details={"note": "checked"},
            )
        # session, user, second-factor device, verbs, kinds of record, count, page
        with django_assert_num_queries(7):
            response = client.get(reverse("core:audit"), {"actor": "secretariat"})
        assert response.status_code == 200

    page_queries(2)
    page_queries(60)


def test_audit_page_has_no_inline_script_or_style(client, history, staff):
    sign_in_verified(client, staff)

    body = client.get(reverse("core:audit")).content.decode()

    assert "<script" not in body
    assert "style=" not in body
    assert "<style" not in body
