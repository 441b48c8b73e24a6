"""Pages for results: updates, approvals, owners, milestones, the principles check, roll-up
rules, publication, snapshots, the spreadsheet round trip, the next agreement and the public
transparency page. Thin: they parse input, ask the policies, call a service or selector."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lokaalwerk.accounts import policies
from lokaalwerk.agreements.models import Action, ActionDomain, Agreement, Theme
from lokaalwerk.core.forms import add_service_errors

from . import selectors, services, spreadsheets
from .constants import RollupNode
from .forms import (
    AssessmentForm,
    ContinueForm,
    ImportForm,
    MilestoneForm,
    OwnerForm,
    PeriodBasisForm,
    ProgressUpdateForm,
    PublicationForm,
    ReviewForm,
    RollupRuleForm,
    SnapshotForm,
)
from .models import Milestone, PrincipleAssessment, ProgressUpdate, RollupRule
from .rollup import figures_by_key, rollup_compute
from .snapshots import snapshot_compare


def _agreement(request, slug: str) -> Agreement:
    agreement = get_object_or_404(policies.agreements_visible_to(request.user), slug=slug)
    if not policies.can_view_results(request.user, agreement):
        raise PermissionDenied
    return agreement


def _action(request, slug: str, code: str) -> Action:
    agreement = _agreement(request, slug)
    return get_object_or_404(
        Action.objects.select_related("agreement", "lead_organisation").prefetch_related(
            "commitments"
        ),
        agreement=agreement,
        code=code,
    )


def _manage(request, agreement: Agreement) -> None:
    if not policies.can_manage_results(request.user, agreement):
        raise PermissionDenied


# --- Progress updates -------------------------------------------------------------------------


@login_required
def update_create(request, slug: str, code: str):
    action = _action(request, slug, code)
    if not policies.can_write_progress(request.user, action):
        raise PermissionDenied
    agreement = action.agreement
    services.reporting_periods_ensure(agreement=agreement)
    today = timezone.localdate()
    current = selectors.period_current(agreement=agreement, today=today)
    form = ProgressUpdateForm(
        request.POST or None,
        request.FILES or None,
        agreement=agreement,
        initial={"period": current},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_update_create(
                actor=request.user,
                action=action,
                period=data["period"],
                status=data["status"],
                progress=data["progress"],
                note=data["note"],
                narrative=data["narrative"],
                evidence_file=data["evidence_file"],
                evidence_url=data["evidence_url"],
                source=request.path,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your update was saved."))
            return redirect("agreements:action", slug=agreement.slug, code=action.code)
    latest = selectors.latest_update_by_action(agreement=agreement).get(action.pk)
    return render(
        request,
        "results/update_form.html",
        {"action": action, "form": form, "latest": latest, "period": current},
    )


@login_required
@require_POST
def update_unchanged(request, slug: str, code: str):
    action = _action(request, slug, code)
    if not policies.can_write_progress(request.user, action):
        raise PermissionDenied
    period = selectors.period_current(agreement=action.agreement, today=timezone.localdate())
    try:
        services.progress_update_unchanged(
            actor=request.user, action=action, period=period, source=request.path
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Recorded as unchanged since the last update."))
    return redirect(request.POST.get("next") or reverse("results:my-updates"))


@login_required
def my_updates(request):
    today = timezone.localdate()
    rows = selectors.updates_due_for(user=request.user, today=today)
    return render(request, "results/my_updates.html", {"rows": rows, "today": today})


@login_required
def approvals(request, slug: str):
    agreement = _agreement(request, slug)
    if not policies.can_approve_progress(request.user, None):
        raise PermissionDenied
    pending = list(selectors.pending_approvals(user=request.user, agreement=agreement))
    return render(
        request,
        "results/approvals.html",
        {"agreement": agreement, "pending": pending, "form": ReviewForm()},
    )


@login_required
def update_review(request, slug: str, pk: int):
    agreement = _agreement(request, slug)
    update = get_object_or_404(
        ProgressUpdate.objects.select_related("action__agreement", "period", "author"),
        pk=pk,
        action__agreement=agreement,
    )
    if not policies.can_approve_progress(request.user, update.action):
        raise PermissionDenied
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_update_review(
                actor=request.user,
                update=update,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["review_note"],
                source=request.path,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The update was reviewed."))
            return redirect("results:approvals", slug=agreement.slug)
    return render(
        request,
        "results/review_form.html",
        {"update": update, "form": form, "agreement": agreement},
    )


@login_required
def evidence(request, slug: str, pk: int):
    """An update's evidence file, for those who may read the update (never a public URL)."""
    agreement = _agreement(request, slug)
    update = get_object_or_404(
        policies.progress_updates_visible_to(request.user),
        pk=pk,
        action__agreement=agreement,
    )
    if not update.evidence_file:
        raise Http404
    return FileResponse(
        update.evidence_file.open("rb"),
        as_attachment=True,
        filename=update.evidence_file.name.rsplit("/", 1)[-1],
    )


