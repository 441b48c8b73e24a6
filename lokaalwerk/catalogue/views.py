"""Pages of the catalogue: thin views that parse input, ask selectors or services, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lokaalwerk.accounts import policies
from lokaalwerk.core.htmx import import_job_response
from lokaalwerk.core.services import ImportJobError
from lokaalwerk.core.spreadsheets import csv_bytes
from lokaalwerk.core.uploads import runs_in_background

from . import selectors, services
from .constants import ClientStatus, DirectoryKind, InclusionStatus
from .forms import (
    DirectoryEntryForm,
    DirectorySearchForm,
    InclusionDecisionForm,
    OfferForm,
    OpeningHoursFormSet,
    VacancyImportForm,
    VacancySubscriptionForm,
    hours_initial,
    hours_slots,
)
from .models import Language, VacancySubscription
from .vacancy_files import vacancies_to_csv, vacancies_to_xlsx


def _referral_url(user, kind: str, pk: int) -> str:
    """Start a referral (warme overdracht) from an offer or a vacancy, for who may refer."""
    if not policies.can_create_referral(user):
        return ""
    try:
        return f"{reverse('referrals:create')}?{kind}={pk}"
    except NoReverseMatch:
        return ""


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- Public directory -----------------------------------------------------------------------


def directory(request):
    """Action 2.1: the public directory, searchable without login and without JavaScript."""
    form = DirectorySearchForm(
        request.GET or None,
        municipalities=selectors.directory_municipalities(),
        languages=Language.objects.filter(directory_entries__is_published=True).distinct(),
    )
    filters = selectors.DirectoryFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.DirectoryFilters(
            query=data["q"].strip(),
            kind=data["kind"],
            municipality=data["municipality"],
            language=data["language"],
            open_now=data["open_now"],
        )
    paginator = Paginator(selectors.directory_search(user=request.user, filters=filters), 24)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "entries": page.object_list,
        "page": page,
        "total": paginator.count,
        "query": query.urlencode(),
        "kinds": DirectoryKind,
        "stale_before": services.stale_before(),
    }
    if request.htmx:
        return render(request, "catalogue/_directory_results.html", context)
    return render(request, "catalogue/directory.html", context)


def directory_entry_detail(request, uuid):
    entry = selectors.directory_entry_get(user=request.user, uuid=uuid)
    context = {
        "entry": entry,
        "stale_before": services.stale_before(),
        "can_edit": policies.can_edit_directory_entry(request.user, entry),
    }
    return render(request, "catalogue/directory_entry_detail.html", context)


@login_required
def directory_manage(request):
    """The entries a partner keeps up to date, oldest check first."""
    _require(policies.can_edit_directory_entry(request.user))
    entries = selectors.directory_entries_owned_by(user=request.user)
    context = {"entries": entries, "stale_before": services.stale_before()}
    return render(request, "catalogue/directory_manage.html", context)


@login_required
def directory_entry_edit(request, uuid=None):
    entry = None
    if uuid is not None:
        entry = selectors.directory_entry_get(user=request.user, uuid=uuid)
        _require(policies.can_edit_directory_entry(request.user, entry))
    else:
        _require(policies.can_edit_directory_entry(request.user))
    form = DirectoryEntryForm(request.POST or None, instance=entry, user=request.user)
    hours = OpeningHoursFormSet(
        request.POST or None, prefix="hours", initial=hours_initial(entry) if entry else None
    )
    if request.method == "POST" and form.is_valid() and hours.is_valid():
        try:
            entry = services.directory_entry_save(
                actor=request.user,
                entry=entry,
                values=form.values(),
                languages=form.cleaned_data["languages"],
                hours=hours_slots(hours),
                source=request.path,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The directory entry was saved."))
            return redirect("catalogue:directory-entry", uuid=entry.uuid)
    return render(
        request,
        "catalogue/directory_entry_form.html",
        {"form": form, "hours": hours, "entry": entry},
    )


@login_required
@require_POST
def directory_entry_check(request, uuid):
    entry = selectors.directory_entry_get(user=request.user, uuid=uuid)
    _require(policies.can_edit_directory_entry(request.user, entry))
    services.directory_entry_mark_checked(actor=request.user, entry=entry, source=request.path)
    messages.success(request, _("Marked as checked today."))
    if request.POST.get("next") == "entry":
        return redirect("catalogue:directory-entry", uuid=entry.uuid)
    return redirect("catalogue:directory-manage")


# --- Offers ---------------------------------------------------------------------------------


@login_required
def offer_list(request):
    _require(policies.can_view_catalogue(request.user))
    query = request.GET.get("q", "").strip()[:100]
    offers = selectors.offer_list(user=request.user, query=query)
    context = {"offers": offers, "query": query, "can_add": policies.can_edit_offer(request.user)}
    if request.htmx:
        return render(request, "catalogue/_offer_results.html", context)
    return render(request, "catalogue/offer_list.html", context)


@login_required
def offer_detail(request, slug):
    _require(policies.can_view_catalogue(request.user))
    offer = selectors.offer_get(user=request.user, slug=slug)
    context = {
        "offer": offer,
        "can_edit": policies.can_edit_offer(request.user, offer),
        "statuses": [ClientStatus(s).label for s in offer.eligible_statuses],
        "referral_url": _referral_url(request.user, "offer", offer.pk),
    }
    return render(request, "catalogue/offer_detail.html", context)


@login_required
def offer_edit(request, slug=None):
    offer = None
    if slug is not None:
        offer = selectors.offer_get(user=request.user, slug=slug)
        _require(policies.can_edit_offer(request.user, offer))
    else:
        _require(policies.can_edit_offer(request.user))
    initial = {"last_checked_on": timezone.localdate()} if offer is None else None
    form = OfferForm(request.POST or None, instance=offer, initial=initial, user=request.user)
    hours = OpeningHoursFormSet(
        request.POST or None, prefix="hours", initial=hours_initial(offer) if offer else None
    )
    if request.method == "POST" and form.is_valid() and hours.is_valid():
        try:
            offer = services.offer_save(
                actor=request.user,
                offer=offer,
                values=form.values(),
                relations=form.relations(),
                hours=hours_slots(hours),
                source=request.path,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The offer was saved."))
            return redirect("catalogue:offer-detail", slug=offer.slug)
    return render(
        request, "catalogue/offer_form.html", {"form": form, "hours": hours, "offer": offer}
    )


# --- Inclusion test -------------------------------------------------------------------------


@login_required
def inclusion_matrix(request):
    _require(policies.can_view_catalogue(request.user))
    matrix = selectors.inclusion_matrix(user=request.user)
    return render(
        request,
        "catalogue/inclusion_matrix.html",
        {"matrix": matrix, "statuses": InclusionStatus},
    )


@login_required
def inclusion_cell(request, slug, code):
    _require(policies.can_view_catalogue(request.user))
    cell = selectors.inclusion_cell_get(user=request.user, offer_slug=slug, group_code=code)
    may_decide = policies.can_decide_inclusion(request.user)
    initial = {"barrier": cell.cell.barrier} if cell.cell else {}
    form = InclusionDecisionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        _require(may_decide)
        if form.is_valid():
            try:
                services.inclusion_decide(
                    actor=request.user,
                    offer=cell.offer,
                    target_group=cell.group,
                    status=form.cleaned_data["status"],
                    reason=form.cleaned_data["reason"],
                    barrier=form.cleaned_data["barrier"],
                    source=request.path,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The decision was logged."))
                return redirect("catalogue:inclusion-cell", slug=slug, code=code)
    context = {"cell": cell, "form": form, "may_decide": may_decide}
    return render(request, "catalogue/inclusion_cell.html", context)


def _inclusion_csv(excluded) -> bytes:
    header = [
        _("Offer"),
        _("Provider"),
        _("Target group"),
        _("Why"),
        _("Decision"),
        _("Reason"),
        _("Decided at"),
    ]
    rows = []
    for item in excluded:
        latest = item.cell.decisions.all()[0] if item.cell and item.cell.decisions.all() else None
        rows.append(
            [
                item.offer.name,
                item.offer.provider.name,
                item.group.name,
                item.why(),
                latest.get_status_display() if latest else _("Not decided"),
                latest.reason if latest else "",
                timezone.localtime(latest.decided_at).strftime("%Y-%m-%d") if latest else "",
            ]
        )
    return csv_bytes(rows, header=header)


@login_required
def inclusion_report(request):
    """Principle 8, for the steering group: every closed cell, its reason and decision."""
    _require(policies.can_view_catalogue(request.user))
    matrix = selectors.inclusion_matrix(user=request.user)
    excluded = matrix.excluded_cells()
    if request.GET.get("format") == "csv":
        response = HttpResponse(_inclusion_csv(excluded), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="inclusion-test.csv"'
        return response
    counts = {status: 0 for status in InclusionStatus.values}
    undecided = 0
    for item in excluded:
        if item.status:
            counts[item.status] += 1
        else:
            undecided += 1
    summary = [(InclusionStatus(s).label, n) for s, n in counts.items()]
    context = {
        "matrix": matrix,
        "excluded": excluded,
        "summary": summary,
        "undecided": undecided,
        "today": timezone.localdate(),
    }
    return render(request, "catalogue/inclusion_report.html", context)


# --- Vacancies ------------------------------------------------------------------------------


@login_required
def vacancy_list(request):
    _require(policies.can_view_vacancies(request.user))
    regional = selectors.vacancies_per_municipality(user=request.user)
    municipality = request.GET.get("municipality", "")
    if municipality and municipality not in {m.nis_code for m in regional}:
        municipality = ""
    vacancies = selectors.vacancy_list(user=request.user, municipality=municipality)
    context = {
        "vacancies": vacancies,
        "regional": regional,
        "municipality": municipality,
        "can_import": policies.can_import_vacancies(request.user),
    }
    if request.htmx:
        return render(request, "catalogue/_vacancy_results.html", context)
    return render(request, "catalogue/vacancy_list.html", context)


@login_required
def vacancy_region(request):
    """For the regional coordinator: the ten municipalities side by side, with expired ones."""
    _require(policies.can_view_vacancies(request.user))
    context = {
        "regional": selectors.vacancies_per_municipality(user=request.user),
        "expired": selectors.vacancies_expired(user=request.user),
    }
    return render(request, "catalogue/vacancy_region.html", context)


@login_required
def vacancy_detail(request, pk):
    _require(policies.can_view_vacancies(request.user))
    vacancy = selectors.vacancy_get(user=request.user, pk=pk)
    context = {
        "vacancy": vacancy,
        "expired": vacancy.expires_on < timezone.localdate(),
        "referral_url": _referral_url(request.user, "vacancy", vacancy.pk),
    }
    return render(request, "catalogue/vacancy_detail.html", context)


@login_required
def vacancy_export(request):
    _require(policies.can_view_vacancies(request.user))
    vacancies = selectors.vacancy_list(user=request.user, include_expired=True).order_by(
        "reference"
    )
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            vacancies_to_xlsx(vacancies),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="vacancies.xlsx"'
        return response
    response = HttpResponse(vacancies_to_csv(vacancies), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="vacancies.csv"'
    return response


@login_required
def vacancy_import(request):
    """Small lists are checked and imported at once; a large one runs as a job and the user
    follows it on its progress page (docs/adr/0091)."""
    _require(policies.can_import_vacancies(request.user))
    form = VacancyImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if runs_in_background(upload, upload.name):
            job = services.vacancies_import_job_start(
                actor=request.user,
                upload=upload,
                dry_run=form.cleaned_data["dry_run"],
                source=request.path,
            )
            return redirect("catalogue:vacancy-import-job", pk=job.pk)
        try:
            report = services.vacancies_import(
                actor=request.user,
                file_name=upload.name,
                data=upload,
                dry_run=form.cleaned_data["dry_run"],
                source=request.path,
            )
        except services.VacancyImportError as exc:
            form.add_error("file", str(exc))
        else:
            if report.batch is not None:
                messages.success(
                    request,
                    _("Imported: %(created)d new, %(updated)d updated.")
                    % {"created": report.created, "updated": report.updated},
                )
                return redirect("catalogue:vacancy-list")
    status = 422 if report is not None and not report.ok else 200
    return render(
        request, "catalogue/vacancy_import.html", {"form": form, "report": report}, status=status
    )


@login_required
def vacancy_import_job(request, pk):
    """The progress of a large vacancy import, then its report; a dry run that went well can
    be confirmed here (POST), which imports the same file for real."""
    _require(policies.can_import_vacancies(request.user))
    job = selectors.vacancy_import_job_get(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            services.vacancies_import_job_confirm(job=job)
        except ImportJobError as exc:
            for reason in exc.reasons:
                messages.error(request, reason)
        return redirect("catalogue:vacancy-import-job", pk=job.pk)
    report = services.VacancyImportReport.from_dict(job.result) if job.result else None
    return import_job_response(
        request,
        job,
        template="catalogue/vacancy_import_job.html",
        result_template="catalogue/_vacancy_import_job_result.html",
        context={"report": report},
    )


@login_required
def vacancy_subscription(request):
    _require(policies.can_subscribe_to_vacancies(request.user))
    current = VacancySubscription.objects.filter(user=request.user).first()
    initial = {"is_active": True}
    if current is not None:
        initial = {"is_active": current.is_active, "municipalities": current.municipalities.all()}
    form = VacancySubscriptionForm(
        request.POST or None,
        initial=initial,
        municipalities=selectors.vacancy_municipalities(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.vacancy_subscription_set(
            user=request.user,
            municipalities=list(form.cleaned_data["municipalities"]),
            is_active=form.cleaned_data["is_active"],
            source=request.path,
        )
        messages.success(request, _("Your digest settings were saved."))
        return redirect("catalogue:vacancy-list")
    return render(
        request,
        "catalogue/vacancy_subscription.html",
        {"form": form, "has_email": bool(request.user.email)},
    )
