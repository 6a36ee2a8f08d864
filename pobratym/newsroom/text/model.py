"""What goes into the pipeline and what comes out: plain dataclasses, no Django."""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One organisation the pipeline can link to.

    ``id`` is the directory's key ("authority:12") or empty for reference bodies the directory
    does not hold yet. ``names`` are every spelling worth matching, in any script; ``centre`` is
    a hromada's centre settlement, matched alone ("Миколаєва") as well as the hromada's name.
    """

    id: str
    kind: str
    name_en: str
    names: tuple[str, ...]
    country: str | None
    acronyms: tuple[str, ...] = ()
    population: int = 0
    centre: str = ""


@dataclass(frozen=True, slots=True)
class Party:
    name_en: str
    name_in_text: str
    kind: str
    country: str | None
    entry_id: str = ""

    @property
    def key(self) -> str:
        return self.entry_id or f"new:{self.kind}:{self.name_en.lower()}"


@dataclass(frozen=True, slots=True)
class AidItem:
    item: str
    quantity: int | None


@dataclass(slots=True)
class Event:
    type: str
    date: str | None
    date_end: str | None
    parties: list[Party]
    facilitators: list[Party] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    aid_items: list[AidItem] = field(default_factory=list)
    summary_en: str = ""
    confidence: float = 0.0
    evidence: str = ""


@dataclass(slots=True)
class ArticleResult:
    language: str
    events: list[Event]
