"""The service norms and answer templates a fresh installation starts with; both are
edited in the admin afterwards. Used by the data migrations and by tests. The answer
templates exist in every client language (loket/core/languages.py); those other than
Dutch and English were made by the Loket developers and are not reviewed."""

NORMS = [("email", "", 5), ("phone", "", 2), ("web", "", 5), ("counter", "", 5), ("letter", "", 10)]

TEMPLATES = {
    "nl": (
        "Antwoord op uw vraag {reference}: {subject}",
        "Geachte {name},\n\nU stelde ons een vraag over: {subject} (kenmerk {reference}).\n\n{answer}\n\n"
        "Heeft u hier nog een vraag over? Antwoord dan op dit bericht of noem het kenmerk {reference}: "
        "dan komt uw vraag bij dezelfde medewerker.\n\nMet vriendelijke groet,\n\n"
        "Immigratie- en Naturalisatiedienst",
    ),
    "en": (
        "Answer to your question {reference}: {subject}",
        "Dear {name},\n\nYou asked us about: {subject} (reference {reference}).\n\n{answer}\n\n"
        "Do you have another question about this? Reply to this message or mention reference {reference}: "
        "your question will then reach the same officer.\n\nKind regards,\n\n"
        "Immigration and Naturalisation Service",
    ),
    "ar": (
        "الرد على سؤالك {reference}: {subject}",
        "حضرة {name} المحترم/ة،\n\nلقد سألتنا عن: {subject} (المرجع {reference}).\n\n{answer}\n\n"
        "هل لديك سؤال آخر حول هذا الموضوع؟ يرجى الرد على هذه الرسالة أو ذكر المرجع {reference}، "
        "فيصل سؤالك إلى الموظف نفسه.\n\nمع أطيب التحيات،\n\n"
        "دائرة الهجرة والتجنيس",
    ),
    "fa": (
        "پاسخ به پرسش شما {reference}: {subject}",
        "{name} گرامی،\n\nشما درباره این موضوع از ما پرسیدید: {subject} (شماره پیگیری {reference}).\n\n{answer}\n\n"
        "پرسش دیگری در این باره دارید؟ به همین پیام پاسخ دهید یا شماره پیگیری {reference} را بگویید: "
        "آن‌گاه پرسش شما به همان کارمند می‌رسد.\n\nبا احترام،\n\n"
        "اداره مهاجرت و تابعیت هلند (IND)",
    ),
    "ti": (
        "መልሲ ንሕቶኻ {reference}: {subject}",
        "ክቡር/ክብርቲ {name}፣\n\nብዛዕባ {subject} ሓቲትኩምና ኔርኩም (ቁጽሪ መወከሲ {reference})።\n\n{answer}\n\n"
        "ብዛዕባዚ ካልእ ሕቶ ኣሎኩም ድዩ? ነዚ መልእኽቲ መልሱ ወይ ቁጽሪ መወከሲ {reference} ጥቐሱ፦ "
        "ሽዑ ሕቶኹም ናብቲ ሓደ ሰራሕተኛ ይበጽሕ።\n\nብኽብሪ፣\n\n"
        "ኣገልግሎት ኢሚግሬሽንን ዜግነትን ሆላንድ (IND)",
    ),
    "tr": (
        "{reference} numaralı sorunuzun yanıtı: {subject}",
        "Sayın {name},\n\nBize şu konuda soru sordunuz: {subject} (referans {reference}).\n\n{answer}\n\n"
        "Bu konuda başka bir sorunuz var mı? Bu mesajı yanıtlayın veya {reference} referansını belirtin: "
        "sorunuz o zaman aynı görevliye ulaşır.\n\nSaygılarımızla,\n\n"
        "Hollanda Göç ve Vatandaşlık Dairesi (IND)",
    ),
    "uk": (
        "Відповідь на ваше запитання {reference}: {subject}",
        "Шановний/шановна {name},\n\nВи запитали нас про: {subject} (номер {reference}).\n\n{answer}\n\n"
        "Маєте ще запитання щодо цього? Дайте відповідь на цей лист або назвіть номер {reference}: "
        "тоді ваше запитання потрапить до того самого працівника.\n\nЗ повагою,\n\n"
        "Служба імміграції та натуралізації Нідерландів (IND)",
    ),
    "ru": (
        "Ответ на ваш вопрос {reference}: {subject}",
        "Уважаемый(ая) {name},\n\nВы спросили нас о: {subject} (номер {reference}).\n\n{answer}\n\n"
        "У вас есть ещё вопрос по этому поводу? Ответьте на это письмо или назовите номер {reference}: "
        "тогда ваш вопрос попадёт к тому же сотруднику.\n\nС уважением,\n\n"
        "Служба иммиграции и натурализации Нидерландов (IND)",
    ),
    "so": (
        "Jawaabta su'aashaada {reference}: {subject}",
        "Mudane/Marwo {name},\n\nWaxaad na weydiisay: {subject} (tixraac {reference}).\n\n{answer}\n\n"
        "Ma qabtaa su'aal kale oo arrintan ku saabsan? Ka jawaab fariintan ama sheeg tixraaca {reference}: "
        "markaas su'aashaadu waxay gaaraysaa isla shaqaalihii.\n\nMahadsanid,\n\n"
        "Adeegga Socdaalka iyo Dhalasho-siinta Nederland (IND)",
    ),
    "fr": (
        "Réponse à votre question {reference} : {subject}",
        "Madame, Monsieur {name},\n\nVous nous avez posé une question sur : {subject} (référence {reference}).\n\n{answer}\n\n"
        "Vous avez une autre question à ce sujet ? Répondez à ce message ou indiquez la référence {reference} : "
        "votre question arrivera alors chez le même agent.\n\nCordialement,\n\n"
        "Service de l'immigration et de la naturalisation des Pays-Bas (IND)",
    ),
}


def install(ServiceNorm, AnswerTemplate) -> None:
    for channel, topic, days in NORMS:
        ServiceNorm.objects.get_or_create(channel=channel, topic=topic, defaults={"working_days": days})
    for language, (subject, body) in TEMPLATES.items():
        AnswerTemplate.objects.get_or_create(topic="", language=language, defaults={"subject": subject, "body": body})
