"""Local development and the demo: debug on, everything embedded."""

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)  # noqa: F405
