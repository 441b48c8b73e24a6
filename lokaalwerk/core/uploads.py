"""Reading uploaded files without letting one tie up the server.

Every kind of upload has a ceiling on its size (settings ``*_UPLOAD_MAX_BYTES``), checked on the
size the browser announced before a byte of the file is read (``LimitedFileField``), and no
request body above the largest ceiling is received at all (``UploadLimitHandler``). Readers
stream: a CSV through a text wrapper over the file (``text_stream``), a workbook with openpyxl
in read-only mode (``open_workbook``), and both stop at their row limit (``limit_rows``) without
reading the rest. See docs/adr/0091.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _

Row = TypeVar("Row")
Progress = Callable[[int], None]

#: openpyxl keeps a workbook's shared strings in memory even in read-only mode: a workbook whose
#: strings unpack to more than this is refused before they are read (a "zip bomb").
SHARED_STRINGS_MAX_BYTES = 32 * 1024 * 1024
#: How often (in rows) a reader reports how far it got.
PROGRESS_EVERY = 200


def size_text(size: int) -> str:
    """A ceiling as people say it: "20 MB" for whole megabytes, else "1,5 MB" or "300 bytes"."""
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MB"
    return filesizeformat(size)


def size_reason(limit: int) -> str:
    """Why a file is refused on its size, in the active language: "larger than 5 MB"."""
    return _("The file is larger than %(limit)s; nothing was read.") % {"limit": size_text(limit)}


class TooManyRows(ValueError):
    """A file holds more rows than its kind allows; reading stopped at the first row too many."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(
            _(
                "The file holds more than %(limit)s rows; reading stopped there. Split it into "
                "smaller files."
            )
            % {"limit": number_format(limit, force_grouping=True)}
        )


def _with_limit(help_text, limit_setting: str):
    """The field's help text followed by its ceiling ("At most 5 MB."), read when shown."""

    def text() -> str:
        limit = _("At most %(limit)s.") % {"limit": size_text(getattr(settings, limit_setting))}
        return f"{help_text} {limit}" if help_text else limit

    return lazy(text, str)()


class LimitedFileField(forms.FileField):
    """A file field that refuses a file above a size ceiling on the size the browser sent,
    before anything reads it, and a file whose name has none of the ``extensions``.

    ``limit_setting`` names the setting that holds the ceiling, read when the form is checked
    (so a deployment and a test can change it)."""

    def __init__(self, *, limit_setting: str, extensions: tuple[str, ...] = (), **kwargs):
        self.limit_setting = limit_setting
        self.extensions = tuple(e.lower() for e in extensions)
        kwargs["help_text"] = _with_limit(kwargs.get("help_text", ""), limit_setting)
        super().__init__(**kwargs)

    @property
    def limit(self) -> int:
        return getattr(settings, self.limit_setting)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return upload
        if upload.size > self.limit:
            raise forms.ValidationError(size_reason(self.limit), code="too_large")
        if self.extensions and not upload.name.lower().endswith(self.extensions):
            raise forms.ValidationError(
                _("Upload a file of one of these kinds: %(kinds)s.")
                % {"kinds": ", ".join(self.extensions)},
                code="extension",
            )
        return upload


# --- The request body -------------------------------------------------------------------------


class RequestTooLarge(RequestDataTooBig):
    """A request body above ``UPLOAD_REQUEST_MAX_BYTES``: refused before it is received whole.
    Django answers a ``SuspiciousOperation`` with its 400 handler, which shows a page that says
    why (``core.errors.bad_request``)."""


class UploadLimitHandler(FileUploadHandler):
    """The first upload handler: it stops receiving a request body above the largest ceiling
    of any upload, on the announced length before reading and on the bytes received while
    reading (a body sent without its length). The handlers after it store what it lets by."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    @property
    def limit(self) -> int:
        return settings.UPLOAD_REQUEST_MAX_BYTES

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > self.limit:
            raise RequestTooLarge("Request body above UPLOAD_REQUEST_MAX_BYTES")
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise RequestTooLarge("Request body above UPLOAD_REQUEST_MAX_BYTES")
        return raw_data

    def file_complete(self, file_size):
        return None


def check_body_size(request, limit: int) -> bool:
    """Whether a request's announced body (a JSON upload through the API) fits ``limit``;
    asked before the body is read."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length <= limit


# --- Streaming readers ------------------------------------------------------------------------


def limit_rows(
    rows: Iterable[Row], *, limit: int | None, progress: Progress | None = None
) -> Iterator[Row]:
    """The rows, one by one, up to ``limit``; the row after it raises ``TooManyRows`` and the
    rest of the file is never read. ``progress`` hears how many rows were read so far."""
    count = 0
    for row in rows:
        count += 1
        if limit is not None and count > limit:
            if progress is not None:
                progress(limit)
            raise TooManyRows(limit)
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
        yield row
    if progress is not None:
        progress(count)


def binary(handle):
    """The seekable binary file behind bytes, an uploaded file or a stored file."""
    if isinstance(handle, bytes | bytearray):
        return io.BytesIO(handle)
    handle.seek(0)
    return handle


