"""The reporter's API: filing a report (POST /api/v1/whistle/reports), bad input included."""

import io
import zipfile

import pytest
from PIL import Image
from pypdf import PdfReader

from loket.whistle.models import Anonymity, Channel, NamedPerson, ProtectedPerson, Report, Stage
from tests.whistle.api_support import (
    API,
    handler,  # noqa: F401 (fixture)
    post_json,
    stored_attachment,
    stored_counts,
    upload,
)
from tests.whistle.conftest import travel
from tests.whistle.test_files import REPORTER, docx, jpeg, pdf, random_bytes, windows_exe

SMALLEST = {"description": "The counter was closed for weeks and nobody answered the phone.", "anonymity": "anonymous"}


def test_smallest_report_answers_201_with_receipt_and_deadlines(client, handler):
    with travel(2026, 6, 1):
        response = post_json(client, "/reports", SMALLEST)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"reference", "receipt", "acknowledge_due", "feedback_due", "status"}
    assert len(body["receipt"]) == 16 and body["receipt"].isdigit()
    assert body["acknowledge_due"] == "2026-06-08"  # 7 days (Awb 6:8)
    assert body["feedback_due"] == "2026-09-08"  # 3 months after the 7 days
    assert body["status"] == Stage.RECEIVED
    report = Report.objects.get(reference=body["reference"])
    assert report.channel == Channel.API and report.anonymity == Anonymity.ANONYMOUS
    assert report.identity_box is None
    _user, ring = handler
    assert ring.holds_key_for(report)


def test_trailing_slash_is_accepted(client, handler):
    assert post_json(client, "/reports/", SMALLEST).status_code == 201


def test_full_confidential_report_is_readable_by_the_handler(client, handler, org):
    from loket.core.models import Employee
    from loket.whistle import services

    Employee.objects.create(number="E-100", name="Named Person", unit=org["team"])
    Employee.objects.create(number="E-200", name="The Reporter", unit=org["other"])
    response = post_json(
        client,
        "/reports",
        {
            **SMALLEST,
            "anonymity": "confidential",
            "category": "corruption",
            "happened_when": "March 2026",
            "happened_where": "Counter Rijswijk",
            "involved": "the team lead",
            "involved_employees": ["E-100"],
            "reporter_name": "Rita Reporter",
            "reporter_email": "rita@example.org",
            "reporter_phone": "+31 6 1234 5678",
            "reporter_employee_number": "E-200",
        },
    )
    assert response.status_code == 201, response.json()
    report = Report.objects.get(reference=response.json()["reference"])
    user, ring = handler
    opened = services.read_report(report=report, user=user, keyring=ring)
    assert opened.content["happened_where"] == "Counter Rijswijk"
    assert report.category == "corruption"
    assert NamedPerson.objects.filter(report=report, employee__number="E-100").exists()
    assert not ProtectedPerson.objects.exists()  # the reporter's claim, until a handler confirms it
    services.protect_reporter(report=report, user=user, keyring=ring)
    identity = services.reveal_identity(report=report, user=user, keyring=ring, reason="Need to call the reporter back")
    assert identity["name"] == "Rita Reporter" and identity["employee_number"] == "E-200"
    assert identity["protected_as"] == "The Reporter (E-200)"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({}, "description"),
        ({"anonymity": "anonymous"}, "description"),
        ({"description": "", "anonymity": "anonymous"}, "description"),
        ({"description": "   \n\t ", "anonymity": "anonymous"}, "description"),
        ({"description": "Something happened."}, "anonymity"),
        ({"description": "Something happened.", "anonymity": "secret"}, "anonymity"),
        ({"description": "Something happened.", "anonymity": 3}, "anonymity"),
        ({**SMALLEST, "reporter_name": "Jan Jansen"}, "reporter_name"),
        ({**SMALLEST, "reporter_email": "jan@example.org"}, "reporter_email"),
        ({**SMALLEST, "reporter_employee_number": "E-1"}, "reporter_employee_number"),
        ({**SMALLEST, "anonymity": "open"}, "reporter_name"),
        (
            {**SMALLEST, "anonymity": "open", "reporter_name": "Jan", "reporter_email": "not-an-address"},
            "reporter_email",
        ),
        ({**SMALLEST, "category": "gossip"}, "category"),
        ({**SMALLEST, "involved_employees": "E-1"}, "involved_employees"),
        ({**SMALLEST, "description": "x" * 20_001}, "description"),
        ({**SMALLEST, "description": ["a list"]}, "description"),
    ],
)
def test_bad_input_answers_400_per_field_and_stores_nothing(client, handler, payload, field):
    before = stored_counts()
    response = post_json(client, "/reports", payload)
    assert response.status_code == 400
    errors = response.json()
    assert field in errors and all(isinstance(m, str) and m for m in errors[field])
    assert stored_counts() == before


def test_all_errors_come_together(client, handler):
    response = post_json(
        client, "/reports", {"description": " ", "anonymity": "anonymous", "reporter_name": "Jan", "category": "gossip"}
    )
    assert response.status_code == 400
    assert {"description", "reporter_name", "category"} <= set(response.json())


