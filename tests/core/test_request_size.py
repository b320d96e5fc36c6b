"""Enormous bodies (issue 12, item 2: "a nested or enormous body"): the API's JSON parser read
``request.stream`` whole, which Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not bound, and
nothing bounded a multipart body as a whole. Now a JSON body over API_JSON_MAX_BYTES and any
body over MAX_REQUEST_BYTES are refused with the reason, reading at most the limit + 1 bytes."""

import io
import json
import tracemalloc

import pytest
from django.test.client import ClientHandler, RequestFactory
from django.utils import translation
from rest_framework.exceptions import ParseError

from loket.core import safejson
from tests.whistle.api_support import stored_counts

MB = 1024 * 1024


class LazyBody(io.RawIOBase):
    """A body of ``size`` bytes made as it is read (none held in advance); counts what was read."""

    def __init__(self, size: int, head: bytes = b'{"description": "'):
        self.size, self.head, self.read_so_far = size, head, 0

    def readable(self):
        return True

    def read(self, n=-1):
        left = self.size - self.read_so_far
        n = left if n is None or n < 0 else min(n, left)
        start, self.read_so_far = self.read_so_far, self.read_so_far + n
        if start < len(self.head):
            return (self.head[start:] + b"x" * n)[:n]
        return b"x" * n

    def readline(self, limit=-1):
        return self.read(limit if limit and limit > 0 else 64 * 1024)


def _post(path, body: LazyBody, content_type: str, declared: int | None = None, **extra):
    """POST through the whole stack (middleware included) with a body that is never held whole."""
    environ = RequestFactory()._base_environ(
        PATH_INFO=path,
        REQUEST_METHOD="POST",
        CONTENT_TYPE=content_type,
        CONTENT_LENGTH=str(body.size if declared is None else declared),
        **extra,
    )
    environ["wsgi.input"] = body
    return ClientHandler(enforce_csrf_checks=False)(environ)


def _peak(call):
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.django_db
def test_a_20_mb_json_report_is_refused_in_dutch_unread_and_nothing_is_stored(client):
    client.get("/api/v1/whistle/reports")  # warm up: imports and URL resolution outside the measurement
    before = stored_counts()
    body = LazyBody(20 * MB)
    response, peak = _peak(lambda: _post("/api/v1/whistle/reports", body, "application/json"))
    assert response.status_code == 400
    assert json.loads(response.content)["detail"] == "De inhoud van het verzoek is groter dan 1,0\xa0MB."
    assert stored_counts() == before
    assert body.read_so_far == 0  # the declared length settled it
    assert peak < 2 * MB


@pytest.mark.django_db
def test_a_json_body_that_lies_about_its_length_is_read_no_further_than_declared(client):
    # Content-Length says 1 KB, 20 MB follow: Django's stream stops at the declared length.
    client.get("/api/v1/whistle/reports")
    before = stored_counts()
    body = LazyBody(20 * MB)
    response, peak = _peak(lambda: _post("/api/v1/whistle/reports", body, "application/json", declared=1024))
    assert response.status_code == 400
    assert stored_counts() == before
    assert body.read_so_far <= 1024 and peak < 2 * MB


def test_the_parser_reads_at_most_the_limit_and_one_byte_of_a_stream_without_end(settings):
    # Whatever the stream (an ASGI body, a server that passes chunked bodies on), no more is read.
    settings.API_JSON_MAX_BYTES = 1000
    body = LazyBody(20 * MB)
    with translation.override("en"), pytest.raises(ParseError) as refused:
        safejson.BoundedJSONParser().parse(body, parser_context={"encoding": "utf-8"})
    assert str(refused.value.detail) == "The request body is larger than 1000\xa0bytes."
    assert body.read_so_far == 1001


@pytest.mark.django_db
def test_a_json_body_within_the_limit_still_reaches_the_view(client):
    body = json.dumps({"description": "x" * 200_000})
    response = client.post("/api/v1/whistle/reports", body, content_type="application/json")
    assert "groter dan" not in response.content.decode()


@pytest.mark.django_db
def test_a_staff_endpoint_refuses_a_large_json_body_in_english_when_asked(client, make_user):
    from loket.core.roles import Role

    client.force_login(make_user(Role.DECISION_OFFICER))
    response = client.post(
        "/api/v1/rules/evaluate",
        '{"ref": "' + "x" * (2 * MB) + '"}',
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "The request body is larger than 1.0\xa0MB."


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/whistle/reports", "/api/v1/whistle/receipt/messages"])
def test_a_multipart_body_larger_than_any_request_may_be_is_refused_unread(client, settings, path):
    # Eleven attachments of 10 MB: more than the most a report may carry (10 x 10 MB) and fields.
    before = stored_counts()
    body = LazyBody(11 * settings.WHISTLE_MAX_ATTACHMENT_BYTES, head=b"--b\r\n")
    response = _post(path, body, "multipart/form-data; boundary=b")
    assert response.status_code == 400
    assert json.loads(response.content)["detail"].startswith("De inhoud van het verzoek is groter dan")
    assert body.read_so_far == 0 and stored_counts() == before


@pytest.mark.django_db
def test_the_public_report_form_refuses_an_enormous_upload_unread(client, settings):
    before = stored_counts()
    body = LazyBody(settings.MAX_REQUEST_BYTES + 1, head=b"--b\r\n")
    response = _post("/melden/", body, "multipart/form-data; boundary=b", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.content.decode().startswith("The request body is larger than")
    assert body.read_so_far == 0 and stored_counts() == before
