import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pobratym.accounts.tests.factories import UserFactory, editor_of
from pobratym.core.models import AuditRecord
from pobratym.exchange import services
from pobratym.exchange.models import Need, NeedItem, Offer
from pobratym.exchange.services import ItemIn
from pobratym.exchange.tests.helpers import publish_need, publish_offer

NEEDS = reverse("exchange:needs")
OFFERS = reverse("exchange:offers")


def _listed(response) -> list[str]:
    return re.findall(
        r'<a href="/exchange/(?:needs|offers)/\d+/"[^>]*>([^<]+)</a>', response.content.decode()
    )


def _need_post(authority, **overrides) -> dict:
    data = {
        "organisation": f"authority:{authority.pk}",
        "title": "Генератори для лікарні",
        "description": "Лікарні потрібні генератори на час відключень.",
        "sectors": ["energy.generators"],
        "urgency": "high",
        "estimated_cost_eur": "12 500,50",
        "visibility": "public",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "50",
        "items-0-name": "Генератор 30 кВт",
        "items-0-quantity": "2",
        "items-0-unit": "pieces",
        "items-1-name": "Паливо",
        "items-1-quantity": "1,5",
        "items-1-unit": "tonnes",
        "items-2-name": "",
        "items-2-quantity": "",
        "items-2-unit": "",
    }
    data.update(overrides)
    return data


def test_need_list_shows_public_needs_with_their_labels(client, world):
    publish_need(world.korosten, world.users["editor"])
    publish_need(
        world.korosten, world.users["editor"], title="Лише для членів", visibility="members"
    )

    response = client.get(NEEDS)

    html = response.content.decode()
    assert response.status_code == 200
    assert _listed(response) == ["Генератори для лікарні та шкіл"]
    assert "Генератори та резервне живлення" in html
    assert "українська" in html


def test_need_list_in_english_shows_english_sector_and_language_names(client, world):
    publish_need(world.korosten, world.users["editor"])
    client.cookies["django_language"] = "en"

    html = client.get(NEEDS).content.decode()

    assert "Generators and backup power" in html
    assert "Ukrainian" in html


def test_need_list_filters_by_sector_and_words(client, world):
    editor = world.users["editor"]
    publish_need(world.korosten, editor)
    publish_need(
        world.korosten, editor, title="Ремонт водогону", description="", sectors=["water"], items=[]
    )

    by_sector = client.get(NEEDS, {"sector": "energy"})
    by_words = client.get(NEEDS, {"q": "vodohonu"})
    unknown = client.get(NEEDS, {"sector": "space"})

    assert _listed(by_sector) == ["Генератори для лікарні та шкіл"]
    assert _listed(by_words) == ["Ремонт водогону"]
    assert unknown.status_code == 200  # a wrong filter is named and ignored
    assert sorted(_listed(unknown)) == ["Генератори для лікарні та шкіл", "Ремонт водогону"]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("signed_in", [False, True])
def test_need_list_is_a_fixed_number_of_queries(
    client, world, signed_in, django_assert_num_queries
):
    editor = world.users["editor"]
    if signed_in:
        client.force_login(editor)
    publish_need(world.korosten, editor)
    _queries(client, NEEDS)  # warm the caches (content types, language models)

    # anonymous: sectors and oblasts (form), count, needs, their sectors; signed in adds the
    # session, the user and the viewer's memberships (read once for both the two-step check,
    # is a facilitator?, and the list: accounts/role_memo.py).
    expected = 8 if signed_in else 5
    with django_assert_num_queries(expected):
        client.get(NEEDS)
    for n in range(6):
        publish_need(world.korosten, editor, title=f"Потреба {n}", sectors=["water", "energy"])
    with django_assert_num_queries(expected):
        client.get(NEEDS)


@pytest.mark.parametrize("signed_in", [False, True])
def test_offer_list_is_a_fixed_number_of_queries(
    client, world, signed_in, django_assert_num_queries
):
    editor = world.users["member_elsewhere"]
    if signed_in:
        client.force_login(editor)
    publish_offer(world.bourges, editor)
    _queries(client, OFFERS)

    # anonymous: sectors, countries and regions (form), count, offers, their sectors; signed
    # in adds the session, the user and the viewer's memberships (read once for both the
    # two-step check and the list: accounts/role_memo.py).
    expected = 9 if signed_in else 6
    with django_assert_num_queries(expected):
        client.get(OFFERS)
    for n in range(6):
        publish_offer(world.bourges, editor, title=f"Offre {n}")
        publish_offer(world.korosten, world.users["editor"], title=f"Пропозиція {n}")
    with django_assert_num_queries(expected):
        client.get(OFFERS)


