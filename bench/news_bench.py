"""News extraction benchmark: speed per core and peak memory, each in a fresh process.

    .venv/bin/python bench/news_bench.py [--write] [--passes N]

The corpus is made of the test fixtures (pobratym/newsroom/tests/fixtures/articles): each
fixture followed by the next ones in its language until the article reaches 1,700 characters,
so that articles have the length of a typical news item (median reported). The gazetteer is the
full directory in the database (run `manage.py import_reference` first).

1. speed: one process, one thread; the gazetteer built and every article extracted once to
   warm up (languages and dictionaries load lazily), then the corpus is extracted --passes
   times; goal 5 articles/s per core;
2. peak memory (max RSS of the process, gazetteer included) after extracting only the
   Ukrainian articles, and after extracting all of them; goal 1.5 GB.

The Markdown goes to stdout, progress to stderr; --write also puts it into
the "News extraction" block of docs/benchmarks.md.
"""

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
# Run as a script, Python puts bench/ on sys.path, not the project root.
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from bench.marked import write_marked_block  # noqa: E402

FIXTURES = BASE_DIR / "pobratym" / "newsroom" / "tests" / "fixtures" / "articles"
MIN_ARTICLE_CHARS = 1700
SPEED_GOAL = 5.0
MEMORY_GOAL_MB = 1536.0


def corpus() -> list[tuple[str, str]]:
    """(language, text) articles built from the fixtures, each at least MIN_ARTICLE_CHARS."""
    by_language: dict[str, list[str]] = {}
    for path in sorted(FIXTURES.glob("*.txt")):
        language = json.loads(path.with_suffix(".json").read_text("utf-8"))["language"]
        by_language.setdefault(language, []).append(path.read_text("utf-8"))
    articles = []
    for language, texts in by_language.items():
        for start in range(len(texts)):
            parts = [texts[start]]
            step = 1
            while sum(len(part) for part in parts) < MIN_ARTICLE_CHARS:
                parts.append(texts[(start + step) % len(texts)])
                step += 1
            articles.append((language, "\n\n".join(parts)))
    return articles


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(measurement: str, passes: int) -> dict[str, Any]:
    """One measurement, run in its own process so that nothing loaded before counts."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    # Django loads in this child process only, so that nothing loaded before counts.
    import django  # noqa: PLC0415

    django.setup()
    from pobratym.newsroom.gazetteer import build_gazetteer  # noqa: PLC0415
    from pobratym.newsroom.text import extract  # noqa: PLC0415

    started = time.perf_counter()
    gazetteer = build_gazetteer()
    build_s = time.perf_counter() - started
    entries = len(gazetteer.entries)
    articles = corpus()
    if measurement == "memory-uk":
        articles = [(language, text) for language, text in articles if language == "uk"]
    for _language, text in articles:
        extract(text, gazetteer=gazetteer)
    result: dict[str, Any] = {
        "articles": len(articles),
        "gazetteer_entries": entries,
        "gazetteer_build_s": build_s,
        "peak_rss_mb": _peak_rss_mb(),
    }
    if measurement == "speed":
        started = time.perf_counter()
        for _ in range(passes):
            for _language, text in articles:
                extract(text, gazetteer=gazetteer)
        elapsed = time.perf_counter() - started
        result["articles_per_s"] = passes * len(articles) / elapsed
    return result


def measure(measurement: str, passes: int) -> dict[str, Any]:
    print(f"measuring {measurement}…", file=sys.stderr)
    completed = subprocess.run(
        [sys.executable, __file__, "--child", measurement, "--passes", str(passes)],
        check=True,
        capture_output=True,
        text=True,
        cwd=BASE_DIR,
        env={**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"},
    )
    result: dict[str, Any] = json.loads(completed.stdout)
    return result


def markdown(passes: int) -> str:
    articles = corpus()
    lengths = [len(text) for _language, text in articles]
    speed = measure("speed", passes)
    uk_only = measure("memory-uk", passes)
    all_languages = measure("memory-all", passes)
    languages = sorted({language for language, _text in articles})
    rows = [
        ("Speed, warm, one core", f"{speed['articles_per_s']:.1f} articles/s", "≥ 5/s"),
        (
            "Peak memory, Ukrainian articles only",
            f"{uk_only['peak_rss_mb']:.0f} MB",
            "≤ 1.5 GB",
        ),
        (
            f"Peak memory, all {len(languages)} languages",
            f"{all_languages['peak_rss_mb']:.0f} MB",
            "≤ 1.5 GB",
        ),
        (
            "Gazetteer build from the directory",
            f"{speed['gazetteer_build_s']:.1f} s ({speed['gazetteer_entries']:,} entries)",
            "once per process",
        ),
    ]
    verdict = (
        "met"
        if speed["articles_per_s"] >= SPEED_GOAL
        and max(uk_only["peak_rss_mb"], all_languages["peak_rss_mb"]) <= MEMORY_GOAL_MB
        else "NOT met"
    )
    table = "\n".join(f"| {what} | {value} | {goal} |" for what, value, goal in rows)
    corpus_line = (
        f"{len(articles)} articles in {len(languages)} languages ({', '.join(languages)}) built "
        f"from the test fixtures, median {statistics.median(lengths):,.0f} characters "
        f"(min {min(lengths):,}, max {max(lengths):,})"
    )
    return f"""## News extraction

Measured by `bench/news_bench.py` ({platform.python_implementation()} \
{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores shared), each figure
in a fresh process. Corpus: {corpus_line}. The gazetteer is the whole directory. Speed: {passes}
passes over the corpus after one warm-up pass, one thread. Peak memory: the process's maximum
RSS, gazetteer included; languages load lazily, so a run loads only the language models, month
names and dictionaries its articles need. Goals {verdict}.

| Measure | Result | Goal |
|---|---|---|
{table}

```sh
.venv/bin/python bench/news_bench.py --write
```
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--passes", type=int, default=5, help="timed passes over the corpus")
    parser.add_argument(
        "--child", choices=["speed", "memory-uk", "memory-all"], help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.passes)))
        return 0
    section = markdown(args.passes)
    print(section)
    if args.write:
        write_marked_block("news", section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
