"""Item 5 of the brief: the topic of an e-mail or letter is read from its text, in Dutch,
English and Arabic."""

import pytest
from hypothesis import given, strategies as st

from loket.contact.language import guess_language
from loket.contact.topics import TOPICS, detect_topic

CASES = [
    # (topic, language, subject, body)
    ("status", "nl", "", "Wanneer krijg ik een beslissing op mijn aanvraag? Ik wacht al zes maanden."),
    ("status", "en", "Still no decision", "I applied in March and I am still waiting. How long will it take?"),
    ("status", "ar", "", "أريد أن أعرف حالة طلبي، أنتظر منذ شهور ولم يصلني أي قرار"),
    ("document", "nl", "Pasje kwijt", "Ik ben mijn verblijfsdocument kwijtgeraakt. Hoe krijg ik een nieuw?"),
    ("document", "en", "", "My residence card was stolen, how do I get a new document?"),
    ("document", "ar", "", "فقدت بطاقة الإقامة وجواز السفر، كيف أحصل على وثيقة جديدة؟"),
    ("family", "nl", "Gezinshereniging", "Mijn vrouw en kinderen willen naar Nederland komen."),
    ("family", "en", "", "I want to bring my wife and children here: family reunification."),
    ("family", "ar", "", "طلب لم الشمل لزوجتي وأطفالي"),
    ("address", "nl", "", "Ik ben verhuisd. Mijn nieuwe adres is Kerkstraat 1 in Utrecht."),
    ("address", "en", "Change of address", "I moved last week, please update my address."),
    ("address", "ar", "", "انتقلت إلى عنوان جديد في أمستردام"),
    ("appointment", "nl", "", "Ik wil mijn afspraak aan het loket verzetten."),
    ("appointment", "en", "", "Can I reschedule my appointment at the desk?"),
    ("appointment", "ar", "", "أريد تأجيل موعدي في المكتب"),
    ("naturalisation", "nl", "", "Hoe lang duurt mijn naturalisatieverzoek nog?"),
    ("naturalisation", "en", "", "I passed the civic integration exam, can I apply for naturalisation?"),
    ("naturalisation", "ar", "", "أريد التقدم بطلب التجنس والحصول على الجنسية الهولندية"),
    ("fees", "nl", "", "Ik heb de leges twee keer betaald. Kan ik het geld terugkrijgen?"),
    ("fees", "en", "", "I paid the fee twice, can I get a refund?"),
    ("fees", "ar", "", "كم رسوم الطلب؟ دفعت المبلغ مرتين وأريد استرداد المال"),
    ("other", "nl", "", "Goedemiddag"),
    ("other", "en", "Hello", "Thank you"),
    ("other", "ar", "", "شكرا جزيلا"),
]


@pytest.mark.parametrize("topic,language,subject,body", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_topic_is_read_from_the_text(topic, language, subject, body):
    assert detect_topic(subject, body) == topic


def test_arabic_with_diacritics_and_clitics():
    # حالة with a taa marbuta and harakat, preceded by وال: still "status".
    assert detect_topic("", "وَالحَالَةُ؟ مَا هِيَ حَالَةُ طَلَبِي") == "status"


def test_subject_outweighs_a_passing_word_in_the_body():
    assert detect_topic("Verhuizing", "Ik betaal nu meer huur en ben verhuisd.") == "address"


@pytest.mark.parametrize(
    "text,language",
    [
        ("Geachte heer, mevrouw, ik wacht op mijn beslissing. Met vriendelijke groet", "nl"),
        ("Dear sir or madam, I am waiting for my decision. Kind regards", "en"),
        ("السلام عليكم، أنتظر القرار", "ar"),
        ("12345", ""),
    ],
)
def test_language_of_the_text(text, language):
    assert guess_language(text) == language


@given(st.text(max_size=500), st.text(max_size=2000))
def test_any_text_gives_a_known_topic(subject, body):
    assert detect_topic(subject, body) in TOPICS
