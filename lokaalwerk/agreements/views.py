from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lokaalwerk.accounts import policies
from lokaalwerk.results import selectors as results_selectors

from . import selectors, services
from .constants import ImportStatus
from .forms import AgreementUploadForm
from .importer import AgreementImportError
from .models import AgreementImport


@login_required
def agreement_list(request):
    agreements = selectors.agreement_list(user=request.user)
    context = {
        "agreements": agreements,
        "can_import": policies.can_import_agreement(request.user),
    }
    return render(request, "agreements/agreement_list.html", context)


@login_required
def agreement_detail(request, slug: str):
    agreement = selectors.agreement_get(user=request.user, slug=slug)
    today = timezone.localdate()
    context = {
        "agreement": agreement,
        "today": today,
        "days_left": agreement.days_left(today),
        "results": results_selectors.plan_overview(agreement=agreement, user=request.user),
    }
    return render(request, "agreements/agreement_detail.html", context)


@login_required
def action_detail(request, slug: str, code: str):
    action = selectors.action_get(user=request.user, agreement_slug=slug, code=code)
    context = {
        "action": action,
        "results": results_selectors.action_overview(action=action, user=request.user),
    }
    return render(request, "agreements/action_detail.html", context)


@login_required
def agreement_upload(request):
    if not policies.can_import_agreement(request.user):
        raise PermissionDenied
    form = AgreementUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            pending = services.agreement_import_prepare(
                actor=request.user, filename=upload.name, data=upload.read()
            )
        except AgreementImportError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("agreements:import-preview", pk=pending.pk)
    return render(request, "agreements/import_upload.html", {"form": form})


def _pending_for(request, pk: int) -> AgreementImport:
    if not policies.can_import_agreement(request.user):
        raise PermissionDenied
    return get_object_or_404(
        AgreementImport, pk=pk, created_by=request.user, status=ImportStatus.PENDING
    )


@login_required
def agreement_import_preview(request, pk: int):
    pending = _pending_for(request, pk)
    return render(
        request,
        "agreements/import_preview.html",
        {"pending": pending, "structure": pending.structure},
    )


@login_required
@require_POST
def agreement_import_confirm(request, pk: int):
    pending = _pending_for(request, pk)
    if "discard" in request.POST:
        pending.status = ImportStatus.DISCARDED
        pending.save(update_fields=["status", "updated_at"])
        messages.info(request, _("The upload was discarded; nothing was imported."))
        return redirect("agreements:list")
    try:
        result = services.agreement_import_confirm(
            actor=request.user, pending=pending, source=request.path
        )
    except AgreementImportError as exc:
        messages.error(request, str(exc))
        return redirect("agreements:import-preview", pk=pending.pk)
    if result.created:
        messages.success(request, _("The agreement was imported."))
    else:
        messages.success(
            request,
            _("The agreement was updated (%(count)d changes).") % {"count": len(result.changes)},
        )
    return redirect("agreements:detail", slug=result.agreement.slug)
