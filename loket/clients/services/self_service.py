"""The client changes their own contact details and language on the client site.

The new e-mail address and phone number replace the ones on file, so that answers and
notices go where the client now wants them; the old values stay in the audit entry (and in
the contacts that came from them), so nothing is lost.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ...core import audit
from ..models import Client, ClientEmail, ClientPhone
from ..parsing import normalise_email, parse_phone


def change_own_details(*, client: Client, email: str, phone: str, language: str, languages, actor) -> Client:
    """Replace the client's e-mail address, phone number and preferred language (any may be
    empty: an empty address or number removes it). ``languages`` are the codes the client
    site offers; ``actor`` names the client or representative (a label, not a staff user)."""
    errors, values = {}, {}
    for name, parse, raw in (("email", normalise_email, email), ("phone", parse_phone, phone)):
        raw = (raw or "").strip()
        if not raw:
            values[name] = ""
            continue
        try:
            values[name] = parse(raw)
        except ValueError as exc:
            errors[name] = [str(exc)]
    if language and language not in set(languages):
        errors["language"] = [_("Choose one of the languages offered.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client.pk)
        before = {
            "email": list(client.emails.values_list("address", flat=True)),
            "phone": list(client.phones.values_list("number", flat=True)),
            "language": client.language,
        }
        for model, field, value in (
            (ClientEmail, "address", values["email"]),
            (ClientPhone, "number", values["phone"]),
        ):
            model.objects.filter(client=client).exclude(**{field: value}).delete()
            if value:
                model.objects.get_or_create(client=client, **{field: value})
        client.language = language or ""
        client.save(update_fields=["language", "updated_at"])
        audit.record(
            actor=actor,
            action="clients.client.details_changed_by_client",
            obj=client,
            data={"before": before, "after": values | {"language": client.language}},
        )
    return client
