"""The sector taxonomy as data: sectors.toml read, checked and returned as plain values.

Pure Python (no Django), so the file can be checked, and later fed to the matching engine,
without a database. The Sector table is synced from it (services.sector_sync).
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

TAXONOMY_FILE = Path(__file__).with_name("sectors.toml")

TOP_LEVEL_CODES = (
    "energy",
    "water",
    "infrastructure",
    "healthcare",
    "education",
    "culture",
    "governance",
    "digital",
    "idp_support",
    "economy_sme",
    "housing",
    "social",
    "security",
    "transport",
    "environment",
    "youth",
    "other",
)

_CODE = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)?$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the sector and what is wrong."""


@dataclass(frozen=True)
class SectorSpec:
    code: str
    parent: str  # "" for a top-level sector
    label_uk: str
    label_en: str
    keywords: dict[str, tuple[str, ...]]
    position: int


def load_taxonomy(path: Path = TAXONOMY_FILE) -> list[SectorSpec]:
    """Every sector of the file in its order, parents before their children."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    specs: list[SectorSpec] = []
    seen: set[str] = set()
    for position, entry in enumerate(data.get("sector", [])):
        spec = _spec(entry, position)
        if spec.code in seen:
            raise TaxonomyError(f"{spec.code}: listed twice")
        if spec.parent and spec.parent not in seen:
            raise TaxonomyError(f"{spec.code}: its parent {spec.parent} must come before it")
        seen.add(spec.code)
        specs.append(spec)
    top = tuple(spec.code for spec in specs if not spec.parent)
    if sorted(top) != sorted(TOP_LEVEL_CODES):
        raise TaxonomyError(f"the top level must be exactly {', '.join(TOP_LEVEL_CODES)}")
    return specs


def _spec(entry: dict[str, object], position: int) -> SectorSpec:
    code = entry.get("code")
    if not isinstance(code, str) or not _CODE.match(code):
        raise TaxonomyError(f"sector #{position + 1}: code {code!r} is not a valid code")
    labels = {language: entry.get(language) for language in ("uk", "en")}
    for language, label in labels.items():
        if not isinstance(label, str) or not label.strip():
            raise TaxonomyError(f"{code}: the {language} label is missing")
    raw_keywords = entry.get("keywords", {})
    if not isinstance(raw_keywords, dict):
        raise TaxonomyError(f"{code}: keywords must be a table of languages")
    keywords: dict[str, tuple[str, ...]] = {}
    for language, words in raw_keywords.items():
        if not _LANGUAGE.match(language):
            raise TaxonomyError(f"{code}: {language!r} is not an ISO 639-1 code")
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise TaxonomyError(f"{code}: keywords.{language} must be a list of words")
        keywords[language] = tuple(words)
    return SectorSpec(
        code=code,
        parent=code.rpartition(".")[0],
        label_uk=str(labels["uk"]).strip(),
        label_en=str(labels["en"]).strip(),
        keywords=keywords,
        position=position,
    )
