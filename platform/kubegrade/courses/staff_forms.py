"""Forms of the course staff pages, parsed into plain values for the services."""

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from kubegrade.courses.models import AnswerReveal, Course, CourseAssignment, Role, ScorePolicy, validate_code_not_reserved
from kubegrade.viewer_time_zone import zone_named


class CourseCreateForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Letters, digits and dashes: k8s-2025-fall."),
                           validators=[validate_code_not_reserved])
    title = forms.CharField(label=_("Title"), max_length=200)


class AssignmentAddForm(forms.Form):
    assignment = forms.ChoiceField(label=_("Assignment from the bank"))

    def __init__(self, *args, available=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].choices = [(str(a.pk), f"{a.slug}: {a.title_en}") for a in available]


class CourseAssignmentPolicyForm(forms.ModelForm):
    due_at = forms.DateTimeField(label=_("Due"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    score_policy = forms.ChoiceField(label=_("Which attempt counts"), choices=ScorePolicy.choices)
    answers_shown = forms.ChoiceField(label=_("Answers shown"), choices=AnswerReveal.choices)

    class Meta:
        model = CourseAssignment
        fields = ["due_at", "late_penalty_percent_per_day", "late_days_max", "score_policy", "max_attempts",
                  "answers_shown", "published"]
        labels = {"late_penalty_percent_per_day": _("Late penalty (% per day)"),
                  "late_days_max": _("Late days accepted"), "max_attempts": _("Attempt limit"),
                  "published": _("Published")}
        help_texts = {"late_penalty_percent_per_day": _("From 0 to 100."),
                      "max_attempts": _("At least 1; empty for unlimited."),
                      "published": _("Students see the assignment once it is published; a new one is a draft.")}
        # The browser says the range before the server does (the model's validators are the rule).
        widgets = {"late_penalty_percent_per_day": forms.NumberInput(attrs={"min": 0, "max": 100, "step": "any"}),
                   "max_attempts": forms.NumberInput(attrs={"min": 1})}


class EnrolOneForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.STUDENT)


class CsvUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))


class BulkExtensionForm(forms.Form):
    students = forms.MultipleChoiceField(label=_("Students"), widget=forms.CheckboxSelectMultiple)
    due_at = forms.DateTimeField(label=_("New due date"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args, students=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].choices = [(str(u.pk), f"{u.username} ({u.display_name()})") for u in students]


class CourseSettingsForm(forms.ModelForm):
    time_zone = forms.CharField(
        label=_("Time zone"), max_length=64, required=False,
        widget=forms.TextInput(attrs={"list": "time-zone-names", "placeholder": "Asia/Seoul", "autocomplete": "off"}),
        help_text=_("A name from the zone database, such as Asia/Seoul. Staff pages and CSVs print times in it, "
                    "and due dates typed without a zone are read in it. Blank: the site's zone."))

    class Meta:
        model = Course
        fields = ["time_zone", "tas_may_override_grades"]

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"].strip()
        if name and zone_named(name) is None:
            raise forms.ValidationError(
                _("%(name)s is not a time zone of the zone database; write one such as Asia/Seoul or Europe/Berlin."),
                params={"name": name}, code="unknown_zone")
        return name

    @staticmethod
    def zone_names() -> list[str]:
        """For the field's datalist: every name the zone database knows, sorted."""
        return sorted(zoneinfo.available_timezones())
