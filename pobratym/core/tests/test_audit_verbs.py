"""Every action the platform records has words on the audit page, in Ukrainian and English.

The verbs are read from the code itself: every audit_record(verb=…) call, and the helpers that
pass a verb through to it, so a new action without a label fails here.
"""

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from django.contrib import admin
from django.utils import translation

import pobratym
from pobratym.core.audit import verb_group_label, verb_label

SOURCE = Path(pobratym.__file__).parent

# Verbs built from a value at run time: the values each can take. A new one must be added.
EXPANSIONS = {
    'f"membership.{state}"': ["membership.verified", "membership.rejected", "membership.removed"],
    'f"organisation_request.{request.state}"': [
        "organisation_request.approved",
        "organisation_request.rejected",
    ],
    'f"round_proposal.{answer}"': ["round_proposal.accepted", "round_proposal.declined"],
    **{
        f'f"{{obj._meta.model_name}}.{action}"': [
            f"{model._meta.model_name}.{action}" for model in admin.site._registry
        ]
        for action in ("created", "updated", "deleted")
    },
}


def _source_files() -> Iterator[Path]:
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE).parts
        if "tests" not in parts and "migrations" not in parts:
            yield path


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _constants(tree: ast.Module) -> dict[str, str]:
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name) and isinstance(node.value.value, str)
    }


def _verbs_of(node: ast.expr, constants: dict[str, str], where: str) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in constants:
        return [constants[node.id]]
    if isinstance(node, ast.IfExp):
        return _verbs_of(node.body, constants, where) + _verbs_of(node.orelse, constants, where)
    source = ast.unparse(node).replace("'", '"')
    assert source in EXPANSIONS, f"{where}: verb {source} is built at run time: list its values"
    return EXPANSIONS[source]


def _argument(call: ast.Call, name: str, position: int | None = None) -> ast.expr | None:
    """The call's argument `name`, given by keyword or (when it has one) at its position."""
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    if position is not None and len(call.args) > position:
        return call.args[position]
    return None


def recorded_verbs() -> set[str]:
    verbs: set[str] = set()
    for path in _source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)
        # Helpers that take a `verb` parameter and hand it to audit_record.
        relays: dict[str, int] = {}
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef):
                names = [a.arg for a in function.args.args]
                passes = any(
                    isinstance(call, ast.Call)
                    and _called_name(call) == "audit_record"
                    and isinstance(_argument(call, "verb"), ast.Name)
                    for call in ast.walk(function)
                )
                if "verb" in names and passes:
                    relays[function.name] = names.index("verb")
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            where = f"{path.relative_to(SOURCE)}:{call.lineno}"
            name = _called_name(call)
            if name == "audit_record":
                verb = _argument(call, "verb")
                assert verb is not None, f"{where}: audit_record without a verb"
                if isinstance(verb, ast.Name) and verb.id == "verb":
                    continue  # a relay: its callers are read below
                verbs.update(_verbs_of(verb, constants, where))
            elif name in relays:
                verb = _argument(call, "verb", relays[name])
                if verb is not None:
                    verbs.update(_verbs_of(verb, constants, where))
    return verbs


def test_the_scan_finds_verbs_of_every_kind_of_call():
    verbs = recorded_verbs()

    assert {
        "need.published",  # a literal
        "login.failed",  # a module constant
        "authority.profile_updated",  # through a helper, positionally
        "followup.reopened",  # one branch of a conditional
        "membership.rejected",  # built at run time
        "authority.updated",  # the admin's save of a registered model
    } <= verbs
    assert len(verbs) > 60


def test_every_recorded_verb_has_words_in_ukrainian_and_english():
    verbs = recorded_verbs()

    with translation.override("en"):
        english = {verb: verb_label(verb) for verb in verbs}
    with translation.override("uk"):
        ukrainian = {verb: verb_label(verb) for verb in verbs}

    assert [verb for verb, label in english.items() if not label or label == verb] == []
    cyrillic = re.compile(r"[а-яіїєґ]", re.IGNORECASE)
    assert [verb for verb, label in ukrainian.items() if not cyrillic.search(label or "")] == []


def test_every_kind_of_action_has_a_name():
    prefixes = {verb.partition(".")[0] for verb in recorded_verbs()}

    with translation.override("uk"):
        unnamed = [prefix for prefix in prefixes if verb_group_label(prefix) == prefix]

    assert unnamed == []


def test_verbs_and_groups_in_words_with_the_code_only_for_the_unknown():
    with translation.override("uk"):
        assert verb_label("need.published") == "Потребу опубліковано"
        assert verb_label("authority.created") == "Створено: орган влади"
        assert verb_group_label("membership") == "Робота в організаціях"
        assert verb_label("legacy.imported") is None
        assert verb_group_label("legacy") == "legacy"
    with translation.override("en"):
        assert verb_label("need.published") == "Need published"
        assert verb_label("authority.created") == "Created: authority"
