"""Requests with a null character are refused, in one place.

No text the platform keeps may hold a null character: PostgreSQL refuses one in any text value,
and no person types one. A null character anywhere in a request (its path, a query parameter, a
form, multipart or JSON body, an uploaded file's name, a cookie or header) is answered with 400
before a view reads it, instead of failing somewhere inside the view (a 500 on PostgreSQL) or
being stored on SQLite. Pages get a Dutch page in the site's layout, the API JSON."""

from __future__ import annotations

import json
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import SuspiciousOperation
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.utils.datastructures import ImmutableList
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from lokaalwerk.core import errors

NULL = "\x00"
# A query string or form body percent-encodes a null character as %00 (no letters, no case).
_ENCODED_NULLS = ("\x00", "%00")


class NullCharacterInRequest(SuspiciousOperation):
    """A request with a null character in it."""


def _in_json(value) -> bool:
    if isinstance(value, str):
        return NULL in value
    if isinstance(value, dict):
        return any(NULL in key or _in_json(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_in_json(item) for item in value)
    return False


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


def _in_headers(request) -> bool:
    """Cookies included: a quoted cookie value may spell a null character as ``\\000``."""
    return any(NULL in name or NULL in value for name, value in request.COOKIES.items()) or any(
        NULL in value
        for name, value in request.META.items()
        if name.startswith("HTTP_") and isinstance(value, str)
    )


def _in_path_query_or_body(request) -> bool:
    """Multipart bodies are not read here but as the view reads them, with its own limits
    (``NullRefusingMultiPartParser``)."""
    if NULL in request.path_info:
        return True
    if any(null in request.META.get("QUERY_STRING", "") for null in _ENCODED_NULLS):
        return True
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        return any(null.encode() in request.body for null in _ENCODED_NULLS)
    # JSON writes a null character as \u0000; a raw one is not JSON and the view refuses it.
    if _is_json(content_type) and b"\\u0000" in request.body:
        try:
            return _in_json(json.loads(request.body))
        except ValueError:
            return False  # not JSON at all: the view says so
    return False


class NullRefusingMultiPartParser(MultiPartParser):
    """Django's multipart parser, refusing a null character in a field, a value or a file name.

    Django itself silently drops unprintable characters from file names; a request carrying one
    is refused here like any other."""

    def sanitize_file_name(self, file_name):
        if NULL in file_name:
            raise NullCharacterInRequest("Null character in an uploaded file's name.")
        return super().sanitize_file_name(file_name)

    def parse(self):
        post, files = super().parse()
        if any(NULL in name or any(NULL in v for v in values) for name, values in post.lists()):
            raise NullCharacterInRequest("Null character in a multipart field.")
        if any(NULL in name for name in files):
            raise NullCharacterInRequest("Null character in a multipart field name.")
        return post, files


class ApiMultiPartParser(parsers.MultiPartParser):
    """The API's multipart parser: DRF's, reading with ``NullRefusingMultiPartParser``."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = parser_context["request"]
        meta = {**request.META, "CONTENT_TYPE": media_type}
        encoding = parsers.get_encoding(parser_context)
        parser = NullRefusingMultiPartParser(meta, stream, request.upload_handlers, encoding)
        try:
            data, files = parser.parse()
        except MultiPartParserError as exc:
            raise ParseError(f"Multipart form parse error - {exc}") from exc
        except NullCharacterInRequest as exc:
            raise ParseError(errors.null_character_reason()) from exc
        return parsers.DataAndFiles(data, files)


class RejectNullCharactersMiddleware:
    """Answers a request with a null character with 400: JSON under /api/, a page elsewhere.

    It comes last, so that its page has the user, the messages and every security header. A
    multipart body is checked when the view reads it: this middleware hands the request a
    parser that refuses the character, and ``errors.bad_request`` answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        in_headers = _in_headers(request)
        if in_headers or _in_path_query_or_body(request):
            if in_headers:
                # The session and the signed-in user come from these headers: answer without.
                request.session = import_module(settings.SESSION_ENGINE).SessionStore()
                request.user = AnonymousUser()
            return errors.bad_request(request, NullCharacterInRequest("Null character."))
        if request.content_type == "multipart/form-data":
            request.parse_file_upload = _null_refusing_parse_file_upload(request)
        return self.get_response(request)


def _null_refusing_parse_file_upload(request):
    """``HttpRequest.parse_file_upload``, with ``NullRefusingMultiPartParser``."""

    def parse_file_upload(meta, post_data):
        request.upload_handlers = ImmutableList(
            request.upload_handlers,
            warning="You cannot alter upload handlers after the upload has been processed.",
        )
        parser = NullRefusingMultiPartParser(
            meta, post_data, request.upload_handlers, request.encoding
        )
        return parser.parse()

    return parse_file_upload
