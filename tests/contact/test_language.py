"""Issue 13 item 6: the language a client writes in is recognised in all ten client
languages, stored on the contact and the question (an explicit language wins), and the
answer is proposed in it when the client has no preferred language."""

import json

import pytest
import time_machine
from django.urls import reverse
from hypothesis import given, settings as hyp_settings, strategies as st

from loket.clients.models import Client
from loket.contact.inputs import clean_contact
from loket.contact.language import CLIENT_CODES, detect_language
from loket.contact.models import Contact, Question
from loket.contact.services import answer_defaults, draft, import_jsonl, ingest_message
from loket.contact.services.intake import language_for
from tests.contact.conftest import at, line

LETTERS = {
    "nl": "Beste medewerker, ik heb vorige maand mijn paspoort ingeleverd en nog niets terug gehoord. "
    "Kunt u mij vertellen wanneer ik het weer kan ophalen?",
    "en": "Good morning, I handed in my passport last month and I have heard nothing since. "
    "Could you tell me when I can collect it again?",
    "ar": "صباح الخير، سلمت جواز سفري الشهر الماضي ولم أسمع أي شيء منذ ذلك الحين. "
    "هل يمكنكم إخباري متى يمكنني استلامه مرة أخرى؟",
    "fa": "سلام، ماه گذشته گذرنامه‌ام را تحویل دادم و از آن زمان هیچ خبری نشنیده‌ام. "
    "لطفاً بگویید کی می‌توانم دوباره آن را دریافت کنم؟",
    "ti": "ሰላም፣ ኣብ ዝሓለፈ ወርሒ ፓስፖርተይ ኣረኪበ ኣለኹ፣ ካብኡ ንነጀው ዋላ ሓንቲ ኣይሰማዕኩን። መዓስ ክወስዶ ከም ዝኽእል ክትነግሩኒ ትኽእሉ ዶ?",
    "tr": "Günaydın, geçen ay pasaportumu teslim ettim ve o zamandan beri hiçbir şey duymadım. "
    "Onu ne zaman geri alabileceğimi söyleyebilir misiniz?",
    "uk": "Доброго ранку, минулого місяця я здав свій паспорт і відтоді нічого не чув. "
    "Чи можете ви сказати, коли я зможу його забрати?",
    "ru": "Доброе утро, в прошлом месяце я сдал свой паспорт и с тех пор ничего не слышал. "
    "Не могли бы вы сказать, когда я смогу его забрать?",
    "so": "Subax wanaagsan, bishii hore ayaan dhiibay baasaboorkayga mana aanan maqal wax war ah tan iyo markaas. "
    "Ma ii sheegi kartaan goorta aan dib u qaadan karo?",
    "fr": "Bonjour, j'ai remis mon passeport le mois dernier et je n'ai plus rien entendu depuis. "
    "Pourriez-vous me dire quand je pourrai le récupérer ?",
}


@pytest.mark.parametrize("language", CLIENT_CODES)
def test_each_client_language_is_recognised(language):
    found = detect_language(LETTERS[language])
    assert (found.language, found.reason) == (language, "detected")


@pytest.mark.parametrize(
    "text,reason",
    [
        ("", "too short"),
        ("ok", "too short"),
        ("Hallo!", "too short"),
        ("V-nummer 1234567890", "too short"),
        # Half Dutch, half Arabic: neither is the language to answer in.
        ("Ik heb een afspraak op dinsdag maar أنا مريض ولا أستطيع الحضور", "mixed scripts"),
        # A neighbour of a client language is not taken for it.
        ("Guten Tag, ich warte seit Monaten auf eine Entscheidung über meinen Antrag.", "not a client language: de"),
        ("Buenos días, espero desde hace meses una decisión sobre mi solicitud.", "not a client language: es"),
        # Amharic is written in the same script as Tigrinya.
        ("ሰላም፣ ስለ ማመልከቻዬ ውሳኔ እየጠበቅሁ ነው። መቼ ነው መልስ የማገኘው? እባክዎ ይንገሩኝ።", "not a client language: am"),
        ("これは日本語の文章です。申請について質問があります。", "not a client script"),
    ],
)
def test_short_mixed_or_other_text_stays_unknown(text, reason):
    found = detect_language(text)
    assert (found.language, found.reason) == ("", reason)


