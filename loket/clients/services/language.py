"""The client's own choice of language, stored so that every device and every message uses it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ...core import audit
from ...core.languages import CLIENT_LANGUAGES
from ..models import Client


def set_preferred_language(*, client_id: int, language: str, actor: str = "client") -> bool:
    """Store the language the client chose (never one guessed for them); True when it changed."""
    if language not in CLIENT_LANGUAGES:
        raise ValidationError({"language": _("Choose one of the languages on the list.")})
    with transaction.atomic():
        changed = (
            Client.objects.filter(pk=client_id, merged_into__isnull=True)
            .exclude(language=language)
            .update(language=language)
        )
        if changed:
            audit.record(
                actor=actor,
                action="client.language",
                object_type="clients.client",
                object_id=client_id,
                data={"language": language},
            )
    return bool(changed)
