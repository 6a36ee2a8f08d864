"""The demo scenario's partnerships: the seed stories as records.

Every fact says which seed article (shared/seeds/00N_*.txt) it comes from; what the articles do
not say (quantities and dates of the deliveries) is marked as the demo scenario's own. Loaded
by `manage.py load_demo` after the directory, the demo logins and the exchange demo, through
the services (so the history and the audit are as a person would leave them), idempotently:
a story whose partnership exists is left as it is.

Luhansk oblast's associated-partner status in the Alliance (seed 000) is a directory
Membership (pobratym/directory/demo.py), not a partnership.
"""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from pobratym.accounts.demo import DEMO_DOMAIN
from pobratym.accounts.models import User
from pobratym.directory.demo import BOURGES, KHARKIV, KOROSTEN, PLUNGE
from pobratym.directory.models import Association, Authority
from pobratym.exchange.enums import Visibility
from pobratym.exchange.models import Need, Offer

from . import services
from .enums import ActivityKind, AgreementKind, PartnershipKind, PartnershipState, Source
from .models import Partnership

# The Kharkiv need the deliveries answer (pobratym/exchange/demo.py).
KHARKIV_GENERATORS_NEED = "Генератори для котелень і лікарень"
# The offer of Plungė's the heaters come from (pobratym/exchange/demo.py).
PLUNGE_OFFER = "Generatoriai ir šildytuvai fronto bendruomenėms"
PLUNGE_HEATERS = "Elektrinis šildytuvas"


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _exists(first: Authority | Association, second: Authority | Association) -> bool:
    def party(organisation: Authority | Association) -> dict[str, Authority | Association]:
        key = "authority" if isinstance(organisation, Authority) else "association"
        return {f"parties__{key}": organisation}

    return Partnership.objects.filter(**party(first)).filter(**party(second)).exists()


def _korosten_bourges(actor: User) -> int:
    """Seed 003: Korosten and Bourges, brought together by AUC with CEMR and AFCCRE."""
    korosten, bourges = KOROSTEN.resolve(), BOURGES.resolve()
    if _exists(korosten, bourges):
        return 0
    facilitators = list(Association.objects.filter(slug__in=["auc", "cemr", "afccre"]))
    partnership = services.partnership_create(
        organisations=[korosten, bourges],
        kind=PartnershipKind.PROJECT,
        # Seed 003: water treatment and learning processes on the visit; culture, the mayor.
        sectors=["water", "education", "culture"],
        visibility=Visibility.PUBLIC,
        facilitators=facilitators,
        description=(
            "Двостороння співпраця Коростенської міської територіальної громади та "
            "муніципалітету Бурж за сприяння Асоціації міст України, CEMR та AFCCRE "
            "(стаття 003)."
        ),
        source=Source.NEWS,
        at=_at(date(2023, 6, 13)),
        actor=actor,
    )
    services.partnership_transition(
        partnership=partnership,
        to_state=PartnershipState.IN_DIALOGUE,
        note="Стаття 003: на онлайн-зустрічі 13 червня 2023 року сторони домовилися розпочати "
        "двосторонню співпрацю над спільним проєктом.",
        at=_at(date(2023, 6, 13)),
        actor=actor,
    )
    services.partnership_transition(
        partnership=partnership,
        to_state=PartnershipState.ACTIVE,
        note="Стаття 003: навчальний візит до Буржа 1–5 липня 2023 року.",
        at=_at(date(2023, 7, 1)),
        actor=actor,
    )
    services.activity_add(
        partnership=partnership,
        kind=ActivityKind.ONLINE_MEETING,
        title="Двостороння онлайн-зустріч Коростень – Бурж",
        starts_on=date(2023, 6, 13),
        participants="Коростенська міська територіальна громада; муніципалітет Бурж",
        minutes="Учасники домовилися розпочати двосторонню співпрацю над спільним проєктом "
        "для відновлення та розвитку Коростенської міської територіальної громади (стаття 003).",
        actor=actor,
    )
    services.activity_add(
        partnership=partnership,
        kind=ActivityKind.STUDY_VISIT,
        title="Навчальний візит делегації Коростенської громади до Буржа",
        starts_on=date(2023, 7, 1),
        ends_on=date(2023, 7, 5),
        place="Бурж, Франція",
        participants="Представники Коростенської громади у складі делегації Асоціації міст України",
        minutes="Представники громади ознайомилися з досвідом французьких партнерів, зокрема "
        "роботою станції очищення води та особливостями навчальних процесів (стаття 003).",
        actor=actor,
    )
    services.activity_add(
        partnership=partnership,
        kind=ActivityKind.ONLINE_MEETING,
        title="Чергова двостороння онлайн-зустріч Коростень – Бурж",
        starts_on=date(2024, 5, 28),
        participants="CEMR (Станіслав Таран); AFCCRE (Фелікс Ену, Філіп Тарріссон); Асоціація "
        "міст України (Людмила Даменцова); Коростень (міський голова Володимир Москаленко, "
        "заступниця Наталія Чижевська); Бурж (заступниця мера Констанс Бондюель)",
        minutes="Коростенський міський голова висловив бажання продовжувати співпрацю в "
        "культурному напрямку. Бурж розповів про організацію наступного візиту представників "
        "Коростенської громади до Франції. CEMR готує щомісячні підбірки конкурсів для "
        "українських громад і посібник фінансових можливостей європейських програм "
        "(стаття 003).",
        followups=[
            services.FollowUpIn(
                text="Підготувати список напрямків обміну досвідом під час запланованого "
                "навчального візиту (пропозиція AFCCRE, стаття 003)",
                owner="Коростенська міська територіальна громада",
            )
        ],
        actor=actor,
    )
    return 1


