"""Staff forms: extension and override input, parsed into plain values."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ExtensionForm(forms.Form):
    student = forms.ChoiceField(label=_("Student"))
    due_at = forms.DateTimeField(label=_("New due date"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args, students=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].choices = [(str(u.pk), f"{u.username} ({u.display_name()})") for u in students]


class OverrideForm(forms.Form):
    course_assignment = forms.ChoiceField(label=_("Assignment"))
    score = forms.FloatField(label=_("Score"), min_value=0)
    reason = forms.CharField(label=_("Reason"), max_length=500)
    reason_shown = forms.BooleanField(label=_("Show the reason to the student"), required=False)

    def __init__(self, *args, columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course_assignment"].choices = [
            (str(ca.pk), f"{ca.assignment.slug} (/{ca.assignment.points:g})") for ca in columns
        ]
