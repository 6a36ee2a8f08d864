"""The engine's reason codes as sentences in the reader's language.

The engine gives each part of a score a stable code and the values to phrase it
(docs/matching.md); the words live here, behind gettext, so every reader sees them in the
interface language.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, pgettext

from pobratym.directory.models import Region
from pobratym.exchange.language import language_name
from pobratym.exchange.models import Sector
from pobratym.matching.engine import Reason
from pobratym.partnerships.item_selectors import NeedItemProgress, OfferItemStock

ENGINE_URGENCY_LABELS: Mapping[str, Callable[[], str]] = {
    "low": lambda: pgettext("urgency", "low"),
    "normal": lambda: pgettext("urgency", "medium"),
    "high": lambda: pgettext("urgency", "high"),
    "critical": lambda: pgettext("urgency", "critical"),
}


# Items compared in a recommendation, per side: enough to judge, not a copy of the record.
ITEMS_SHOWN = 3

# Size points at a threefold population ratio (scoring: 0.12 × (1 − log10(3) / 2)).
SIMILAR_SIZE_POINTS = 0.09


@dataclass(frozen=True)
class ReasonText:
    """One line of "why": the sentence and the points it adds (negative for a penalty)."""

    code: str
    text: str
    points: float


class Names:
    """Sector and region names in the active language, each looked up once per page."""

    def __init__(self) -> None:
        self._sectors: dict[str, str] | None = None
        self._regions: dict[str, str] = {}

    def sectors(self, codes: object) -> str:
        if self._sectors is None:
            self._sectors = {s.code: s.label for s in Sector.objects.all()}
        listed = [str(code) for code in codes] if isinstance(codes, tuple | list) else []
        return ", ".join(self._sectors.get(code, code) for code in listed)

    def region(self, code: object) -> str:
        code = str(code)
        if code not in self._regions:
            region = Region.objects.filter(iso_code=code).first()
            self._regions[code] = region.display_name if region else code
        return self._regions[code]


def similarity_words(similarity: float) -> str:
    """How alike two texts are, in words a reader can weigh (centred cosine, see matching.md)."""
    if similarity >= 0.5:
        return gettext("very close in meaning")
    if similarity >= 0.3:
        return gettext("close in meaning")
    if similarity >= 0.15:
        return gettext("related")
    return gettext("only loosely related")


def _people(count: object) -> str:
    number = int(count) if isinstance(count, int | float) else 0
    return ngettext("%(count)s person", "%(count)s people", number) % {
        "count": number_format(number, force_grouping=True)
    }


def describe(reason: Reason, names: Names) -> str:
    """The sentence for one reason (the "pair" reason is phrased by the caller)."""
    values = reason.values
    code = reason.code
    if code == "sector":
        return gettext("Shared sector: %(sectors)s") % {
            "sectors": names.sectors(values.get("sectors", ()))
        }
    if code == "subsector":
        return gettext("Same specific field: %(sectors)s") % {
            "sectors": names.sectors(values.get("subsectors", ()))
        }
    if code == "text":
        # The similarity is the line's points (text weighs 1): one number, shown once.
        similarity = float(values.get("similarity", 0.0))  # type: ignore[arg-type]
        return gettext("The descriptions are %(closeness)s") % {
            "closeness": similarity_words(similarity)
        }
    if code == "size":
        populations = {
            "hromada": _people(values.get("hromada_population", 0)),
            "authority": _people(values.get("authority_population", 0)),
        }
        # Size points shrink with the ratio but stay positive up to a hundredfold: only call
        # the two "similar" when a reader would.
        # Each figure says whose it is: "470,011 and 99,462" left the reader guessing.
        if reason.points >= SIMILAR_SIZE_POINTS:
            return (
                gettext("Similar size: the hromada %(hromada)s, the offering side %(authority)s")
                % populations
            )
        return (
            gettext("Population: the hromada %(hromada)s, the offering side %(authority)s")
            % populations
        )
    if code == "distance":
        return gettext("%(km)s km apart") % {
            "km": number_format(int(values.get("km", 0)), force_grouping=True)  # type: ignore[arg-type]
        }
    if code == "regional_tie":
        return gettext("Their regions already cooperate: %(hromada)s and %(authority)s") % {
            "hromada": names.region(values.get("hromada_region", "")),
            "authority": names.region(values.get("authority_region", "")),
        }
    if code == "language":
        codes = values.get("languages", ())
        spoken = [language_name(str(c)) for c in (codes if isinstance(codes, tuple) else ())]
        return gettext("A shared working language: %(languages)s") % {
            "languages": ", ".join(spoken)
        }
    if code == "urgency":
        level = ENGINE_URGENCY_LABELS.get(str(values.get("level", "")))
        return gettext("Urgency of the need: %(level)s") % {"level": level() if level else ""}
    if code == "frontline":
        return gettext("A frontline community: helped first")
    if code == "partnered":
        return gettext("Already partners: a partnership between them is under way")
    return code


FIT_WORDS: Mapping[str, Callable[[], str]] = {
    "strong": lambda: gettext("Strong fit"),
    "good": lambda: gettext("Good fit"),
    "weak": lambda: gettext("Weak fit"),
}


def fit_words(level: str) -> str:
    """A fit level (engine/types.py, `fit_level`) in the reader's language."""
    return FIT_WORDS[level]()


def _quantity(value: Decimal, unit: str) -> str:
    plain = value.to_integral_value() if value == value.to_integral_value() else value.normalize()
    return f"{number_format(plain, force_grouping=True)} {unit}"


def item_texts(needed: list[NeedItemProgress], stock: list[OfferItemStock]) -> list[ReasonText]:
    """What the need still lacks and what the offer has left, item by item, when both list
    items: the reader compares them (the engine compares the texts, item names included)."""
    if not needed or not stock:
        return []
    lines = []
    for row in needed[:ITEMS_SHOWN]:
        missing = max(Decimal(0), row.needed - row.pledged - row.received)
        lines.append(
            ReasonText(
                code="item_needed",
                text=gettext("Still needed: %(item)s, %(quantity)s")
                % {
                    "item": row.item.name,
                    "quantity": _quantity(missing, row.item.get_unit_display()),
                },
                points=0.0,
            )
        )
    for left in stock[:ITEMS_SHOWN]:
        text = (
            gettext("Left to give: %(item)s, %(quantity)s")
            % {
                "item": left.item.name,
                "quantity": _quantity(left.left, left.item.get_unit_display()),
            }
            if left.left
            else gettext("Nothing left to give of %(item)s") % {"item": left.item.name}
        )
        lines.append(ReasonText(code="item_left", text=text, points=0.0))
    return lines


def reason_texts(reasons: tuple[Reason, ...], names: Names) -> list[ReasonText]:
    return [
        ReasonText(code=r.code, text=describe(r, names), points=r.points)
        for r in reasons
        if r.code != "pair"
    ]
