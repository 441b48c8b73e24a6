from decimal import Decimal, DecimalException

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from lokaalwerk.core.uploads import LimitedFileField
from lokaalwerk.geography.models import Area, AreaKind

from .models import Indicator
from .services import target_years


class ObservationUploadForm(forms.Form):
    file = LimitedFileField(
        limit_setting="FIGURES_UPLOAD_MAX_BYTES",
        extensions=(".csv", ".txt", ".xlsx"),
        label=_("Export file (CSV or XLSX)"),
        help_text=_("A long CSV, an export of provincies.incijfers.be or of Arvastat."),
    )
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.order_by("order", "code"),
        to_field_name="code",
        required=False,
        help_text=_("Only needed when the file does not name its indicator."),
    )


class DecimalCommaField(forms.DecimalField):
    """A number as people type it: "12,5", "12.5", "1.250,5" or "1 250". With both marks the
    last one is the decimal mark, as in the statistics exports."""

    default_error_messages = {"invalid": _("Enter a number, such as 1250 or 12,5.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)  # a text box showing the language's decimal mark
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def prepare_value(self, value):
        # A stored target has four decimals; "1450,0000" is not what anyone typed.
        if isinstance(value, Decimal) and value.is_finite():
            value = value.normalize()
            if value == value.to_integral_value():
                value = value.quantize(Decimal(1))
        return super().prepare_value(value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if "," in text and "." in text:
            decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
            text = text.replace("." if decimal_mark == "," else ",", "")
        text = text.replace(",", ".")
        try:
            return Decimal(text)
        except DecimalException as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        if obj.kind == AreaKind.MUNICIPALITY:
            return obj.name_nl
        return f"{obj.name_nl} ({obj.get_kind_display()})"


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.get_unit_display()})"


class TargetForm(forms.Form):
    """A target: indicator, area and year name it; value, action and note are what changes.
    A form for an existing target shows only the latter; the rules are the service's."""

    indicator = IndicatorChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), to_field_name="code"
    )
    area = AreaChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        to_field_name="code",
        help_text=_("A municipality, a group or a reference region, as on the dashboard."),
    )
    year = forms.IntegerField(label=_("Year"))
    value = DecimalCommaField(
        label=_("Target value"),
        max_digits=18,
        decimal_places=4,
        help_text=_("In the unit of the indicator; a decimal comma is fine."),
    )
    action = forms.TypedChoiceField(
        label=_("Action"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("The action that pursues this target; the indicator is then shown with it."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, indicators, areas, actions, target=None, **kwargs):
        if target is not None:
            kwargs["initial"] = {
                "value": target.value,
                "action": target.action_id,
                "note": target.note,
            }
        super().__init__(*args, **kwargs)
        if target is not None:
            for name in ("indicator", "area", "year"):
                del self.fields[name]
        else:
            self.fields["indicator"].queryset = indicators
            self.fields["area"].queryset = areas
            years = target_years()
            self.fields["year"].widget.attrs.update(min=years[0], max=years[-1])
        self.actions = {action.pk: action for action in actions}
        groups: dict[str, list] = {}
        for action in actions:
            label = Truncator(f"{action.code} {action.title}").chars(90)
            groups.setdefault(str(action.agreement), []).append((action.pk, label))
        self.fields["action"].choices = [("", _("No action")), *groups.items()]

    def clean_action(self):
        pk = self.cleaned_data["action"]
        return self.actions[pk] if pk is not None else None


class TargetFilterForm(forms.Form):
    indicator = IndicatorChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All indicators"),
    )
    area = AreaChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All areas"),
    )

    def __init__(self, *args, indicators, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["area"].queryset = areas
