"""A form renderer that writes the plainest widgets (inputs, selects and their options,
textareas) in Python instead of through Django's widget templates.

Why: a staff page renders dozens of widgets and a select runs one ``{% include %}`` per
option; that template work was a third of the CPU of a case page. The output is the same
markup, byte for byte: a template takes the fast path only while the engine loads Django's
own widget template with exactly the source copied below, and a widget context with
anything the template language would treat differently (a callable, a dict key that
shadows ``items``) goes through the template as before.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

_W = "django/forms/widgets/"
_INPUT_SOURCE = '{% include "django/forms/widgets/input.html" %}\n'
# The templates of Django 5.2 this module reproduces; any other source disables the fast path.
_SOURCES = {
    _W + "attrs.html": (
        "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
        "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}{% endfor %}"
    ),
    _W + "input.html": (
        '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %}'
        " value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
        '{% include "django/forms/widgets/attrs.html" %}>\n'
    ),
    _W + "select.html": (
        '<select name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>'
        "{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}\n"
        '  <optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}\n'
        "  {% include option.template_name with widget=option %}{% endfor %}{% if group_name %}\n"
        "  </optgroup>{% endif %}{% endfor %}\n</select>\n"
    ),
    _W + "select_option.html": (
        "<option value=\"{{ widget.value|stringformat:'s' }}\""
        '{% include "django/forms/widgets/attrs.html" %}>{{ widget.label }}</option>\n'
    ),
    _W + "textarea.html": (
        '<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n'
        "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n"
    ),
}
for _name in ("text", "number", "email", "url", "password", "hidden", "date", "time", "search", "tel", "checkbox"):
    _SOURCES[f"{_W}{_name}.html"] = _INPUT_SOURCE

_CONTEXT = Context()  # default use_tz / use_l10n / autoescape, as the renderer's templates get


class _Fallback(Exception):
    """This context needs the template language's own rules."""


def _out(value) -> str:
    """``{{ value }}``."""
    if callable(value):
        raise _Fallback
    return render_value_in_context(value, _CONTEXT)


def _fmt(value) -> str:
    """``{{ value|stringformat:'s' }}``."""
    if callable(value):
        raise _Fallback
    if isinstance(value, tuple):
        value = str(value)
    try:
        text = "%s" % value  # noqa: UP031 (the filter's own % formatting)
    except (ValueError, TypeError):
        text = ""
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(widget) -> str:
    attrs = widget["attrs"]
    if type(attrs) is not dict or "items" in attrs:
        raise _Fallback
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(" " + _out(name) if value is True else f' {_out(name)}="{_fmt(value)}"')
    return "".join(parts)


def _input(widget) -> str:
    value = widget["value"]
    shown = f' value="{_fmt(value)}"' if value != None else ""  # noqa: E711 (the template's !=)
    return f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"{shown}{_attrs(widget)}>'


def _option(option) -> str:
    if option.get("template_name") != _W + "select_option.html":
        raise _Fallback
    return f'<option value="{_fmt(option["value"])}"{_attrs(option)}>{_out(option["label"])}</option>\n'


def _select(widget) -> str:
    parts = [f'<select name="{_out(widget["name"])}"{_attrs(widget)}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_out(group_name)}">')
        for option in group_choices:
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget) -> str:
    value = widget["value"]
    return f'<textarea name="{_out(widget["name"])}"{_attrs(widget)}>\n{_out(value) if value else ""}</textarea>'


_WRITERS = {_W + "select.html": _select, _W + "textarea.html": _textarea}
for _name, _source in _SOURCES.items():
    if _source == _INPUT_SOURCE:
        _WRITERS[_name] = _input


class FastWidgetRenderer(DjangoTemplates):
    """Django's default renderer, with the plain widgets written in Python (see the module)."""

    def __init__(self):
        super().__init__()
        self._checked: dict[str, bool] = {}

    def _is_stock(self, template_name: str) -> bool:
        """Whether the engine loads Django's own template, unchanged, under this name."""
        known = self._checked.get(template_name)
        if known is None:
            known = all(self._source_matches(name) for name in self._needs(template_name))
            self._checked[template_name] = known
        return known

    @staticmethod
    def _needs(template_name: str) -> list[str]:
        names = [template_name, _W + "attrs.html"]
        if _SOURCES[template_name] == _INPUT_SOURCE:
            names.append(_W + "input.html")
        if template_name == _W + "select.html":
            names.append(_W + "select_option.html")
        return names

    def _source_matches(self, name: str) -> bool:
        try:
            template = self.get_template(name).template
        except Exception:  # an unknown loader or template: the template path decides
            return False
        return getattr(template, "source", None) == _SOURCES[name]

    def render(self, template_name, context, request=None):
        writer = _WRITERS.get(template_name)
        widget = context.get("widget") if writer is not None and request is None else None
        if type(widget) is dict and set(context) == {"widget"} and self._is_stock(template_name):
            try:
                return mark_safe(writer(widget))
            except (_Fallback, KeyError):
                pass
        return super().render(template_name, context, request=request)
