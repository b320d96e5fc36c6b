"""The e-mail and letter a client gets (the answer template) exists in every client language,
with the same placeholders as the Dutch one (issue 13, item 4)."""

import string

from loket.contact.answer_models import AnswerTemplate
from loket.contact.defaults import TEMPLATES
from loket.core.languages import CLIENT_LANGUAGES


def _fields(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_every_client_language_has_an_answer_template_with_the_same_placeholders():
    assert set(TEMPLATES) == set(CLIENT_LANGUAGES)
    subject, body = TEMPLATES["nl"]
    for language, (other_subject, other_body) in TEMPLATES.items():
        assert _fields(other_subject) == _fields(subject), language
        assert _fields(other_body) == _fields(body) == {"name", "reference", "subject", "answer"}, language


def test_the_migration_installs_them(db):
    assert set(AnswerTemplate.objects.filter(topic="").values_list("language", flat=True)) == set(CLIENT_LANGUAGES)
