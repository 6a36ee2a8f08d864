"""The search test set (queries.json): records in seven languages and queries with the records
each should find in its first ten hits. Written for this project."""

import json
from pathlib import Path
from typing import Any

PATH = Path(__file__).with_name("queries.json")


def load() -> dict[str, Any]:
    with PATH.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data