@login_required
def periods(request, slug: str):
    """The reporting periods, what they follow (the city–VDAB steering group's meetings or the
    calendar quarters) and, for coordinators, the switch between the two."""
    agreement = _agreement(request, slug)
    can_manage = policies.can_manage_results(request.user, agreement)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    today = timezone.localdate()
    # As on the update form: the periods shown are the ones the basis gives today.
    services.reporting_periods_ensure(agreement=agreement)
    overview = selectors.period_basis_overview(user=request.user, agreement=agreement, today=today)
    form = PeriodBasisForm(request.POST or None, initial={"basis": overview["basis"]})
    if request.method == "POST" and form.is_valid():
        try:
            services.reporting_period_basis_set(
                actor=request.user,
                agreement=agreement,
                basis=form.cleaned_data["basis"],
                today=today,
                source=request.path,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The reporting periods were set."))
            return redirect("results:periods", slug=slug)
    return render(
        request,
        "results/periods.html",
        {"agreement": agreement, "form": form, "can_manage": can_manage, **overview},
    )


@login_required
def overdue(request, slug: str):
    agreement = _agreement(request, slug)
    _manage(request, agreement)
    rows = selectors.overdue_list(agreement=agreement, today=timezone.localdate())
    return render(request, "results/overdue.html", {"agreement": agreement, "rows": rows})


# --- Owners, milestones and the principles check ----------------------------------------------


@login_required
def owners(request, slug: str, code: str):
    action = _action(request, slug, code)
    _manage(request, action.agreement)
    organisation_ids = {c.organisation_id for c in action.commitments.all()}
    if action.lead_organisation_id:
        organisation_ids.add(action.lead_organisation_id)
    users = policies.users_working_in(action.agreement).order_by("last_name", "first_name")
    form = OwnerForm(request.POST or None, action=action, users=users)
    if request.method == "POST" and "remove" in request.POST:
        owner = get_object_or_404(action.owners, pk=request.POST["remove"])
        services.owner_remove(actor=request.user, owner=owner, source=request.path)
        messages.success(request, _("The owner was removed."))
        return redirect("results:owners", slug=slug, code=code)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = data["user"]
        commitment = data["commitment"]
        organisation = commitment.organisation if commitment else _user_organisation(user)
        try:
            services.owner_add(
                actor=request.user,
                action=action,
                user=user,
                organisation=organisation,
                commitment=commitment,
                name_public=data["name_public"],
                source=request.path,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The owner was added."))
            return redirect("results:owners", slug=slug, code=code)
    current = action.owners.filter(active=True).select_related(
        "user", "organisation", "commitment__organisation"
    )
    return render(
        request, "results/owners.html", {"action": action, "form": form, "owners": current}
    )


def _user_organisation(user):
    membership = user.memberships.select_related("organisation").first()
    return membership.organisation if membership else None


@login_required
def milestones(request, slug: str, code: str, pk: int | None = None):
    action = _action(request, slug, code)
    if not policies.can_write_progress(request.user, action):
        raise PermissionDenied
    milestone = get_object_or_404(Milestone, pk=pk, action=action) if pk else None
    initial = (
        {"title": milestone.title, "due_date": milestone.due_date, "done_on": milestone.done_on}
        if milestone
        else None
    )
    if milestone:
        initial["commitment"] = milestone.commitment
    form = MilestoneForm(request.POST or None, initial=initial, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_save(
                actor=request.user,
                action=action,
                milestone=milestone,
                source=request.path,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The milestone was saved."))
            return redirect("agreements:action", slug=slug, code=code)
    return render(
        request,
        "results/milestone_form.html",
        {"action": action, "form": form, "milestone": milestone},
    )


@login_required
def assess(request, slug: str, code: str):
    action = _action(request, slug, code)
    if not policies.can_assess_principles(request.user, action):
        raise PermissionDenied
    form = AssessmentForm(
        request.POST or None,
        agreement=action.agreement,
        initial={"principle": request.GET.get("principle")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.principle_assess(
                actor=request.user, action=action, source=request.path, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect("agreements:action", slug=slug, code=code)
    return render(request, "results/assess_form.html", {"action": action, "form": form})


@login_required
def principles_matrix(request, slug: str):
    agreement = _agreement(request, slug)
    principles = list(agreement.principles.all())
    actions = list(agreement.actions.all())
    found = {
        (a.action_id, a.principle_id): a
        for a in PrincipleAssessment.objects.filter(action__agreement=agreement)
    }
    rows = [
        {"action": action, "cells": [found.get((action.pk, p.pk)) for p in principles]}
        for action in actions
    ]
    return render(
        request,
        "results/principles_matrix.html",
        {"agreement": agreement, "principles": principles, "rows": rows},
    )


# --- Roll-up rules and publication ------------------------------------------------------------


def _plan_tree(agreement: Agreement):
    return agreement.themes.prefetch_related(
        Prefetch(
            "domains",
            queryset=ActionDomain.objects.prefetch_related(
                Prefetch("actions", queryset=Action.objects.order_by("sort_key"))
            ),
        )
    )


@login_required
def rollup_rules(request, slug: str):
    agreement = _agreement(request, slug)
    latest = selectors.latest_update_by_action(agreement=agreement)
    root = rollup_compute(agreement=agreement, latest=latest, structure=_plan_tree(agreement))
    return render(
        request,
        "results/rollup.html",
        {
            "agreement": agreement,
            "root": root,
            "can_manage": policies.can_manage_results(request.user, agreement),
        },
    )


@login_required
def rollup_rule_edit(request, slug: str, node_type: str, node_id: int):
    agreement = _agreement(request, slug)
    _manage(request, agreement)
    node, children = _rollup_node(agreement, node_type, node_id)
    rule = RollupRule.objects.filter(
        agreement=agreement, node_type=node_type, node_id=node_id
    ).first()
    initial = (
        {"method": rule.method, "manual_value": rule.manual_value, "reason": rule.reason}
        if rule
        else {}
    )
    form = RollupRuleForm(request.POST or None, initial=initial)
    weights = [
        {
            "child": child,
            "name": f"weight-{child.pk}",
            "value": request.POST.get(f"weight-{child.pk}")
            if request.method == "POST"
            else (rule.weights.get(str(child.pk), "") if rule else ""),
        }
        for child in children
    ]
    if request.method == "POST" and form.is_valid():
        try:
            services.rollup_rule_set(
                actor=request.user,
                agreement=agreement,
                node_type=node_type,
                node_id=node_id,
                method=form.cleaned_data["method"],
                weights={
                    str(w["child"].pk): w["value"] for w in weights if w["value"] not in ("", None)
                },
                manual_value=form.cleaned_data["manual_value"],
                reason=form.cleaned_data["reason"],
                source=request.path,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The roll-up rule was saved."))
            return redirect("results:rollup", slug=slug)
    return render(
        request,
        "results/rollup_rule_form.html",
        {"agreement": agreement, "node": node, "form": form, "weights": weights},
    )


def _rollup_node(agreement, node_type, node_id):
    if node_type == RollupNode.AGREEMENT and node_id == agreement.pk:
        return agreement, list(agreement.themes.all())
    if node_type == RollupNode.THEME:
        theme = get_object_or_404(Theme, agreement=agreement, pk=node_id)
        return theme, list(theme.domains.all())
    if node_type == RollupNode.DOMAIN:
        domain = get_object_or_404(ActionDomain, agreement=agreement, pk=node_id)
        return domain, list(domain.actions.all())
    raise Http404


@login_required
def publication(request, slug: str):
    agreement = _agreement(request, slug)
    _manage(request, agreement)
    current = selectors.publication_for(agreement=agreement)
    initial = {
        "published": current.published,
        "show_progress": current.show_progress,
        "show_narrative": current.show_narrative,
        "show_owners": current.show_owners,
        "approval_required": current.approval_required,
        "hidden_actions": list(current.hidden_actions.all()) if current.pk else [],
    }
    form = PublicationForm(request.POST or None, agreement=agreement, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.publication_update(
            actor=request.user,
            agreement=agreement,
            hidden_actions=list(form.cleaned_data.pop("hidden_actions")),
            source=request.path,
            **form.cleaned_data,
        )
        messages.success(request, _("The publication settings were saved."))
        return redirect("results:publication", slug=slug)
    return render(request, "results/publication.html", {"agreement": agreement, "form": form})


# --- Snapshots --------------------------------------------------------------------------------


@login_required
def snapshots(request, slug: str):
    agreement = _agreement(request, slug)
    can_manage = policies.can_manage_results(request.user, agreement)
    form = SnapshotForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                snapshot = services.snapshot_create(
                    agreement=agreement,
                    actor=request.user,
                    source=request.path,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("The snapshot %(name)s was frozen.") % {"name": snapshot.name}
                )
                return redirect("results:snapshots", slug=slug)
    items = list(selectors.snapshot_list(user=request.user, agreement=agreement))
    return render(
        request,
        "results/snapshots.html",
        {"agreement": agreement, "snapshots": items, "form": form, "can_manage": can_manage},
    )


@login_required
def snapshot_detail(request, slug: str, pk: int):
    agreement = _agreement(request, slug)
    snapshot = get_object_or_404(
        selectors.snapshot_list(user=request.user, agreement=agreement), pk=pk
    )
    actions = sorted(
        snapshot.data.get("actions", {}).items(),
        key=lambda item: [int(p) for p in item[0].split(".")],
    )
    return render(
        request,
        "results/snapshot_detail.html",
        {"agreement": agreement, "snapshot": snapshot, "actions": actions},
    )


@login_required
def snapshot_diff(request, slug: str):
    agreement = _agreement(request, slug)
    available = selectors.snapshot_list(user=request.user, agreement=agreement)
    try:
        older = available.get(pk=int(request.GET.get("older", "")))
        newer = available.get(pk=int(request.GET.get("newer", "")))
    except (ValueError, available.model.DoesNotExist) as exc:
        raise Http404 from exc
    if older.created_at > newer.created_at:
        older, newer = newer, older
    comparison = snapshot_compare(older=older, newer=newer)
    return render(
        request,
        "results/snapshot_compare.html",
        {"agreement": agreement, "older": older, "newer": newer, "comparison": comparison},
    )


# --- Spreadsheets -----------------------------------------------------------------------------


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export(request, slug: str, fmt: str):
    agreement = _agreement(request, slug)
    if fmt == "xlsx":
        return _download(
            spreadsheets.plan_xlsx(agreement=agreement),
            f"{agreement.slug}-plan.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    if fmt == "csv":
        return _download(
            spreadsheets.plan_csv(agreement=agreement),
            f"{agreement.slug}-plan.csv",
            "text/csv; charset=utf-8",
        )
    if fmt == "decidim":
        return _download(
            spreadsheets.decidim_csv(agreement=agreement),
            f"{agreement.slug}-decidim-results.csv",
            "text/csv; charset=utf-8",
        )
    raise Http404


@login_required
def import_upload(request, slug: str):
    """Upload → dry run with the difference per row → confirm. The confirm form carries the
    file back so the import applies exactly what was shown, re-checked against the data."""
    agreement = _agreement(request, slug)
    _manage(request, agreement)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    payload = ""
    if request.method == "POST" and "confirm" in request.POST:
        return _import_confirm(request, agreement)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            preview = spreadsheets.import_preview(
                agreement=agreement,
                data=upload,
                filename=upload.name,
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # Within PLAN_UPLOAD_MAX_BYTES: the form checked the size before anything was read.
            payload = base64.b64encode(b"".join(upload.chunks())).decode("ascii")
    return render(
        request,
        "results/import.html",
        {
            "agreement": agreement,
            "form": form,
            "preview": preview,
            "payload": payload,
            "filename": request.FILES["file"].name if preview else "",
            "kind": form.cleaned_data.get("kind", "plan") if preview else "plan",
        },
    )


def _import_confirm(request, agreement):
    try:
        data = base64.b64decode(request.POST.get("payload", ""), validate=True)
    except ValueError as exc:
        raise Http404 from exc
    try:
        preview = spreadsheets.import_apply(
            actor=request.user,
            agreement=agreement,
            data=data,
            filename=request.POST.get("filename", ""),
            kind=request.POST.get("kind", "plan"),
            source=request.path,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("results:import", slug=agreement.slug)
    messages.success(
        request,
        _("The import changed %(count)d actions.") % {"count": len(preview.changed)},
    )
    return redirect("agreements:detail", slug=agreement.slug)


# --- The next agreement -----------------------------------------------------------------------


@login_required
def agreement_next(request, slug: str):
    agreement = _agreement(request, slug)
    _manage(request, agreement)
    years = agreement.end_date.year
    form = ContinueForm(
        request.POST or None,
        agreement=agreement,
        initial={
            "start_date": agreement.end_date.replace(year=years + 1, month=1, day=1),
            "end_date": agreement.end_date.replace(year=years + 6, month=12, day=31),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            successor = services.agreement_continue(
                actor=request.user,
                predecessor=agreement,
                title=data["title"],
                slug=data["slug"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                action_codes=[a.code for a in data["actions"]],
                source=request.path,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The next agreement was created."))
            return redirect("agreements:detail", slug=successor.slug)
    return render(request, "results/agreement_next.html", {"agreement": agreement, "form": form})


# --- The public transparency page -------------------------------------------------------------


def public_list(request):
    agreements = Agreement.objects.filter(publication__published=True).order_by("-start_date")
    return render(request, "results/public_list.html", {"agreements": agreements})


def public_agreement(request, slug: str):
    agreement = get_object_or_404(Agreement, slug=slug)
    if not policies.can_view_public_results(agreement):
        raise Http404
    settings = selectors.publication_for(agreement=agreement)
    hidden = set(settings.hidden_actions.values_list("pk", flat=True))
    latest = selectors.latest_update_by_action(agreement=agreement, public_only=True)
    owners = selectors.owners_by_action(agreement=agreement) if settings.show_owners else {}
    tree = _plan_tree(agreement)
    root = rollup_compute(
        agreement=agreement,
        latest={k: v for k, v in latest.items() if k not in hidden},
        structure=tree,
    )
    figures = figures_by_key(root)
    themes = []
    for theme in tree:
        domains = []
        for domain in theme.domains.all():
            rows = [
                {
                    "action": action,
                    "update": latest.get(action.pk),
                    "owners": [o for o in owners.get(action.pk, []) if o.name_public],
                }
                for action in domain.actions.all()
                if action.pk not in hidden
            ]
            if rows:
                domains.append(
                    {"domain": domain, "rows": rows, "figure": figures.get(f"domain-{domain.pk}")}
                )
        if domains:
            themes.append({"theme": theme, "domains": domains})
    last = max((u.reviewed_at or u.created_at for u in latest.values()), default=None)
    return render(
        request,
        "results/public_agreement.html",
        {
            "agreement": agreement,
            "settings": settings,
            "themes": themes,
            "root": root,
            "last_update": last,
        },
    )