def test_need_detail_shows_language_items_and_sectors(client, world):
    need = publish_need(
        world.korosten,
        world.users["editor"],
        sectors=["energy.heating", "education"],
        items=[ItemIn("Котел", "2.5", "kw")],
    )

    html = client.get(need.get_absolute_url()).content.decode()

    assert '<h1 lang="uk">Генератори для лікарні та шкіл</h1>' in html
    assert "українська" in html
    assert "Енергетика › Теплопостачання та опалення" in html
    assert "<li>Освіта</li>" in html
    assert "Котел" in html and "2,5" in html
    assert "Edit the need" not in html and "Редагувати" not in html


def test_hidden_need_is_not_found(client, world):
    need = publish_need(world.korosten, world.users["editor"], visibility="parties")

    assert client.get(need.get_absolute_url()).status_code == 404
    client.force_login(world.users["member_elsewhere"])
    assert client.get(need.get_absolute_url()).status_code == 404
    client.force_login(world.users["editor"])
    assert client.get(need.get_absolute_url()).status_code == 200


def test_user_text_is_always_escaped(client, world):
    need = publish_need(
        world.korosten,
        world.users["editor"],
        title='Генератори 5 < 10 & "лапки"',
        description="Потрібно > 3 генераторів\nі паливо & мастило",
    )

    html = client.get(need.get_absolute_url()).content.decode()
    listed = client.get(NEEDS).content.decode()

    assert "Генератори 5 &lt; 10 &amp; &quot;лапки&quot;" in html
    assert "Потрібно &gt; 3 генераторів<br>і паливо &amp; мастило" in html
    assert "5 &lt; 10 &amp;" in listed


def test_editor_publishes_a_need_through_the_form(client, world):
    editor = world.users["editor"]
    client.force_login(editor)

    form = client.get(reverse("exchange:need_create"))
    response = client.post(reverse("exchange:need_create"), _need_post(world.korosten))

    assert form.status_code == 200
    assert f'value="authority:{world.korosten.pk}" selected' in form.content.decode()
    need = Need.objects.get()
    assert response.status_code == 302
    assert response["Location"] == need.get_absolute_url()
    assert str(need.estimated_cost_eur) == "12500.50"
    assert list(need.items.values_list("name", "quantity", "unit")) == [
        ("Генератор 30 кВт", 2, "pieces"),
        ("Паливо", pytest.approx(1.5), "tonnes"),
    ]


