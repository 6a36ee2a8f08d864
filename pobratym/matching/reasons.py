"""The engine's reason codes as sentences in the reader's language.

The engine gives each part of a score a stable code and the values to phrase it
(docs/matching.md); the words live here, behind gettext, so every reader sees them in the
interface language.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, pgettext

from pobratym.directory.models import Region
from pobratym.exchange.language import language_name
from pobratym.exchange.models import Sector
from pobratym.matching.engine import Reason

ENGINE_URGENCY_LABELS: Mapping[str, Callable[[], str]] = {
    "low": lambda: pgettext("urgency", "low"),
    "normal": lambda: pgettext("urgency", "medium"),
    "high": lambda: pgettext("urgency", "high"),
    "critical": lambda: pgettext("urgency", "critical"),
}


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
        similarity = float(values.get("similarity", 0.0))  # type: ignore[arg-type]
        return gettext("The descriptions are %(closeness)s (similarity %(value)s)") % {
            "closeness": similarity_words(similarity),
            "value": number_format(similarity, 2),
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
        return gettext("Already partners: new partners come first")
    return code


def reason_texts(reasons: tuple[Reason, ...], names: Names) -> list[ReasonText]:
    return [
        ReasonText(code=r.code, text=describe(r, names), points=r.points)
        for r in reasons
        if r.code != "pair"
    ]
