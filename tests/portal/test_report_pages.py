"""The report form under /melden/ and the receipt page it answers with; bad input included."""

import re

import pytest

from loket.whistle import services
from loket.whistle.models import Channel, Report
from tests.portal.conftest import receipt_on
from tests.whistle.api_support import stored_attachment, stored_counts, upload
from tests.whistle.conftest import travel
from tests.whistle.test_files import REPORTER, jpeg, random_bytes, windows_exe


def _no_state(response):
    """Nothing that could follow the reporter: no cookie, nothing cached."""
    assert not response.cookies and "Set-Cookie" not in response.headers
    assert response["Cache-Control"] == "no-store"


@pytest.mark.usefixtures("english")
def test_the_form_explains_and_asks_everything(client, db):
    response = client.get("/melden/")
    assert response.status_code == 200
    _no_state(response)
    html = response.content.decode()
    assert html.count("<h1") == 1
    for name in (
        "description",
        "happened_when",
        "happened_where",
        "involved",
        "involved_employees",
        "category",
        "attachments",
        "reporter_name",
        "reporter_email",
        "reporter_phone",
        "reporter_employee_number",
    ):
        assert f'name="{name}"' in html, name
    assert re.search(r'<input type="checkbox" name="strip_metadata"[^>]*checked', html)  # on by default
    assert "metadata" in html
    assert html.count('type="radio" name="anonymity"') == 3
    assert "Only the handlers of the reporting channel know your name" in html  # what each choice means
    assert "7 days" in html and "3 months" in html
    assert 'href="/melden/vertrouwenspersoon/"' in html
    assert 'enctype="multipart/form-data"' in html and 'method="post"' in html
    assert "csrfmiddlewaretoken" not in html


def test_an_anonymous_report_gets_a_receipt_shown_once(client, handler, file_report):
    with travel(2026, 6, 1):
        response = file_report()
    assert response.status_code == 200
    _no_state(response)
    receipt = receipt_on(response)
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", receipt)
    html = response.content.decode()
    assert "Schrijf deze 16 cijfers nu op" in html  # Dutch by default
    assert "8 juni 2026" in html and "8 september 2026" in html  # both deadlines (Dutch by default)
    assert '<html lang="nl"' in html
    assert "csrfmiddlewaretoken" not in html
    report = Report.objects.get()
    assert report.channel == Channel.WEB and report.category == "service_failure"
    assert report.reference in html
    assert services.open_with_receipt(receipt).report == report
    assert handler[1].holds_key_for(report)
    # The receipt is in no URL on the page, and the page itself was the answer to the POST (no redirect).
    digits = receipt.replace(" ", "")
    for url in re.findall(r'(?:href|action)="([^"]*)"', html):
        assert digits not in url.replace(" ", "").replace("%20", "")


def test_a_confidential_report_keeps_the_name_for_the_handlers(client, handler, file_report):
    response = file_report(anonymity="confidential", reporter_name="Rita Reporter", reporter_email="rita@example.org")
    assert response.status_code == 200 and receipt_on(response)
    report = Report.objects.get()
    user, ring = handler
    identity = services.reveal_identity(report=report, user=user, keyring=ring, reason="To call the reporter back")
    assert identity["name"] == "Rita Reporter"


def _errors(response) -> str:
    html = response.content.decode()
    match = re.search(r'utrecht-alert--error" role="alert">(.*?)</div>', html, re.S)
    assert match, "no error summary"
    return match.group(1)


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"description": ""}, "description", "Describe what happened."),
        ({"description": "   \n\t  "}, "description", "Describe what happened."),
        ({"anonymity": ""}, "anonymity", "Choose how you want to be known"),
        ({"anonymity": "secret"}, "anonymity", ""),
        ({"reporter_name": "Jan Jansen"}, "reporter_name", "An anonymous report carries no name or contact details"),
        ({"reporter_phone": "0612345678"}, "reporter_phone", "An anonymous report carries no name or contact details"),
        ({"anonymity": "open"}, "reporter_name", "Give your name, or choose to report anonymously."),
        ({"anonymity": "open", "reporter_name": "Jan", "reporter_email": "nope"}, "reporter_email", "e-mail address"),
    ],
)
@pytest.mark.usefixtures("english")
def test_bad_input_is_explained_and_nothing_is_stored(client, handler, file_report, fields, field, message):
    before = stored_counts()
    response = file_report(**fields)
    assert response.status_code == 200
    errors = _errors(response)
    assert f'href="#id_{field}"' in errors and message in errors
    assert 'class="loket-receipt"' not in response.content.decode()
    assert stored_counts() == before


