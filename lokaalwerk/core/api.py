"""API helpers every app's API views share."""

from django.core.exceptions import ValidationError
from rest_framework import exceptions


def service_errors(error: ValidationError) -> exceptions.ValidationError:
    """A service's errors as a 400 body: messages per field, and the rest under
    ``non_field_errors``, as the serializers answer (the schema's ``BadRequest``)."""
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(
            {
                ("non_field_errors" if name == "__all__" else name): messages
                for name, messages in error.message_dict.items()
            }
        )
    return exceptions.ValidationError({"non_field_errors": error.messages})