@hyp_settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_client_language_or_unknown(text):
    found = detect_language(text)
    assert found.language in (*CLIENT_CODES, "")
    assert 0.0 <= found.confidence <= 1.0


def test_a_very_long_text_is_read_by_its_beginning():
    found = detect_language(LETTERS["so"] + " x" * 500_000)
    assert found.language == "so"


@pytest.fixture
def _june():
    with time_machine.travel(at(2026, 6, 4, 12), tick=False):
        yield


pytestmark = pytest.mark.usefixtures("_june")


@pytest.mark.django_db
def test_the_detected_language_is_stored_on_contact_and_question(receive):
    contact = receive(ref="so1", name="Ayaan Cali", email="a.cali@example.org", body=LETTERS["so"]).contact
    question = contact.question
    assert (contact.language, contact.language_detected) == ("so", True)
    assert (question.language, question.language_detected) == ("so", True)


@pytest.mark.django_db
def test_an_email_in_persian_is_stored_as_persian():
    from tests.contact.test_mail import mail

    body = LETTERS["fa"]
    contact = ingest_message(mail(sender="Reza <reza@example.org>", subject="گذرنامه", body=body)).contact
    assert (contact.language, contact.language_detected) == ("fa", True)
    assert contact.topic == "document"


@pytest.mark.django_db
def test_an_agents_note_of_a_call_is_not_the_clients_language(receive, agent):
    # The agent writes the note in Dutch; the client may have spoken any language.
    note = "Klant belde over het paspoort dat vorige maand is ingeleverd; wil weten wanneer het klaar is."
    contact = receive(actor=agent, ref="p1", channel="phone", topic="document", name="Reza", body=note).contact
    assert contact.language_detected is False and contact.language == ""


@pytest.mark.django_db
def test_a_language_the_client_gave_wins_over_the_text(receive):
    contact = receive(ref="fr1", language="fr", channel="web", topic="document", body=LETTERS["ar"]).contact
    assert (contact.language, contact.language_detected) == ("fr", False)
    assert (contact.question.language, contact.question.language_detected) == ("fr", False)


def test_an_unknown_language_falls_back_to_the_clients_preference():
    data = clean_contact(line(body="ok"))
    assert language_for(data, fallback="tr") == ("tr", False)
    assert language_for(clean_contact(line(body=LETTERS["fa"])), fallback="tr") == ("fa", True)


@pytest.mark.django_db
def test_the_import_stores_the_detected_language_and_a_given_one_wins():
    report = import_jsonl(
        [
            json.dumps(line(ref="i1", email="r.k@example.org", body=LETTERS["uk"])),
            json.dumps(line(ref="i2", email="s.t@example.org", body=LETTERS["uk"], language="ru")),
        ]
    )
    assert report.stored == 2
    one, two = Contact.objects.get(ref="i1"), Contact.objects.get(ref="i2")
    assert (one.language, one.language_detected) == ("uk", True)
    assert (one.question.language, one.question.language_detected) == ("uk", True)
    assert (two.language, two.language_detected) == ("ru", False)


@pytest.mark.django_db
def test_the_answer_is_proposed_in_the_language_the_client_wrote_in(receive, agent, client):
    question = receive(ref="ti1", name="Semere T", email="s.t@example.org", body=LETTERS["ti"]).contact.question
    assert question.client is None or not question.client.language
    plan = draft(question, text="ቅልጡፍ መልሲ ክንህበኩም ኢና።")
    assert plan.language == "ti" and plan.template.language == "ti"
    assert answer_defaults(question)[1] == "ti"
    client.force_login(agent)
    page = client.get(reverse("desk:contact:question", args=[question.pk]))
    html = page.content.decode()
    assert '<option value="ti" selected>ትግርኛ</option>' in html
    assert "De taal van het antwoord is uit de tekst van de klant gelezen" in html  # staff pages: Dutch


@pytest.mark.django_db
def test_the_clients_preferred_language_wins_over_the_text(receive):
    question = receive(ref="ar1", name="Sara Haddad", email="s.h@example.org", body=LETTERS["ar"]).contact.question
    holder = Client.objects.create(display_name="Sara Haddad", language="nl")
    Question.objects.filter(pk=question.pk).update(client=holder)
    question.refresh_from_db()
    assert question.language == "ar"
    assert draft(question, text="Uw paspoort ligt klaar.").language == "nl"
