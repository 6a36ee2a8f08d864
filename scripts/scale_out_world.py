"""The small world scripts/scale_out_check.py plays its scenario in, written through the
project's own factories and services. Imported once Django is set up on the scratch database.

A hromada and two European municipalities, each with a verified editor; the hromada's editor
signs in with an authenticator app (the two-step sign-in). Bourges offers generators (room for
one partner) and energy advice (room for three), Plungė solar panels: all three fit the
generators a hospital needs, which the scenario publishes. The factories are the tests': they
are the one place that knows how to make a verified editor and an authority as the reference
import writes it, and they stay in step with the models.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from procrastinate.contrib.django.models import ProcrastinateJob

from pobratym.accounts.models import User
from pobratym.accounts.tests.factories import PASSWORD, editor_of
from pobratym.core.viewer import SignedIn
from pobratym.directory.models import Authority
from pobratym.directory.tests.factories import AuthorityFactory, RegionFactory, municipality
from pobratym.exchange import services
from pobratym.exchange.models import Offer
from pobratym.exchange.services import ItemIn
from pobratym.matching.models import StoredRecommendations, Subject

NEED_TITLE = "Дизельні генератори для лікарні"
NEED_DESCRIPTION = (
    "Міська лікарня та дві школи залишаються без світла під час відключень. Потрібні дизельні "
    "генератори, щоб операційні та укриття працювали."
)


@dataclass(frozen=True)
class Person:
    email: str
    password: str
    # An authenticator app's key: the sign-in asks for its code after the password.
    totp_key: bytes | None = None

    def code_now(self) -> str:
        assert self.totp_key is not None
        return f"{totp(self.totp_key):06d}"


@dataclass(frozen=True)
class PublishedOffer:
    pk: int
    title: str


@dataclass(frozen=True)
class World:
    hromada_editor: Person
    municipality_editor: Person
    hromada: str
    municipality: str
    generators: PublishedOffer  # Bourges, capacity 1: the partnership takes its one place
    advice: PublishedOffer  # Bourges, capacity 3: stays, its authority now a partner
    solar: PublishedOffer  # Plungė: stays, no partner


def _editor(authority: Authority, email: str) -> User:
    user: User = editor_of(authority, email=email, first_name="Scale", language="en")
    return user


def _offer(
    organisation: Authority,
    actor: SignedIn,
    *,
    kind: str,
    title: str,
    description: str,
    sectors: list[str],
    capacity: int,
    staff_languages: list[str],
    items: tuple[ItemIn, ...] = (),
) -> PublishedOffer:
    offer: Offer = services.offer_publish(
        organisation=organisation,
        actor=actor,
        kind=kind,
        title=title,
        description=description,
        sectors=sectors,
        items=items,
        capacity=capacity,
        staff_languages=staff_languages,
        visibility="public",
    )
    return PublishedOffer(offer.pk, offer.title)


def make_world() -> World:
    korosten: Authority = AuthorityFactory.create(region=RegionFactory.create())
    bourges = municipality(
        "Bourges",
        name_uk="Бурж",
        country="FR",
        country_en="France",
        country_uk="Франція",
        population=67_987,
    )
    plunge = municipality(
        "Plungė", country="LT", country_en="Lithuania", country_uk="Литва", population=18_904
    )
    hromada_user = _editor(korosten, "hromada.editor@scale-out.example")
    device = TOTPDevice.objects.create(user=hromada_user, name="Pobratym", confirmed=True)
    bourges_user = _editor(bourges, "bourges.editor@scale-out.example")
    plunge_user = _editor(plunge, "plunge.editor@scale-out.example")
    generators = _offer(
        bourges,
        bourges_user,
        kind="equipment",
        title="Groupes électrogènes diesel pour hôpitaux",
        description=(
            "La ville de Bourges donne cinq groupes électrogènes diesel de 100 kW pour "
            "alimenter un hôpital et des écoles pendant les coupures de courant."
        ),
        sectors=["energy.generators"],
        items=(ItemIn(name="Groupe électrogène diesel 100 kW", quantity="5", unit="pieces"),),
        capacity=1,
        staff_languages=["fr", "en"],
    )
    advice = _offer(
        bourges,
        bourges_user,
        kind="expertise",
        title="Conseil en alimentation électrique de secours des bâtiments publics",
        description=(
            "Nos ingénieurs aident une commune à dimensionner et entretenir les générateurs "
            "de secours de ses hôpitaux et de ses écoles."
        ),
        sectors=["energy", "energy.generators"],
        capacity=3,
        staff_languages=["fr", "en"],
    )
    solar = _offer(
        plunge,
        plunge_user,
        kind="equipment",
        title="Saulės elektrinės ir generatoriai ligoninėms",
        description=(
            "Plungė perduoda saulės baterijas ir atsarginius generatorius ligoninėms ir "
            "mokykloms, kad jos turėtų elektros per atjungimus."
        ),
        sectors=["energy", "energy.generators"],
        items=(ItemIn(name="Atsarginis generatorius", quantity="2", unit="pieces"),),
        capacity=2,
        staff_languages=["lt", "en"],
    )
    return World(
        hromada_editor=Person(hromada_user.email, PASSWORD, bytes(device.bin_key)),
        municipality_editor=Person(bourges_user.email, PASSWORD),
        hromada=korosten.display_name,
        municipality=bourges.display_name,
        generators=generators,
        advice=advice,
        solar=solar,
    )


def offers_matched(world: World) -> bool:
    """Whether a task worker has embedded the world's offers and stored their lists."""
    offers = [world.generators.pk, world.advice.pk, world.solar.pk]
    stored = StoredRecommendations.objects.filter(subject=Subject.OFFER, subject_id__in=offers)
    return stored.count() == len(offers)


def jobs_waiting() -> int:
    """Jobs the task worker has yet to finish (retries and schedules due later aside)."""
    due = Q(scheduled_at__isnull=True) | Q(scheduled_at__lte=timezone.now())
    return ProcrastinateJob.objects.filter(Q(status="doing") | (Q(status="todo") & due)).count()
