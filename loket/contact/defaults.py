"""The service norms and answer templates a fresh installation starts with; both are
edited in the admin afterwards. Used by the data migration and by tests."""

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
}


def install(ServiceNorm, AnswerTemplate) -> None:
    for channel, topic, days in NORMS:
        ServiceNorm.objects.get_or_create(channel=channel, topic=topic, defaults={"working_days": days})
    for language, (subject, body) in TEMPLATES.items():
        AnswerTemplate.objects.get_or_create(topic="", language=language, defaults={"subject": subject, "body": body})
