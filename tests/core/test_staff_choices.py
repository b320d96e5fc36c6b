"""A staff select lists every member of staff by name and user name, without building a user
object per option (a case page has several such selects; an office has hundreds of officers)."""

from __future__ import annotations

import pytest
from django import forms
from django.db.models.signals import post_init

from loket.core.models import User
from loket.core.widgets import StaffChoiceField

pytestmark = pytest.mark.django_db


class HearerForm(forms.Form):
    by = StaffChoiceField(label="Heard by", queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["by"].queryset = User.objects.filter(username__startswith="t-").order_by("username")


@pytest.fixture
def staff():
    return [
        User.objects.create_user("t-olga", first_name="Olga", last_name="Bezwaar"),
        User.objects.create_user("t-nameless"),
        User.objects.create_user("t-olga2", first_name="Olga", last_name="Bezwaar"),
    ]


def test_the_select_names_everyone_and_marks_the_chosen_one(staff):
    html = str(HearerForm(initial={"by": staff[2].pk})["by"])

    assert f'<option value="{staff[0].pk}">Olga Bezwaar (t-olga)</option>' in html
    assert f'<option value="{staff[1].pk}">t-nameless</option>' in html
    assert f'<option value="{staff[2].pk}" selected>Olga Bezwaar (t-olga2)</option>' in html
    assert html.index("t-nameless") < html.index("(t-olga)") < html.index("(t-olga2)")  # by user name


def test_no_user_object_is_made_per_option(staff):
    made = []

    def count(sender, **kwargs):
        made.append(sender)

    post_init.connect(count, sender=User)
    try:
        str(HearerForm()["by"])
    finally:
        post_init.disconnect(count, sender=User)
    assert made == []


def test_a_choice_is_read_back_as_the_member_of_staff(staff):
    form = HearerForm(data={"by": str(staff[1].pk)})
    assert form.is_valid()
    assert form.cleaned_data["by"] == staff[1]
    assert not HearerForm(data={"by": "999999"}).is_valid()


def test_the_select_is_written_as_djangos_select(staff):
    """StaffSelect writes its options itself: the markup stays Select's, names escaped."""
    staff[1].first_name = 'Ab<"&>'
    staff[1].save()
    for initial in ({}, {"by": staff[1].pk}):
        fast = HearerForm(initial=initial)["by"]
        plain = HearerForm(initial=initial)
        plain.fields["by"].widget = forms.Select(choices=plain.fields["by"].choices)
        assert str(fast) == str(plain["by"])
