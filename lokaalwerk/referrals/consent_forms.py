"""What a signed consent form may be: a PDF or a photo or scan (JPEG, PNG) of the paper form.

The type is read from the file's first bytes, never from its name or the type the browser
declares; the size is checked first, so an oversized file is refused without being read. The
limit is LOKAALWERK_CONSENT_FORM_MAX_MB (settings.CONSENT_FORM_MAX_BYTES).
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

#: The first bytes of each accepted type, with the extension the stored file gets.
SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)
_HEAD = max(len(magic) for magic, _ext in SIGNATURES)


def signed_form_kind(upload) -> str:
    """The extension that fits the upload's content ("pdf", "jpg" or "png"), after checking
    its size; a ``ValidationError`` with a Dutch reason otherwise."""
    limit = settings.CONSENT_FORM_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": _megabytes(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(_HEAD)
    upload.seek(0)
    for magic, extension in SIGNATURES:
        if head.startswith(magic):
            return extension
    raise ValidationError(
        _("Upload the signed form as a PDF, JPEG or PNG file; this file is none of them."),
        code="file_type",
    )


def stored_name(upload, extension: str) -> str:
    """The name the form is kept under: the uploaded name's stem with the extension of what the
    file really is, so a download never carries a misleading type."""
    stem = PurePath(upload.name or "").stem.strip()[:80] or "toestemming"
    return f"{stem}.{extension}"


def _megabytes(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return number_format(int(megabytes) if megabytes.is_integer() else round(megabytes, 1))