class _Utf8OrWindows1252(codecs.IncrementalDecoder):
    """UTF-8 (with or without BOM) until a byte proves the file is not: from that block on,
    Windows-1252, which older Excel exports use. What came before was plain ASCII, the same in
    both. Decided while reading, so nothing past the row limit is read to know it."""

    def __init__(self, errors: str = "strict"):
        super().__init__(errors)
        self.reset()

    def reset(self) -> None:
        self.utf8 = codecs.getincrementaldecoder("utf-8-sig")(self.errors)
        self.fallback = None

    def decode(self, data, final: bool = False) -> str:
        if self.fallback is None:
            pending = self.utf8.getstate()[0]
            try:
                return self.utf8.decode(data, final)
            except UnicodeDecodeError:
                self.fallback = codecs.getincrementaldecoder("cp1252")("replace")
                data = pending + bytes(data)
        return self.fallback.decode(data, final)

    def getstate(self):
        return (b"", 0) if self.fallback is None else (b"", 1)

    def setstate(self, state) -> None:
        self.reset()


UTF8_OR_WINDOWS_1252 = "lokaalwerk-utf-8-or-cp1252"


def _find_codec(name: str):
    if name != UTF8_OR_WINDOWS_1252.replace("-", "_"):
        return None
    utf8 = codecs.lookup("utf-8-sig")
    return codecs.CodecInfo(
        name=UTF8_OR_WINDOWS_1252,
        encode=utf8.encode,
        decode=utf8.decode,
        incrementaldecoder=_Utf8OrWindows1252,
        incrementalencoder=utf8.incrementalencoder,
    )


codecs.register(_find_codec)


class _KeepOpen:
    """A file seen through a text wrapper, which would close it when it goes: the uploaded file
    stays open for whoever reads or keeps it next."""

    def __init__(self, file):
        self._file = file

    def __getattr__(self, name):
        return getattr(self._file, name)

    @property
    def closed(self) -> bool:
        return self._file.closed

    def close(self) -> None:
        pass


def text_stream(handle, encoding: str = "utf-8-sig") -> io.TextIOWrapper:
    """The file as text for the csv module, decoded as it is parsed, never read as a whole."""
    return io.TextIOWrapper(_KeepOpen(binary(handle)), encoding=encoding, newline="")


def csv_delimiter(header_line: str, candidates: str = ",;\t") -> str:
    """The delimiter of a CSV, told from its header line: the candidate that splits it most.
    Header names hold no delimiters; quotes in the values are the csv module's to read."""
    return max(candidates, key=header_line.count)


def _read_only_size(sheet) -> None:
    """A read-only sheet's size from its ``<dimension>`` element, looked for up to the start of
    the data. openpyxl looks for it up to the *end* of the data, so a sheet written without one
    (openpyxl's own write-only mode writes none, nor need a hostile file) is parsed whole before
    its first row is read."""
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse  # defusedxml's, as openpyxl's own

    with sheet._get_source() as source:
        for _event, element in iterparse(source, events=("start",)):
            if element.tag == f"{{{SHEET_MAIN_NS}}}dimension":
                bounds = SheetDimension.from_tree(element).boundaries
                sheet._min_column, sheet._min_row, sheet._max_column, sheet._max_row = bounds
                return
            if element.tag == f"{{{SHEET_MAIN_NS}}}sheetData":
                return


def open_workbook(handle):
    """An XLSX workbook opened in read-only (streaming) mode; ``ValueError`` with a reason when
    the file is no workbook or its shared strings would unpack beyond what memory allows."""
    from openpyxl import load_workbook

    handle = binary(handle)
    try:
        with zipfile.ZipFile(handle) as archive:
            strings = sum(
                info.file_size
                for info in archive.infolist()
                if info.filename.lower().endswith("sharedstrings.xml")
            )
    except zipfile.BadZipFile as exc:
        raise ValueError(_("The file is not a readable XLSX workbook.")) from exc
    if strings > SHARED_STRINGS_MAX_BYTES:
        raise ValueError(
            _("The workbook's text unpacks to more than %(limit)s; nothing was read.")
            % {"limit": size_text(SHARED_STRINGS_MAX_BYTES)}
        )
    handle.seek(0)
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    ReadOnlyWorksheet._get_size = _read_only_size
    try:
        return load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is no workbook
        raise ValueError(_("The file is not a readable XLSX workbook.")) from exc


def is_workbook(handle, filename: str) -> bool:
    handle = binary(handle)
    head = handle.read(4)
    handle.seek(0)
    return head[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm"))


def import_weight(handle, filename: str) -> int:
    """What reading a file costs, in bytes: a text file's size, a workbook's unpacked size as
    its archive's directory states it (nothing is unpacked to know it)."""
    handle = binary(handle)
    if is_workbook(handle, filename):
        try:
            with zipfile.ZipFile(handle) as archive:
                return sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile:
            pass
        finally:
            handle.seek(0)
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    return size


def runs_in_background(handle, filename: str) -> bool:
    """An import whose file weighs more than ``IMPORT_BACKGROUND_BYTES`` runs as a job with a
    progress page; a smaller one is answered at once (docs/adr/0091)."""
    return import_weight(handle, filename) > settings.IMPORT_BACKGROUND_BYTES