def test_form_errors_are_linked_to_their_fields_and_nothing_is_saved(client, world):
    client.force_login(world.users["editor"])

    response = client.post(
        reverse("exchange:need_create"),
        _need_post(world.korosten, title="", sectors=[], **{"items-1-quantity": "-2"}),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert not Need.objects.exists() and not NeedItem.objects.exists()
    assert 'aria-describedby="id_title_error"' in html and 'id="id_title_error"' in html
    assert 'aria-invalid="true"' in html
    assert re.search(r'<fieldset aria-describedby="[^"]*id_sectors_error"', html)
    # The service's item error lands on its row, tied to its input.
    assert 'id="id_items-1-quantity_error"' in html
    assert re.search(
        r'name="items-1-quantity"[^>]*aria-describedby="id_items-1-quantity_error"', html
    )


def test_markup_is_refused_on_the_form(client, world):
    client.force_login(world.users["editor"])

    response = client.post(
        reverse("exchange:need_create"),
        _need_post(world.korosten, description='<img src=x onerror="alert(1)">'),
    )

    assert response.status_code == 200
    assert 'id="id_description_error"' in response.content.decode()
    assert "<img src=x" not in response.content.decode().split("<textarea")[0]
    assert not Need.objects.exists()


def test_a_megabyte_of_text_is_refused_cleanly(client, world):
    client.force_login(world.users["editor"])

    response = client.post(
        reverse("exchange:need_create"), _need_post(world.korosten, description="я" * 1_048_576)
    )

    assert response.status_code == 200
    assert 'id="id_description_error"' in response.content.decode()
    assert not Need.objects.exists()


def test_add_more_rows_keeps_what_was_typed_and_saves_nothing(client, world):
    client.force_login(world.users["editor"])

    response = client.post(
        reverse("exchange:need_create"), _need_post(world.korosten, title="", add_rows="1")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert not Need.objects.exists()
    assert "field-error" not in html  # not judged yet
    assert 'name="items-TOTAL_FORMS" value="5"' in html  # 2 filled rows + 3 new ones
    assert 'value="Паливо"' in html and 'value="1,5"' in html
    assert 'name="items-4-name"' in html


def test_edit_form_is_filled_and_saves_changes(client, world):
    editor = world.users["editor"]
    need = publish_need(world.korosten, editor)
    client.force_login(editor)

    form = client.get(reverse("exchange:need_edit", args=[need.pk])).content.decode()
    response = client.post(
        reverse("exchange:need_edit", args=[need.pk]),
        {
            **_need_post(world.korosten, status="partly_met", **{"items-INITIAL_FORMS": "1"}),
            "items-0-DELETE": "on",
        },
    )

    assert 'value="Дизельний генератор 100 кВт"' in form and 'value="5"' in form
    assert response.status_code == 302
    need = Need.objects.get()
    assert (need.status, need.title) == ("partly_met", "Генератори для лікарні")
    assert list(need.items.values_list("name", flat=True)) == ["Паливо"]


@pytest.mark.parametrize("role", ["member_elsewhere", "pending_claim"])
def test_others_cannot_edit_or_withdraw(client, world, role):
    need = publish_need(world.korosten, world.users["editor"])
    client.force_login(world.users[role])
    audits = AuditRecord.objects.count()

    edit = client.post(reverse("exchange:need_edit", args=[need.pk]), _need_post(world.korosten))
    withdraw = client.post(reverse("exchange:need_withdraw", args=[need.pk]))

    assert (edit.status_code, withdraw.status_code) == (403, 403)
    assert Need.objects.get().status == "open"
    assert AuditRecord.objects.count() == audits


def test_editor_withdraws_after_confirming(client, world):
    editor = world.users["editor"]
    need = publish_need(world.korosten, editor)
    client.force_login(editor)

    confirm = client.get(reverse("exchange:need_withdraw", args=[need.pk]))
    response = client.post(reverse("exchange:need_withdraw", args=[need.pk]))
    edit = client.get(reverse("exchange:need_edit", args=[need.pk]))

    assert confirm.status_code == 200 and Need.objects.get().status == "withdrawn"
    assert response["Location"] == need.get_absolute_url()
    assert edit.status_code == 302  # a withdrawn need is no longer edited


def test_facilitator_publishes_for_a_member_hromada_from_its_page(client, world, sign_in_verified):
    sign_in_verified(client, world.users["facilitator"])
    url = reverse("exchange:need_create") + f"?authority={world.korosten.pk}"

    response = client.post(url, _need_post(world.korosten))

    assert response.status_code == 302
    assert Need.objects.get().authority == world.korosten


def test_someone_acting_for_nobody_is_told_how_to_publish(client, world):
    client.force_login(UserFactory())

    response = client.get(reverse("exchange:need_create"))
    foreign = client.get(reverse("exchange:need_create") + f"?authority={world.korosten.pk}")

    assert response.status_code == 403
    assert reverse("accounts:claim") in response.content.decode()
    assert foreign.status_code == 403


def test_association_editor_publishes_and_closes_an_offer(client, world):
    editor = editor_of(world.lsa)
    client.force_login(editor)
    data = {
        "organisation": f"association:{world.lsa.pk}",
        "kind": "study_visits",
        "title": "Studijų vizitai Lietuvoje",
        "description": "Kviečiame Ukrainos savivaldybių atstovus į studijų vizitus.",
        "sectors": ["governance", "governance.eu_integration"],
        "capacity": "4",
        "staff_languages": "lt, en; uk",
        "visibility": "members",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-name": "Vietos",
        "items-0-quantity": "12",
        "items-0-unit": "people",
    }

    response = client.post(reverse("exchange:offer_create"), data)
    offer = Offer.objects.get()
    detail = client.get(offer.get_absolute_url()).content.decode()
    closed = client.post(reverse("exchange:offer_close", args=[offer.pk]))

    assert response.status_code == 302
    assert (offer.association, offer.language, offer.staff_languages) == (
        world.lsa,
        "lt",
        "lt,en,uk",
    )
    assert "литовська" in detail and "англійська" in detail
    assert "Європейська інтеграція" in detail
    assert closed.status_code == 302 and Offer.objects.get().status == "closed"


def test_exchange_pages_carry_no_inline_style_or_script(client, world):
    editor = world.users["editor"]
    need = publish_need(world.korosten, editor)
    offer = publish_offer(world.korosten, editor)
    client.force_login(editor)

    for url in [
        NEEDS,
        OFFERS,
        need.get_absolute_url(),
        offer.get_absolute_url(),
        reverse("exchange:need_create"),
        reverse("exchange:need_edit", args=[need.pk]),
        reverse("exchange:offer_create"),
        reverse("exchange:offer_edit", args=[offer.pk]),
        reverse("exchange:need_withdraw", args=[need.pk]),
    ]:
        html = client.get(url).content.decode()
        assert "style=" not in html, url
        assert "<script" not in html, url
        assert " on" + "click=" not in html, url
        assert "{%" not in html and "{#" not in html, url  # no template comment leaks


def test_service_refusal_during_a_page_write_changes_nothing(client, world):
    need = publish_need(world.korosten, world.users["editor"])
    services.need_withdraw(need=need, actor=world.users["editor"])
    client.force_login(world.users["editor"])

    response = client.post(reverse("exchange:need_withdraw", args=[need.pk]))

    assert response.status_code == 302
    assert AuditRecord.objects.filter(verb="need.withdrawn").count() == 1
