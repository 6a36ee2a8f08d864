"""Allocation benchmark: one fair round over a synthetic national set of seeking hromadas.

    .venv/bin/python bench/allocation_bench.py [--write] [--seed N] [--max-proposals K]

Generates 1,469 seeking hromadas (lognormal populations, median about 12,000; about 20 %
frontline, concentrated in 6 of the 24 oblasts), offers whose places add up to half the
hromadas, and 50 candidate edges per hromada whose scores grow with population (big cities post
more and longer needs, so they fit more offers better) and concentrate on popular offers.
Then it times the round (`solve_round`) and compares its coverage with the greedy baseline's.

No Django. The Markdown goes to stdout, progress to stderr; --write puts it into
the "Allocation" block of docs/benchmarks.md.
"""

import argparse
import dataclasses
import datetime as dt
import os
import platform
import sys
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import numpy as np

BASE_DIR = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ on sys.path, not the project root.
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from bench.marked import write_marked_block  # noqa: E402
from pobratym.allocation.engine import (  # noqa: E402
    EdgeIn,
    FairnessCheck,
    HromadaIn,
    OfferIn,
    Proposal,
    RoundResult,
    RoundSettings,
    assess_coverage,
    greedy_round,
    solve_round,
)
from pobratym.allocation.engine.types import Coverage, CoverageRow  # noqa: E402

GOAL_S = 60.0
HROMADAS = 1_469
OBLASTS = 24
FRONTLINE_OBLASTS = 6  # the first six oblast codes: most frontline hromadas are there
CANDIDATES = 50
MIN_SCORE = 0.3
UNKNOWN_POPULATION = 0.02


def log(message: str) -> None:
    sys.stderr.write(f"[allocation-bench] {message}\n")
    sys.stderr.flush()


@dataclass(frozen=True)
class World:
    hromadas: list[HromadaIn]
    offers: list[OfferIn]
    edges: list[EdgeIn]
    authorities: int


def make_world(*, seed: int, max_proposals: int) -> World:
    """A synthetic round; every number below is a modelling choice described in the docstring."""
    rng = np.random.default_rng(seed)
    population = np.maximum(1_000, np.round(rng.lognormal(np.log(12_000), 1.05, HROMADAS))).astype(
        np.int64
    )
    oblast = rng.integers(0, OBLASTS, HROMADAS)
    frontline = rng.random(HROMADAS) < np.where(oblast < FRONTLINE_OBLASTS, 0.6, 0.07)
    # The directory lacks a population for a few hromadas: they sit outside the small comparison.
    unknown = rng.random(HROMADAS) < UNKNOWN_POPULATION
    hromadas = [
        HromadaIn(
            id=i + 1,
            population=None if unknown[i] else int(population[i]),
            is_frontline=bool(frontline[i]),
            oblast=f"UA{oblast[i] + 1:02d}",
        )
        for i in range(HROMADAS)
    ]

    # Places for half the demand: offers of 1–3 places from authorities posting 1–4 offers.
    target = HROMADAS * max_proposals // 2
    capacities: list[int] = []
    while sum(capacities) < target:
        capacities.append(int(rng.choice([1, 2, 3], p=[0.7, 0.22, 0.08])))
    capacities[-1] -= sum(capacities) - target
    authority_of: list[int] = []
    authority = 0
    while len(authority_of) < len(capacities):
        authority += 1
        authority_of += [authority] * int(rng.integers(1, 5))
    offers = [
        OfferIn(id=1_000_000 + j, authority_id=authority_of[j], capacity=c)
        for j, c in enumerate(capacities)
    ]

    # Popular offers (Zipf-like) are everyone's candidates; quality follows popularity loosely.
    popularity = 1.0 / np.arange(1, len(offers) + 1) ** 0.6
    popularity = rng.permutation(popularity)
    quality = np.clip(0.6 * popularity / popularity.max() + 0.4 * rng.random(len(offers)), 0, 1)
    weights = popularity / popularity.sum()
    # Big cities post more and longer needs: every candidate of theirs scores higher.
    size = np.clip(np.log10(population / 1_000) / 3, 0, 1)
    edges: list[EdgeIn] = []
    for i, h in enumerate(hromadas):
        picked = rng.choice(len(offers), CANDIDATES, replace=False, p=weights)
        scores = (
            0.05
            + 0.45 * size[i]
            + 0.35 * quality[picked]
            + 0.05 * h.is_frontline
            + rng.normal(0, 0.08, CANDIDATES)
        )
        edges += [
            EdgeIn(hromada_id=h.id, offer_id=offers[j].id, score=round(float(s), 4))
            for j, s in zip(picked, scores, strict=True)
        ]
    return World(hromadas=hromadas, offers=offers, edges=edges, authorities=authority)


@dataclass(frozen=True)
class Answer:
    """One way of answering the round, reduced to what the comparison needs."""

    name: str
    proposals: tuple[Proposal, ...]
    coverage: Coverage
    fairness: tuple[FairnessCheck, ...]


