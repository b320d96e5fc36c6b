"""The fast widget renderer writes exactly the markup of Django's own widget templates."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings, strategies as st

from loket.core.form_renderer import FastWidgetRenderer
from loket.core.widgets import DateInput, DesignSystemFormMixin

FAST = FastWidgetRenderer()
STOCK = DjangoTemplates()

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
attr_value = st.one_of(st.booleans(), st.none(), st.integers(), text)
attrs = st.dictionaries(st.sampled_from(["class", "aria-describedby", "data-x", "required", "rows"]), attr_value)


def both(widget, name, value):
    return widget.render(name, value, renderer=FAST), widget.render(name, value, renderer=STOCK)


@settings(max_examples=150, deadline=None)
@given(
    attrs=attrs,
    value=st.one_of(st.none(), text, st.integers()),
    kind=st.sampled_from(
        [forms.TextInput, forms.NumberInput, forms.HiddenInput, forms.EmailInput, forms.Textarea, DateInput]
    ),
)
def test_inputs_and_textareas_match_the_templates(attrs, value, kind):
    fast, stock = both(kind(attrs=attrs), "field-name", value)
    assert fast == stock


@settings(max_examples=150, deadline=None)
@given(
    attrs=attrs,
    choices=st.lists(st.tuples(st.one_of(text, st.integers()), text), max_size=6),
    grouped=st.booleans(),
    chosen=st.one_of(st.none(), text, st.lists(text, max_size=2)),
)
def test_selects_match_the_templates(attrs, choices, grouped, chosen):
    if grouped and choices:
        choices = [("", "---"), ("Group <b>", choices), (mark_safe("<i>safe</i>"), choices[:2])]
    for kind in (forms.Select, forms.SelectMultiple):
        fast, stock = both(kind(attrs=attrs, choices=choices), "choose", chosen)
        assert fast == stock
    for value in (None, True, "false"):
        fast, stock = both(forms.NullBooleanSelect(attrs=attrs), "yes-no", value)
        assert fast == stock


def test_checkbox_dates_and_lazy_labels_match_in_both_languages():
    class SampleForm(DesignSystemFormMixin, forms.Form):
        when = forms.DateField(label=gettext_lazy("On"), widget=DateInput, help_text="help")
        agree = forms.BooleanField(required=False)
        pick = forms.ChoiceField(choices=[("a", gettext_lazy("Kind")), ("b", "<script>")])
        note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    for language in ("nl", "en"):
        with translation.override(language):
            bound = SampleForm({"when": "2026-01-02", "agree": "on", "pick": "b", "note": "x & <y>"})
            unbound = SampleForm(initial={"when": datetime.date(2026, 3, 4)})
            for form in (bound, unbound):
                for field in form:
                    fast = field.field.widget.render(field.html_name, field.value(), renderer=FAST)
                    stock = field.field.widget.render(field.html_name, field.value(), renderer=STOCK)
                    assert fast == stock


def test_a_changed_template_falls_back_to_the_template(monkeypatch):
    renderer = FastWidgetRenderer()
    monkeypatch.setitem(renderer._checked, "django/forms/widgets/select.html", False)
    widget = forms.Select(choices=[("a", "A")])
    called = []
    original = DjangoTemplates.render
    monkeypatch.setattr(DjangoTemplates, "render", lambda self, *a, **k: called.append(a) or original(self, *a, **k))
    widget.render("x", "a", renderer=renderer)
    assert called, "a template that is not Django's own must be rendered by the template engine"


def test_the_project_uses_it(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FastWidgetRenderer)


@pytest.mark.parametrize("name", ["select.html", "text.html", "textarea.html", "date.html", "checkbox.html"])
def test_djangos_own_templates_are_recognised(name):
    assert FastWidgetRenderer()._is_stock("django/forms/widgets/" + name)
