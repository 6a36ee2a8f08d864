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


def problems_in(po_path: Path) -> list[str]:
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        if not message.id:
            continue  # the header
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            found.append(f"{po_path.relative_to(ROOT)}: fuzzy: {msgid!r}")
        elif not all(strings):
            found.append(f"{po_path.relative_to(ROOT)}: missing: {msgid!r}")
    return found


def main() -> int:
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "makemessages", "--no-location", "--no-obsolete",
         "--ignore=.venv/*", "--ignore=node_modules/*", "--ignore=static/vendor/*",
         *[f"--locale={language}" for language in LANGUAGES], "-v", "0"],
        cwd=ROOT, check=True,
    )
    problems = []
    for language in LANGUAGES:
        problems += problems_in(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} translation problem(s).")
        return 1
    print("Ukrainian and English translations complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
