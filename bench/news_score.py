"""Score news extraction against gold annotations, by the rules of issue 7.

    .venv/bin/python bench/news_score.py --gold DIR --pred FILE.jsonl

- Articles: a gold file and a predicted line belong together when the first number in their
  names is the same ("seed_003.json" ↔ "003_048c….txt", "07_pl.json" ↔ "07_pl.txt").
- Parties (and separately facilitators) are pooled over an article's events and matched one to
  one to the gold's by name: case, accents, punctuation and generic words (city, hromada,
  municipality, oblast, місто, громада, область… in any inflection) are ignored; a predicted
  and a gold party match when either of name_en / name_in_text equals either of the other's,
  or equals it once a trailing parenthesis ("(CEMR)", "(Франція)") is dropped. Precision,
  recall and F1 are pooled over articles.
- Events are paired one to one to gold events by the number of parties they share (ties: the
  same date, then the nearer position); type accuracy and date exactness (date and date_end
  equal) are measured on paired events, dates only where the gold has one.
No Django; tests import ``score``.
"""

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Word starts of generic words, folded; a word starting with one of them is ignored.
GENERIC_WORDS = (
    "city", "cities", "town", "hromada", "community", "communit", "municipalit", "oblast",
    "region", "raion", "district", "province", "county", "commune", "gmina", "miasto", "stadt",
    "gemeinde", "kommune", "ville", "savivaldyb", "miest", "programme", "program",
    "місто", "міста", "місті", "містом", "міськ", "громад", "територіальн", "сільськ",
    "селищн", "област", "обласн", "район", "муніципалітет", "муниципалитет", "город",
    "городск", "общин", "община", "регіон", "регион",
)  # fmt: skip
_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")
_ARTICLE_NUMBER = re.compile(r"\d+")


