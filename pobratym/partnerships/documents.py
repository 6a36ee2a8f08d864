"""Signed documents: what an upload really is, judged by its bytes, never by its name.

A PDF starts with "%PDF-"; an image must open and verify with Pillow as PNG or JPEG. Anything
else — an executable renamed to .pdf, an HTML page, a truncated image — is refused, and so is a
file over PARTNERSHIPS_DOCUMENT_MAX_BYTES.
"""

import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PDF_MAGIC = b"%PDF-"
# Programs announce themselves in their first bytes: ELF (Linux), MZ (Windows), Mach-O, "#!".
_PROGRAM_MAGICS = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf", b"#!")
_IMAGE_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
# The extensions a download name may keep for each type; the first is given when it has none.
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
}


class DocumentRefused(ValueError):
    """The upload is not an acceptable document; the message is for the person."""


@dataclass(frozen=True)
class CheckedDocument:
    content_type: str  # application/pdf, image/png or image/jpeg


def check_document(file: IO[bytes], *, size: int) -> CheckedDocument:
    """What the file is, from its content; DocumentRefused with a translated message if it is
    not a PDF or a PNG/JPEG image, or is too large. The file is left at its start."""
    limit: int = settings.PARTNERSHIPS_DOCUMENT_MAX_BYTES
    if size > limit:
        raise DocumentRefused(
            _("The file is %(size)s; the largest accepted is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    if size == 0:
        raise DocumentRefused(_("The file is empty."))
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(PDF_MAGIC):
        return CheckedDocument(content_type="application/pdf")
    if head.startswith(_PROGRAM_MAGICS):
        raise DocumentRefused(
            _("This file is a program, not a document. Upload a PDF or an image.")
        )
    return CheckedDocument(content_type=_image_type(file))


def _image_type(file: IO[bytes]) -> str:
    refused = DocumentRefused(_("Upload the signed document as a PDF, PNG or JPEG file."))
    try:
        with warnings.catch_warnings():
            # A decompression bomb is refused, not merely warned about.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format or ""
                image.verify()
            # verify() reads a JPEG's headers only; decoding it whole finds a truncated scan.
            # (A PNG's verify() already checks every chunk.) Bombs were refused above.
            file.seek(0)
            with Image.open(file) as image:
                image.load()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise refused from error
    finally:
        file.seek(0)
    if image_format not in _IMAGE_TYPES:
        raise refused
    return _IMAGE_TYPES[image_format]
