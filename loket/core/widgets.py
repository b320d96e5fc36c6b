"""Gives Django form widgets the NL Design System (Utrecht) classes and ARIA wiring."""

from django import forms

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


class StaffChoiceField(forms.ModelChoiceField):
    """Choose a staff member by name, with the user name to tell namesakes apart."""

    iterator = _StaffChoices

    def label_from_instance(self, user):
        return staff_label(user.first_name, user.last_name, user.get_username())
