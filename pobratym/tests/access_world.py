"""One world for the access matrix: every kind of record a page or the API shows, real.

Korosten (a hromada, member of AUC) and Bourges (a French municipality) are partners: Bourges
expressed interest and Korosten accepted. Their partnership is for verified members only and
holds an agreement with a signed document, an activity with a follow-up, a pledged delivery
and a project. Korosten has a public need and a parties-only one; Bourges a public offer. AUC
ran and published an allocation round proposing Bourges' offer to Korosten. Korosten has a
calendar address, a consented contact, a colleague, a pending claim and an open invitation.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pobratym.accounts import services as accounts
from pobratym.accounts.models import Invitation, OrganisationMembership, OrganisationRequest, User
from pobratym.accounts.tests.factories import (
    UserFactory,
    claim,
    editor_of,
    facilitator_of,
    secretariat,
    sign_in_verified,
    unconfirmed_user,
)
from pobratym.allocation.models import AllocationRound, RoundProposal
from pobratym.directory.models import Association, Authority, Contact, Country
from pobratym.directory.tests.factories import (
    AssociationFactory,
    AuthorityFactory,
    MembershipFactory,
    municipality,
)
from pobratym.exchange.models import Need, Offer
from pobratym.exchange.services import ItemIn
from pobratym.exchange.tests.helpers import publish_need, publish_offer
from pobratym.partnerships import services as partnerships
from pobratym.partnerships.models import (
    Activity,
    Agreement,
    CalendarFeed,
    Delivery,
    DeliveryItem,
    FollowUp,
    Partnership,
    Project,
)

# The columns of the matrix. "editor" acts for Korosten, the organisation most pages concern;
# "partner" for Bourges, the other side of the accepted partnership (and the offer's owner);
# "facilitator" for AUC, Korosten's association; the others have nothing to do with either.
ROLES = (
    "anonymous",
    "unconfirmed",
    "pending_claim",
    "editor",
    "other_editor",
    "partner",
    "facilitator",
    "unrelated_facilitator",
    "secretariat",
)
# "unconfirmed" never followed its confirmation link: its account is inactive, so its session
# is refused and it gets what the anonymous visitor gets, which the table shows.
# Facilitators and the secretariat reach no page without their second factor.
SECOND_FACTOR_ROLES = ("facilitator", "unrelated_facilitator", "secretariat")

CONSENTED_EMAIL = "iryna.shevchuk@korosten.example"
COLLEAGUE_EMAIL = "taras@korosten.example"
PRIVATE_NEED_TITLE = "Броньовані двері для укриття"
PARTNERSHIP_DESCRIPTION = "Обмін досвідом енергоменеджменту між Коростенем і Буржем"


@dataclass
class World:
    korosten: Authority
    bourges: Authority
    auc: Association
    need: Need  # public
    private_need: Need  # parties only
    offer: Offer
    partnership: Partnership  # members only, accepted
    agreement: Agreement
    activity: Activity
    followup: FollowUp
    delivery: Delivery  # pledged by Bourges to Korosten
    project: Project
    allocation_round: AllocationRound
    proposal: RoundProposal
    calendar: CalendarFeed
    contact: Contact
    colleague: OrganisationMembership  # a verified editor of Korosten besides "editor"
    pending: OrganisationMembership  # the pending claimant's claim on Korosten
    request: OrganisationRequest
    invitation: Invitation
    confirmation_token: str  # the unconfirmed account's
    reset_uid: str  # the editor's password reset link
    reset_token: str
    users: dict[str, Any]


def make_world() -> World:
    korosten = AuthorityFactory()
    bourges = municipality(
        "Bourges",
        name_uk="Бурж",
        country="FR",
        country_en="France",
        country_uk="Франція",
        population=67_987,
    )
    auc = AssociationFactory(
        slug="auc", kind="national_association", name="Асоціація міст України", name_uk=""
    )
    ks = AssociationFactory(slug="ks", kind="national_association", name="KS", name_uk="")
    MembershipFactory(association=auc, authority=korosten)
    MembershipFactory(association=ks, authority=AuthorityFactory(name="Інша громада"))
    pending_user = UserFactory()
    pending = claim(korosten, user=pending_user)
    unconfirmed = unconfirmed_user()
    users: dict[str, Any] = {
        "anonymous": AnonymousUser(),
        "unconfirmed": unconfirmed,
        "pending_claim": pending_user,
        "editor": editor_of(korosten, email="olena@korosten.example"),
        "other_editor": editor_of(AuthorityFactory(name="Третя громада")),
        "partner": editor_of(bourges, email="claire@bourges.example", language="en"),
        "facilitator": facilitator_of(auc),
        "unrelated_facilitator": facilitator_of(ks),
        "secretariat": secretariat(),
    }
    colleague_user = editor_of(korosten, email=COLLEAGUE_EMAIL)
    editor, partner = users["editor"], users["partner"]

    need = publish_need(korosten, editor)
    private_need = publish_need(korosten, editor, title=PRIVATE_NEED_TITLE, visibility="parties")
    offer = publish_offer(
        bourges,
        partner,
        kind="equipment",
        title="Groupes électrogènes",
        sectors=["energy.generators"],
        items=[ItemIn(name="Groupe électrogène 30 kW", quantity="10", unit="pieces")],
    )
    partnership = partnerships.partnership_express_interest(
        from_organisation=bourges, to_organisation=korosten, offer=offer, actor=partner
    ).partnership
    partnership = partnerships.partnership_transition(
        partnership=partnership, to_state="in_dialogue", actor=editor
    )
    partnership = partnerships.partnership_update(
        partnership=partnership,
        kind=partnership.kind,
        sectors=[sector.code for sector in partnership.sectors.all()],
        visibility="members",
        description=PARTNERSHIP_DESCRIPTION,
        facilitators=[],
        actor=editor,
    )
    today = timezone.localdate()
    agreement = Agreement.objects.create(
        partnership=partnership,
        kind="memorandum",
        title="Меморандум про співпрацю",
        signed_on=date(2025, 5, 9),
        document=ContentFile(b"%PDF-1.4 memorandum", name="memorandum.pdf"),
        document_name="memorandum.pdf",
        document_type="application/pdf",
        created_by=editor,
    )
    activity = Activity.objects.create(
        partnership=partnership,
        kind="online_meeting",
        title="Перша зустріч",
        starts_on=today,
        created_by=editor,
    )
    followup = FollowUp.objects.create(activity=activity, text="Надіслати перелік", due_on=today)
    giving = partnership.parties.get(authority=bourges)
    delivery = Delivery.objects.create(
        partnership=partnership,
        giver=giving,
        recipient=korosten,
        state="pledged",
        pledged_on=today,
        created_by=partner,
    )
    DeliveryItem.objects.create(delivery=delivery, name="Генератор", quantity=2, unit="pieces")
    project = Project.objects.create(
        partnership=partnership, title="Енергоефективні школи", status="planned", created_by=editor
    )
    allocation_round = AllocationRound.objects.create(
        title="Зима 2026", association=auc, status="published"
    )
    proposal = RoundProposal.objects.create(
        round=allocation_round, hromada=korosten, offer=offer, score=0.8
    )
    calendar = partnerships.calendar_feed_get(organisation=korosten, actor=editor)
    contact = Contact.objects.create(
        authority=korosten,
        name="Ірина Шевчук",
        email=CONSENTED_EMAIL,
        phone="+380 4142 00000",
        consented_at=timezone.now(),
    )
    request = OrganisationRequest.objects.create(
        requested_by=UserFactory(),
        name="Новоград-Волинська громада",
        kind="hromada",
        country=Country.objects.get(code="UA"),
    )
    invitation = accounts.invitation_create(
        organisation=korosten, email="new.colleague@korosten.example", actor=editor
    )
    return World(
        korosten=korosten,
        bourges=bourges,
        auc=auc,
        need=need,
        private_need=private_need,
        offer=offer,
        partnership=partnership,
        agreement=agreement,
        activity=activity,
        followup=followup,
        delivery=delivery,
        project=project,
        allocation_round=allocation_round,
        proposal=proposal,
        calendar=calendar,
        contact=contact,
        colleague=OrganisationMembership.objects.get(user=colleague_user),
        pending=pending,
        request=request,
        invitation=invitation,
        confirmation_token=accounts.confirmation_token(unconfirmed),
        reset_uid=urlsafe_base64_encode(force_bytes(editor.pk)),
        reset_token=default_token_generator.make_token(editor),
        users=users,
    )


def sign_in_as(client: Any, world: World, role: str) -> None:
    """The client signed in as the role (with its second factor where it needs one)."""
    client.logout()
    user: User | AnonymousUser = world.users[role]
    if role == "anonymous":
        return
    if role in SECOND_FACTOR_ROLES:
        sign_in_verified(client, user)
    else:
        client.force_login(user)
