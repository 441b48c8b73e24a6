"""OpenAPI schema generation: the refusals every operation can give, read-only fields as their
columns hold them, wall-clock times, and post-processing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent, append_meta
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

DATABASE_LIMITS = {
    limit * sign for limit in (32767, 2147483647, 9223372036854775807) for sign in (1, -1)
} | {-32768, -2147483648, -9223372036854775808}

#: A refusal of the request as a whole: 403, 404, and 400 for a request the platform does not
#: read at all (such as one with a null character).
ERROR = ResolvedComponent(
    name="Error",
    type=ResolvedComponent.SCHEMA,
    object="Error",
    schema={
        "type": "object",
        "properties": {
            "detail": {"type": "string", "description": "Why, in the caller's language."}
        },
        "required": ["detail"],
    },
)
#: A 400: ``detail`` for the request as a whole, or a list of messages per field (nested for
#: nested fields; ``non_field_errors`` for a rule over several fields).
BAD_REQUEST = ResolvedComponent(
    name="BadRequest",
    type=ResolvedComponent.SCHEMA,
    object="BadRequest",
    schema={
        "type": "object",
        "description": "`detail` for the request as a whole, or the messages per field "
        "(`non_field_errors` for a rule over several fields).",
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": {},
    },
)


#: A wall-clock time as the API reads and writes it ("08:30" or "08:30:00"). JSON Schema's
#: ``format: time`` requires a UTC offset, which opening hours do not have.
LOCAL_TIME = {
    "type": "string",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
    "example": "08:30:00",
}


def _model_column(field):
    """The model field a read-only serializer field writes out as it is, if there is one.

    ModelSerializer drops ``allow_null`` and ``allow_blank`` from read-only fields, so the
    schema would promise a value the column need not hold."""
    if not field.read_only or field.source == "*" or "." in (field.source or ""):
        return None
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None:
        return None
    try:
        column = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return None
    # Reverse relations and many-to-many fields are lists, never null.
    return column if column.concrete and not column.many_to_many else None


#: For ``extend_schema(responses=...)`` of an operation whose body names an object by its id
#: that the caller cannot see: the object is as unknown as a path's would be.
REFERENCE_NOT_FOUND = OpenApiResponse(
    ERROR.ref,
    description="An object the body refers to is not found, or not visible to the caller.",
)


class AutoSchema(SpectacularAutoSchema):
    """Documents the refusals besides each operation's own answer.

    Every request can be refused with 400: a null character in the path, a parameter or the body
    is (``core.null_characters``), and so is an invalid body or parameter. Operations that anonymous
    callers may not use answer 403 (session authentication comes first, so a missing or wrong
    token is a 403, not a 401). Operations on one object, and paginated lists (a page past the
    end), answer 404; operations with a body 415 for a media type they do not read. A view may
    declare further answers with ``extend_schema(responses=...)``."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for component in (ERROR, BAD_REQUEST):
            registry.register_on_missing(component)
        refusals = {"400": (BAD_REQUEST, "The request was refused; the body says why.")}
        if {} not in operation.get("security", [{}]):
            refusals["403"] = (ERROR, "Not signed in, or not allowed to do this.")
        parameters = operation.get("parameters", [])
        if any(p["in"] == "path" or (p["in"], p["name"]) == ("query", "page") for p in parameters):
            refusals["404"] = (ERROR, "Not found, or not visible to the caller.")
        if "requestBody" in operation:
            refusals["415"] = (ERROR, "The body is not in one of the media types listed.")
        responses = operation["responses"]
        for status, (component, description) in refusals.items():
            responses.setdefault(
                status,
                {
                    "content": {"application/json": {"schema": component.ref}},
                    "description": description,
                },
            )
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if isinstance(field, serializers.TimeField):
            return append_meta(dict(LOCAL_TIME), self._get_serializer_field_meta(field, direction))
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        column = _model_column(field)
        if column is not None and isinstance(field, serializers.ChoiceField) and "enum" in schema:
            extra = [v for v, ok in (("", column.blank), (None, column.null)) if ok]
            schema = {
                **schema,
                "enum": [*schema["enum"], *(v for v in extra if v not in schema["enum"])],
            }
        return schema

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        column = _model_column(field)
        if column is not None and column.null:
            meta["nullable"] = True
        return meta


def drop_database_integer_limits(result: dict[str, Any], **kwargs) -> dict[str, Any]:
    """Integer bounds and formats that drf-spectacular reads from the database backend differ
    between SQLite and PostgreSQL; drop them so that the published schema is one document."""

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "integer":
                for key in ("maximum", "minimum", "format"):
                    node.pop(key, None)
            # Integer choices are referenced enums; their bounds come from the backend too.
            for key in ("maximum", "minimum"):
                if node.get(key) in DATABASE_LIMITS:
                    node.pop(key)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
