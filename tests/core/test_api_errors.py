"""The API's one error shape (loket/api/exceptions.py): bad input is a 400 with a message
per field, in the user's language; a refused permission is a 403, never a 500."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from loket.api.exceptions import exception_handler
from loket.core.roles import Role, require_role


def handle(exc):
    request = APIRequestFactory().post("/api/v1/x/")
    return exception_handler(exc, {"view": APIView(), "request": request})


def test_a_django_validation_error_per_field_is_a_400_per_field():
    response = handle(ValidationError({"description": ["Describe what happened."], "when": ["Not a date."]}))
    assert response.status_code == 400
    assert response.data == {"description": ["Describe what happened."], "when": ["Not a date."]}


def test_a_django_validation_error_without_a_field_is_a_400_on_the_whole():
    response = handle(ValidationError("The report is closed."))
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["The report is closed."]}


@pytest.mark.django_db
def test_a_refused_role_is_a_403_with_the_reason_in_the_users_language(make_user):
    user = make_user(Role.CONTACT_AGENT)
    with translation.override("nl"):
        with pytest.raises(PermissionDenied) as caught:
            require_role(user, Role.REPORT_HANDLER)
        response = handle(caught.value)
    assert response.status_code == 403
    assert str(response.data["detail"]) == "Voor deze handeling is een van deze rollen nodig: behandelaar meldpunt."


def test_an_error_the_handler_does_not_know_is_left_to_django():
    assert handle(RuntimeError("bug")) is None