@pytest.mark.usefixtures("english")
def test_employee_numbers_get_the_same_page_whether_they_exist_or_not(client, handler, file_report, org):
    """The public form is no oracle of employee numbers, and no lever on the register: what
    the reporter types is kept, encrypted, as their claim (issue 12)."""
    from loket.core.models import Employee
    from loket.whistle.models import ProtectedPerson

    Employee.objects.create(number="E-200", name="Real Employee", unit=org["team"])
    pages = []
    for number in ("E-200", "E-404"):
        response = file_report(
            anonymity="confidential",
            reporter_name="Jan",
            reporter_employee_number=number,
            involved_employees=f"{number}, E-405",
        )
        assert response.status_code == 200 and 'class="loket-receipt"' in response.content.decode()
        html = response.content.decode()
        pages.append(re.sub(r"M-\d{4}-[A-Z0-9]{6}|\d{4} \d{4} \d{4} \d{4}", "", html))
    assert pages[0] == pages[1]
    assert not ProtectedPerson.objects.exists()


@pytest.mark.usefixtures("english")
def test_every_problem_is_listed_at_once(client, handler, file_report):
    response = file_report(description=" ", reporter_name="Jan", attachments=[upload("x.pdf", random_bytes())])
    errors = _errors(response)
    assert 'href="#id_description"' in errors and 'href="#id_reporter_name"' in errors
    assert 'href="#id_attachments"' in errors and "x.pdf" in errors
    assert "choose them again" in errors  # files do not survive a round trip
    assert stored_counts()["Report"] == 0


def test_what_the_reporter_typed_is_kept_after_an_error(client, handler, file_report):
    response = file_report(description="Slots were sold", reporter_name="Jan", happened_where="Rijswijk")
    html = response.content.decode()
    assert "Slots were sold</textarea>" in html and 'value="Rijswijk"' in html
    assert re.search(r'value="anonymous"[^>]*checked', html)


@pytest.mark.parametrize(
    "name, data",
    [
        ("report.pdf", windows_exe()),
        ("report.pdf", random_bytes()),
        ("photo.pdf", jpeg()),
        ("setup.exe", windows_exe()),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(client, handler, file_report, name, data):
    before = stored_counts()
    errors = _errors(file_report(attachments=[upload(name, data)]))
    assert name in errors
    assert stored_counts() == before


def test_an_oversized_file_is_refused(client, handler, file_report, settings):
    settings.WHISTLE_MAX_ATTACHMENT_BYTES = 2048
    before = stored_counts()
    errors = _errors(file_report(attachments=[upload("big.txt", b"x" * 2049)]))
    assert "big.txt" in errors
    assert stored_counts() == before


def test_metadata_is_stripped_when_the_box_is_ticked(client, handler, file_report):
    response = file_report(attachments=[upload("photo.jpg", jpeg())])
    assert receipt_on(response)
    user, ring = handler
    name, content_type, data, stripped = stored_attachment(Report.objects.get(), user, ring)
    assert (name, content_type, stripped) == ("photo.jpg", "image/jpeg", True)
    assert REPORTER.encode() not in data


def test_metadata_is_kept_when_the_box_is_cleared(client, handler, file_report):
    response = file_report(attachments=[upload("photo.jpg", jpeg())], strip_metadata="")
    assert receipt_on(response)
    user, ring = handler
    _name, _type, data, stripped = stored_attachment(Report.objects.get(), user, ring)
    assert not stripped and REPORTER.encode() in data


def test_the_page_speaks_the_reporters_language(client, db):
    assert '<html lang="nl"' in client.get("/melden/").content.decode()
    switched = client.get("/melden/taal/", {"language": "en", "next": "/melden/"})
    assert switched.status_code == 302 and switched["Location"] == "/melden/"
    assert switched.cookies["django_language"].value == "en"
    html = client.get("/melden/").content.decode()
    assert '<html lang="en"' in html and "Report suspected wrongdoing" in html
    response = client.post("/melden/", {"description": "x", "anonymity": "anonymous", "category": "gossip"})
    assert "Select a valid choice" in _errors(response)


def test_the_language_links_go_nowhere_else(client, db):
    html = client.get("/melden/terugkomen/").content.decode()
    assert 'href="/melden/taal/?language=en&amp;next=/melden/terugkomen/"' in html
    assert "csrfmiddlewaretoken" not in html
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.get("/melden/taal/", {"language": "en", "next": target})
        assert response["Location"] == "/"
    assert not client.get("/melden/taal/", {"language": "xx", "next": "/melden/"}).cookies


def test_home_links_to_the_reporting_channel_and_switches_language(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'href="/melden/"' in html and 'href="/melden/terugkomen/"' in html
    # Client pages choose the language by plain links (issue 13): all ten client languages.
    assert html.count('href="/taal/?language=') == 9 and 'lang="ar" dir="rtl"' in html


def test_adviser_page(client, db):
    response = client.get("/melden/vertrouwenspersoon/")
    assert response.status_code == 200
    assert "vertrouwenspersoon" in response.content.decode()
    _no_state(response)
