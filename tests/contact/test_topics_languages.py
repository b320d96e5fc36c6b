"""Issue 13 item 6: topic detection covers every client language, not only Dutch,
English and Arabic (the keywords of the others are in loket/contact/topic_words.py)."""

import pytest
from hypothesis import given, strategies as st

from loket.contact.topics import TOPICS, detect_topic, normalise

CASES = [
    # (topic, language, subject, body)
    ("status", "fa", "", "شش ماه است منتظر تصمیم درباره درخواستم هستم. وضعیت پرونده من چیست؟"),
    ("status", "ti", "", "ንሽዱሽተ ኣዋርሕ ውሳነ እጽበ ኣለኹ። ኩነታት ጉዳየይ ከመይ ኣሎ?"),
    ("status", "tr", "", "Altı aydır kararımı bekliyorum. Dosyamın durumu nedir?"),
    ("status", "uk", "", "Я вже пів року чекаю на рішення. Який статус моєї справи?"),
    ("status", "ru", "", "Я уже полгода жду решения. Какой статус моего дела?"),
    ("status", "so", "", "Lix bilood ayaan sugayay go'aanka. Xaaladda kiiskaygu maxay tahay?"),
    ("status", "fr", "", "J'attends une décision depuis six mois. Où en est mon dossier ?"),
    ("fees", "fa", "", "من دو بار هزینه را پرداخت کردم. آیا پولم برگردانده می‌شود؟"),
    ("fees", "ti", "", "ክፍሊት ክልተ ግዜ ከፊለ። ገንዘበይ ክምለሰለይ ይኽእል ዶ?"),
    ("fees", "tr", "", "Harcı iki kez ödedim. Param iade edilebilir mi?"),
    ("fees", "uk", "", "Я двічі сплатив збір. Чи можна повернути гроші?"),
    ("fees", "ru", "", "Я дважды оплатил сбор. Можно ли вернуть деньги?"),
    ("fees", "so", "", "Khidmadda laba jeer ayaan bixiyay. Lacagtayda dib ma loo celin karaa?"),
    ("fees", "fr", "", "J'ai payé les frais deux fois. Puis-je être remboursé ?"),
    ("naturalisation", "fa", "", "می‌خواهم تابعیت هلند را بگیرم. چه مدارکی لازم است؟"),
    ("naturalisation", "ti", "", "ዜግነት ሆላንድ ክሓትት እደሊ። እንታይ የድልየኒ?"),
    ("naturalisation", "tr", "", "Hollanda vatandaşlığına başvurmak istiyorum. Neye ihtiyacım var?"),
    ("naturalisation", "uk", "", "Я хочу подати заяву на громадянство Нідерландів. Що мені потрібно?"),
    ("naturalisation", "ru", "", "Я хочу подать заявление на гражданство Нидерландов. Что мне нужно?"),
    ("naturalisation", "so", "", "Waxaan rabaa inaan codsado jinsiyadda Nederland. Maxaan u baahanahay?"),
    ("naturalisation", "fr", "", "Je voudrais demander la nationalité néerlandaise. De quoi ai-je besoin ?"),
    ("address", "so", "Cinwaan", "Waxaan u guuray Rotterdam bishii hore."),
    ("appointment", "uk", "", "Я не можу прийти на зустріч у вівторок. Можна перенести?"),
    ("family", "tr", "", "Eşim ve iki çocuğum Suriye'de. Aile birleşimi için ne yapmalıyım?"),
    ("document", "fr", "", "On m'a volé mon titre de séjour dans le train. Comment en avoir un nouveau ?"),
]


@pytest.mark.parametrize("topic,language,subject,body", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_topic_is_read_in_every_client_language(topic, language, subject, body):
    assert detect_topic(subject, body) == topic


def test_persian_typed_with_arabic_letters_reads_the_same():
    # ی and ک typed as the Arabic ي and ك (an Arabic keyboard).
    assert normalise("وضعیت کارت") == normalise("وضعيت كارت")
    assert detect_topic("", "وضعيت درخواستم چيست؟ منتظر تصميم هستم") == "status"


def test_a_greeting_alone_has_no_topic_in_any_language():
    for text in ("Salaan", "Merhaba", "Здравствуйте", "Bonjour", "ሰላም", "سلام"):
        assert detect_topic("", text) == "other"


@given(st.text(max_size=300), st.text(max_size=1000))
def test_any_unicode_text_gives_a_known_topic(subject, body):
    assert detect_topic(subject, body) in TOPICS
