"""E-mails of every app: rendered in the recipient's language, with links to this site."""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def site_link(path: str) -> str:
    """An absolute link to a path of this site, for e-mails."""
    return settings.SITE_URL.rstrip("/") + path


def render_email(template: str, context: dict[str, Any], *, language: str) -> tuple[str, str]:
    """(subject, body) of `<template>_subject.txt` and `<template>_body.txt`, rendered in the
    recipient's language (the platform's default when they have none)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    return subject, body
