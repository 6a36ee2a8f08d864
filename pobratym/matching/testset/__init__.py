"""The multilingual test set: needs, the offers they should find, and distractors.

`multilingual.json` was written for this project. Each pair is a need (mostly Ukrainian) and
the offer it should find, written in another European language, among about thirty distractor
offers of the same sector per pair's sector. A "twin" restates a target in a third language
from a far, differently sized authority with no shared working language: text alone cannot
tell twin and target apart, the other components can. docs/matching.md describes the set.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pobratym.matching.engine.types import AuthorityIn, Urgency

PATH = Path(__file__).with_name("multilingual.json")


@dataclass(frozen=True)
class TextItem:
    """A need or an offer before embedding."""

    id: int
    authority_id: int
    sectors: tuple[str, ...]
    language: str
    text: str
    urgency: Urgency = "normal"
    role: str = "need"


@dataclass(frozen=True)
class Pair:
    key: str
    need_id: int
    offer_id: int
    twin_offer_id: int | None


@dataclass(frozen=True)
class EvaluationSet:
    authorities: tuple[AuthorityIn, ...]
    names: dict[int, str]
    needs: tuple[TextItem, ...]
    offers: tuple[TextItem, ...]
    pairs: tuple[Pair, ...]

    def offer(self, offer_id: int) -> TextItem:
        return next(o for o in self.offers if o.id == offer_id)

    def need(self, need_id: int) -> TextItem:
        return next(n for n in self.needs if n.id == need_id)


def _authority(row: dict[str, Any]) -> AuthorityIn:
    return AuthorityIn(
        id=row["id"],
        is_hromada=row["is_hromada"],
        country=row["country"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        population=row["population"],
        languages=frozenset(row["languages"]),
        region=row["region"],
        tied_regions=frozenset(row["tied_regions"]),
        partners=frozenset(row["partners"]),
        frontline=row["frontline"],
    )


def _text_item(row: dict[str, Any], **own: Any) -> TextItem:
    """A need (own: its urgency) or an offer (own: its role) of the set."""
    return TextItem(
        id=row["id"],
        authority_id=row["authority_id"],
        sectors=tuple(row["sectors"]),
        language=row["language"],
        text=row["text"],
        **own,
    )


def load(path: Path = PATH) -> EvaluationSet:
    data = json.loads(path.read_text(encoding="utf-8"))
    return EvaluationSet(
        authorities=tuple(_authority(row) for row in data["authorities"]),
        names={row["id"]: row["name"] for row in data["authorities"]},
        needs=tuple(_text_item(row, urgency=row["urgency"]) for row in data["needs"]),
        offers=tuple(_text_item(row, role=row["role"]) for row in data["offers"]),
        pairs=tuple(
            Pair(
                key=row["key"],
                need_id=row["need_id"],
                offer_id=row["offer_id"],
                twin_offer_id=row["twin_offer_id"],
            )
            for row in data["pairs"]
        ),
    )
