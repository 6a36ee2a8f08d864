from decimal import Decimal

import pytest
from django.utils import translation

from pobratym.core.errors import InvalidInput, PermissionRefused
from pobratym.core.models import AuditRecord
from pobratym.exchange import services
from pobratym.exchange.models import Need, NeedItem
from pobratym.exchange.services import ItemIn
from pobratym.exchange.tests.conftest import ROLES
from pobratym.exchange.tests.helpers import GENERATOR, publish_need, update_values

# Who may publish, change and withdraw Korosten's needs: its editors and its curators.
ALLOWED = {
    "anonymous": False,
    "unconfirmed": False,
    "pending_claim": False,
    "member_elsewhere": False,
    "editor": True,
    "facilitator": True,
    "unrelated_facilitator": False,
    "secretariat": True,
}


def _state() -> tuple:
    return (
        list(Need.objects.values_list("title", "status", "urgency", "description")),
        list(NeedItem.objects.values_list("name", "quantity", "unit")),
        AuditRecord.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
def test_need_publish_per_role(world, role):
    actor = world.users[role]
    before = _state()

    if ALLOWED[role]:
        need = publish_need(world.korosten, actor)
        assert need.authority == world.korosten
        assert need.created_by == actor
    else:
        with pytest.raises(PermissionRefused):
            publish_need(world.korosten, actor)
        assert _state() == before


@pytest.mark.parametrize("role", ROLES)
def test_need_update_per_role(world, role):
    need = publish_need(world.korosten, world.users["editor"])
    actor = world.users[role]
    before = _state()

    if ALLOWED[role]:
        services.need_update(need=need, actor=actor, **update_values(need, urgency="critical"))
        assert Need.objects.get().urgency == "critical"
    else:
        with pytest.raises(PermissionRefused):
            services.need_update(need=need, actor=actor, **update_values(need, urgency="critical"))
        assert _state() == before


@pytest.mark.parametrize("role", ROLES)
def test_need_withdraw_per_role(world, role):
    need = publish_need(world.korosten, world.users["editor"])
    actor = world.users[role]
    before = _state()

    if ALLOWED[role]:
        services.need_withdraw(need=need, actor=actor)
        assert Need.objects.get().status == "withdrawn"
    else:
        with pytest.raises(PermissionRefused):
            services.need_withdraw(need=need, actor=actor)
        assert _state() == before


def test_need_publish_stores_everything_and_audits_it(world):
    editor = world.users["editor"]

    need = publish_need(
        world.korosten,
        editor,
        sectors=["energy.heating", "energy.generators"],
        items=[GENERATOR, ItemIn(name="Паливо", quantity=Decimal("2.5"), unit="tonnes")],
    )

    need = Need.objects.get(pk=need.pk)
    assert need.language == "uk"
    assert need.status == "open"
    assert need.estimated_cost_eur == Decimal("75000.00")
    assert [s.code for s in need.sectors.order_by("position")] == [
        "energy.generators",
        "energy.heating",
    ]
    assert [(i.name, i.quantity, i.unit) for i in need.items.all()] == [
        ("Дизельний генератор 100 кВт", Decimal("5.00"), "pieces"),
        ("Паливо", Decimal("2.50"), "tonnes"),
    ]
    record = AuditRecord.objects.get(verb="need.published")
    assert record.actor == editor
    assert record.target_id == str(need.pk)
    assert record.changes["title"] == [None, "Генератори для лікарні та шкіл"]
    assert record.changes["sectors"] == [None, ["energy.generators", "energy.heating"]]
    assert record.changes["items"][1][1] == {"name": "Паливо", "quantity": "2.50", "unit": "tonnes"}
    assert record.changes["estimated_cost_eur"] == [None, "75000.00"]


def test_need_update_audits_only_what_changed_and_redetects_the_language(world):
    editor = world.users["editor"]
    need = publish_need(world.korosten, editor)

    services.need_update(
        need=need,
        actor=editor,
        **update_values(
            need,
            title="Generators for the hospital and schools",
            description="The community needs generators so that the hospital keeps working.",
            status="partly_met",
        ),
    )

    need = Need.objects.get(pk=need.pk)
    assert (need.language, need.status) == ("en", "partly_met")
    record = AuditRecord.objects.get(verb="need.updated")
    assert sorted(record.changes) == ["description", "language", "status", "title"]
    assert record.changes["language"] == ["uk", "en"]


def test_need_update_without_changes_leaves_no_trace(world):
    editor = world.users["editor"]
    need = publish_need(world.korosten, editor)
    updated_at = Need.objects.get().updated_at

    services.need_update(need=need, actor=editor, **update_values(need))

    assert not AuditRecord.objects.filter(verb="need.updated").exists()
    assert Need.objects.get().updated_at == updated_at


def test_need_update_replaces_the_items(world):
    editor = world.users["editor"]
    need = publish_need(world.korosten, editor)

    services.need_update(
        need=need,
        actor=editor,
        **update_values(need, items=[ItemIn(name="Котел", quantity=2, unit="pieces")]),
    )

    assert list(NeedItem.objects.values_list("name", "quantity")) == [("Котел", Decimal("2.00"))]
    record = AuditRecord.objects.get(verb="need.updated")
    assert record.changes == {
        "items": [
            [{"name": "Дизельний генератор 100 кВт", "quantity": "5.00", "unit": "pieces"}],
            [{"name": "Котел", "quantity": "2.00", "unit": "pieces"}],
        ]
    }


def test_withdrawn_need_can_be_neither_changed_nor_withdrawn_again(world):
    editor = world.users["editor"]
    need = publish_need(world.korosten, editor)
    services.need_withdraw(need=need, actor=editor)
    before = _state()

    with pytest.raises(InvalidInput):
        services.need_update(need=need, actor=editor, **update_values(need, urgency="low"))
    with pytest.raises(InvalidInput):
        services.need_withdraw(need=need, actor=editor)

    assert _state() == before
    assert AuditRecord.objects.get(verb="need.withdrawn").changes == {
        "status": ["open", "withdrawn"]
    }


def test_need_update_cannot_withdraw_through_the_status(world):
    editor = world.users["editor"]
    need = publish_need(world.korosten, editor)

    with pytest.raises(InvalidInput) as refused:
        services.need_update(need=need, actor=editor, **update_values(need, status="withdrawn"))

    assert set(refused.value.extra["fields"]) == {"status"}
    assert Need.objects.get().status == "open"


def test_need_is_published_only_for_a_ukrainian_authority(world):
    secretariat = world.users["secretariat"]

    with pytest.raises(InvalidInput) as refused:
        publish_need(world.bourges, secretariat)

    assert list(refused.value.extra["fields"]) == ["authority"]
    assert not Need.objects.exists()


MEGABYTE = "я" * 1_048_576


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   \n "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": "x" * 10_001}, "description"),
        ({"description": MEGABYTE}, "description"),
        ({"title": "Генератори <script>alert(1)</script>"}, "title"),
        ({"description": 'Див. <a href="https://x.example">тут</a>'}, "description"),
        ({"description": "<!-- прихований текст -->"}, "description"),
        ({"sectors": []}, "sectors"),
        ({"sectors": ["  "]}, "sectors"),
        ({"sectors": ["energy", "space"]}, "sectors"),
        ({"urgency": "yesterday"}, "urgency"),
        ({"visibility": "everyone"}, "visibility"),
        ({"estimated_cost_eur": "-1"}, "estimated_cost_eur"),
        ({"estimated_cost_eur": "1000000000.01"}, "estimated_cost_eur"),
        ({"estimated_cost_eur": "1e30"}, "estimated_cost_eur"),
        ({"estimated_cost_eur": "lots"}, "estimated_cost_eur"),
        ({"estimated_cost_eur": "NaN"}, "estimated_cost_eur"),
        ({"estimated_cost_eur": "12.345"}, "estimated_cost_eur"),
        ({"items": [ItemIn("Генератор", "0", "pieces")]}, "items.0.quantity"),
        ({"items": [GENERATOR, ItemIn("Генератор", "-3", "pieces")]}, "items.1.quantity"),
        ({"items": [ItemIn("Генератор", "1000001", "pieces")]}, "items.0.quantity"),
        ({"items": [ItemIn("Генератор", "Infinity", "pieces")]}, "items.0.quantity"),
        ({"items": [ItemIn("Генератор", "", "pieces")]}, "items.0.quantity"),
        ({"items": [ItemIn("Генератор", "0.001", "pieces")]}, "items.0.quantity"),
        ({"items": [ItemIn("Генератор", "5", "barrels")]}, "items.0.unit"),
        ({"items": [ItemIn("", "5", "pieces")]}, "items.0.name"),
        ({"items": [ItemIn("<b>Генератор</b>", "5", "pieces")]}, "items.0.name"),
        ({"items": [ItemIn("x" * 201, "5", "pieces")]}, "items.0.name"),
        ({"items": [GENERATOR] * 51}, "items"),
    ],
)
def test_need_publish_refuses_bad_input_naming_the_field(world, overrides, field):
    before = _state()

    with pytest.raises(InvalidInput) as refused:
        publish_need(world.korosten, world.users["editor"], **overrides)

    assert list(refused.value.extra["fields"]) == [field]
    assert refused.value.extra["fields"][field]  # a message for the person
    assert _state() == before  # a bad item leaves no need behind


