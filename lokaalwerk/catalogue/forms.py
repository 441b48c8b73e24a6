"""Forms of the catalogue. Rules live in services.py; forms only parse and tie errors to fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lokaalwerk.accounts import policies
from lokaalwerk.core.uploads import LimitedFileField
from lokaalwerk.geography.models import Municipality

from .constants import REGION_NIS_CODES, WEEKDAYS, ClientStatus, DirectoryKind, InclusionStatus
from .models import DirectoryEntry, Language, Offer
from .services import HoursSlot


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *DirectoryKind.choices]
    )
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)

    def __init__(self, *args, municipalities=(), languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [
            ("", _("All municipalities")),
            *[(m.nis_code, m.name_nl) for m in municipalities],
        ]
        self.fields["language"].choices = [
            ("", _("All languages")),
            *[(lang.code, lang.name) for lang in languages],
        ]
        self.fields["q"].widget.attrs["type"] = "search"


class OpeningHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), choices=WEEKDAYS, coerce=int)
    opens = forms.TimeField(label=_("Opens"), widget=forms.TimeInput(attrs={"type": "time"}))
    closes = forms.TimeField(label=_("Closes"), widget=forms.TimeInput(attrs={"type": "time"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes", _("Opening hours must end after they start."))
        return data


OpeningHoursFormSet = forms.formset_factory(OpeningHoursForm, extra=2, can_delete=True)


def hours_initial(owner) -> list[dict]:
    return [
        {"weekday": h.weekday, "opens": h.opens, "closes": h.closes, "note": h.note}
        for h in owner.opening_hours.all()
    ]


def hours_slots(formset) -> list[HoursSlot]:
    return [
        HoursSlot(
            f.cleaned_data["weekday"],
            f.cleaned_data["opens"],
            f.cleaned_data["closes"],
            f.cleaned_data.get("note", ""),
        )
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def _website_field():
    return forms.URLField(label=_("Website"), required=False, assume_scheme="https")


class OfferForm(forms.ModelForm):
    url = _website_field()
    eligible_statuses = forms.MultipleChoiceField(
        label=_("Eligible situations"),
        choices=ClientStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty when every situation is welcome."),
    )

    class Meta:
        model = Offer
        fields = [
            "provider",
            "name",
            "slug",
            "summary",
            "description",
            "target_groups",
            "age_min",
            "age_max",
            "eligible_statuses",
            "dutch_level_min",
            "residence_municipalities",
            "eligibility_notes",
            "locations",
            "capacity",
            "waiting_list",
            "how_to_refer",
            "open_to_partner_clients",
            "languages",
            "email",
            "phone",
            "url",
            "is_active",
            "last_checked_on",
        ]
        widgets = {
            "target_groups": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
            "last_checked_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = policies.offer_provider_choices_for(user)
        self.fields["residence_municipalities"].queryset = policies.municipalities_for(user).filter(
            valid_to__isnull=True
        )

    def clean(self):
        data = super().clean()
        age_min, age_max = data.get("age_min"), data.get("age_max")
        if age_min is not None and age_max is not None and age_min > age_max:
            self.add_error("age_max", _("The maximum age must not be lower than the minimum age."))
        return data

    def _post_clean(self):
        # The service validates and saves the model; the form only checks its fields.
        pass

    def values(self) -> dict:
        relations = {"target_groups", "residence_municipalities", "locations", "languages"}
        return {k: v for k, v in self.cleaned_data.items() if k not in relations}

    def relations(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("target_groups", "residence_municipalities", "locations", "languages")
        }


class DirectoryEntryForm(forms.ModelForm):
    url = _website_field()

    class Meta:
        model = DirectoryEntry
        fields = [
            "kind",
            "name",
            "description",
            "owner",
            "owner_email",
            "location",
            "languages",
            "phone",
            "url",
            "is_free",
            "is_published",
        ]
        widgets = {"languages": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = policies.offer_provider_choices_for(user)
        self.fields["languages"].queryset = Language.objects.all()

    def _post_clean(self):
        pass

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "languages"}


class InclusionDecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"), choices=InclusionStatus.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    barrier = forms.CharField(
        label=_("Why the group cannot use the offer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("In your own words, beside what the eligibility rules already say."),
    )


class VacancyImportForm(forms.Form):
    file = LimitedFileField(
        limit_setting="VACANCY_UPLOAD_MAX_BYTES",
        label=_("Vacancy list (CSV or XLSX)"),
        help_text=_(
            "Columns: reference, employer, municipality, title, description, hours_per_week, "
            "indication_required, conditions, posted_on, expires_on, status."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: only check, store nothing"), required=False, initial=True
    )


class VacancySubscriptionForm(forms.Form):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.filter(nis_code__in=REGION_NIS_CODES),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to receive all ten municipalities of the region."),
    )
    is_active = forms.BooleanField(label=_("Send me the weekly digest"), required=False)

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipalities"].queryset = municipalities