def machine() -> list[str]:
    model = "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return [
        f"- Date: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- Machine: {os.cpu_count()} cores, {model}, {memory_gib:.0f} GiB RAM, "
        f"{platform.system()} {platform.release()}; the cores are shared with other engineers' "
        "tests and benchmarks, so times vary from run to run",
        f"- Python {platform.python_version()}, numpy {np.__version__}, scipy {version('scipy')} "
        "(HiGHS through `scipy.optimize.milp`)",
    ]


def share(row: CoverageRow) -> str:
    if row.coverage_of_eligible is None:
        return f"{row.covered:,} / 0"
    return f"{row.covered:,} / {row.eligible:,} ({row.coverage_of_eligible:.1%})"


def fairness_cell(check: FairnessCheck) -> str:
    if check.protected_coverage is None or check.others_coverage is None:
        return check.status
    return f"{check.protected_coverage:.1%} vs {check.others_coverage:.1%}: {check.status}"


def comparison(answers: list[Answer]) -> list[str]:
    lines = [
        "| Group | Seeking | " + " | ".join(a.name for a in answers) + " |",
        "|---|---:|" + "---:|" * len(answers),
    ]
    first = answers[0].coverage
    for index, row in enumerate(first.by_band + first.by_frontline):
        cells = [share((a.coverage.by_band + a.coverage.by_frontline)[index]) for a in answers]
        lines.append(f"| {row.group} | {row.seeking:,} | " + " | ".join(cells) + " |")
    spreads = []
    for a in answers:
        shares = [r.coverage_of_eligible for r in a.coverage.by_oblast if r.coverage_of_eligible]
        spreads.append(f"{min(shares, default=0):.0%} – {max(shares, default=0):.0%}")
    lines.append(f"| oblasts (lowest – highest) | | {' | '.join(spreads)} |")
    for position, check in enumerate(answers[0].fairness):
        cells = [fairness_cell(a.fairness[position]) for a in answers]
        lines.append(f"| {check.constraint} | | " + " | ".join(cells) + " |")
    return lines


def sweep(seeds: list[int], max_proposals: int) -> tuple[list[str], bool]:
    """One round per other seed: the timing must not hinge on one lucky world."""
    settings = RoundSettings(min_score=MIN_SCORE, max_proposals=max_proposals)
    lines = [
        f"Other seeds, k = {max_proposals}, one round each:",
        "",
        "| Seed | Wall time | Stages (s) | Covered / eligible | Price of fairness | Fairness |",
        "|---:|---:|---|---:|---:|---|",
    ]
    met = True
    for seed in seeds:
        log(f"k = {max_proposals}: seed {seed}")
        world = make_world(seed=seed, max_proposals=max_proposals)
        start = time.perf_counter()
        report = solve_round(
            hromadas=world.hromadas, offers=world.offers, edges=world.edges, settings=settings
        ).report
        wall = time.perf_counter() - start
        met = met and wall <= GOAL_S
        stages = ", ".join(
            f"{s.stage} {s.seconds:.1f}" + ("" if s.status == "optimal" else f" {s.status}")
            for s in report.stages
        )
        lines.append(
            f"| {seed} | {wall:.1f} s | {stages} | {report.covered:,} / {report.eligible:,} | "
            f"{report.price_of_fairness_pct or 0:.1f} % | "
            + ", ".join(f"{f.constraint} {f.status}" for f in report.fairness)
            + " |"
        )
    return [*lines, ""], met


