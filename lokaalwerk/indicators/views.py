import secrets
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lokaalwerk.accounts import policies
from lokaalwerk.agreements.selectors import action_list
from lokaalwerk.core.forms import add_service_errors
from lokaalwerk.core.htmx import import_job_response
from lokaalwerk.core.services import ImportJobError
from lokaalwerk.core.spreadsheets import CsvWriter
from lokaalwerk.core.uploads import runs_in_background
from lokaalwerk.geography.services import MECHELEN_REGION_CODE

from . import selectors, services
from .forms import ObservationUploadForm, TargetFilterForm, TargetForm

PENDING_DIR = Path(settings.MEDIA_ROOT) / "indicator-imports"


def _require_viewer(user) -> None:
    if not policies.can_view_indicators(user):
        raise PermissionDenied


@login_required
def home(request):
    _require_viewer(request.user)
    code = request.GET.get("area") or MECHELEN_REGION_CODE
    return redirect("indicators:dashboard", area_code=selectors.area_get(code=code).code)


@login_required
def dashboard(request, area_code: str):
    _require_viewer(request.user)
    area = selectors.area_get(code=area_code)
    board = selectors.dashboard_get(user=request.user, area=area)
    context = {
        "board": board,
        "areas": selectors.dashboard_areas(),
        "can_import": policies.can_import_observations(request.user),
        "can_manage_targets": policies.can_manage_targets(request.user),
    }
    return render(request, "indicators/dashboard.html", context)


@login_required
def series_csv(request, area_code: str, code: str):
    _require_viewer(request.user)
    area = selectors.area_get(code=area_code)
    indicator = selectors.indicator_get(user=request.user, code=code)
    series = selectors.series_for(
        area=area,
        indicators=[indicator],
        with_breakdowns=False,
        targets=policies.targets_visible_to(request.user),
    )[0]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}-{area.code}.csv"'
    writer = CsvWriter(response)
    labels = list(series.comparisons)
    writer.writerow(["period", "area", "value", "flag", *labels, "target", "source"])
    source = indicator.get_source_display()
    if series.synthetic:
        source = f"{source} ({_('synthetic demo data')})"
    for row in series.table_rows():
        writer.writerow(
            [
                row["period"].isoformat(),
                area.code,
                "" if row["value"] is None else row["value"],
                row["flag"],
                *["" if p is None or p.value is None else p.value for p in row["comparisons"]],
                "" if row["target"] is None else row["target"],
                source,
            ]
        )
    return response


@login_required
def import_upload(request):
    """Upload → dry run with the report → confirm. A large file runs its dry run (and then its
    import) as a job with a progress page (docs/adr/0091)."""
    if not policies.can_import_observations(request.user):
        raise PermissionDenied
    form = ObservationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        indicator = form.cleaned_data["indicator"]
        code = indicator.code if indicator else None
        if runs_in_background(upload, upload.name):
            job = services.observations_import_job_start(
                actor=request.user, upload=upload, indicator_code=code
            )
            return redirect("indicators:import-job", pk=job.pk)
        try:
            report = services.observations_import(
                actor=request.user,
                filename=upload.name,
                data=upload,
                indicator_code=code,
                dry_run=True,
            )
        except services.ObservationImportError as exc:
            form.add_error("file", exc.report.summary())
            return render(
                request,
                "indicators/import_upload.html",
                {"form": form, "report": exc.report},
                status=400,
            )
        token = secrets.token_urlsafe(16)
        PENDING_DIR.mkdir(parents=True, exist_ok=True)
        with (PENDING_DIR / token).open("wb") as pending:
            for chunk in upload.chunks():
                pending.write(chunk)
        request.session[f"indicator-import-{token}"] = {"filename": upload.name, "indicator": code}
        return render(request, "indicators/import_preview.html", {"report": report, "token": token})
    return render(request, "indicators/import_upload.html", {"form": form})


