"""Reading the environment, shared by the Django settings and gunicorn's configuration (which
gunicorn's master reads before Django is loaded: nothing of Django's here)."""

import os


def whole_number(name: str, default: int, minimum: int = 0) -> int:
    """The variable as an integer; ValueError, naming the variable, when it is not one."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a whole number.") from None
    if number < minimum:
        raise ValueError(f"{name}={number} is below its minimum, {minimum}.")
    return number
