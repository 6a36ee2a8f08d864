"""The pages of expressing and withdrawing interest: what each person is offered and told."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from pobratym.accounts.tests.factories import sign_in_verified
from pobratym.exchange import services as exchange
from pobratym.exchange.tests.helpers import publish_need, publish_offer
from pobratym.partnerships.models import Partnership
from pobratym.partnerships.tests.helpers import shown_to

NEW = reverse("partnerships:express_interest")


@pytest.fixture
def now(django_capture_on_commit_callbacks):
    """Run a service and what it queued for after commit (embedding, e-mails)."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def choices(page: str, name: str) -> list[str]:
    """The values of a select's options, in order."""
    start = page.index(f'name="{name}"')
    block = page[start : page.index("</select>", start)]
    return [part.split('"', 1)[0] for part in block.split('<option value="')[1:]]


def test_a_european_editor_offers_its_own_matching_offer_for_a_need(world, client, now):
    bourges_editor = world.users["bourges_editor"]
    need = world.generators_need()
    generators = now(publish_offer, world.bourges, bourges_editor, title="Groupes électrogènes")
    now(publish_offer, world.bourges, bourges_editor, title="Eau potable", sectors=["water"])
    closed = now(publish_offer, world.bourges, bourges_editor, title="Fermée")
    exchange.offer_close(offer=closed, actor=bourges_editor)
    sign_in_verified(client, bourges_editor)

    form = client.get(f"{NEW}?need={need.pk}").content.decode()
    response = client.post(
        f"{NEW}?need={need.pk}",
        {
            "from_organisation": f"authority:{world.bourges.pk}",
            "offer": str(generators.pk),
            "note": "Ми можемо передати генератори.",
        },
        follow=True,
    )

    # Only its open offers in the need's sectors (energy), or none.
    assert choices(form, "offer") == ["", str(generators.pk)]
    partnership = Partnership.objects.get()
    assert list(partnership.needs.all()) == [need]
    assert list(partnership.offers.all()) == [generators]
    page = response.content.decode()
    # Bourges's editor reads the site in the language of her account: English.
    assert (
        escape(
            f"Your interest was sent to {world.korosten.display_name}. Their editors are told "
            "by e-mail and accept or decline it."
        )
        in page
    )


def test_a_second_interest_says_it_was_added_to_the_open_partnership(world, client, now):
    offer = now(publish_offer, world.bourges, world.users["bourges_editor"])
    need = world.generators_need()
    partnership = world.express_interest(offer=offer)
    sign_in_verified(client, world.users["korosten_editor"])

    response = client.post(
        f"{NEW}?offer={offer.pk}",
        {
            "from_organisation": f"authority:{world.korosten.pk}",
            "need": str(need.pk),
            "note": "І ще генератори для лікарні.",
        },
        follow=True,
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == partnership.get_absolute_url()
    link = f'<a href="{partnership.get_absolute_url()}">{escape(partnership.display_title)}</a>'
    assert (
        f"У вас уже триває партнерство з організацією «{escape(world.bourges.display_name)}»: "
        f"{link}. Тепер воно відповідає також на “{escape(need.title)}”. "
        "Вашу примітку додано до його листування."
    ) in page
    assert "Ваш інтерес надіслано" not in page
    assert "І ще генератори для лікарні." in page  # the thread shows the note
    assert Partnership.objects.count() == 1


def test_express_interest_in_ones_own_offer_is_refused(world, client, now):
    offer = now(publish_offer, world.bourges, world.users["bourges_editor"])
    sign_in_verified(client, world.users["bourges_editor"])

    response = client.get(f"{NEW}?offer={offer.pk}")

    assert response.status_code == 403
    assert (
        escape("You work for Bourges: interest is expressed in other organisations.")
        in response.content.decode()
    )
    assert not Partnership.objects.exists()


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("anonymous", False),
        ("korosten_editor", False),  # its own need
        ("bourges_editor", True),
        ("member_elsewhere", True),
    ],
)
def test_the_need_page_offers_express_interest_to_others_only(world, client, role, shown):
    need = world.generators_need()
    if role != "anonymous":
        sign_in_verified(client, world.users[role])

    page = client.get(need.get_absolute_url()).content.decode()

    assert (f'href="{NEW}?need={need.pk}"' in page) is shown
    language = world.users[role].language if role != "anonymous" else "uk"
    with translation.override(language):
        label = gettext("Express interest in this need")
    assert (label in page) is shown


