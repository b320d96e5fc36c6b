"""Nothing of another client is reachable from My Loket by changing an id: every URL and
the API are tried with another client's ids, and a representative sees only the client
they chose. Uploads get the reporting channel's checks (type by content, size, metadata)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from loket.clients.models import Representative
from loket.clients.services.signin import record_mandate
from loket.contact.models import Attachment, Contact
from tests.cases.conftest import at
from tests.portal.my_loket_support import (  # noqa: F401  (fixtures)
    attach,
    make_client,
    make_question,
    officer,
    open_application,
    sign_in,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def photo_with_gps() -> bytes:
    img = Image.new("RGB", (8, 8), "red")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, 1.0)}  # GPSInfo
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def two(open_application):
    """Amal and Bilal, each with a case, a question and a document."""
    with at(TODAY):
        amal, bilal = make_client("Amal", email="a@example.org"), make_client("Bilal", email="b@example.org")
        files = {}
        for person in (amal, bilal):
            case = open_application(person)
            question = make_question(person, subject=f"Question of {person.display_name}")
            files[person.pk] = {"case": case, "question": question, "document": attach(question)}
    return amal, bilal, files


def test_another_clients_question_and_document_are_not_found(client, two):
    amal, bilal, files = two
    sign_in(client, amal)
    theirs = files[bilal.pk]
    with at(TODAY):
        assert client.get(f"/mijn/vragen/{theirs['question'].pk}/").status_code == 404
        assert client.post(f"/mijn/vragen/{theirs['question'].pk}/", {"text": "hi"}).status_code == 404
        assert client.get(f"/mijn/documenten/{theirs['document'].pk}/").status_code == 404
        html = client.get("/mijn/", **EN).content.decode()
        api = client.get("/api/v1/portal/my-loket").json()
    assert not Contact.objects.filter(question=theirs["question"], body="hi").exists()
    assert "Bilal" not in html and theirs["case"].reference not in html and theirs["question"].reference not in html
    assert {c["reference"] for c in api["cases"]} == {files[amal.pk]["case"].reference}
    assert {q["id"] for q in api["questions"]} == {files[amal.pk]["question"].pk}
    assert {d["id"] for d in api["documents"]} == {files[amal.pk]["document"].pk}


@pytest.mark.parametrize("target", ["case", "question"])
def test_an_upload_to_another_clients_case_or_question_is_refused(client, two, target):
    amal, bilal, files = two
    sign_in(client, amal)
    theirs = files[bilal.pk]
    value = f"case:{theirs['case'].reference}" if target == "case" else f"question:{theirs['question'].pk}"
    before = Attachment.objects.count()
    with at(TODAY):
        response = client.post(
            "/mijn/documenten/", {"target": value, "file": SimpleUploadedFile("a.txt", b"hello")}, **EN
        )
    assert response.status_code == 400
    assert "Choose one of your applications or questions." in response.content.decode()
    assert Attachment.objects.count() == before


def test_the_service_refuses_another_clients_target_even_past_the_form(two):
    """The form offers only the client's own targets; the service checks again."""
    from django.core.exceptions import PermissionDenied

    from loket.contact.services import ClientFile
    from loket.portal import services

    amal, bilal, files = two
    for target in (f"case:{files[bilal.pk]['case'].reference}", f"question:{files[bilal.pk]['question'].pk}", "x:1"):
        with pytest.raises(PermissionDenied), at(TODAY):
            services.hand_in_document(client=amal, target=target, file=ClientFile("a.txt", b"hello"))


def test_a_document_for_a_case_is_stored_with_its_metadata_stripped(client, two, django_capture_on_commit_callbacks):
    amal, _bilal, files = two
    sign_in(client, amal)
    case = files[amal.pk]["case"]
    with at(TODAY), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/mijn/documenten/",
            {"target": f"case:{case.reference}", "file": SimpleUploadedFile("photo.jpg", photo_with_gps())},
        )
    assert response.status_code == 302
    stored = Attachment.objects.get(name="photo.jpg")
    assert stored.contact.client_id == amal.pk and stored.contact.question.case_ref == case.reference
    with Image.open(io.BytesIO(bytes(stored.data))) as img:
        assert not img.getexif()  # no camera, no GPS
    with at(TODAY):
        html = client.get("/mijn/", **EN).content.decode()
    assert "photo.jpg" in html


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("scan.pdf", photo_with_gps(), "This file is not what its name says"),
        ("letter.pdf", b"MZ\x90\x00\x03" + bytes(200), "We cannot accept this type of file"),
        ("empty.txt", b"", "This file is empty."),
    ],
)
def test_an_upload_that_lies_about_its_type_or_is_empty_is_refused(client, two, name, data, message):
    amal, _bilal, files = two
    sign_in(client, amal)
    before = Attachment.objects.count()
    with at(TODAY):
        response = client.post(
            "/mijn/documenten/",
            {"target": f"case:{files[amal.pk]['case'].reference}", "file": SimpleUploadedFile(name, data)},
            **EN,
        )
    assert response.status_code == 400 and message in response.content.decode()
    assert Attachment.objects.count() == before


def test_a_file_too_large_is_refused(client, two, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1000
    amal, _bilal, files = two
    sign_in(client, amal)
    before = Attachment.objects.count()
    with at(TODAY):
        response = client.post(
            f"/mijn/vragen/{files[amal.pk]['question'].pk}/",
            {"text": "", "file": SimpleUploadedFile("notes.txt", b"a" * 1001)},
            **EN,
        )
    assert response.status_code == 400 and "This file is too large" in response.content.decode()
    assert Attachment.objects.count() == before


def test_a_representative_sees_only_the_chosen_clients_file(client, two):
    amal, bilal, files = two
    lawyer = Representative.objects.create(name="Mr. De Vries")
    record_mandate(client=amal, representative=lawyer, valid_from=date(2026, 1, 1), actor="test")  # a signed machtiging
    sign_in(client, amal, representative=lawyer)
    with at(TODAY):
        html = client.get("/mijn/", **EN).content.decode()
        assert client.get(f"/mijn/vragen/{files[bilal.pk]['question'].pk}/").status_code == 404
        assert client.get(f"/mijn/documenten/{files[bilal.pk]['document'].pk}/").status_code == 404
    assert "Mr. De Vries" in html and files[amal.pk]["case"].reference in html
    assert files[bilal.pk]["case"].reference not in html
    with at(TODAY):
        documents = client.get("/mijn/documenten/alle/", **EN).content.decode()
    assert (
        files[amal.pk]["document"].name in documents
        and f"/mijn/documenten/{files[amal.pk]['document'].pk}/" in documents
    )
    assert f"/mijn/documenten/{files[bilal.pk]['document'].pk}/" not in documents


@pytest.mark.parametrize("path", ["/api/v1/portal/my-loket", "/api/v1/portal/my-loket/questions"])
def test_the_api_needs_a_signed_in_client(client, path):
    response = client.get(path, **EN)
    assert response.status_code == 403 and response.json() == {"detail": "Sign in to My Loket first."}


def test_a_representative_who_has_not_chosen_a_client_sees_nothing(client):
    lawyer = Representative.objects.create(name="Mr. De Vries")
    sign_in(client, None, representative=lawyer)
    assert client.get("/mijn/")["Location"] == "/inloggen/kies/"
    for path in ("/mijn/vragen/", "/mijn/documenten/alle/", "/mijn/inzage/"):
        assert client.get(path)["Location"] == "/inloggen/kies/"
    assert client.get("/api/v1/portal/my-loket").status_code == 403
