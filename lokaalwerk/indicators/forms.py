from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Indicator

MAX_UPLOAD = 20 * 1024 * 1024


class ObservationUploadForm(forms.Form):
    file = forms.FileField(
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

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