def run(seed: int, max_proposals: int, repeats: int) -> tuple[list[str], bool]:
    log(f"k = {max_proposals}: generating the world")
    world = make_world(seed=seed, max_proposals=max_proposals)
    settings = RoundSettings(min_score=MIN_SCORE, max_proposals=max_proposals)

    times: list[float] = []
    result: RoundResult | None = None
    for attempt in range(repeats):
        log(f"k = {max_proposals}: round {attempt + 1}/{repeats}")
        start = time.perf_counter()
        result = solve_round(
            hromadas=world.hromadas, offers=world.offers, edges=world.edges, settings=settings
        )
        times.append(time.perf_counter() - start)
    assert result is not None
    log(f"k = {max_proposals}: fit only, greedy")
    fit_only = solve_round(
        hromadas=world.hromadas,
        offers=world.offers,
        edges=world.edges,
        settings=dataclasses.replace(settings, fairness=False),
    )
    start = time.perf_counter()
    greedy = greedy_round(
        hromadas=world.hromadas, offers=world.offers, edges=world.edges, settings=settings
    )
    greedy_s = time.perf_counter() - start

    report = result.report
    answers = [
        Answer("round", result.proposals, report.coverage, report.fairness),
        Answer(
            "fit only (fairness off)",
            fit_only.proposals,
            fit_only.report.coverage,
            fit_only.report.fairness,
        ),
        Answer(
            "greedy",
            greedy,
            *assess_coverage(
                hromadas=world.hromadas,
                offers=world.offers,
                edges=world.edges,
                proposals=greedy,
                settings=settings,
            ),
        ),
    ]
    wall = sorted(times)[len(times) // 2]
    reasons: dict[str, int] = {}
    for left_out in report.uncovered:
        reasons[left_out.reason] = reasons.get(left_out.reason, 0) + 1
    greedy_fit = sum(p.score for p in greedy)
    lines = [
        f"### Up to {max_proposals} proposal{'s' if max_proposals > 1 else ''} per hromada",
        "",
        f"{len(world.hromadas):,} seeking hromadas, {len(world.offers):,} offers from "
        f"{world.authorities:,} authorities with {report.capacity_total:,} places (half of "
        f"{len(world.hromadas):,} × {max_proposals}), {len(world.edges):,} candidate edges "
        f"(minimum score {MIN_SCORE}).",
        "",
        "| Measure | Result | Goal |",
        "|---|---:|---|",
        f"| **Round wall time** (validation, HiGHS stages, report), median of {repeats} | "
        f"**{wall:.1f} s** (max {max(times):.1f} s) | ≤ {GOAL_S:.0f} s: "
        f"{'met' if max(times) <= GOAL_S else '**missed**'} |",
    ]
    for stage in report.stages:
        gap = "" if not stage.mip_gap else f", gap {stage.mip_gap:.1e}"
        lines.append(
            f"| stage `{stage.stage}` (last run) | {stage.seconds:.1f} s, {stage.status}{gap} | |"
        )
    lines += [
        f"| Greedy baseline wall time | {greedy_s:.2f} s | |",
        f"| Hromadas covered / eligible / most possible | {report.covered:,} / "
        f"{report.eligible:,} / {report.max_coverage:,} | most possible |",
        f"| Proposals / places | {report.proposals:,} / {report.capacity_total:,} | |",
        f"| Total fit: round / unconstrained optimum / greedy | {report.fit_achieved:.1f} / "
        f"{report.fit_unconstrained:.1f} / {greedy_fit:.1f} | |",
        f"| **Price of fairness** | **{report.price_of_fairness:.1f} "
        f"({report.price_of_fairness_pct or 0:.1f} %)** | |",
        "| Left out, by reason | "
        + ", ".join(f"{code} {count:,}" for code, count in sorted(reasons.items()))
        + " | |",
        "",
        "Coverage (covered / eligible): the round, the fit-only optimum with the same "
        "capacities, and the greedy baseline.",
        "",
        *comparison(answers),
        "",
    ]
    return lines, max(times) <= GOAL_S


INTRO = """## Allocation

The goal from the issue, measured by `bench/allocation_bench.py`: a round over all 1,469
hromadas, with total offer capacity about half the demand and big cities posting more and longer
needs, within 60 s on this machine; coverage and price of fairness reported.
docs/allocation.md explains the formulation.

The synthetic round (fixed seed): populations lognormal with a median of about 12,000 (floor
1,000), so 44 % of hromadas are under 10,000 and a few dozen over 100,000; 24 oblasts, about
20 % of hromadas frontline, most of them in 6 oblasts; offers of 1–3 places from authorities
posting 1–4 offers, their places adding up to half of 1,469 × k; 50 candidate edges per
hromada drawn towards popular offers, scored 0.05 + 0.45 × size + 0.35 × offer quality +
0.05 if frontline + noise, where size grows with log population from 1,000 to 1,000,000. Big
cities thus score higher with every offer, as when they post more and longer needs; small
hromadas have fewer edges above the minimum score of 0.3; 2 % of populations are unknown (as
for a few hromadas in the directory), which leaves them out of the small-hromada comparison
and in the "unknown" band. The greedy baseline takes the edges
best score first, each while its offer has a place (`pobratym/allocation/engine/greedy.py`).

```sh
.venv/bin/python bench/allocation_bench.py --write   # about two minutes
```"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--max-proposals", type=int, action="append", help="k to run (default: 1 and 3)"
    )
    parser.add_argument("--repeats", type=int, default=3, help="timed rounds per k")
    parser.add_argument("--other-seeds", type=int, default=4, help="rounds on further seeds")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    lines = [INTRO, "", *machine()]
    body: list[str] = []
    all_met = True
    for k in args.max_proposals or [1, 3]:
        section, met = run(args.seed, k, args.repeats)
        others = list(range(args.seed + 1, args.seed + 1 + args.other_seeds))
        swept, swept_met = sweep(others, k) if others else ([], True)
        body += section + swept
        all_met = all_met and met and swept_met
    lines.append(
        f"- One-minute load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after; "
        f"seed {args.seed}"
    )
    block = "\n".join([*lines, "", *body]).rstrip("\n") + "\n"
    sys.stdout.write(block)
    if args.write:
        write_marked_block("allocation", block)
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