def normalise(name: str) -> str:
    """Lower case, no accents or punctuation, generic words and one-letter abbreviations out."""
    decomposed = unicodedata.normalize("NFKD", name.lower().replace("ґ", "г"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = re.findall(r"[^\W_]+", plain)
    kept = [w for w in words if not w.startswith(GENERIC_WORDS) and not (len(w) == 1 and w in "мm")]
    return " ".join(kept)


def name_variants(party: dict[str, Any]) -> set[str]:
    variants = set()
    for name in (party.get("name_en"), party.get("name_in_text")):
        if name:
            variants |= {normalise(name), normalise(_PARENTHESIS.sub("", name))}
    return variants - {""}


def _same(one: dict[str, Any], other: dict[str, Any]) -> bool:
    return bool(name_variants(one) & name_variants(other))


def pooled(events: Iterable[dict[str, Any]], role: str) -> list[dict[str, Any]]:
    """An article's parties (or facilitators) over all its events, each named once."""
    found: list[dict[str, Any]] = []
    for event in events:
        for party in event.get(role) or []:
            if not any(_same(party, known) for known in found):
                found.append(party)
    return found


def one_to_one(left: Sequence[Any], right: Sequence[Any], edge: Any) -> list[tuple[int, int]]:
    """A maximum matching between two small lists (augmenting paths)."""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in range(len(right)):
            if j in seen or not edge(left[i], right[j]):
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(left)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


@dataclass
class Counts:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class Scores:
    parties: Counts = field(default_factory=Counts)
    facilitators: Counts = field(default_factory=Counts)
    paired_events: int = 0
    types_right: int = 0
    dated_pairs: int = 0
    dates_right: int = 0
    gold_events: int = 0
    predicted_events: int = 0
    articles: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def type_accuracy(self) -> float:
        return self.types_right / self.paired_events if self.paired_events else 0.0

    @property
    def date_exactness(self) -> float:
        return self.dates_right / self.dated_pairs if self.dated_pairs else 0.0


def _shared(one: dict[str, Any], other: dict[str, Any]) -> int:
    return len(one_to_one(one.get("parties") or [], other.get("parties") or [], _same))


def pair_events(
    gold: Sequence[dict[str, Any]], predicted: Sequence[dict[str, Any]]
) -> list[tuple[int, int]]:
    candidates = sorted(
        (
            (-_shared(g, p), g.get("date") != p.get("date"), abs(gi - pi), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(predicted)
            if _shared(g, p)
        )
    )
    pairs: list[tuple[int, int]] = []
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    for *_rank, gi, pi in candidates:
        if gi not in used_gold and pi not in used_predicted:
            pairs.append((gi, pi))
            used_gold.add(gi)
            used_predicted.add(pi)
    return pairs


def score_article(scores: Scores, article: str, gold: dict[str, Any], pred: dict[str, Any]) -> None:
    gold_events = gold.get("events") or []
    pred_events = pred.get("events") or []
    scores.articles += 1
    scores.gold_events += len(gold_events)
    scores.predicted_events += len(pred_events)
    for role in ("parties", "facilitators"):
        counts: Counts = getattr(scores, role)
        gold_names = pooled(gold_events, role)
        pred_names = pooled(pred_events, role)
        matched = one_to_one(pred_names, gold_names, _same)
        counts.true_positives += len(matched)
        counts.predicted += len(pred_names)
        counts.gold += len(gold_names)
        if role == "parties":
            hit_pred = {i for i, _ in matched}
            hit_gold = {j for _, j in matched}
            scores.misses += [
                f"{article}: extra party {p.get('name_en')!r}"
                for i, p in enumerate(pred_names)
                if i not in hit_pred
            ]
            scores.misses += [
                f"{article}: missed party {g.get('name_en')!r}"
                for j, g in enumerate(gold_names)
                if j not in hit_gold
            ]
    for gi, pi in pair_events(gold_events, pred_events):
        g, p = gold_events[gi], pred_events[pi]
        scores.paired_events += 1
        if g.get("type") == p.get("type"):
            scores.types_right += 1
        else:
            scores.misses.append(f"{article}: type {p.get('type')} for {g.get('type')}")
        if g.get("date"):
            scores.dated_pairs += 1
            if g.get("date") == p.get("date") and g.get("date_end") == p.get("date_end"):
                scores.dates_right += 1
            else:
                scores.misses.append(
                    f"{article}: date {p.get('date')}/{p.get('date_end')} "
                    f"for {g.get('date')}/{g.get('date_end')}"
                )


def article_key(name: str) -> str:
    stem = Path(name).stem.removeprefix("seed_")
    number = _ARTICLE_NUMBER.search(stem)
    return str(int(number.group())) if number else stem


def score(gold_dir: Path, predictions: Iterable[dict[str, Any]]) -> Scores:
    """Scores of predicted lines (as parsed JSON) against every gold file in gold_dir."""
    predicted = {article_key(line["file"]): line for line in predictions if "file" in line}
    scores = Scores()
    for gold_path in sorted(gold_dir.glob("*.json")):
        key = article_key(gold_path.name)
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        score_article(scores, key, gold, predicted.get(key, {"events": []}))
    return scores


def report(scores: Scores) -> str:
    return "\n".join(
        [
            f"articles: {scores.articles}, gold events: {scores.gold_events}, "
            f"predicted events: {scores.predicted_events}, paired: {scores.paired_events}",
            f"parties:      P {scores.parties.precision:.3f}  R {scores.parties.recall:.3f}  "
            f"F1 {scores.parties.f1:.3f}",
            f"facilitators: P {scores.facilitators.precision:.3f}  "
            f"R {scores.facilitators.recall:.3f}  F1 {scores.facilitators.f1:.3f}",
            f"type accuracy:  {scores.type_accuracy:.3f} ({scores.types_right}/"
            f"{scores.paired_events})",
            f"date exactness: {scores.date_exactness:.3f} ({scores.dates_right}/"
            f"{scores.dated_pairs})",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True, help="directory of gold JSON files")
    parser.add_argument("--pred", type=Path, required=True, help="extract_news --json output")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    with args.pred.open(encoding="utf-8") as lines:
        predictions = [json.loads(line) for line in lines if line.strip()]
    scores = score(args.gold, predictions)
    print(report(scores))
    if args.verbose:
        print("\n".join(scores.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
