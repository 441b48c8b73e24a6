"""Forms parse input; the rules themselves are checked by the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lokaalwerk.accounts.models import Organisation

from .consent_forms import signed_form_kind
from .constants import (
    Attendance,
    ConsentMethod,
    ConsentPurpose,
    DataField,
    Language,
    Outcome,
    Priority,
    ReceiverTeam,
    ReferralReason,
    Weekday,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ClientForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DateInput())
    national_number = forms.CharField(
        label=_("National register number"),
        max_length=20,
        required=False,
        help_text=_("11 digits, e.g. 85.07.30-033.28; only when the referral needs it."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=Language.choices, initial=Language.DUTCH
    )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    recipient = forms.ModelChoiceField(
        label=_("Shared with"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("The named partner. Needed for a referral."),
    )
    scope = forms.MultipleChoiceField(
        label=_("Data that may be shared"),
        choices=DataField.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[DataField.NAME, DataField.CONTACT, DataField.LANGUAGE],
    )
    method = forms.ChoiceField(
        label=_("Given how"), choices=ConsentMethod.choices, widget=forms.RadioSelect
    )
    witness = forms.CharField(
        label=_("Witness"),
        max_length=200,
        required=False,
        help_text=_("For a verbal consent: the colleague who heard it."),
    )
    signed_form = forms.FileField(
        label=_("Signed form"),
        required=False,
        help_text=_("A PDF, JPEG or PNG file."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput())

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["recipient"].queryset = organisations.order_by("name")

    def clean_signed_form(self):
        upload = self.cleaned_data.get("signed_form")
        if upload:
            signed_form_kind(upload)
        return upload


class _OffersClients:
    """A form with a client drop-down: a choice is checked against the ``clients`` queryset,
    while the drop-down lists exactly the clients the selector read and audited."""

    def offer_clients(self, clients) -> None:
        field = self.fields["client"]
        field.choices = [("", field.empty_label), *((c.pk, str(c)) for c in clients)]


class ReferralForm(_OffersClients, forms.Form):
    client = forms.ModelChoiceField(label=_("Client"), queryset=None)
    receiving_organisation = forms.ModelChoiceField(
        label=_("Refer to"), queryset=Organisation.objects.order_by("name")
    )
    receiving_team = forms.ChoiceField(
        label=_("Team"), choices=[("", "—"), *ReceiverTeam.choices], required=False
    )
    reason = forms.ChoiceField(
        label=_("Reason (action of the agreement)"), choices=ReferralReason.choices
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    note = forms.CharField(
        label=_("Note for the receiver"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Only what the receiver needs; shared only if the consent covers notes."),
    )

    def __init__(self, *args, clients, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients
        if organisations is not None:
            self.fields["receiving_organisation"].queryset = organisations.order_by("name")


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 3})
    )


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    outcome_note = forms.CharField(
        label=_("About the outcome"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the erasure"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AuditLookupForm(forms.Form):
    client = forms.IntegerField(label=_("Client number"), min_value=1)


class BookingForm(_OffersClients, forms.Form):
    slot = forms.ModelChoiceField(label=_("Pop-up"), queryset=None)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    client = forms.ModelChoiceField(label=_("Client"), queryset=None)

    def __init__(self, *args, slots, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["client"].queryset = clients


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        label=_("Attendance"),
        choices=[
            (Attendance.ATTENDED, Attendance.ATTENDED.label),
            (Attendance.NO_SHOW, Attendance.NO_SHOW.label),
        ],
    )


class SlotForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), choices=Weekday.choices, coerce=int)
    start_time = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=100)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    active_from = forms.DateField(label=_("Active from"), widget=DateInput())
    active_until = forms.DateField(label=_("Active until"), required=False, widget=DateInput())
