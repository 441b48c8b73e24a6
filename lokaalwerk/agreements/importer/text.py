"""Reading an uploaded agreement (plain text or PDF) and normalising its text.

Agreements arrive as the council's PDF or as text copied out of it. Both carry the marks of
extraction: Windows line ends, non-breaking spaces, ligatures, soft hyphens and four kinds of
dash. ``read_source`` turns the uploaded bytes into text; ``normalise_text`` smooths the marks
away so that the parser only ever sees plain spaces, ``-`` and ``\\n``.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata

from django.utils.formats import number_format
from django.utils.translation import gettext as _


class AgreementImportError(Exception):
    """An agreement could not be imported. The message is one line, written for the user."""


#: Signatures of binary formats people upload by mistake, to say what the file looks like.
_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .odt file is one)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document (.doc)"),
)

#: Fewer letters than this in a whole PDF means there is no usable text layer.
_MIN_PDF_LETTERS = 20
#: An agreement runs to some tens of pages (Mechelen's: 30 KB of text). Far more is no
#: agreement, and recognising it would hold the server for minutes: it is refused unread.
MAX_PDF_PAGES = 300
MAX_TEXT_CHARS = 2_000_000

_SPACES = dict.fromkeys(map(ord, "\t\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"), " ")
_SPACES.update(dict.fromkeys(map(ord, "\u200a\u202f\u205f\u3000"), " "))
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_DASHES = dict.fromkeys(
    map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-"
)
_LIGATURES = {
    ord("\ufb00"): "ff",
    ord("\ufb01"): "fi",
    ord("\ufb02"): "fl",
    ord("\ufb03"): "ffi",
    ord("\ufb04"): "ffl",
    ord("\ufb05"): "st",
    ord("\ufb06"): "st",
    # Word's Symbol-font bullet comes out of PDFs as a private-use character.
    ord("\uf0b7"): "\u2022",
}
_TRANSLATION = {**_SPACES, **_INVISIBLE, **_DASHES, **_LIGATURES}
_LINE_BREAKS = re.compile(r"\r\n|[\r\f\v\x85\u2028\u2029]")
_RUNS_OF_SPACES = re.compile(r" {2,}")


def read_source(data: bytes, filename: str = "") -> str:
    """Return the text of an uploaded agreement.

    A file is a PDF when it starts with the ``%PDF`` signature: its text layer is read with
    pypdf, pages separated by a form feed. Anything else must be text: UTF-8 (with or without
    a byte order mark), UTF-16 with a byte order mark, or Windows-1252 when the bytes are not
    UTF-8 but decode as it and look like text. Refused, each with a one-line message: an empty
    file, bytes that are neither text nor PDF, an encrypted PDF, a PDF without a text layer
    (a scan) and a damaged PDF.
    """
    if not data.strip():
        raise AgreementImportError("The file is empty.")
    if data.lstrip()[:5] == b"%PDF-":
        return _pdf_text(data)
    text = _decode_text(data)
    if text is not None and len(text) > MAX_TEXT_CHARS:
        raise AgreementImportError(_too_long())
    if text is None:
        name = f"'{filename}'" if filename else "The file"
        kind = next((kind for magic, kind in _BINARY_SIGNATURES if data.startswith(magic)), None)
        found = f" (it looks like {kind})" if kind else ""
        raise AgreementImportError(
            f"{name} is not a text file or a PDF{found}; upload the agreement as PDF or as text."
        )
    return _unify_line_ends(text)


def _too_long() -> str:
    return _(
        "The text is longer than %(count)s characters; an agreement is far shorter. Nothing "
        "was imported."
    ) % {"count": number_format(MAX_TEXT_CHARS, force_grouping=True)}


def normalise_text(text: str) -> str:
    """Return ``text`` with the marks of PDF extraction smoothed away.

    Line ends, form feeds and other breaks become ``\\n``; non-breaking and other special
    spaces become a plain space; soft hyphens and zero-width characters disappear; ligatures
    are spelled out; every dash (hyphen, en dash, em dash, minus) becomes ``-``. Each line is
    stripped and runs of spaces are collapsed. Blank lines stay: they are the caller's to judge.
    """
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text).translate(_TRANSLATION)
    return "\n".join(_RUNS_OF_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def _unify_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_text(data: bytes) -> str | None:
    """The bytes decoded as text, or ``None`` when they are not text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8-sig", "cp1252"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text if _looks_like_text(text) else None
    return None


def _looks_like_text(text: str) -> bool:
    """Text has no NUL and (almost) no control characters; binary data has plenty."""
    if "\x00" in text:
        return False
    control = sum(
        1
        for char in text
        if (ord(char) < 32 and char not in "\t\n\r\f\v") or 0x7F <= ord(char) <= 0x9F
    )
    return control * 1000 <= len(text)


def _pdf_text(data: bytes) -> str:
    """The text layer of a PDF, one page after the other, separated by form feeds."""
    # Imported here: only PDF uploads need pypdf.
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _decrypts_without_password(reader):
            raise AgreementImportError(
                "The PDF is encrypted (password-protected); remove the protection or upload the "
                "text instead."
            )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise AgreementImportError(
                _("The PDF has %(count)d pages; an agreement has far fewer. Nothing was read.")
                % {"count": len(reader.pages)}
            )
        pages, length = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            length += len(pages[-1])
            if length > MAX_TEXT_CHARS:
                raise AgreementImportError(_too_long())
    except AgreementImportError:
        raise
    except Exception as error:  # pypdf raises many kinds of error on a damaged file
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise AgreementImportError(
            f"The PDF could not be read; the file seems damaged ({reason})."
        ) from error
    text = "\f".join(pages)
    if sum(char.isalpha() for char in text) < _MIN_PDF_LETTERS:
        raise AgreementImportError(
            f"The PDF has no text layer (scanned?): no text was found on its {len(pages)} "
            "page(s). Run it through text recognition (OCR) or upload the text instead."
        )
    return _unify_line_ends(text)


def _decrypts_without_password(reader) -> bool:
    """Whether the PDF opens with an empty password (only printing or copying is restricted)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # an unsupported cipher counts as a password we do not have
        return False