def test_a_withdrawn_need_offers_no_express_interest(world, client):
    need = world.generators_need()
    exchange.need_withdraw(need=need, actor=world.users["korosten_editor"])
    sign_in_verified(client, world.users["bourges_editor"])

    page = client.get(need.get_absolute_url()).content.decode()

    assert f"{NEW}?need={need.pk}" not in page


def test_recommendations_offer_no_express_interest_next_to_ones_own_offer(world, client, now):
    need = now(publish_need, world.korosten, world.users["korosten_editor"])
    offer = now(publish_offer, world.bourges, world.users["bourges_editor"])
    link = f'href="{NEW}?offer={offer.pk}&amp;with_need={need.pk}"'

    sign_in_verified(client, world.users["bourges_editor"])
    own = client.get(need.get_absolute_url()).content.decode()
    sign_in_verified(client, world.users["korosten_editor"])
    other = client.get(need.get_absolute_url()).content.decode()

    assert escape(offer.title) in own and escape(offer.title) in other  # recommended to both
    assert link not in own
    assert link in other


def test_only_the_initiator_is_offered_to_withdraw(world, client):
    partnership = world.express_interest()
    sign_in_verified(client, world.users["bourges_editor"])
    other = client.get(partnership.get_absolute_url()).content.decode()
    sign_in_verified(client, world.users["korosten_editor"])
    own = client.get(partnership.get_absolute_url()).content.decode()

    client.post(
        reverse("partnerships:transition", args=[partnership.pk]), {"to_state": "withdrawn"}
    )

    assert 'value="withdrawn"' in own and 'value="declined"' not in own
    assert "Очікується згода іншої сторони." in own
    assert 'value="withdrawn"' not in other and 'value="declined"' in other
    assert Partnership.objects.get().state == "withdrawn"


def test_a_need_the_viewer_may_not_see_is_not_named_on_a_public_partnership(world, client):
    hidden = publish_need(world.korosten, world.users["korosten_editor"], visibility="parties")
    partnership = world.express_interest(need=hidden)
    shown_to(partnership, "public", actor=world.users["korosten_editor"])

    public = client.get(partnership.get_absolute_url()).content.decode()
    sign_in_verified(client, world.users["korosten_editor"])
    party = client.get(partnership.get_absolute_url()).content.decode()

    assert hidden.title not in public
    assert hidden.title in party


def test_a_hromada_names_its_own_need_for_an_offer(world, client, now):
    offer = now(publish_offer, world.bourges, world.users["bourges_editor"], sectors=["energy"])
    generators = world.generators_need()
    now(publish_need, world.korosten, world.users["korosten_editor"], sectors=["water"])
    sign_in_verified(client, world.users["korosten_editor"])

    offer_page = client.get(offer.get_absolute_url()).content.decode()
    form = client.get(f"{NEW}?offer={offer.pk}&with_need={generators.pk}").content.decode()
    client.post(
        f"{NEW}?offer={offer.pk}",
        {"from_organisation": f"authority:{world.korosten.pk}", "need": str(generators.pk)},
    )

    assert f'href="{NEW}?offer={offer.pk}"' in offer_page
    assert "Виявити інтерес до цієї пропозиції" in offer_page
    assert choices(form, "need") == ["", str(generators.pk)]  # not the water need
    assert f'<option value="{generators.pk}" selected>' in form  # from the recommended pair
    partnership = Partnership.objects.get()
    assert (list(partnership.needs.all()), list(partnership.offers.all())) == (
        [generators],
        [offer],
    )
