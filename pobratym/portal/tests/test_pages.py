"""The combined pages: the home page, the account page and the sections of organisation
profiles — what each viewer sees, and a fixed number of queries however many rows."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pobratym.accounts.tests.factories import UserFactory, claim, editor_of, sign_in_verified
from pobratym.directory.tests.factories import municipality
from pobratym.exchange import services as exchange
from pobratym.exchange.tests.helpers import publish_offer
from pobratym.partnerships import services
from pobratym.partnerships.tests.helpers import shown_to
from pobratym.portal.tests.conftest import GENERATORS


def profile(scene, organisation=None):
    organisation = organisation or scene.korosten
    return organisation.get_absolute_url()


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# The directory's home page moved here -----------------------------------------------------


def test_home_page_counts_without_sections(client, small_directory):
    response = client.get(reverse("home"))

    assert response.context["overview"].hromadas == 1
    assert response.context["overview"].european_authorities == 3  # Wedding is a section


# Profiles: needs, offers, partnerships as far as the viewer may see them -------------------


def test_a_profile_lists_the_open_needs_and_offers_the_viewer_may_see(scene, client):
    shown = scene.need(title="Генератори для лікарні")
    scene.need(title="Лише для учасників", visibility="members")
    scene.need(title="Лише для сторін", visibility="parties")
    met = scene.need(title="Вже задоволена")
    exchange.need_withdraw(need=met, actor=scene.users["korosten_editor"])
    offer = scene.offer(title="Energy advice")

    anonymous = client.get(profile(scene)).content.decode()
    sign_in_verified(client, scene.users["bourges_editor"])
    member = client.get(profile(scene)).content.decode()
    european = client.get(profile(scene, scene.bourges)).content.decode()

    assert "Відкриті потреби та пропозиції" in anonymous
    assert f'href="{shown.get_absolute_url()}"' in anonymous
    for hidden in ("Лише для учасників", "Лише для сторін", "Вже задоволена"):
        assert hidden not in anonymous
    assert "Лише для учасників" in member
    assert "Лише для сторін" not in member  # parties only: Korosten's own people
    assert f'href="{offer.get_absolute_url()}"' in european


def test_a_profile_lists_partnerships_as_far_as_the_viewer_may_see_them(scene, client):
    partnership = scene.accepted()  # parties only
    link = f'href="{partnership.get_absolute_url()}"'

    anonymous = client.get(profile(scene)).content.decode()
    sign_in_verified(client, scene.users["member_elsewhere"])
    stranger = client.get(profile(scene)).content.decode()
    sign_in_verified(client, scene.users["bourges_editor"])
    party = client.get(profile(scene)).content.decode()
    shown_to(partnership, "public", actor=scene.users["korosten_editor"])
    client.logout()
    public = client.get(profile(scene)).content.decode()

    assert link not in anonymous and link not in stranger
    assert "Вам не показується жодне партнерство." in anonymous
    assert link in party
    assert link in public


def test_an_association_profile_lists_its_offers_and_partnerships(scene, client):
    offer = publish_offer(scene.auc, scene.users["facilitator"], title="Навчання для громад")

    page = client.get(profile(scene, scene.auc)).content.decode()

    assert f'href="{offer.get_absolute_url()}"' in page
    assert "profile-partnerships-heading" in page


# "I work here — join as editor" ------------------------------------------------------------


def claim_link(scene):
    return f'href="{reverse("accounts:claim")}?authority={scene.korosten.pk}"'


def test_join_as_editor_is_offered_to_all_but_the_organisations_own(scene, client):
    anonymous = client.get(profile(scene)).content.decode()
    sign_in_verified(client, scene.users["bourges_editor"])
    someone_else = client.get(profile(scene)).content.decode()
    sign_in_verified(client, scene.users["korosten_editor"])
    own = client.get(profile(scene)).content.decode()

    assert claim_link(scene) in anonymous
    assert "Я тут працюю — приєднатися як редактор" in anonymous
    assert claim_link(scene) in someone_else
    assert claim_link(scene) not in own
    assert "join-heading" not in own


def test_a_pending_claimant_is_told_who_verifies_instead(scene, client):
    person = UserFactory()
    claim(scene.korosten, user=person)
    sign_in_verified(client, person)

    page = client.get(profile(scene)).content.decode()

    assert claim_link(scene) not in page
    assert "чекає на перевірку" in page
    assert "перевірені редактори цієї організації" in page
    assert "фасилітатори «Асоціація міст України»" in page
    assert "секретаріат Альянсу" not in page  # AUC has a facilitator


def test_the_claim_page_for_one_organisation_shows_its_form_only(scene, client):
    person = UserFactory()
    sign_in_verified(client, person)

    page = client.get(f"{reverse('accounts:claim')}?authority={scene.korosten.pk}")
    sent = client.post(
        reverse("accounts:claim"),
        {
            "organisation_kind": "authority",
            "organisation_id": str(scene.korosten.pk),
            "note": "Відділ міжнародної співпраці",
        },
    )
    again = client.get(f"{reverse('accounts:claim')}?authority={scene.korosten.pk}")

    content = page.content.decode()
    assert content.count('class="claim-form"') == 1
    assert f'name="organisation_id" value="{scene.korosten.pk}"' in content
    assert 'type="search"' not in content
    assert sent.status_code == 302
    assert person.organisation_memberships.get().state == "pending"
    assert 'class="claim-form"' not in again.content.decode()
    assert "чекає на перевірку" in again.content.decode()


SIGN_UP = {
    "email": "taras@korosten.example",
    "first_name": "Тарас",
    "last_name": "Шевчук",
    "password": "Kyiv-Korosten-2026!",
    "password_again": "Kyiv-Korosten-2026!",
    "language": "uk",
}


def confirmation_path(mailoutbox) -> str:
    """The path of the confirmation link in the one e-mail sent."""
    [email] = mailoutbox
    line = next(line for line in email.body.splitlines() if "/accounts/confirm/" in line)
    return line[line.index("/accounts/confirm/") :].strip()


def test_sign_up_from_join_leads_to_the_claim_after_confirmation(
    scene, client, mailoutbox, django_capture_on_commit_callbacks
):
    target = f"{reverse('accounts:claim')}?authority={scene.korosten.pk}"
    login = client.get(f"{reverse('accounts:login')}?next={target}").content.decode()

    assert f'href="{reverse("accounts:sign_up")}?next={quote(target, safe="/")}"' in login
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{reverse('accounts:sign_up')}?next={quote(target, safe='')}",
            {**SIGN_UP, "next": target},
        )

    response = client.get(confirmation_path(mailoutbox))

    assert response.status_code == 302
    assert response["Location"] == target


def test_a_confirmation_never_leads_off_the_site(
    scene, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:sign_up"), {**SIGN_UP, "next": "https://evil.example/claim/"})

    response = client.get(confirmation_path(mailoutbox))

    assert response["Location"] == reverse("accounts:claim")


# A pending claimant who tries to publish -----------------------------------------------------


def test_a_pending_claimant_trying_to_publish_is_told_who_verifies(scene, client):
    person = UserFactory()
    claim(scene.korosten, user=person)
    sign_in_verified(client, person)

    response = client.get(reverse("exchange:need_create"))

    page = response.content.decode()
    assert response.status_code == 403
    assert "Ваша заявка чекає на перевірку" in page
    assert "фасилітатори «Асоціація міст України»" in page
    assert f'href="{reverse("accounts:claim")}"' not in page  # not asked to claim again


def test_without_a_facilitator_the_secretariat_verifies(scene, client):
    person = UserFactory()
    claim(scene.bourges, user=person)
    sign_in_verified(client, person)

    page = client.get(reverse("exchange:offer_create")).content.decode()

    assert "секретаріат Альянсу" in page
    assert "перевірені редактори цієї організації" in page


# Fixed numbers of queries ------------------------------------------------------------------


def grow(scene, n):
    """n more needs, offers and partnerships with deliveries and follow-ups waiting."""
    today = timezone.localdate()
    for i in range(n):
        scene.need(title=f"Потреба {i}", items=GENERATORS)
        scene.offer(title=f"Offer {i}")
        town = municipality(
            f"Town {i}",
            country="FR",
            country_en="France",
            country_uk="Франція",
            population=1000 + i,
        )
        editor = editor_of(town)
        partnership = services.partnership_express_interest(
            from_organisation=town, to_organisation=scene.korosten, actor=editor
        ).partnership
        if i % 2:
            services.partnership_transition(
                partnership=partnership,
                to_state="in_dialogue",
                actor=scene.users["korosten_editor"],
            )
            scene.shipped(partnership, day=today, giver=town, quantity=2)
            services.activity_add(
                partnership=partnership,
                kind="meeting",
                title=f"Зустріч {i}",
                starts_on=today - timedelta(days=3),
                followups=[services.FollowUpIn(text=f"Крок {i}", due_on=today)],
                actor=scene.users["korosten_editor"],
            )
        scene.proposal(scene.offer(title=f"Proposed {i}"))


# Signed in as Korosten's editor: session, user and second factor, then each page's own reads
# (the waiting list, or the profile's sections, each a fixed few), however many rows there are.
@pytest.mark.parametrize(
    ("page", "expected"),
    [("home", 16), ("account", 14), ("authority", 15), ("association", 11)],
)
def test_combined_pages_are_a_fixed_number_of_queries(scene, client, page, expected):
    sign_in_verified(client, scene.users["korosten_editor"])
    url = {
        "home": reverse("home"),
        "account": reverse("accounts:home"),
        "authority": profile(scene),
        "association": profile(scene, scene.auc),
    }[page]
    grow(scene, 2)
    queries(client, url)  # warm the caches (content types, sectors)
    before = queries(client, url)

    grow(scene, 4)
    after = queries(client, url)

    assert (before, after) == (expected, expected)
