"""A short schemathesis run against the API in-process (WSGI): every operation, with data
made from the schema (valid and invalid), as a system holding each role that may hold a
token, and the reporter's operations without one. Every answer must be in the schema
(status, media type, body) and none may be a server error."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from loket.api.services import REFUSED_ROLES
from loket.core.roles import Role


def _generated_schema() -> dict:
    with translation.override("en"):
        return SchemaGenerator().get_schema(request=None, public=True)


raw = _generated_schema()
schema = schemathesis.openapi.from_dict(raw)
schema.app = get_wsgi_application()
# Explicit examples and fuzzing; the coverage phase (every boundary of every field, hundreds of
# requests per operation) takes far more than this suite's two minutes.
schema.config.phases.update(phases=["examples", "fuzzing"])
TOKEN_ROLES = [r for r in Role.values if r not in REFUSED_ROLES]
EXAMPLES = 8  # per operation (about 20), each sent as 9 roles: about two minutes on 2 cores
# positive_data_acceptance wants every schema-valid request to succeed, which a domain API
# cannot promise: a team code or user name valid in form may not exist. Every other check of
# schemathesis runs (server errors, status codes, media types, bodies, headers, negative data).
SKIPPED = [positive_data_acceptance]
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


@pytest.fixture(autouse=True)
def _one_connection():
    """As Django's test client does: a request must not close the database connection, which
    holds the test's transaction (on PostgreSQL every request would fail)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(org, make_token):
    """A token for every role a system may hold, in a unit. (Generated ids rarely name a real
    object: answers with real data are checked in test_responses_match_schema.py.)"""
    return {role: make_token(role, name=f"fuzz-{role.replace('_', '-')}", unit="TEAM") for role in TOKEN_ROLES}


@pytest.mark.django_db
@schema.exclude(path_regex="^/api/v1/whistle/").parametrize()
@FUZZ
def test_every_answer_to_a_system_is_in_the_schema(case, tokens):
    # Each generated request is sent once per role: generating is the slow part, sending is cheap.
    for role, token in tokens.items():
        try:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=SKIPPED)
        except BaseException as exc:
            exc.add_note(f"(sent with the token of a {role})")
            raise


@pytest.mark.django_db
@schema.include(path_regex="^/api/v1/whistle/").parametrize()
@FUZZ
def test_every_answer_to_a_reporter_is_in_the_schema(case):
    case.call_and_validate(excluded_checks=SKIPPED)
