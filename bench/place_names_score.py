"""Score the names the import gives European places against a list written from knowledge.

    .venv/bin/python bench/place_names_score.py [--misses]

The list (pobratym/directory/tests/data/european_place_names.tsv) holds the 300 most populous
localities of the directory with their national, English and Ukrainian names; "|" separates
equally right forms. Every third row is held out: it was scored once (--held-out), when the rules
were done, and is reported apart from the tuning rows. A name is right when it equals one of the
forms once both are in NFC and apostrophes are one character; an empty name counts as wrong.
--misses lists the tuning rows a form gets wrong (never held-out ones). No Django; tests import
``score``.
"""

import argparse
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
FIXTURE = BASE_DIR / "pobratym" / "directory" / "tests" / "data" / "european_place_names.tsv"
FORMS = ("national", "english", "ukrainian")
HELD_OUT_EVERY = 3
_APOSTROPHES = str.maketrans(dict.fromkeys("'ʼ`´‘", "’"))


@dataclass(frozen=True)
class Expected:
    rank: int
    geonames_id: int
    country: str
    forms: dict[str, tuple[str, ...]]

    @property
    def held_out(self) -> bool:
        return self.rank % HELD_OUT_EVERY == 0


@dataclass
class Scores:
    rows: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FORMS, 0))
    misses: list[tuple[int, str, str, str]] = field(default_factory=list)  # rank, form, got, want

    def share(self, form: str) -> float:
        return self.right[form] / self.rows if self.rows else 0.0


def read_fixture(path: Path = FIXTURE) -> list[Expected]:
    rows = []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    for line in lines[1:]:
        rank, geonames_id, country, *names = line.split("\t")
        forms = {form: tuple(n.split("|")) for form, n in zip(FORMS, names, strict=True)}
        rows.append(Expected(int(rank), int(geonames_id), country, forms))
    return rows


def normalise(name: str) -> str:
    return unicodedata.normalize("NFC", name.strip()).translate(_APOSTROPHES)


def score(
    expected: Iterable[Expected], produced: Mapping[int, Mapping[str, str]]
) -> dict[str, Scores]:
    """Shares right per form for the tuning and the held-out rows.

    ``produced`` maps a GeoNames id to the names the import gives it, by form; a place the
    import does not have counts as wrong in every form.
    """
    parts = {"tuning": Scores(), "held-out": Scores()}
    for row in expected:
        part = parts["held-out" if row.held_out else "tuning"]
        part.rows += 1
        names = produced.get(row.geonames_id, {})
        for form in FORMS:
            got = normalise(names.get(form, ""))
            wanted = {normalise(n) for n in row.forms[form]}
            if got and got in wanted:
                part.right[form] += 1
            elif not row.held_out:
                part.misses.append((row.rank, form, got, "|".join(row.forms[form])))
    return parts


def produced_names() -> dict[int, dict[str, str]]:
    sys.path.insert(0, str(BASE_DIR))
    # The project root goes on sys.path first: this file runs as a script.
    from pobratym.directory.reference.europe import load_localities  # noqa: PLC0415

    records, _ = load_localities(min_population=1000)
    return {
        r.geonames_id: {
            "national": r.name,
            "english": r.name_en,
            "ukrainian": r.name_uk,
        }
        for r in records
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the tuning rows missed")
    parser.add_argument("--held-out", action="store_true", help="also score the held-out rows")
    args = parser.parse_args()
    parts = score(read_fixture(), produced_names())
    for name, part in parts.items():
        if name == "held-out" and not args.held_out:
            continue
        shares = ", ".join(f"{form} {part.share(form):.1%}" for form in FORMS)
        print(f"{name} ({part.rows} places): {shares}")
    if args.misses:
        for rank, form, got, wanted in parts["tuning"].misses:
            print(f"  {rank:>3} {form:<9} {got or '—'}  ≠  {wanted}")


if __name__ == "__main__":
    main()
