from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class AgreementUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Agreement (text or PDF)"),
        help_text=_("The council's text of the agreement, as .txt or .pdf."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
