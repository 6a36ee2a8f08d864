"""The lifecycle table, every pair of states, and the services that walk it."""

import pytest
from django.utils.translation import gettext

from pobratym.core.audit import AuditRecord
from pobratym.core.errors import InvalidInput, PermissionRefused
from pobratym.partnerships import services
from pobratym.partnerships.enums import PartnershipState as S
from pobratym.partnerships.models import Partnership, StateChange
from pobratym.partnerships.transitions import TransitionRefused, check_transition

ALLOWED = {
    (S.INTEREST_EXPRESSED, S.IN_DIALOGUE),
    (S.INTEREST_EXPRESSED, S.DECLINED),
    (S.INTEREST_EXPRESSED, S.WITHDRAWN),
    (S.IN_DIALOGUE, S.AGREEMENT_SIGNED),
    (S.IN_DIALOGUE, S.ACTIVE),
    (S.IN_DIALOGUE, S.DECLINED),
    (S.AGREEMENT_SIGNED, S.ACTIVE),
    (S.AGREEMENT_SIGNED, S.ENDED),
    (S.ACTIVE, S.DORMANT),
    (S.ACTIVE, S.ENDED),
    (S.DORMANT, S.ACTIVE),
    (S.DORMANT, S.ENDED),
    (S.ENDED, S.ACTIVE),
}
PAIRS = [(a, b) for a in S.values for b in S.values]


@pytest.mark.parametrize(("from_state", "to_state"), PAIRS)
def test_check_transition_allows_exactly_the_table(from_state, to_state):
    note = "Відновили співпрацю після перерви"
    if (from_state, to_state) in ALLOWED:
        check_transition(from_state, to_state, note=note, imported=False)
    else:
        with pytest.raises(TransitionRefused):
            check_transition(from_state, to_state, note=note, imported=False)


def test_ended_to_active_needs_a_reason():
    with pytest.raises(TransitionRefused) as refused:
        check_transition(S.ENDED, S.ACTIVE, note="  ", imported=False)

    assert refused.value.code == "reason_required"
    assert refused.value.message == gettext("Say why the ended partnership becomes active again.")


def test_only_an_imported_agreement_skips_the_dialogue():
    check_transition(S.INTEREST_EXPRESSED, S.AGREEMENT_SIGNED, note="", imported=True)
    with pytest.raises(TransitionRefused) as refused:
        check_transition(S.INTEREST_EXPRESSED, S.AGREEMENT_SIGNED, note="", imported=False)
    assert refused.value.code == "dialogue_skipped"
    # Even imported, nothing else jumps over the dialogue.
    with pytest.raises(TransitionRefused):
        check_transition(S.INTEREST_EXPRESSED, S.ACTIVE, note="", imported=True)


def test_unknown_and_same_states_are_refused_with_a_message():
    with pytest.raises(TransitionRefused) as unknown:
        check_transition(S.ACTIVE, "flying", note="", imported=False)
    with pytest.raises(TransitionRefused) as same:
        check_transition(S.ACTIVE, S.ACTIVE, note="", imported=False)

    assert unknown.value.message == gettext("Unknown state: %(state)s.") % {"state": "flying"}
    assert same.value.message == gettext("The partnership is already in the state “%(state)s”.") % {
        "state": S.ACTIVE.label
    }


def test_express_interest_starts_with_one_history_row(world):
    partnership = world.express_interest(note="Цікавить очищення води")

    assert partnership.state == S.INTEREST_EXPRESSED
    assert partnership.source == "recommendation"
    assert [(p.organisation, p.is_initiator) for p in partnership.parties.all()] == [
        (world.korosten, True),
        (world.bourges, False),
    ]
    [row] = partnership.history.all()
    assert (row.from_state, row.to_state, row.by, row.note) == (
        "",
        S.INTEREST_EXPRESSED,
        world.users["korosten_editor"],
        "Цікавить очищення води",
    )
    assert (
        AuditRecord.objects.filter(
            verb="partnership.created", target_id=str(partnership.pk)
        ).count()
        == 1
    )


def test_express_interest_twice_returns_the_same_partnership(world):
    first = world.express_interest()
    second = world.express_interest()

    assert second == first
    assert Partnership.objects.count() == 1
    assert StateChange.objects.count() == 1


