"""The client site. The reporting channel lives under /melden/, where the privacy
middleware strips the client's address and user agent from every request."""

from django.urls import path

from ..whistle.models import Message
from . import digid, my_loket_views, report_views, signin, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("melden/", report_views.report, name="report"),
    path("melden/terugkomen/", report_views.return_with_receipt, name="report_return"),
    path("melden/terugkomen/bericht/", report_views.add_message, name="report_message"),
    path(
        "melden/terugkomen/verslag/corrigeren/",
        report_views.add_message,
        {"kind": Message.Kind.CORRECTION},
        name="report_correct_minutes",
    ),
    path("melden/terugkomen/verslag/bevestigen/", report_views.confirm_minutes, name="report_confirm_minutes"),
    path("melden/vertrouwenspersoon/", views.adviser, name="report_adviser"),
    path("melden/taal/", views.language, name="language"),  # the reporter's: never reads the session
    path("taal/", views.language, name="choose_language"),
    path("mijn/", my_loket_views.my_loket, name="my_loket"),
    path("mijn/documenten/", my_loket_views.upload, name="my_upload"),
    path("mijn/documenten/<int:pk>/", my_loket_views.document, name="my_document"),
    path("mijn/documenten/alle/", my_loket_views.documents, name="my_documents"),
    path("mijn/inzage/", my_loket_views.reads, name="my_reads"),
    path("mijn/vragen/", my_loket_views.questions, name="my_questions"),
    path("mijn/vragen/<int:pk>/", my_loket_views.question, name="my_question"),
    path("mijn/gegevens/", my_loket_views.details, name="my_details"),
    # Client sign-in (loket/portal/signin.py, digid.py)
    path("inloggen/", signin.sign_in_page, name="sign_in"),
    path("inloggen/digid/", digid.start, name="digid_start"),
    path("inloggen/code/", signin.code_page, name="sign_in_code"),
    path("inloggen/kies/", signin.choose_client, name="choose_client"),
    path("inloggen/actief/", signin.keep_alive, name="keep_alive"),
    path("uitloggen/", signin.sign_out, name="sign_out"),
    path("ingelogd/", signin.signed_in, name="signed_in"),
]
