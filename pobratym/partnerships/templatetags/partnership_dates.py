"""Date ranges as people write them: "1–5 July 2023", "30 June – 2 July 2023"."""

from datetime import date

from django import template
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def date_range(starts: date, ends: date | None) -> str:
    # "E" is the month in the form a date uses: "липня" in Ukrainian, "July" in English.
    if ends is None or ends == starts:
        return date_format(starts, "j E Y")
    if (starts.year, starts.month) == (ends.year, ends.month):
        return f"{starts.day}–{date_format(ends, 'j E Y')}"
    if starts.year == ends.year:
        return f"{date_format(starts, 'j E')} – {date_format(ends, 'j E Y')}"
    return f"{date_format(starts, 'j E Y')} – {date_format(ends, 'j E Y')}"
