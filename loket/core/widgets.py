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
            css = next((c for t, c in _CLASSES.items() if type(widget) is t), "utrecht-textbox utrecht-textbox--html-input")
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