def test_need_publish_reports_every_problem_at_once(world):
    with pytest.raises(InvalidInput) as refused:
        publish_need(
            world.korosten,
            world.users["editor"],
            title="",
            sectors=[],
            items=[ItemIn("Генератор", "-1", "barrels")],
        )

    assert sorted(refused.value.extra["fields"]) == [
        "items.0.quantity",
        "items.0.unit",
        "sectors",
        "title",
    ]


def test_need_error_messages_name_the_problem(world):
    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        publish_need(
            world.korosten,
            world.users["editor"],
            title="<b>Генератори</b>",
            sectors=["energy", "space"],
            items=[ItemIn("Генератор", "2000000", "pieces")],
        )

    assert refused.value.extra["fields"] == {
        "title": "Write plain text: HTML tags such as <b> are not accepted.",
        "sectors": "Unknown sector: space.",
        "items.0.quantity": "The quantity cannot be more than 1,000,000.",
    }


def test_need_publish_accepts_the_limits_and_plain_comparisons(world):
    need = publish_need(
        world.korosten,
        world.users["editor"],
        title="x" * 200,
        description="Потрібно 5 < 10 генераторів, a <- b, ціна > 0\x00" + "я" * 9_950,
        estimated_cost_eur="1000000000",
        items=[ItemIn(f"Генератор {n}", "1000000", "kw") for n in range(50)],
    )

    need = Need.objects.get(pk=need.pk)
    assert need.estimated_cost_eur == Decimal("1000000000.00")
    assert need.items.count() == 50
    assert "\x00" not in need.description
    assert need.description.startswith("Потрібно 5 < 10 генераторів, a <- b, ціна > 0")


def test_need_text_search_key_covers_title_description_and_items(world):
    need = publish_need(world.korosten, world.users["editor"])

    assert " генератори " in Need.objects.get(pk=need.pk).search_key
    assert " dyzelnyi " in Need.objects.get(pk=need.pk).search_key
