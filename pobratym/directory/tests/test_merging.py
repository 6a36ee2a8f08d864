"""Every foreign key to an authority is moved by a merge step, so a new one cannot be forgotten.

Authorities only: the directory merges no associations.
"""

from collections.abc import Iterable

from django.apps import apps

from pobratym.directory import merging
from pobratym.directory.merging import MergeStep
from pobratym.directory.models import Authority
from pobratym.directory.services.curation import DIRECTORY_MERGE_STEP

# Foreign keys to Authority a merge leaves pointing at the duplicate on purpose, each with the
# reason. None today: even the duplicate's removed staff membership is the accounts step's work.
STAY_WITH_THE_DUPLICATE: dict[str, str] = {}


def _every_step() -> list[MergeStep]:
    return [DIRECTORY_MERGE_STEP, *merging.registered_steps()]


def _foreign_keys_to_authority() -> list[str]:
    return sorted(
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and field.related_model is Authority
    )


def _uncovered(steps: Iterable[MergeStep]) -> list[str]:
    covered = {key for step in steps for key in step.covers}
    return [
        key
        for key in _foreign_keys_to_authority()
        if key not in covered and key not in STAY_WITH_THE_DUPLICATE
    ]


def test_every_foreign_key_to_an_authority_is_moved_by_a_merge_step():
    uncovered = _uncovered(_every_step())

    assert uncovered == [], (
        f"No merge step moves {', '.join(uncovered)}: register one in the app's "
        "AppConfig.ready (directory/merging.py), or add the field to STAY_WITH_THE_DUPLICATE "
        "with the reason it stays."
    )


def test_the_check_names_the_fields_of_a_missing_step():
    without_exchange = [s for s in _every_step() if not s.label.startswith("exchange:")]

    assert _uncovered(without_exchange) == ["exchange.Need.authority", "exchange.Offer.authority"]


def test_every_field_a_step_covers_is_a_foreign_key_to_an_authority():
    relations = set(_foreign_keys_to_authority())

    assert [
        (step.label, key) for step in _every_step() for key in step.covers if key not in relations
    ] == []


def test_the_steps_run_the_directory_first_then_the_apps_in_installed_order():
    assert [step.label.split(":")[0] for step in _every_step()] == [
        "directory",
        "accounts",
        "exchange",
        "allocation",
        "partnerships",
    ]
