"""Fail when a Ukrainian or English translation is missing, empty or fuzzy.

Runs `makemessages --no-location` first, so a string added to the code without a translation
shows up as an empty entry and fails the check.
"""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("uk", "en")


def problems_in(po_path: Path, *, english: bool = False) -> list[str]:
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=po_path.parts[-3])
    found = []
    for message in catalog:
        if not message.id:
            continue  # the header
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if message.fuzzy:
            found.append(f"{po_path.relative_to(ROOT)}: fuzzy: {msgid!r}")
        elif not all(strings):
            found.append(f"{po_path.relative_to(ROOT)}: missing: {msgid!r}")
        elif english and tuple(strings) != (ids if len(ids) > 1 else (ids[0],)):
            # The English text is the source: a different msgstr is a stale guess.
            found.append(f"{po_path.relative_to(ROOT)}: differs from its source: {msgid!r}")
    return found


def _without_creation_date(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if "POT-Creation-Date" not in line)


def main() -> int:
    catalogs = [ROOT / "locale" / language / "LC_MESSAGES" / "django.po" for language in LANGUAGES]
    before = {path: path.read_text(encoding="utf-8") for path in catalogs}
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--no-location",
            "--no-obsolete",
            "--ignore=.venv/*",
            "--ignore=node_modules/*",
            "--ignore=static/vendor/*",
            *[f"--locale={language}" for language in LANGUAGES],
            "-v",
            "0",
        ],
        cwd=ROOT,
        check=True,
    )
    for path, text in before.items():
        # A run that found nothing new leaves the catalogs as they were, not just re-dated.
        if _without_creation_date(path.read_text(encoding="utf-8")) == _without_creation_date(text):
            path.write_text(text, encoding="utf-8")
    problems = []
    for path in catalogs:
        problems += problems_in(path, english=path.parts[-3] == "en")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} translation problem(s).")
        return 1
    print("Ukrainian and English translations complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
