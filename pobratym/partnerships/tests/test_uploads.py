"""Signed documents: judged by content, size-limited, stored under a random name, served only
to those allowed and only as a download."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext
from PIL import Image

from pobratym.accounts.tests.factories import sign_in_verified
from pobratym.core.errors import InvalidInput
from pobratym.partnerships import services
from pobratym.partnerships.models import Agreement

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64
MZ = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((64, 64), 80).convert("RGB").save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def add(world, partnership, document, **overrides):
    values = {
        "kind": "memorandum",
        "title": "Меморандум про співпрацю",
        "signed_on": date(2024, 2, 11),
        "document": document,
        "actor": world.users["korosten_editor"],
    }
    values.update(overrides)
    return services.agreement_add(partnership=partnership, **values)


@pytest.mark.parametrize(
    ("name", "content", "content_type", "suffix"),
    [
        ("memorandum.pdf", PDF, "application/pdf", ".pdf"),
        ("scan.png", png(), "image/png", ".png"),
        ("скан підписаний.PNG", png(), "image/png", ".png"),
    ],
)
def test_a_good_document_is_stored_under_a_random_name(
    world, settings, name, content, content_type, suffix
):
    partnership = world.in_dialogue()

    agreement = add(world, partnership, SimpleUploadedFile(name, content, "application/x-whatever"))

    assert agreement.document_type == content_type
    assert agreement.document_name == name
    stored = Path(agreement.document.path)
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT) / "partnerships" / "agreements")
    assert stored.suffix == suffix
    assert len(stored.stem) >= 32 and name.split(".")[0] not in stored.name
    assert stored.read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "memorandum.pdf",
            ELF,
            "This file is a program, not a document. Upload a PDF or an image.",
        ),
        ("memorandum.pdf", MZ, "This file is a program, not a document. Upload a PDF or an image."),
        (
            "scan.png",
            b"<html><script>alert(1)</script></html>",
            "Upload the signed document as a PDF, PNG or JPEG file.",
        ),
        ("scan.png", png()[:40], "Upload the signed document as a PDF, PNG or JPEG file."),
        # A JPEG cut short keeps valid headers: only decoding it whole finds the missing scan.
        ("scan.jpg", jpeg()[:-400], "Upload the signed document as a PDF, PNG or JPEG file."),
        ("empty.pdf", b"", "The file is empty."),
    ],
)
def test_a_renamed_program_or_a_non_document_is_refused(world, settings, name, content, message):
    partnership = world.in_dialogue()

    with pytest.raises(InvalidInput) as refused:
        add(world, partnership, SimpleUploadedFile(name, content))

    assert refused.value.extra["fields"] == {"document": gettext(message)}
    assert not Agreement.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "partnerships").exists()


@pytest.mark.parametrize(
    ("name", "content", "offered_as"),
    [
        ("signed.html", PDF, "signed.pdf"),
        ("scan.pdf", png(), "scan.png"),
        ("photo.JPEG", jpeg(), "photo.JPEG"),
        ("photo", jpeg(), "photo.jpg"),
        ("м" * 250 + ".pdf", PDF, "м" * 196 + ".pdf"),
        ("../../etc/passwd", PDF, "passwd.pdf"),
    ],
)
def test_the_download_name_carries_the_extension_of_what_the_file_is(
    world, name, content, offered_as
):
    partnership = world.in_dialogue()

    agreement = add(world, partnership, SimpleUploadedFile(name, content))

    assert agreement.document_name == offered_as
    assert len(agreement.document_name) <= 200


def test_an_oversize_file_is_refused(world, settings):
    settings.PARTNERSHIPS_DOCUMENT_MAX_BYTES = 1024
    partnership = world.in_dialogue()

    with pytest.raises(InvalidInput) as refused:
        add(world, partnership, SimpleUploadedFile("big.pdf", PDF + b"0" * 2000))

    assert refused.value.extra["fields"]["document"] == gettext(
        "The file is %(size)s; the largest accepted is %(limit)s."
    ) % {"size": "2,0\xa0Кб", "limit": "1,0\xa0Кб"}
    assert not Agreement.objects.exists()


def test_dates_that_contradict_each_other_are_refused(world):
    partnership = world.in_dialogue()

    with pytest.raises(InvalidInput) as refused:
        add(
            world,
            partnership,
            None,
            valid_until=date(2023, 1, 1),
            renewal_on=date(2023, 6, 1),
        )

    assert set(refused.value.extra["fields"]) == {"valid_until", "renewal_on"}


def _stored(world):
    partnership = world.in_dialogue()
    return add(world, partnership, SimpleUploadedFile("memorandum.pdf", PDF))


@pytest.mark.parametrize(
    "role", ["korosten_editor", "bourges_editor", "facilitator", "secretariat"]
)
def test_the_document_is_downloaded_as_an_attachment_by_those_allowed(world, client, role):
    agreement = _stored(world)
    sign_in_verified(client, world.users[role])

    response = client.get(reverse("partnerships:agreement_document", args=[agreement.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="memorandum.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF


def test_the_document_is_hidden_from_others_even_in_a_public_partnership(world, client):
    agreement = _stored(world)
    services.partnership_update(
        partnership=agreement.partnership,
        kind="twinning",
        sectors=[],
        visibility="public",
        description="",
        facilitators=[],
        actor=world.users["secretariat"],
    )
    url = reverse("partnerships:agreement_document", args=[agreement.pk])

    assert client.get(url).status_code == 302  # to the sign-in page
    sign_in_verified(client, world.users["member_elsewhere"])
    assert client.get(url).status_code == 404
    page = client.get(agreement.partnership.get_absolute_url())
    assert page.status_code == 200
    assert url not in page.content.decode()


def test_the_upload_form_shows_the_refusal_on_the_field(world, client):
    partnership = world.in_dialogue()
    sign_in_verified(client, world.users["korosten_editor"])

    response = client.post(
        reverse("partnerships:agreement_create", args=[partnership.pk]),
        {
            "kind": "memorandum",
            "title": "Меморандум",
            "signed_on": "2024-02-11",
            "document": SimpleUploadedFile("memorandum.pdf", ELF),
            "signatories-TOTAL_FORMS": "3",
            "signatories-INITIAL_FORMS": "0",
            "signatories-0-name": "Ігор Терехов",
            "signatories-0-role": "голова асоціації",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["document"] == [
        gettext("This file is a program, not a document. Upload a PDF or an image.")
    ]
    assert not Agreement.objects.exists()


def test_the_upload_form_records_the_agreement_with_signatories(world, client):
    partnership = world.in_dialogue()
    sign_in_verified(client, world.users["korosten_editor"])

    response = client.post(
        reverse("partnerships:agreement_create", args=[partnership.pk]),
        {
            "kind": "memorandum",
            "title": "Меморандум",
            "signed_on": "2024-02-11",
            "renewal_on": "2026-02-11",
            "sectors": ["energy", "infrastructure"],
            "document": SimpleUploadedFile("scan.png", png()),
            "signatories-TOTAL_FORMS": "3",
            "signatories-INITIAL_FORMS": "0",
            "signatories-0-name": "Ігор Терехов",
            "signatories-0-role": "голова асоціації",
        },
    )

    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert [str(s) for s in agreement.signatories.all()] == ["Ігор Терехов, голова асоціації"]
    assert sorted(s.code for s in agreement.sectors.all()) == ["energy", "infrastructure"]
    assert agreement.document_type == "image/png"
