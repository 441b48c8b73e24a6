from django import forms
from django.utils.translation import gettext_lazy as _

from lokaalwerk.core.uploads import LimitedFileField


class AgreementUploadForm(forms.Form):
    file = LimitedFileField(
        limit_setting="AGREEMENT_UPLOAD_MAX_BYTES",
        label=_("Agreement (text or PDF)"),
        help_text=_("The council's text of the agreement, as .txt or .pdf."),
    )