def _frontline_lsa(actor: User) -> int:
    """Seed 001: the memorandum of the Association of Frontline Cities and Communities with
    the Lithuanian association (LSA), and the heaters and generators Lithuanian municipalities
    gave."""
    frontline = Association.objects.get(slug="frontline-cities")
    lsa = Association.objects.get(slug="lsa")
    if _exists(frontline, lsa):
        return 0
    partnership = services.partnership_create(
        organisations=[frontline, lsa],
        kind=PartnershipKind.MEMORANDUM,
        # Seed 001: restoring infrastructure, energy resilience, modern urban services.
        sectors=["infrastructure", "energy", "governance.eu_integration"],
        visibility=Visibility.PUBLIC,
        description=(
            "Координація дій на муніципальному рівні з інтеграції українських громад у "
            "європейські практики управління та спільна робота над програмами відновлення "
            "(стаття 001)."
        ),
        source=Source.NEWS,
        actor=actor,
    )
    services.partnership_transition(
        partnership=partnership,
        to_state=PartnershipState.AGREEMENT_SIGNED,
        note="Стаття 001: меморандум підписано 11 лютого (рік у статті не вказано).",
        imported=True,
        actor=actor,
    )
    services.agreement_add(
        partnership=partnership,
        kind=AgreementKind.MEMORANDUM,
        title="Меморандум про співпрацю Асоціації прифронтових міст та громад і Асоціації "
        "органів місцевого самоврядування Литви",
        # Seed 001 gives 11 February without the year: the date stays unknown.
        signed_on=None,
        sectors=["infrastructure", "energy", "governance.eu_integration"],
        signatories=[
            services.SignatoryIn(
                name="Ігор Терехов",
                role="голова Асоціації прифронтових міст та громад, міський голова Харкова",
            ),
            services.SignatoryIn(
                name="Аудрюс Клішоніс",
                role="президент Асоціації органів місцевого самоврядування Литви, мер Плунге",
            ),
        ],
        notes="Підписано 11 лютого; рік у статті не вказано (стаття 001). Пріоритети: "
        "відновлення інфраструктури, енергетична стійкість, модернізація міських сервісів, "
        "довгостроковий розвиток громад після війни.",
        actor=actor,
    )
    services.partnership_transition(
        partnership=partnership,
        to_state=PartnershipState.ACTIVE,
        note="Стаття 001: сторони обговорили ініціативи співпраці, що вже реалізуються.",
        actor=actor,
    )
    kharkiv = KHARKIV.resolve()
    need = Need.objects.get(authority=kharkiv, title=KHARKIV_GENERATORS_NEED)
    # Seed 001: Kharkiv's mayor thanked Lithuanian municipalities for heaters and generators.
    # The counts and dates below are the demo scenario's own: the article gives none.
    note = "Кількості та дати — демонстраційні: стаття 001 їх не наводить."
    generators = services.delivery_pledge(
        partnership=partnership,
        giver=lsa,
        recipient=kharkiv,
        need=need,
        lines=[services.DeliveryLineIn(quantity="10", need_item=need.items.get().pk)],
        pledged_on=date(2024, 12, 2),
        note=note,
        visibility=Visibility.PUBLIC,
        actor=actor,
    )
    # The heaters answer no need of Kharkiv's: they come from the stock Plungė (a member of
    # LSA) offers, which they use up, and count as heating aid.
    heaters_offer = Offer.objects.get(authority=PLUNGE.resolve(), title=PLUNGE_OFFER)
    heaters = services.delivery_pledge(
        partnership=partnership,
        giver=lsa,
        recipient=kharkiv,
        offer=heaters_offer,
        sectors=["energy.heating"],
        lines=[
            services.DeliveryLineIn(
                quantity="50", offer_item=heaters_offer.items.get(name=PLUNGE_HEATERS).pk
            )
        ],
        pledged_on=date(2024, 12, 2),
        note=note,
        visibility=Visibility.PUBLIC,
        actor=actor,
    )
    for delivery in (generators, heaters):
        services.delivery_ship(delivery=delivery, shipped_on=date(2024, 12, 9), actor=actor)
        services.delivery_receive(delivery=delivery, received_on=date(2024, 12, 12), actor=actor)
    return 1


@transaction.atomic
def demo_partnerships_load() -> int:
    """Create the seed stories' partnerships that are not there yet; returns how many were new.

    Needs the demo directory, logins and exchange loaded first (LookupError otherwise).
    """
    actor = User.objects.filter(email=f"secretariat@{DEMO_DOMAIN}").first()
    if actor is None:
        raise LookupError("the demo secretariat login")
    return _korosten_bourges(actor) + _frontline_lsa(actor)
