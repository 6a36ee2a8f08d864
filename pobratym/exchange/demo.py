"""The demo scenario's needs and offers, so that a newcomer sees recommendations with reasons
on first start.

The stories follow the seed articles: Korosten's interest in Bourges's water treatment, heaters
and generators from Lithuanian municipalities for frontline hromadas, Norwegian municipalities
offering cooperation. The texts are the demo's own, each in its author's language. Loaded by
`manage.py load_demo` after the demo logins, idempotently (a record with the same title for the
same organisation is left as it is).
"""

from dataclasses import dataclass, field

from pobratym.accounts.demo import DEMO_DOMAIN
from pobratym.accounts.models import User
from pobratym.directory.demo import (
    BOURGES,
    KHARKIV,
    KOROSTEN,
    LUHANSK_OBLAST,
    MYKOLAIV,
    PLUNGE,
    SIAULIAI,
    AuthorityRef,
)
from pobratym.directory.enums import AuthorityKind

from . import services
from .enums import OfferKind, Urgency
from .models import Need, Offer
from .services import ItemIn

KRISTIANSAND = AuthorityRef(AuthorityKind.MUNICIPALITY, "NO", "Kristiansand")
DRAMMEN = AuthorityRef(AuthorityKind.MUNICIPALITY, "NO", "Drammen")
KASSEL = AuthorityRef(AuthorityKind.MUNICIPALITY, "DE", "Kassel")


@dataclass(frozen=True)
class NeedSeed:
    authority: AuthorityRef
    title: str
    description: str
    sectors: list[str]
    urgency: str
    items: list[ItemIn] = field(default_factory=list)
    estimated_cost_eur: str | None = None


@dataclass(frozen=True)
class OfferSeed:
    authority: AuthorityRef
    kind: str
    title: str
    description: str
    sectors: list[str]
    staff_languages: list[str]
    capacity: int = 1
    items: list[ItemIn] = field(default_factory=list)


NEEDS = [
    NeedSeed(
        KOROSTEN,
        "Модернізація очисних споруд питної води",
        "Коростенський водоканал шукає партнера з досвідом реконструкції станції очищення "
        "питної води: обстеження споруд, вибір технології знезалізнення, навчання персоналу "
        "лабораторії та операторів.",
        ["water"],
        Urgency.HIGH,
        estimated_cost_eur="1200000",
    ),
    NeedSeed(
        KOROSTEN,
        "Цифрові адміністративні послуги для ЦНАП",
        "Громада хоче перейняти досвід електронних послуг для мешканців: онлайн-запис, "
        "електронні звернення та відкриті дані про бюджет.",
        ["digital", "governance"],
        Urgency.MEDIUM,
    ),
    NeedSeed(
        KHARKIV,
        "Генератори для котелень і лікарень",
        "Після ударів по енергосистемі котельні та лікарні міста потребують резервного "
        "живлення: дизельні генератори потужністю від 100 кВт та паливні баки.",
        ["energy.generators"],
        Urgency.CRITICAL,
        [ItemIn(name="Дизельний генератор 100 кВт", quantity="20", unit="pieces")],
        "600000",
    ),
    NeedSeed(
        MYKOLAIV,
        "Обігрівачі для пунктів незламності та шкіл",
        "Взимку пункти незламності та школи з укриттями лишаються без опалення під час "
        "відключень. Потрібні електричні й газові обігрівачі та теплові гармати.",
        ["energy.heating", "education.school_shelters"],
        Urgency.CRITICAL,
        [ItemIn(name="Обігрівач", quantity="200", unit="pieces")],
    ),
    NeedSeed(
        MYKOLAIV,
        "Відновлення водопостачання після пошкодження водогону",
        "Місто досі залежить від технічної води: потрібні фільтраційні установки та "
        "консультації щодо відновлення магістрального водогону.",
        ["water"],
        Urgency.HIGH,
    ),
    NeedSeed(
        LUHANSK_OBLAST,
        "Житло та підтримка для внутрішньо переміщених осіб з Луганщини",
        "Обласна адміністрація працює з громадами, що прийняли переселенців: потрібен досвід "
        "соціального житла, психологічної підтримки та працевлаштування.",
        ["idp_support", "housing"],
        Urgency.MEDIUM,
    ),
]

