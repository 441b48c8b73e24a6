import json

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokaalwerk.accounts.models import Organisation
from lokaalwerk.core.uploads import LimitedFileField
from lokaalwerk.governance.models import Body


class ScreeningRoundForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the partners link their lists, in words the young people understand."),
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The article of the GDPR and the decree or agreement it rests on."),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"),
        queryset=Organisation.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    steering_group = forms.ModelChoiceField(
        label=_("Steering group"),
        queryset=Body.objects.all(),
        required=False,
        help_text=_("Its members read the counts."),
    )
    opens_on = forms.DateField(label=_("Open from"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, organisations=None, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        if organisations is not None:
            self.fields["organisations"].queryset = organisations
        if bodies is not None:
            self.fields["steering_group"].queryset = bodies

    def clean_organisations(self):
        organisations = self.cleaned_data["organisations"]
        if len(organisations) < 2:
            raise forms.ValidationError(_("Choose at least two organisations."))
        return organisations

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The round closes after it opens."))
        return cleaned


class TokenUploadForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    file = LimitedFileField(
        limit_setting="SCREENING_UPLOAD_MAX_BYTES",
        label=_("Token file"),
        help_text=_(
            "The JSON file written by “lokaalwerk screening-encode” on your own computer. "
            "Never upload the list itself."
        ),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]  # within SCREENING_UPLOAD_MAX_BYTES, not yet read
        try:
            return json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise forms.ValidationError(
                _("This is not a token file: it is not JSON. Did you upload the list itself?")
            ) from exc


class FollowUpForm(forms.Form):
    """A referral of a young person found in no other list, with their consent."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = forms.DateField(
        label=_("Birth date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    receiving_organisation = forms.ModelChoiceField(
        label=_("Refer to"), queryset=Organisation.objects.none()
    )
    reason = forms.ChoiceField(label=_("Reason"))
    witness = forms.CharField(
        label=_("Witness of the verbal consent"),
        max_length=200,
        help_text=_("The young person agreed to the referral for the joint screening."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, organisations=(), **kwargs):
        from lokaalwerk.referrals.constants import ReferralReason

        super().__init__(*args, **kwargs)
        self.fields["receiving_organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        self.fields["reason"].choices = [
            (r.value, r.label) for r in (ReferralReason.YOUTH_REACH, ReferralReason.SCHOOL_TO_WORK)
        ]
