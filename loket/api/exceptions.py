"""One error shape for the whole API: 400 with a message per field, in the user's language."""

from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    from django.core.exceptions import PermissionDenied, ValidationError as DjangoValidationError
    from rest_framework import exceptions

    from loket.core.deadlines import CalendarRangeError

    if isinstance(exc, CalendarRangeError):  # a date whose deadlines fall past the calendar's end
        exc = exceptions.ValidationError({"non_field_errors": [str(exc)]})
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, exceptions.ValidationError) and not isinstance(exc.detail, dict):
        # A message on the whole (a list) gets the key the schema names for it: the body of
        # every 400 is an object.
        exc = exceptions.ValidationError({"non_field_errors": exc.detail})
    return drf_exception_handler(exc, context)
