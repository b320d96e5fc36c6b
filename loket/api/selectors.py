"""Reads of API tokens."""

from .models import ApiToken


def tokens() -> list[ApiToken]:
    return list(ApiToken.objects.select_related("user__employee__unit").order_by("name"))
