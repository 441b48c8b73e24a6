from django import forms
from django.utils.translation import gettext_lazy as _

from lokaalwerk.core.uploads import LimitedFileField

from .constants import (
    PeriodBasis,
    PrincipleRating,
    ProgressStatus,
    RollupMethod,
)
from .models import ReportingPeriod


class ProgressUpdateForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Reporting period"), queryset=ReportingPeriod.objects.none()
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProgressStatus.choices)
    progress = forms.IntegerField(
        label=_("Progress of the work (%)"),
        min_value=0,
        max_value=100,
        help_text=_("How much of the planned work is done, from 0 to 100."),
    )
    note = forms.CharField(
        label=_("Why at risk or off track"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the action is at risk or off track."),
    )
    narrative = forms.CharField(
        label=_("What happened this period"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    evidence_file = LimitedFileField(
        limit_setting="EVIDENCE_UPLOAD_MAX_BYTES",
        label=_("Evidence (file)"),
        required=False,
        help_text=_("PDF, image, office document or CSV."),
    )
    evidence_url = forms.URLField(label=_("Evidence (link)"), required=False, assume_scheme="https")

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = agreement.reporting_periods.all()


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve the update")), ("return", _("Return to the author"))],
        widget=forms.RadioSelect,
    )
    review_note = forms.CharField(
        label=_("Note to the author"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OwnerForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=None)
    commitment = forms.ModelChoiceField(
        label=_("For the commitment of"),
        queryset=None,
        required=False,
        empty_label=_("The whole action"),
    )
    name_public = forms.BooleanField(
        label=_("The person agreed that their name is published"), required=False
    )

    def __init__(self, *args, action, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["commitment"].queryset = action.commitments.select_related("organisation")
        self.fields["commitment"].label_from_instance = lambda c: c.organisation.name


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=300)
    commitment = forms.ModelChoiceField(
        label=_("For the commitment of"),
        queryset=None,
        required=False,
        empty_label=_("The whole action"),
    )
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    done_on = forms.DateField(
        label=_("Done on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = action.commitments.select_related("organisation")
        self.fields["commitment"].label_from_instance = lambda c: c.organisation.name


class PeriodBasisForm(forms.Form):
    basis = forms.ChoiceField(
        label=_("Reporting periods follow"),
        choices=PeriodBasis.choices,
        widget=forms.RadioSelect,
    )


class AssessmentForm(forms.Form):
    principle = forms.ModelChoiceField(label=_("Principle"), queryset=None)
    rating = forms.ChoiceField(label=_("Assessment"), choices=PrincipleRating.choices)
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principle"].queryset = agreement.principles.all()
        self.fields["principle"].label_from_instance = lambda p: (
            f"{p.number}. {p.title or p.text[:60]}"
        )


class RollupRuleForm(forms.Form):
    method = forms.ChoiceField(label=_("Rule"), choices=RollupMethod.choices)
    manual_value = forms.IntegerField(
        label=_("Value set by hand (%)"), required=False, min_value=0, max_value=100
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PublicationForm(forms.Form):
    published = forms.BooleanField(
        label=_("Publish the results on the public page"), required=False
    )
    show_progress = forms.BooleanField(label=_("Show progress percentages"), required=False)
    show_narrative = forms.BooleanField(label=_("Show narratives"), required=False)
    show_owners = forms.BooleanField(
        label=_("Show the names of owners who agreed to it"), required=False
    )
    approval_required = forms.BooleanField(
        label=_("Updates need a coordinator's approval before they are public"), required=False
    )
    hidden_actions = forms.ModelMultipleChoiceField(
        label=_("Actions not to publish"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hidden_actions"].queryset = agreement.actions.all()


class SnapshotForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    reference = forms.CharField(
        label=_("Made for"),
        max_length=200,
        required=False,
        help_text=_("e.g. the steering group meeting of 12 March"),
    )


class ImportForm(forms.Form):
    KIND_CHOICES = [("plan", _("This plan's columns")), ("decidim", _("Decidim accountability"))]
    kind = forms.ChoiceField(label=_("Columns"), choices=KIND_CHOICES, initial="plan")
    file = LimitedFileField(
        limit_setting="PLAN_UPLOAD_MAX_BYTES", label=_("Spreadsheet (.xlsx or .csv)")
    )


class ContinueForm(forms.Form):
    title = forms.CharField(label=_("Title of the next agreement"), max_length=300)
    slug = forms.SlugField(label=_("Short name"), max_length=120)
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))
    actions = forms.ModelMultipleChoiceField(
        label=_("Actions to carry forward"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = agreement.actions.all()
