"""Who is who: an organisation named in the text as a party, its side (Ukrainian or foreign),
the venue that is no side, and the same party named twice."""

from rapidfuzz import fuzz

from ..gazetteer import Mention
from ..model import Party
from ..normalise import fold, name_key
from .cues import _VENUE_PREPOSITIONS


def side_of(party: Party) -> str | None:
    if party.country == "UA":
        return "UA" if party.kind != "national_body" else None
    if party.country is None:
        return (
            "UA" if "ukrain" in fold(party.name_en) or "украй" in fold(party.name_in_text) else None
        )
    return "foreign"


def party_of(mention: Mention, text: str) -> Party:
    entry = mention.entry
    return Party(
        name_en=entry.name_en,
        name_in_text=text[mention.char_start : mention.char_end],
        kind=mention.kind if mention.kind in _OUTPUT_KINDS else entry.kind,
        country=entry.country,
        entry_id=entry.id,
    )


_OUTPUT_KINDS = frozenset(
    {
        "hromada",
        "city",
        "municipality",
        "region",
        "oblast",
        "association",
        "national_body",
        "international_body",
        "company",
        "ngo",
    }
)


def _is_programme_or_embassy(mention: Mention) -> bool:
    name = fold(mention.entry.name_en)
    return any(word in name for word in ("embassy", "u-lead", "bridges of trust", "giz"))


def _drop_venues(sides: list[Mention], text: str) -> list[Mention]:
    """A place named as where it happened is no side when another side of its kind exists."""

    kept = []
    for mention in sides:
        is_foreign = mention.entry.country != "UA"
        others = [
            other
            for other in sides
            if other is not mention and (other.entry.country != "UA") == is_foreign
        ]
        if _is_venue(mention, text) and others:
            continue
        kept.append(mention)
    return kept


def _is_venue(mention: Mention, text: str) -> bool:
    if mention.entry.kind not in {"municipality", "city", "hromada", "region"}:
        return False
    before = text[max(0, mention.char_start - 8) : mention.char_start].split()
    words = [fold(word).rstrip(".") for word in before[-2:]]
    return bool(words) and (
        words[-1] in _VENUE_PREPOSITIONS
        or (len(words) == 2 and words[-1] in {"м", "г", "m"} and words[0] in _VENUE_PREPOSITIONS)
    )


def _associations_over_their_leaders(sides: list[Mention]) -> list[Mention]:
    """When associations stand on both sides, the mayors' cities named with them are no sides."""
    associations = [m for m in sides if m.entry.kind == "association"]
    countries = {m.entry.country == "UA" for m in associations}
    if countries != {True, False}:
        return sides
    return [m for m in sides if m.entry.kind not in {"hromada", "city", "municipality"}]


def _union(parties: list[Party], more: list[Party]) -> list[Party]:
    return parties + [p for p in more if not any(_same_party(p, known) for known in parties)]


def _has_both_sides(parties: list[Party]) -> bool:
    sides = {side_of(party) for party in parties}
    return "UA" in sides and "foreign" in sides


def _same_party(one: Party, other: Party) -> bool:
    if {one.kind, other.kind} == {"municipality", "region"} and one.country == other.country:
        # A city that is also a first-level region (Kauno miestas, Oslo) is one side.
        return name_key(one.name_en)[:1] == name_key(other.name_en)[:1]
    if one.entry_id or other.entry_id:
        return one.entry_id == other.entry_id and one.name_en == other.name_en
    return fuzz.ratio(fold(one.name_in_text), fold(other.name_in_text)) >= 85
