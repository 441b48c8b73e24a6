"""Request parsers of the API."""

from __future__ import annotations

from django.conf import settings
from rest_framework.exceptions import APIException
from rest_framework.parsers import JSONParser

from .uploads import check_body_size, size_reason


class BodyTooLarge(APIException):
    status_code = 413
    default_code = "too_large"


class LimitedJSONParser(JSONParser):
    """DRF reads a JSON body straight from the request, past Django's own ceiling
    (``DATA_UPLOAD_MAX_MEMORY_SIZE``): a body above ``UPLOAD_REQUEST_MAX_BYTES`` is refused on its
    announced length, unread."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        if request is not None and not check_body_size(request, settings.UPLOAD_REQUEST_MAX_BYTES):
            raise BodyTooLarge(size_reason(settings.UPLOAD_REQUEST_MAX_BYTES))
        return super().parse(stream, media_type, parser_context)