def test_errors_are_in_the_users_language(client, handler):
    response = post_json(
        client,
        "/reports",
        {"description": "x", "anonymity": "anonymous", "involved_employees": "E"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["involved_employees"] == ['Expected a list of items but got type "str".']
    response = post_json(
        client,
        "/reports",
        {"description": "x", "anonymity": "anonymous", "involved_employees": "E"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert "lijst" in response.json()["involved_employees"][0]


def test_malformed_json_is_a_400(client, handler):
    before = stored_counts()
    response = client.post(f"{API}/reports", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert stored_counts() == before


def test_get_is_not_allowed(client):
    assert client.get(f"{API}/reports").status_code == 405


# --- attachments (multipart) -------------------------------------------------------------


def _multipart(client, *files, **fields):
    data = {**SMALLEST, **fields}
    if files:
        data["attachments"] = list(files)
    return client.post(f"{API}/reports", data)


def test_report_with_attachments_stores_them_encrypted(client, handler):
    response = _multipart(client, upload("notes.txt", b"What I saw on Tuesday."), upload("photo.jpg", jpeg()))
    assert response.status_code == 201, response.json()
    report = Report.objects.get(reference=response.json()["reference"])
    assert report.attachments.count() == 2
    assert {a.content_type for a in report.attachments.all()} == {"text/plain", "image/jpeg"}


def identifying_metadata(data: bytes, kind: str) -> str:
    """The metadata a reader of the file could see: EXIF artist and GPS, the PDF's
    author, the office document's core properties."""
    if kind == "jpeg":
        exif = Image.open(io.BytesIO(data)).getexif()
        return f"{exif.get(0x013B, '')} {dict(exif.get_ifd(0x8825))}"
    if kind == "pdf":
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) == 1  # the content survives
        return str((reader.metadata or {}).get("/Author", ""))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "word/document.xml" in zf.namelist()  # the content survives
        return zf.read("docProps/core.xml").decode() + zf.read("docProps/app.xml").decode()


@pytest.mark.parametrize(
    "name, make, kind",
    [
        ("photo.jpg", jpeg, "jpeg"),
        ("letter.pdf", pdf, "pdf"),
        ("notes.docx", docx, "docx"),
    ],
)
def test_metadata_is_stripped_by_default(client, handler, name, make, kind):
    original = make()
    assert REPORTER in identifying_metadata(original, kind)  # the sample really carries the reporter's name
    response = _multipart(client, upload(name, original))  # strip_metadata left out: true by default
    assert response.status_code == 201, response.json()
    report = Report.objects.get(reference=response.json()["reference"])
    user, ring = handler
    stored_name, _type, data, stripped = stored_attachment(report, user, ring)
    assert stored_name == name and stripped
    metadata = identifying_metadata(data, kind)
    assert REPORTER not in metadata and "52.0" not in metadata
    assert REPORTER.encode() not in data


def test_metadata_is_kept_when_the_reporter_says_so(client, handler):
    response = _multipart(client, upload("photo.jpg", jpeg()), strip_metadata="false")
    assert response.status_code == 201
    report = Report.objects.get(reference=response.json()["reference"])
    user, ring = handler
    _name, _type, data, stripped = stored_attachment(report, user, ring)
    assert not stripped and REPORTER.encode() in data


@pytest.mark.parametrize(
    "name, data",
    [
        ("report.pdf", windows_exe()),
        ("report.pdf", random_bytes()),
        ("photo.pdf", jpeg()),
        ("tool.exe", windows_exe()),
        ("empty.txt", b""),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(client, handler, name, data):
    before = stored_counts()
    response = _multipart(client, upload(name, data))
    assert response.status_code == 400
    assert name in response.json()["attachments"][0]
    assert stored_counts() == before


def test_an_oversized_file_is_refused(client, handler, settings):
    settings.WHISTLE_MAX_ATTACHMENT_BYTES = 1024
    before = stored_counts()
    response = _multipart(client, upload("fine.txt", b"small"), upload("big.txt", b"a" * 1025))
    assert response.status_code == 400
    assert len(response.json()["attachments"]) == 1 and "big.txt" in response.json()["attachments"][0]
    assert stored_counts() == before
    assert _multipart(client, upload("edge.txt", b"a" * 1024)).status_code == 201


def test_too_many_files_are_refused(client, handler, settings):
    settings.WHISTLE_MAX_ATTACHMENTS = 2
    before = stored_counts()
    response = _multipart(client, *(upload(f"n{i}.txt", b"note") for i in range(3)))
    assert response.status_code == 400 and "attachments" in response.json()
    assert stored_counts() == before


def test_a_bad_file_with_a_bad_field_gives_both_errors(client, handler):
    response = _multipart(client, upload("x.pdf", random_bytes()), description=" ")
    assert response.status_code == 400
    assert {"attachments", "description"} <= set(response.json())


def test_schema_documents_the_reporter_api(client, make_user, totp_for):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("reports", "receipt", "receipt/messages", "receipt/minutes/confirm", "receipt/minutes/correct"):
        assert f"{API}/{path}" in paths and "post" in paths[f"{API}/{path}"]
    create = paths[f"{API}/reports"]["post"]
    assert set(create["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert "201" in create["responses"] and "400" in create["responses"]
    assert "404" in paths[f"{API}/receipt"]["post"]["responses"]
    assert "429" in paths[f"{API}/receipt"]["post"]["responses"]
