"""Isolate a value from the text around it, so that a reference, a number, a date or a name
reads in its own direction inside a right-to-left sentence (and the sentence is not reordered
by it): ``{{ value|bdi }}``, also inside ``{% blocktranslate with ref=value|bdi %}``."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def bdi(value):
    return format_html("<bdi>{}</bdi>", value)