@login_required
def import_preview(request, token: str):
    """Confirming a previewed import writes it; the file is read again so the result is the
    same as the preview unless the stored figures changed in between."""
    if not policies.can_import_observations(request.user):
        raise PermissionDenied
    pending = request.session.get(f"indicator-import-{token}")
    path = PENDING_DIR / token
    if pending is None or not path.exists() or request.method != "POST":
        raise Http404(_("No such pending import."))
    try:
        with path.open("rb") as handle:
            report = services.observations_import(
                actor=request.user,
                filename=pending["filename"],
                data=handle,
                indicator_code=pending["indicator"],
            )
    except services.ObservationImportError as exc:
        messages.error(request, exc.report.summary())
        return redirect("indicators:import-upload")
    finally:
        path.unlink(missing_ok=True)
        request.session.pop(f"indicator-import-{token}", None)
    messages.success(request, _("Import done: %(summary)s") % {"summary": report.summary()})
    return redirect("indicators:home")


@login_required
def import_job(request, pk):
    """The progress of a large import, then its dry run to confirm (POST) or its result."""
    if not policies.can_import_observations(request.user):
        raise PermissionDenied
    job = selectors.observation_import_job_get(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            services.observations_import_job_confirm(job=job)
        except ImportJobError as exc:
            for reason in exc.reasons:
                messages.error(request, reason)
        return redirect("indicators:import-job", pk=job.pk)
    report = services.ImportReport.from_dict(job.result) if job.result else None
    return import_job_response(
        request,
        job,
        template="indicators/import_job.html",
        result_template="indicators/_import_job_result.html",
        context={"report": report},
    )


# --- Targets ----------------------------------------------------------------------------------


def _require_target_manager(user) -> None:
    if not policies.can_manage_targets(user):
        raise PermissionDenied


def _target_form(request, target=None) -> TargetForm:
    initial = {k: request.GET[k] for k in ("indicator", "area", "year") if request.GET.get(k)}
    return TargetForm(
        request.POST or None,
        initial=initial,
        indicators=selectors.indicator_list(user=request.user),
        areas=selectors.dashboard_areas().exclude(
            code__in=policies.foreign_area_codes(request.user)
        ),
        actions=action_list(user=request.user).order_by("-agreement__start_date", "sort_key"),
        target=target,
    )


def _back_to_list(target) -> str:
    query = urlencode({"indicator": target.indicator.code, "area": target.area.code})
    return f"{reverse('indicators:target-list')}?{query}"


@login_required
def target_list(request):
    _require_target_manager(request.user)
    form = TargetFilterForm(
        request.GET or None,
        indicators=selectors.indicator_list(user=request.user),
        areas=selectors.target_filter_areas().exclude(
            code__in=policies.foreign_area_codes(request.user)
        ),
    )
    chosen = form.cleaned_data if form.is_valid() else {}
    targets = selectors.target_list(
        user=request.user,
        indicator=chosen["indicator"].code if chosen.get("indicator") else None,
        area=chosen["area"].code if chosen.get("area") else None,
    )
    return render(request, "indicators/target_list.html", {"form": form, "targets": targets})


@login_required
def target_create(request):
    _require_target_manager(request.user)
    form = _target_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.target_set(
                actor=request.user, source=request.path, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The target was saved."))
            return redirect(_back_to_list(target))
    return render(request, "indicators/target_form.html", {"form": form, "target": None})


@login_required
def target_update(request, pk: int):
    _require_target_manager(request.user)
    target = selectors.target_get(user=request.user, pk=pk)
    form = _target_form(request, target)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_set(
                actor=request.user,
                source=request.path,
                indicator=target.indicator,
                area=target.area,
                year=target.year,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The target was saved."))
            return redirect(_back_to_list(target))
    return render(request, "indicators/target_form.html", {"form": form, "target": target})


@login_required
def target_delete(request, pk: int):
    """A confirmation page; only its POST deletes."""
    _require_target_manager(request.user)
    target = selectors.target_get(user=request.user, pk=pk)
    if request.method == "POST":
        services.target_delete(actor=request.user, target=target, source=request.path)
        messages.success(request, _("The target was deleted."))
        return redirect(_back_to_list(target))
    return render(request, "indicators/target_confirm_delete.html", {"target": target})
