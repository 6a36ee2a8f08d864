"""Each benchmark owns one marked block of docs/benchmarks.md and rewrites only that block."""

from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def write_marked_block(name: str, block: str, *, intro: str = "") -> None:
    """Replace the block between this benchmark's markers; append it (after `intro`) if absent."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    text = DOCS.read_text(encoding="utf-8")
    marked = f"{start}\n{block.strip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        text = before + marked + after
    else:
        head = f"{intro.strip()}\n\n" if intro else ""
        text = text.rstrip("\n") + "\n\n" + head + marked + "\n"
    DOCS.write_text(text, encoding="utf-8")
