"""Forms of Part IV; they parse input, the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lokaalwerk.accounts import policies
from lokaalwerk.accounts.models import Organisation
from lokaalwerk.agreements.models import Action

from .constants import AgendaItemKind, DecisionKind, FollowUpStatus, MemberRole, Reply


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"), widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"]
    )
    location = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")


class MemberForm(forms.Form):
    person_name = forms.CharField(label=_("Person"), max_length=200)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    function = forms.CharField(label=_("Function"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    is_public_official = forms.BooleanField(label=_("Public official"), required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(AgendaItemKind.FREE, AgendaItemKind.FREE.label)]
        + [(k.value, k.label) for k in (AgendaItemKind.ACTION, AgendaItemKind.INDICATOR)],
    )
    action = forms.ModelChoiceField(
        label=_("Action"), queryset=Action.objects.none(), required=False
    )
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=None, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, agreement, **kwargs):
        from lokaalwerk.indicators.models import Indicator

        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = agreement.actions.order_by("sort_key")
        self.fields["indicator"].queryset = Indicator.objects.all()

    def clean(self):
        data = super().clean()
        if data.get("kind") == AgendaItemKind.ACTION and not data.get("action"):
            self.add_error("action", _("Choose the action this item is about."))
        if data.get("kind") == AgendaItemKind.INDICATOR and not data.get("indicator"):
            self.add_error("indicator", _("Choose the indicator this item is about."))
        return data


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 10}))
    report = forms.CharField(
        label=_("Report to the steering group"),
        help_text=_("A working group's report; it is proposed for the next steering group."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of decision"), choices=DecisionKind.choices)
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 4}))
    actions = forms.ModelMultipleChoiceField(
        label=_("Linked actions"), queryset=Action.objects.none(), required=False
    )
    changed_action = forms.ModelChoiceField(
        label=_("Action to adjust"),
        help_text=_("Only for a decision that adjusts the action plan."),
        queryset=Action.objects.none(),
        required=False,
    )
    new_title = forms.CharField(label=_("New title"), max_length=300, required=False)
    new_description = forms.CharField(
        label=_("New description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    new_lead = forms.ModelChoiceField(
        label=_("New lead organisation"), queryset=Organisation.objects.all(), required=False
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        actions = agreement.actions.order_by("sort_key")
        self.fields["actions"].queryset = actions
        self.fields["changed_action"].queryset = actions
        self.fields["new_lead"].queryset = policies.organisations_working_in(agreement)

    def action_changes(self) -> dict:
        data = self.cleaned_data
        action = data.get("changed_action")
        if action is None:
            return {}
        values = {}
        if data.get("new_title"):
            values["title"] = data["new_title"]
        if data.get("new_description"):
            values["description"] = data["new_description"]
        if data.get("new_lead"):
            values["lead_organisation"] = data["new_lead"]
        return {action: values} if values else {}

    def clean(self):
        data = super().clean()
        if data.get("kind") == DecisionKind.ADJUST_PLAN:
            if not data.get("changed_action"):
                self.add_error("changed_action", _("Choose the action this decision adjusts."))
            elif not (data.get("new_title") or data.get("new_description") or data.get("new_lead")):
                self.add_error(
                    "new_title", _("Say what changes: a title, a description or a lead.")
                )
        return data


class FollowUpForm(forms.Form):
    description = forms.CharField(label=_("What"), max_length=500)
    owner_name = forms.CharField(label=_("Owner"), max_length=200)
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner's organisation"), queryset=Organisation.objects.all(), required=False
    )
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["owner_organisation"].queryset = organisations


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices)


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(label=_("Reply"), choices=Reply.choices)