OFFERS = [
    OfferSeed(
        BOURGES,
        OfferKind.EXPERTISE,
        "Expertise en traitement de l'eau potable",
        "Les ingénieurs de la régie des eaux de Bourges accompagnent une commune ukrainienne "
        "dans la modernisation de sa station de traitement de l'eau potable : diagnostic, "
        "choix des procédés de déferrisation, formation du personnel d'exploitation.",
        ["water"],
        ["fr", "en"],
        capacity=2,
    ),
    OfferSeed(
        PLUNGE,
        OfferKind.EQUIPMENT,
        "Generatoriai ir šildytuvai fronto bendruomenėms",
        "Plungės rajono savivaldybė perduoda dyzelinius generatorius ir elektrinius šildytuvus "
        "Ukrainos fronto linijos bendruomenėms, kad ligoninės, katilinės ir mokyklos veiktų "
        "per elektros tiekimo sutrikimus.",
        ["energy.generators", "energy.heating"],
        ["lt", "en", "ru"],
        capacity=3,
        items=[
            ItemIn(name="Dyzelinis generatorius 30 kW", quantity="10", unit="pieces"),
            ItemIn(name="Elektrinis šildytuvas", quantity="50", unit="pieces"),
        ],
    ),
    OfferSeed(
        SIAULIAI,
        OfferKind.EQUIPMENT,
        "Šildymo įranga mokykloms ir slėptuvėms",
        "Šiaulių miestas dovanoja šilumos pūstuvus ir šildytuvus mokykloms su slėptuvėmis ir "
        "paramos punktams Ukrainos miestuose prie fronto.",
        ["energy.heating"],
        ["lt", "en"],
        capacity=2,
        items=[ItemIn(name="Šilumos pūstuvas", quantity="40", unit="pieces")],
    ),
    OfferSeed(
        KRISTIANSAND,
        OfferKind.TWINNING,
        "Langsiktig vennskapssamarbeid om digitale innbyggertjenester",
        "Kristiansand kommune ønsker et langsiktig samarbeid med en ukrainsk kommune om "
        "digitale tjenester for innbyggerne, åpne budsjettdata og god forvaltning.",
        ["digital", "governance"],
        ["no", "en"],
    ),
    OfferSeed(
        DRAMMEN,
        OfferKind.EXPERTISE,
        "Rådgivning om drikkevannsforsyning og ledningsnett",
        "Drammen kommune deler erfaring med rehabilitering av vannledninger, filtrering og "
        "beredskap for drikkevannsforsyning.",
        ["water"],
        ["no", "en"],
    ),
    OfferSeed(
        KASSEL,
        OfferKind.EXPERTISE,
        "Beratung zur Unterbringung und Integration von Binnenvertriebenen",
        "Die Stadt Kassel teilt ihre Erfahrung mit sozialem Wohnungsbau, psychosozialer "
        "Betreuung und Arbeitsvermittlung für Geflüchtete.",
        ["idp_support", "housing", "social"],
        ["de", "en"],
    ),
    OfferSeed(
        KHARKIV,
        OfferKind.EXPERTISE,
        "Досвід облаштування шкіл з укриттями",
        "Харків ділиться досвідом навчання в укриттях і метро-школах: вимоги безпеки, "
        "організація навчального процесу та евакуації.",
        ["education.school_shelters", "security.civil_protection"],
        ["uk", "en"],
        capacity=5,
    ),
]


def _secretariat() -> User:
    return User.objects.get(email=f"secretariat@{DEMO_DOMAIN}")


def demo_exchange_load() -> int:
    """Publish the demo needs and offers that are not there yet; returns how many were new."""
    actor = _secretariat()
    created = 0
    seeds: list[NeedSeed | OfferSeed] = [*NEEDS, *OFFERS]
    for seed in seeds:
        authority = seed.authority.resolve()
        model = Need if isinstance(seed, NeedSeed) else Offer
        if model.objects.filter(authority=authority, title=seed.title).exists():
            continue
        fields = {name: value for name, value in vars(seed).items() if name != "authority"}
        if isinstance(seed, NeedSeed):
            services.need_publish(authority=authority, actor=actor, **fields)
        else:
            services.offer_publish(organisation=authority, actor=actor, **fields)
        created += 1
    return created
