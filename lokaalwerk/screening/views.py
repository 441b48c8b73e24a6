from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lokaalwerk.accounts import policies
from lokaalwerk.core.forms import add_service_errors

from . import selectors, services
from .constants import RoundStatus
from .forms import FollowUpForm, ScreeningRoundForm, TokenUploadForm
from .tasks import link_round


@login_required
def round_list(request):
    if not policies.can_view_screening(request.user):
        raise PermissionDenied
    context = {
        "rounds": selectors.screening_round_list(user=request.user),
        "can_create": policies.can_create_screening_round(request.user),
    }
    return render(request, "screening/round_list.html", context)


@login_required
def round_create(request):
    if not policies.can_create_screening_round(request.user):
        raise PermissionDenied
    form = ScreeningRoundForm(
        request.POST or None,
        organisations=policies.organisations_visible_to(request.user),
        bodies=policies.bodies_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            screening_round = services.screening_round_create(
                actor=request.user, source=request.path, **form.cleaned_data
            )
        except services.ScreeningError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The round was prepared; the DPO approves it next."))
            return redirect("screening:round", pk=screening_round.pk)
    return render(request, "screening/round_form.html", {"form": form})


@login_required
def round_detail(request, pk: int):
    screening_round = selectors.screening_round_get(user=request.user, pk=pk)
    user = request.user
    own = {o.pk for o in policies.screening_upload_organisations(user, screening_round)}
    context = {
        "round": screening_round,
        "uploads": {u.organisation_id: u for u in screening_round.uploads.all()},
        "own_organisation_ids": own,
        "can_approve": policies.can_approve_screening_round(user, screening_round)
        and screening_round.status == RoundStatus.DRAFT,
        "can_upload": bool(own)
        and screening_round.status in (RoundStatus.OPEN, RoundStatus.LINKED),
        "can_link": policies.can_link_screening_round(user, screening_round)
        and screening_round.status in (RoundStatus.OPEN, RoundStatus.LINKED),
        "can_close": policies.can_close_screening_round(user, screening_round)
        and screening_round.status != RoundStatus.CLOSED,
        "can_view_counts": policies.can_view_screening_counts(user, screening_round),
    }
    return render(request, "screening/round_detail.html", context)


def _round_for_action(request, pk: int, allowed) -> object:
    screening_round = selectors.screening_round_get(user=request.user, pk=pk)
    if not allowed(request.user, screening_round):
        raise PermissionDenied
    return screening_round


def _run(request, screening_round, service, success: str):
    try:
        service(actor=request.user, screening_round=screening_round, source=request.path)
    except services.ScreeningError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("screening:round", pk=screening_round.pk)


@login_required
@require_POST
def round_approve(request, pk: int):
    screening_round = _round_for_action(request, pk, policies.can_approve_screening_round)
    return _run(
        request, screening_round, services.screening_round_approve, _("The round is approved.")
    )


@login_required
@require_POST
def round_close(request, pk: int):
    screening_round = _round_for_action(request, pk, policies.can_close_screening_round)
    return _run(
        request,
        screening_round,
        services.screening_round_close,
        _("The round is closed; every token was deleted."),
    )


@login_required
@require_POST
def round_link(request, pk: int):
    screening_round = _round_for_action(request, pk, policies.can_link_screening_round)
    if screening_round.status not in (RoundStatus.OPEN, RoundStatus.LINKED):
        messages.error(request, _("This round cannot be linked now."))
    elif screening_round.uploads.filter(tokens_deleted_at=None).count() < 2:
        messages.error(request, _("At least two partners must upload their lists first."))
    else:
        # Large lists take a while: the worker links them; tests link at once.
        link_round.enqueue(screening_round.pk, request.user.pk)
        messages.success(request, _("The lists are being linked; the results follow here."))
    return redirect("screening:round", pk=screening_round.pk)


@login_required
def token_upload(request, pk: int):
    screening_round = selectors.screening_round_get(user=request.user, pk=pk)
    organisations = policies.screening_upload_organisations(request.user, screening_round)
    if not organisations:
        raise PermissionDenied
    form = TokenUploadForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            upload = services.tokens_upload(
                actor=request.user,
                screening_round=screening_round,
                organisation=form.cleaned_data["organisation"],
                data=form.cleaned_data["file"],
                source=request.path,
            )
        except services.ScreeningError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(
                request,
                _("%(count)d records were uploaded for %(organisation)s.")
                % {"count": upload.record_count, "organisation": upload.organisation},
            )
            return redirect("screening:round", pk=screening_round.pk)
    return render(request, "screening/token_upload.html", {"round": screening_round, "form": form})


@login_required
def round_counts(request, pk: int):
    screening_round = _round_for_action(request, pk, policies.can_view_screening_counts)
    return render(
        request,
        "screening/round_counts.html",
        {"round": screening_round, "counts": selectors.round_counts(screening_round)},
    )


@login_required
def result_detail(request, pk: int, organisation: str):
    screening_round = selectors.screening_round_get(user=request.user, pk=pk)
    upload = selectors.upload_get(
        user=request.user, screening_round=screening_round, organisation_slug=organisation
    )
    rows = services.result_read(actor=request.user, upload=upload, source=request.path)
    names = {o.slug: o.name for o in screening_round.organisations.all()}
    context = {
        "round": screening_round,
        "upload": upload,
        "linked": bool(screening_round.linked_at),
        "found": [(rid, [names.get(s, s) for s in where]) for rid, where in rows if where],
        "not_found": [rid for rid, where in rows if not where],
        "can_refer": policies.can_create_referral(request.user),
    }
    return render(request, "screening/result_detail.html", context)


@login_required
def result_download(request, pk: int, organisation: str):
    screening_round = selectors.screening_round_get(user=request.user, pk=pk)
    upload = selectors.upload_get(
        user=request.user, screening_round=screening_round, organisation_slug=organisation
    )
    body = services.result_export(actor=request.user, upload=upload, source=request.path)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    filename = f"screening-{screening_round.year}-{upload.organisation.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def follow_up(request, pk: int, organisation: str, record_id: str):
    from django.core.exceptions import ValidationError

    screening_round = selectors.screening_round_get(user=request.user, pk=pk)
    upload = selectors.upload_get(
        user=request.user, screening_round=screening_round, organisation_slug=organisation
    )
    if not policies.can_create_referral(request.user):
        raise PermissionDenied
    others = [o for o in screening_round.organisations.all() if o.pk != upload.organisation_id]
    form = FollowUpForm(request.POST or None, organisations=others)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.follow_up_start(
                actor=request.user,
                upload=upload,
                record_id=record_id,
                source=request.path,
                **form.cleaned_data,
            )
        except services.ScreeningError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The referral was sent."))
            return redirect("referrals:detail", pk=referral.pk)
    context = {"round": screening_round, "upload": upload, "record_id": record_id, "form": form}
    return render(request, "screening/follow_up.html", context)
