"""Gives Django form widgets the NL Design System (Utrecht) classes and ARIA wiring."""

import html

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

_CLASSES = {
    forms.Textarea: "utrecht-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "",
    forms.CheckboxSelectMultiple: "",
    forms.ClearableFileInput: "utrecht-textbox",
    forms.FileInput: "utrecht-textbox",
}


class DesignSystemFormMixin:
    """Mix into a form so its widgets look like the design system and read well aloud."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = next(
                (c for t, c in _CLASSES.items() if type(widget) is t), "utrecht-textbox utrecht-textbox--html-input"
            )
            if css:
                widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if field.required and not isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
                widget.attrs.setdefault("aria-required", "true")
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-help"

    def full_clean(self):
        """After validation, point invalid fields at their error message."""
        super().full_clean()
        for name in getattr(self, "_errors", None) or {}:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-error"


class DateInput(forms.DateInput):
    """A native date picker that reads and writes ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def staff_label(first_name: str, last_name: str, username: str) -> str:
    name = f"{first_name} {last_name}".strip()  # as User.get_full_name()
    return f"{name} ({username})" if name else username


class _StaffChoices(forms.models.ModelChoiceIterator):
    """The options from three columns, not a model instance per member of staff: a case page
    shows several staff selects, each listing every officer (hundreds in a real office)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = self.queryset.values_list("pk", "first_name", "last_name", "username")
        for pk, first, last, username in rows:
            yield (pk, staff_label(first, last, username))


class StaffSelect(forms.Select):
    """A select of every member of staff, its options written straight from the (id, label)
    pairs: the same markup as :class:`forms.Select` (tests/core/test_staff_choices.py), without
    a dict per option for the renderer (a case page shows four, each of every officer)."""

    def get_context(self, name, value, attrs):
        choices, self.choices = self.choices, []  # the <select> itself, without its options
        try:
            return super().get_context(name, value, attrs)
        finally:
            self.choices = choices

    def render(self, name, value, attrs=None, renderer=None):
        written = super().render(name, value, attrs, renderer)
        head, closing, tail = written.rpartition("\n</select>")
        if not closing:  # not the stock select markup: let Django write the options
            return forms.Select.render(self, name, value, attrs, renderer)
        chosen, found, parts = set(self.format_value(value)), False, [head]
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            selected = not found and text in chosen
            found |= selected
            mark = " selected" if selected else ""
            value_html = text if type(option_value) is int else conditional_escape(text)  # an id: digits
            label_html = html.escape(label) if type(label) is str else conditional_escape(label)  # as escape()
            parts.append(f'\n  <option value="{value_html}"{mark}>{label_html}</option>\n')
        parts.append(closing + tail)
        return mark_safe("".join(parts))


class StaffChoiceField(forms.ModelChoiceField):
    """Choose a staff member by name, with the user name to tell namesakes apart."""

    iterator = _StaffChoices
    widget = StaffSelect

    def label_from_instance(self, user):
        return staff_label(user.first_name, user.last_name, user.get_username())