def test_express_interest_for_someone_elses_organisation_is_refused(world):
    with pytest.raises(PermissionRefused):
        services.partnership_express_interest(
            from_organisation=world.korosten,
            to_organisation=world.bourges,
            actor=world.users["member_elsewhere"],
        )
    assert not Partnership.objects.exists()


def test_express_interest_with_oneself_is_refused(world):
    with pytest.raises(InvalidInput) as refused:
        services.partnership_express_interest(
            from_organisation=world.korosten,
            to_organisation=world.korosten,
            actor=world.users["korosten_editor"],
        )
    assert "to_organisation" in refused.value.extra["fields"]


def test_the_initiator_cannot_accept_its_own_interest(world):
    partnership = world.express_interest()

    with pytest.raises(PermissionRefused):
        services.partnership_transition(
            partnership=partnership, to_state=S.IN_DIALOGUE, actor=world.users["korosten_editor"]
        )

    partnership.refresh_from_db()
    assert partnership.state == S.INTEREST_EXPRESSED
    assert partnership.history.count() == 1


@pytest.mark.parametrize("role", ["bourges_editor", "secretariat"])
def test_the_other_side_accepts(world, role):
    partnership = world.express_interest()

    services.partnership_transition(
        partnership=partnership, to_state=S.IN_DIALOGUE, actor=world.users[role], note="Раді!"
    )

    partnership.refresh_from_db()
    assert partnership.state == S.IN_DIALOGUE
    assert [(h.from_state, h.to_state, h.by) for h in partnership.history.all()][-1] == (
        S.INTEREST_EXPRESSED,
        S.IN_DIALOGUE,
        world.users[role],
    )


def test_walking_the_whole_lifecycle_keeps_every_step(world):
    partnership = world.in_dialogue()
    editor = world.users["korosten_editor"]
    for state in (S.AGREEMENT_SIGNED, S.ACTIVE, S.DORMANT, S.ACTIVE, S.ENDED):
        services.partnership_transition(partnership=partnership, to_state=state, actor=editor)
    services.partnership_transition(
        partnership=partnership, to_state=S.ACTIVE, actor=editor, note="Новий проєкт"
    )

    assert [h.to_state for h in partnership.history.all()] == [
        S.INTEREST_EXPRESSED,
        S.IN_DIALOGUE,
        S.AGREEMENT_SIGNED,
        S.ACTIVE,
        S.DORMANT,
        S.ACTIVE,
        S.ENDED,
        S.ACTIVE,
    ]


def test_a_refused_transition_changes_nothing(world):
    partnership = world.in_dialogue()
    audits = AuditRecord.objects.count()

    with pytest.raises(TransitionRefused):
        services.partnership_transition(
            partnership=partnership, to_state=S.DORMANT, actor=world.users["korosten_editor"]
        )

    partnership.refresh_from_db()
    assert partnership.state == S.IN_DIALOGUE
    assert partnership.history.count() == 2
    assert AuditRecord.objects.count() == audits


def test_a_party_editor_may_not_import_an_agreement(world):
    partnership = world.express_interest()

    with pytest.raises(PermissionRefused):
        services.partnership_transition(
            partnership=partnership,
            to_state=S.AGREEMENT_SIGNED,
            imported=True,
            actor=world.users["bourges_editor"],
        )
    services.partnership_transition(
        partnership=partnership,
        to_state=S.AGREEMENT_SIGNED,
        imported=True,
        actor=world.users["facilitator"],
    )

    assert partnership.history.last().imported is True


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("member_elsewhere", False),
        ("unrelated_facilitator", False),
        ("korosten_editor", True),
        ("facilitator", True),
        ("facilitator_staff", True),
        ("secretariat", True),
    ],
)
def test_who_changes_a_partnership(world, role, allowed):
    partnership = world.in_dialogue()
    services.partnership_update(
        partnership=partnership,
        kind="solidarity",
        sectors=[],
        visibility="parties",
        description="",
        facilitators=[world.cemr],
        actor=world.users["secretariat"],
    )

    if allowed:
        services.partnership_transition(
            partnership=partnership, to_state=S.ACTIVE, actor=world.users[role]
        )
        assert Partnership.objects.get().state == S.ACTIVE
    else:
        with pytest.raises(PermissionRefused):
            services.partnership_transition(
                partnership=partnership, to_state=S.ACTIVE, actor=world.users[role]
            )
        assert Partnership.objects.get().state == S.IN_DIALOGUE
