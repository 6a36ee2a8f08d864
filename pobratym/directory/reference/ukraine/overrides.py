"""The curated centres of the few hromadas not named after their centre: a CSV file, each row
checked against the codifier."""

import csv
from collections.abc import Mapping
from pathlib import Path

from .codifier import _Hromada
from .records import Settlement

# Beside the other reference data files, one folder up from this package.
DEFAULT_OVERRIDES_PATH = Path(__file__).parents[1] / "hromada_centre_overrides.csv"


def _read_overrides(
    path: Path, hromadas: Mapping[str, _Hromada]
) -> tuple[dict[str, Settlement], list[str]]:
    """Curated centres by hromada code, and a line for each row that cannot be applied."""
    overrides: dict[str, Settlement] = {}
    problems: list[str] = []
    if not path.exists():
        return overrides, [f"{path.name}: overrides file not found"]
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"hromada_code", "centre_code"} - set(reader.fieldnames or ())
        if missing:
            return overrides, [f"{path.name}: missing columns {', '.join(sorted(missing))}"]
        for row in reader:
            where = f"{path.name} line {reader.line_num}"
            hromada_code = (row.get("hromada_code") or "").strip()
            centre_code = (row.get("centre_code") or "").strip()
            hromada = hromadas.get(hromada_code)
            if hromada is None:
                problems.append(f"{where}: unknown hromada code {hromada_code!r}")
                continue
            member = next((m for m in hromada.members if m.code == centre_code), None)
            if member is None:
                problems.append(
                    f"{where}: {centre_code!r} is not a settlement of {hromada_code} {hromada.name}"
                )
                continue
            if hromada_code in overrides:
                problems.append(f"{where}: {hromada_code} {hromada.name} overridden twice")
                continue
            overrides[hromada_code] = member
    return overrides, problems
